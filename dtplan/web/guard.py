"""The guard every page starts with (`ctx = web.guard("page-key")`): it stops the script before any data
is read unless a signed-in viewer whose role may use the page exists — also when Streamlit runs a page
file without app.py (a freshly started server in page-directory mode) — then resolves scope and as-of
from the URL and draws the sidebar. Also the way back to a page after signing in (?next=PAGE)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st

from dtplan import i18n
from dtplan.domain.access import Scope, Viewer
from dtplan.domain.catalog import Catalog
from dtplan.web import navigation, state
from dtplan.web.frame import draw_sidebar
from dtplan.web.resources import catalog, database_errors, engine
from dtplan.web.url_state import (
    PAGE_SHOWN,
    carry_view_state,
    params_but_next,
    record_refusal,
    requested_as_of,
    requested_scope,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


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


def guard(page_key: str, sidebar: bool = True) -> PageContext:
    """Stop unless a signed-in viewer may use this page; then resolve scope and as-of from the URL
    (or, after a page switch, from the view last shown) and draw the shared sidebar."""
    spec = navigation.page(page_key)
    st.session_state[PAGE_SHOWN] = spec.key
    viewer = current_viewer()
    if viewer is None:
        st.warning(i18n.LOGIN_REQUIRED)
        # The entry point, with this page and its parameters to come back to: in the same tab where the
        # server knows app.py as its main page, else as a plain link (Markdown links open a new tab).
        params = sign_in_params(spec)
        try:
            st.page_link("app.py", label=i18n.SIGN_IN_LINK, icon=":material/login:", query_params=params)
        except st.errors.StreamlitAPIException:
            st.markdown(f"[{i18n.SIGN_IN_LINK}](./?{urlencode(params)})")  # values URL-encoded: no markup
        st.stop()
    if not navigation.allowed(spec, viewer.role):
        record_refusal(viewer, "page", spec.key)
        st.error(i18n.PAGE_FORBIDDEN)
        st.stop()
    with database_errors():  # a page's first read (app.py covers the page as a whole when it runs it)
        cat = catalog()
        carry_view_state()
        scope = requested_scope(cat, viewer)
        # (the wall screen, without the sidebar, follows the latest month while its link names none)
        as_of = requested_as_of(cat, scope, viewer, name_it=sidebar)
        st.session_state[state.VIEW_AS_OF] = as_of
        st.session_state[state.VIEW_UNIT] = None if scope.is_all else scope.code
        ctx = PageContext(viewer=viewer, engine=engine(), catalog=cat, scope=scope, as_of=as_of, page=spec)
        if sidebar:
            draw_sidebar(ctx)
    return ctx


def sign_in_params(spec: navigation.PageSpec) -> dict[str, str]:
    """The entry point's parameters that bring a signer-in back to this view: ?next=PAGE and this page's
    own parameters. Needed only when a page runs without app.py (a freshly started server in Streamlit's
    page-directory mode: a copied link opened before anyone opened "/")."""
    return {state.Q_NEXT: navigation.url_path(spec), **params_but_next()}


def follow_next(role: str) -> None:
    """After sign-in at "/?next=PAGE&…": open that page with the other parameters (its guard then
    checks them as for any link). An unknown page or one the role may not use is dropped."""
    target = navigation.by_url_path(st.query_params.get(state.Q_NEXT))
    if target is None or not navigation.allowed(target, role):
        st.query_params.pop(state.Q_NEXT, None)
        return
    st.switch_page(target.file, query_params=params_but_next())
