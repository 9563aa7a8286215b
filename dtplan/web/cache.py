"""Read models and what is derived from them (formatted tables, charts drawn as SVG), computed once per
process and shared by every session.

A read is keyed by a plain tuple — database URL, data version (the numbers of the last import and of the
last change to a directive, read at most every resources.VERSION_SECONDS, so a change on any replica shows
on every replica within that time), today's date, the read function's qualified name, the scope and the
arguments — and its value is frozen (dtplan.web.frozen: a dict or list that raises on any change), because
every session gets the same object. Unlike st.cache_data nothing is hashed with Streamlit's hasher or
unpickled per caller: a repeat rerun costs a dict lookup.

A derived value (`derived`) is computed once per distinct input. Inputs that are shared read models are
recognised by identity (they cannot change); anything else by its contents.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

from dtplan import store
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import today
from dtplan.read.kpis import default_as_of
from dtplan.web import resources
from dtplan.web.frozen import FrozenDict, FrozenList, freeze
from dtplan.web.resources import catalog_for, engine_for

T = TypeVar("T")

MAX_ENTRIES = 4000  # read models kept per process (least recently used dropped first)
MAX_DERIVED = 1000

_lock = threading.Lock()
_reads: OrderedDict[Hashable, Any] = OrderedDict()
_derived: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
_building: dict[Hashable, threading.Lock] = {}
_version_seen: dict[str, tuple[int, int]] = {}
_MISSING = object()
SHARED_FRAME = "dtplan.shared"  # the attrs key of a DataFrame every session shares (read-only)


def data_version(url: str | None = None) -> tuple[int, int]:
    """The data version read models are keyed by; when it moves on, older read models are dropped."""
    url = url or store.database_url()
    version = resources.data_version(url)
    if _version_seen.get(url, version) != version:
        with _lock:
            for key in [k for k in _reads if k[0] == url and k[1] != version]:
                del _reads[key]
    _version_seen[url] = version
    return version


def clear() -> None:
    with _lock:
        _reads.clear()
        _derived.clear()
        _version_seen.clear()


def shared(key: tuple, build: Callable[[], T]) -> T:
    """The frozen value of build(), computed once per key by one thread while others wait for it."""
    value = _lookup(key)
    if value is not _MISSING:
        return value
    with _lock:
        building = _building.setdefault(key, threading.Lock())
    with building:
        value = _lookup(key)
        if value is _MISSING:
            value = freeze(build())
            with _lock:
                _reads[key] = value
                while len(_reads) > MAX_ENTRIES:
                    _reads.popitem(last=False)
        with _lock:
            _building.pop(key, None)
    return value


def _lookup(key: tuple) -> Any:
    with _lock:
        value = _reads.get(key, _MISSING)
        if value is not _MISSING:
            _reads.move_to_end(key)
        return value


def qualified_name(function: Callable) -> str:
    name = f"{function.__module__}.{function.__qualname__}"
    # A page script runs as __main__: its functions are told apart by their file.
    code = getattr(function, "__code__", None)
    return f"{code.co_filename}:{name}" if function.__module__ == "__main__" and code is not None else name


def view(read: Callable[..., T], scope, *args, **kwargs) -> T:
    """read(engine, catalog, scope, *args, **kwargs) — a read of dtplan.read — computed once per data
    version and shared by every session (read-only: copy it to change it)."""
    url = store.database_url()
    # Today is part of the key: what is overdue or late moves on at midnight even when no data comes in.
    key = (url, data_version(url), today(), qualified_name(read), scope, args, tuple(sorted(kwargs.items())))
    return shared(key, lambda: read(engine_for(url), catalog_for(url), scope, *args, **kwargs))


def cached_default_as_of(scope) -> str:
    return view(default_as_of, scope)


def last_import(scope):
    return view(_last_import, scope)


def _last_import(engine, catalog, scope):
    return store.last_import_at(engine, scope)


def fingerprint(value: Any, keep: list) -> Hashable:
    """A hashable key for a derived value's input: a shared (frozen) read model by identity — it cannot change,
    and `keep` holds it so that its id is not reused while the key lives —, anything else by contents."""
    if isinstance(value, FrozenDict | FrozenList):
        keep.append(value)
        return ("@", id(value))
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(fingerprint(item, keep) for item in value))
    if isinstance(value, dict):
        return ("dict", *((key, fingerprint(item, keep)) for key, item in value.items()))
    if isinstance(value, Catalog | pd.DataFrame):
        # A whole plan is replaced, never changed (hashing it would cost more than the cache saves); a
        # frame given here is a shared one (`derived`), which nobody changes either.
        keep.append(value)
        return ("@", id(value))
    hash(value)  # unhashable and unknown: TypeError (a caller must give shared models or plain values)
    return value


def derived(compute: Callable[..., T], *args, **kwargs) -> T:
    """compute(*args, **kwargs) — a pure function of shared read models (formatting their rows for a
    table, drawing a chart, say) — computed once per input, its value frozen (a DataFrame is marked
    shared: read-only by convention, and web.table prepares it once)."""
    keep: list = []
    key = ("derived", qualified_name(compute), fingerprint(args, keep), fingerprint(kwargs, keep))
    with _lock:
        hit = _derived.get(key)
        if hit is not None:
            _derived.move_to_end(key)
            return hit[1]
    value = freeze(compute(*args, **kwargs))
    if isinstance(value, pd.DataFrame):
        value.attrs[SHARED_FRAME] = True  # widgets.table then prepares it once too
    with _lock:
        _derived[key] = (tuple(keep), value)
        while len(_derived) > MAX_DERIVED:
            _derived.popitem(last=False)
    return value
