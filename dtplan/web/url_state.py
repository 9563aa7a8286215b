"""View state in the URL (st.query_params): the as-of month, the scope (?unit=) and each page's filters,
so a copied link reopens the same view. A URL value the viewer may not use is refused, said on the page
(only code-like values echoed) and recorded in the audit log once per session. Switching pages through
the menu drops the query string, so the as-of and scope last shown are carried in the session.
Every change of the URL is one step of the browser's history (Streamlit pushes it), so Back undoes a choice
of month, scope or filter: see carry_view_state for why the carried scope must not override a URL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain.access import AccessDenied, Scope, Viewer, scope_for_request
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import is_period
from dtplan.present.literal import plain_markdown
from dtplan.store import audit
from dtplan.web import state
from dtplan.web.cache import cached_default_as_of
from dtplan.web.resources import engine

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext

_REFUSALS_SEEN = "dtplan_url_refusals_recorded"
PAGE_SHOWN = "dtplan_page_shown"  # the page whose guard runs: named in a refusal's audit row


def record_refusal(viewer: Viewer | None, param: str, value: str | None) -> None:
    """Record in the audit log that a URL parameter (or a page) was refused to this viewer: once per
    session and value, since the refused parameter stays in the URL and shows again on every rerun."""
    seen = st.session_state.setdefault(_REFUSALS_SEEN, set())
    marker = (param, value)
    if viewer is None or marker in seen:
        return
    detail = {"param": param, "value": (value or "")[:200], "page": st.session_state.get(PAGE_SHOWN, "")}
    audit.record_event(engine(), viewer.username, "url_refused", detail)
    seen.add(marker)


_SHOWABLE_URL_VALUE = re.compile(r"[A-Za-z0-9_.\-]{1,20}")


def shown_url_value(value: str | None) -> str:
    """A URL parameter echoed in a message: only code-like values are shown; anything else (a link, markup,
    a long text) is replaced, since Markdown escaping cannot stop a bare URL from becoming a link."""
    if value is not None and _SHOWABLE_URL_VALUE.fullmatch(value):
        return value
    return i18n.URL_VALUE_HIDDEN


def requested_scope(cat: Catalog, viewer: Viewer) -> Scope:
    """The scope the URL asks for, if the viewer may read it; otherwise refuse with a message."""
    requested = st.query_params.get(state.Q_UNIT)
    try:
        return scope_for_request(cat, viewer, requested)
    except AccessDenied as exc:
        # The parameter stays in the URL: the refusal then shows on every rerun (sign-in takes several).
        record_refusal(viewer, state.Q_UNIT, requested)
        shown = shown_url_value(requested)
        reason = str(exc).replace(requested or "", shown) if requested else str(exc)
        st.error(plain_markdown(i18n.URL_UNIT_IGNORED.format(reason=reason, value=shown)))
        return scope_for_request(cat, viewer, None)


def requested_as_of(cat: Catalog, scope: Scope, viewer: Viewer | None, name_it: bool = False) -> str:
    """The month the URL asks for, else the scope's latest; with `name_it` the URL is made to name the month
    shown (a first visit, a refused value — in one change): each view's URL then names its month, and Back
    comes back to that view rather than to one carry_view_state fills in."""
    value = st.query_params.get(state.Q_AS_OF)
    if value and is_period(value) and value[:4] == str(cat.plan.year):
        return value
    if value:
        record_refusal(viewer, state.Q_AS_OF, value)
        st.warning(plain_markdown(i18n.URL_AS_OF_IGNORED.format(value=shown_url_value(value))))
    as_of = cached_default_as_of(scope)
    if name_it:
        st.query_params[state.Q_AS_OF] = as_of
    elif value:
        st.query_params.pop(state.Q_AS_OF, None)
    return as_of


def carry_view_state() -> None:
    """A URL that names no month is a page opened from the menu (Streamlit drops the query string there)
    or a link cut short: put back the as-of and scope last shown. A URL that names its month is a view of
    its own — the one the browser's Back or Forward returns to among them — and is taken as it is (no
    unit= is the province): carrying the scope into it made Back unable to undo a choice of Phạm vi.
    Hence every page with the sidebar keeps its month in the URL (requested_as_of)."""
    if state.Q_AS_OF in st.query_params:
        return
    carried = {}
    if st.session_state.get(state.VIEW_AS_OF):
        carried[state.Q_AS_OF] = st.session_state[state.VIEW_AS_OF]
    if state.Q_UNIT not in st.query_params and st.session_state.get(state.VIEW_UNIT):
        carried[state.Q_UNIT] = st.session_state[state.VIEW_UNIT]
    if carried:
        st.query_params.update(carried)  # one URL change: one entry in the browser's history


def params_but_next() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k != state.Q_NEXT}


def url_params(ctx: PageContext, **extra: str | None) -> dict[str, str]:
    """The query string of a link from this view: as-of and scope carried, plus the given keys."""
    params: dict[str, str] = {state.Q_AS_OF: ctx.as_of}
    if not ctx.scope.is_all:
        params[state.Q_UNIT] = ctx.scope.code
    for key, value in extra.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params


def set_scope(code: str | None) -> None:
    """Change the scope in the URL (a page's own "open this unit" and the sidebar both use it)."""
    if code is None:
        st.query_params.pop(state.Q_UNIT, None)
    else:
        st.query_params[state.Q_UNIT] = code
    st.session_state[state.VIEW_UNIT] = code


def url_choice(key: str, options: list[str], default: str | None = None) -> str | None:
    """A page filter read from the URL; an unknown value is ignored (a stale link still opens) and said on
    the page, as a refused unit= is (a link that silently shows something else misleads). Like unit=, it
    stays in the URL until the viewer chooses, so the message survives the reruns of signing in."""
    value = st.query_params.get(key)
    if value in options:
        return value
    if value is not None:
        record_refusal(st.session_state.get(state.VIEWER), key, value)
        st.error(plain_markdown(i18n.URL_VALUE_IGNORED.format(param=key, value=shown_url_value(value))))
    return default


def url_selectbox(
    label: str, key: str, options: list[str], format_func: Callable[[str], str], default: str = ""
) -> str:
    """A selectbox whose value is the URL parameter `key` ("" = no filter, removed from the URL)."""
    widget = f"dtplan_url_{key}"
    current = url_choice(key, options, default)
    st.session_state[widget] = current if current is not None else default

    def changed() -> None:
        value = st.session_state[widget]
        if value in ("", None):
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = value

    return st.selectbox(label, options, format_func=format_func, key=widget, on_change=changed)


def url_number(key: str, default: float, low: float, high: float) -> float:
    """A number from the URL, clamped; anything unreadable gives the default."""
    try:
        value = float(st.query_params.get(key, default))
    except (TypeError, ValueError):
        return default
    value = min(high, max(low, value))
    return int(value) if isinstance(default, int) else value
