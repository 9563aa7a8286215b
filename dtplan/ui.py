"""The only module of dtplan/ that imports Streamlit for pages: the guard, the view state from the
URL, the shared banners, and cached access to the engine and catalogue.

Every page starts with `ctx = ui.guard("page-key")`. The guard stops the script before any data is
read unless a signed-in viewer whose role may use the page exists — also when Streamlit runs a page
file without app.py (a freshly started server in page-directory mode).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from dtplan import i18n, navigation, state, store, views
from dtplan.access import AccessDenied, Scope, Viewer, scope_for_request
from dtplan.catalog import Catalog
from dtplan.periods import is_period


def engine() -> Engine:
    """The engine for the configured database (cached per URL, so tests may switch databases)."""
    return _engine_for(store.database_url())


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return store.make_engine(url)


def catalog() -> Catalog:
    return _catalog_for(store.database_url())


@st.cache_resource(show_spinner=False, ttl=60)
def _catalog_for(url: str) -> Catalog:
    return store.read_catalog(_engine_for(url))


def is_demo() -> bool:
    return _is_demo_for(store.database_url())


@st.cache_data(show_spinner=False, ttl=60)
def _is_demo_for(url: str) -> bool:
    return store.is_demo(_engine_for(url))


@dataclass(frozen=True)
class PageContext:
    """What a page needs: who is looking, at what, as of when."""

    viewer: Viewer
    engine: Engine
    catalog: Catalog
    scope: Scope
    as_of: str
    page: navigation.PageSpec


def current_viewer() -> Viewer | None:
    if st.session_state.get(state.AUTH_STATUS) is not True:
        return None
    viewer = st.session_state.get(state.VIEWER)
    return viewer if isinstance(viewer, Viewer) else None


def guard(page_key: str) -> PageContext:
    """Stop unless a signed-in viewer may use this page; then resolve scope and as-of from the URL."""
    spec = navigation.page(page_key)
    viewer = current_viewer()
    if viewer is None:
        st.warning(i18n.LOGIN_REQUIRED)
        st.markdown("[Đăng nhập](./)")
        st.stop()
    if not navigation.allowed(spec, viewer.role):
        st.error(i18n.PAGE_FORBIDDEN)
        st.stop()
    cat = catalog()
    scope = requested_scope(cat, viewer)
    as_of = requested_as_of(cat, scope)
    return PageContext(viewer=viewer, engine=engine(), catalog=cat, scope=scope, as_of=as_of, page=spec)


def requested_scope(cat: Catalog, viewer: Viewer) -> Scope:
    """The scope the URL asks for, if the viewer may read it; otherwise refuse with a message."""
    requested = st.query_params.get(state.Q_UNIT)
    try:
        return scope_for_request(cat, viewer, requested)
    except AccessDenied as exc:
        st.error(f"{exc}. Tham số unit={requested} trong địa chỉ đã bị bỏ qua.")
        st.query_params.pop(state.Q_UNIT, None)
        return scope_for_request(cat, viewer, None)


def requested_as_of(cat: Catalog, scope: Scope) -> str:
    value = st.query_params.get(state.Q_AS_OF)
    if value and is_period(value) and value[:4] == str(cat.plan.year):
        return value
    if value:
        st.warning(f"Kỳ báo cáo '{value}' không hợp lệ; hiển thị kỳ mới nhất có số liệu.")
    return views.default_as_of(engine(), cat, scope)


def demo_banner() -> None:
    if is_demo():
        st.warning(i18n.DEMO_BANNER, icon=":material/science:")
