"""The shared resources of every page — the engine, the catalogue and the demo flag, cached per database
URL (so tests may switch databases) — and what a page shows when the database cannot be reached."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n, store
from dtplan.domain.catalog import Catalog
from dtplan.store import db_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine


def engine() -> Engine:
    """The engine for the configured database (cached per URL, so tests may switch databases)."""
    return engine_for(store.database_url())


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    return store.make_engine(url)


def catalog() -> Catalog:
    return catalog_for(store.database_url())


@st.cache_resource(show_spinner=False, ttl=60)
def catalog_for(url: str) -> Catalog:
    return store.read_catalog(engine_for(url))


def is_demo() -> bool:
    return _is_demo_for(store.database_url())


@st.cache_data(show_spinner=False, ttl=60)
def _is_demo_for(url: str) -> bool:
    return store.is_demo(engine_for(url))


def data_changed() -> None:
    """After an import: no page may show cached figures, and a task catalogue may have been imported."""
    st.cache_data.clear()
    catalog_for.clear()


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
