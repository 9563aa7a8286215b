"""No full garbage collection per run. Streamlit collects the whole heap after every script run
(`runner.postScriptGC`): with Streamlit, Altair, pandas, pyarrow and the app loaded that is about 200,000
objects, 130–200 ms holding the GIL, so every other session waits. Almost all of them are modules,
classes and functions that live as long as the process. Once a page has run to its end in this process
(every module it needs imported, its caches filled) they are moved to the permanent generation
(`gc.freeze()`), which no collection scans again. Frozen objects are still freed by reference counting;
only a reference cycle among them would stay — a bounded amount, since this happens once per page per
process. The collection after each run is also turned off (.streamlit/config.toml): even with the heap
frozen it scans every open session's objects, a cost that grows with the sessions; Python's own
generational collector still runs.

DTPLAN_GC_FREEZE=0 turns it off (to measure the difference)."""

from __future__ import annotations

import gc
import os
import threading

_lock = threading.Lock()
_warm_pages: set[str] = set()


def enabled() -> bool:
    return os.environ.get("DTPLAN_GC_FREEZE", "1").strip() not in ("0", "false", "no")


def freeze_when_warm(page: str) -> bool:
    """After the first completed run of `page` in this process: collect once, then freeze what is left.
    Returns True when it froze."""
    if page in _warm_pages or not enabled():
        return False
    with _lock:
        if page in _warm_pages:
            return False
        _warm_pages.add(page)
        gc.collect()
        gc.freeze()
    return True
