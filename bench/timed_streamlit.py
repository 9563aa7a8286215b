"""`streamlit run` with every script execution timed on the server (for bench/bench_pages.py).

    BENCH_TIMING_LOG=/tmp/runs.jsonl python bench/timed_streamlit.py serve.py --server.port 8601 ...

Wraps the function Streamlit's ScriptRunner calls once per execution of the script (a full run, a rerun
after a widget change, or a fragment run) and appends one JSON line per execution: seconds, the page
script hash, the query string and whether it was a fragment run. The app itself is not changed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

_original = script_runner.exec_func_with_error_handling
_lock = threading.Lock()


def _timed(func, ctx):
    started = time.perf_counter()
    try:
        return _original(func, ctx)
    finally:
        record = {
            "seconds": time.perf_counter() - started,
            "at": time.time(),
            "session": ctx.session_id,
            "page": ctx.page_script_hash,
            "query": ctx.query_string,
            "fragment": bool(getattr(ctx, "fragment_ids_this_run", None)),
        }
        with _lock, open(os.environ["BENCH_TIMING_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")


script_runner.exec_func_with_error_handling = _timed

if __name__ == "__main__":
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())
