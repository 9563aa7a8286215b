"""The shared resources of every page — the engine, the data version, the catalogue and the demo flag,
kept per database URL in plain dictionaries (so tests may switch databases; no Streamlit cache hashing
on every run) — and what a page shows when the database cannot be reached."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n, store
from dtplan.domain.catalog import Catalog
from dtplan.store import db_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine


VERSION_SECONDS = 3.0  # how stale a replica's idea of the data version may be (an import elsewhere)
CATALOG_SECONDS = 60.0  # the plan itself changes without an import only by `init` on a live database

_clock = time.monotonic  # (tests replace it)
_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_versions: dict[str, tuple[float, tuple[int, int]]] = {}  # url -> (when read, version)
_catalogs: dict[str, tuple[tuple[int, int], float, Catalog]] = {}  # url -> (version, when read, catalogue)
_demo: dict[str, bool] = {}


def engine() -> Engine:
    """The engine for the configured database (one per URL, so tests may switch databases)."""
    return engine_for(store.database_url())


def engine_for(url: str) -> Engine:
    found = _engines.get(url)
    if found is None:
        with _lock:
            found = _engines.get(url) or store.make_engine(url)
            _engines[url] = found
    return found


def data_version(url: str | None = None) -> tuple[int, int]:
    """The data version (dtplan.store.data_version) of the configured database, read from the database
    at most every VERSION_SECONDS: the read models of every session are keyed by it."""
    url = url or store.database_url()
    now = _clock()
    seen = _versions.get(url)
    if seen is not None and now - seen[0] < VERSION_SECONDS:
        return seen[1]
    version = store.data_version(engine_for(url))
    _versions[url] = (now, version)
    return version


def catalog() -> Catalog:
    return catalog_for(store.database_url())


def catalog_for(url: str) -> Catalog:
    """The plan (units, KPIs, tasks), read again when the data version changes (a task catalogue is an
    import) and at least every CATALOG_SECONDS."""
    version, now = data_version(url), _clock()
    seen = _catalogs.get(url)
    if seen is not None and seen[0] == version and now - seen[1] < CATALOG_SECONDS:
        return seen[2]
    cat = store.read_catalog(engine_for(url))
    if seen is not None and seen[2] == cat:
        # Unchanged: keep the object every shared cache knows (derived values are keyed by its identity).
        cat = seen[2]
    _catalogs[url] = (version, now, cat)
    return cat


def is_demo() -> bool:
    url = store.database_url()
    found = _demo.get(url)
    if found is None:
        found = _demo[url] = store.is_demo(engine_for(url))
    return found


def data_changed() -> None:
    """After an import or a change to a directive by this process: no page may show cached figures (the
    version is read again at once, not after VERSION_SECONDS), and a task catalogue may have been imported."""
    from dtplan.web import cache

    _versions.clear()
    _catalogs.clear()
    cache.clear()
    st.cache_data.clear()


DATABASE_ERRORS = (db_errors.DatabaseError,)  # OperationalError, InterfaceError ... as SQLAlchemy wraps the driver's


def database_unavailable(exc: db_errors.DatabaseError) -> None:
    """Instead of Streamlit's English exception box: what happened, in Vietnamese, and a retry button
    (a click reruns the script; the cached engine reconnects by itself). Unclassified errors (a bug, a
    database never initialised) are raised again so they stay visible."""
    kind = db_errors.classify(exc)
    if kind == db_errors.OTHER:
        raise exc
    logging.getLogger(__name__).warning("dtplan: %s", db_errors.describe(exc))
    message = db_errors.MESSAGES[kind]
    st.error(i18n.DB_UNAVAILABLE if kind == db_errors.UNREACHABLE else message[0].upper() + message[1:] + ".")
    st.button(i18n.DB_RETRY, key="db_retry", icon=":material/refresh:")
    st.stop()


@contextmanager
def database_errors() -> Iterator[None]:
    try:
        yield
    except DATABASE_ERRORS as exc:
        database_unavailable(exc)
