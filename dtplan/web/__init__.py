"""The only module of dtplan/ that imports Streamlit for pages: the guard, the view state from the
URL, the shared sidebar and banners, cached reads through dtplan.read.views, and the XLSX button.

Every page starts with `ctx = ui.guard("page-key")`. The guard stops the script before any data is
read unless a signed-in viewer whose role may use the page exists — also when Streamlit runs a page
file without app.py (a freshly started server in page-directory mode).

View state lives in the URL (st.query_params): as-of month, scope (?unit=) and each page's filters, so
a copied link reopens the same view. Switching pages through the menu drops the query string, so the
as-of and scope last shown are kept in the session and written back into the next page's URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from dtplan import i18n, store
from dtplan.domain.access import AccessDenied, Scope, Viewer, scope_for_request
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import is_period, months_of_year
from dtplan.present import tables
from dtplan.present.literal import WORD_JOINER, literal_markdown, minus_sign, plain_markdown  # noqa: F401
from dtplan.read import views
from dtplan.store import db_errors
from dtplan.web import navigation, state


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


DATABASE_ERRORS = (DBAPIError,)  # OperationalError, InterfaceError ... as SQLAlchemy wraps the driver's


def database_unavailable(exc: DBAPIError) -> None:
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
    st.session_state[_PAGE_SHOWN] = spec.key
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
        _carry_view_state()
        scope = requested_scope(cat, viewer)
        as_of = requested_as_of(cat, scope)
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
    return {state.Q_NEXT: navigation.url_path(spec), **_params_but_next()}


def follow_next(role: str) -> None:
    """After sign-in at "/?next=PAGE&…": open that page with the other parameters (its guard then
    checks them as for any link). An unknown page or one the role may not use is dropped."""
    target = navigation.by_url_path(st.query_params.get(state.Q_NEXT))
    if target is None or not navigation.allowed(target, role):
        st.query_params.pop(state.Q_NEXT, None)
        return
    st.switch_page(target.file, query_params=_params_but_next())


def _params_but_next() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k != state.Q_NEXT}


def _carry_view_state() -> None:
    """A page opened from the menu has no query string: put back the as-of and scope last shown."""
    if state.Q_AS_OF not in st.query_params and st.session_state.get(state.VIEW_AS_OF):
        st.query_params[state.Q_AS_OF] = st.session_state[state.VIEW_AS_OF]
    if state.Q_UNIT not in st.query_params and st.session_state.get(state.VIEW_UNIT):
        st.query_params[state.Q_UNIT] = st.session_state[state.VIEW_UNIT]


_REFUSALS_SEEN = "dtplan_url_refusals_recorded"
_PAGE_SHOWN = "dtplan_page_shown"  # the page whose guard runs: named in a refusal's audit row


def record_refusal(viewer: Viewer | None, param: str, value: str | None) -> None:
    """Record in the audit log that a URL parameter (or a page) was refused to this viewer: once per
    session and value, since the refused parameter stays in the URL and shows again on every rerun."""
    from sqlalchemy.orm import Session

    seen = st.session_state.setdefault(_REFUSALS_SEEN, set())
    marker = (param, value)
    if viewer is None or marker in seen:
        return
    detail = {"param": param, "value": (value or "")[:200], "page": st.session_state.get(_PAGE_SHOWN, "")}
    with Session(engine()) as session, session.begin():
        store.record_audit(session, viewer.username, "url_refused", detail)
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


def requested_as_of(cat: Catalog, scope: Scope) -> str:
    value = st.query_params.get(state.Q_AS_OF)
    if value and is_period(value) and value[:4] == str(cat.plan.year):
        return value
    if value:
        record_refusal(current_viewer(), state.Q_AS_OF, value)
        st.warning(plain_markdown(i18n.URL_AS_OF_IGNORED.format(value=shown_url_value(value))))
        st.query_params.pop(state.Q_AS_OF, None)
    return cached_default_as_of(scope)


def demo_banner() -> None:
    if is_demo():
        st.warning(i18n.DEMO_BANNER, icon=":material/science:")


# --- cached reads (issue 4) --------------------------------------------------------------------------
# Keyed by database URL, the time of the last import (so a new import shows at once), the view's name,
# the scope and the arguments: a rerun that changes nothing reads nothing.


def data_version() -> str:
    return _data_version_for(store.database_url())


@st.cache_data(show_spinner=False, ttl=10)
def _data_version_for(url: str) -> str:
    engine = _engine_for(url)
    catalog = _catalog_for(url)
    from dtplan.domain.access import province_scope

    return str(store.last_import_at(engine, province_scope(catalog)))


@st.cache_data(show_spinner=False, ttl=600, max_entries=1000)
def _view_for(url: str, version: str, name: str, scope: Scope, args: tuple, kwargs: tuple) -> Any:
    return getattr(views, name)(_engine_for(url), _catalog_for(url), scope, *args, **dict(kwargs))


def view(name: str, scope: Scope, *args, **kwargs) -> Any:
    """views.<name>(engine, catalog, scope, *args, **kwargs), cached (treat the result as read-only)."""
    return _view_for(store.database_url(), data_version(), name, scope, args, tuple(sorted(kwargs.items())))


def cached_default_as_of(scope: Scope) -> str:
    return view("default_as_of", scope)


def last_import(scope: Scope):
    return _last_import_for(store.database_url(), data_version(), scope)


@st.cache_data(show_spinner=False, ttl=600)
def _last_import_for(url: str, version: str, scope: Scope):
    return store.last_import_at(_engine_for(url), scope)


# --- the frame: sidebar, page header, freshness, links ---------------------------------------------


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


def scope_name(ctx: PageContext) -> str:
    return i18n.SCOPE_PROVINCE if ctx.scope.is_all else ctx.catalog.unit(ctx.scope.code).name


def _on_as_of() -> None:
    st.query_params[state.Q_AS_OF] = st.session_state[state.SB_AS_OF]
    st.session_state[state.VIEW_AS_OF] = st.session_state[state.SB_AS_OF]


def _on_scope() -> None:
    code = st.session_state[state.SB_SCOPE]
    set_scope(None if code == "" else code)


def set_scope(code: str | None) -> None:
    """Change the scope in the URL (a page's own "open this unit" and the sidebar both use it)."""
    if code is None:
        st.query_params.pop(state.Q_UNIT, None)
    else:
        st.query_params[state.Q_UNIT] = code
    st.session_state[state.VIEW_UNIT] = code


def scope_options(cat: Catalog) -> list[str]:
    """ "" (the province), then agencies, then districts, in the plan's order."""
    return (
        [""] + [u.code for u in cat.units if u.kind == "agency"] + [u.code for u in cat.units if u.kind == "district"]
    )


def draw_sidebar(ctx: PageContext) -> None:
    cat = ctx.catalog
    with st.sidebar:
        st.caption(i18n.SIDEBAR_PLAN)
        st.markdown(f"**{plain_markdown(cat.plan.title)}**")
        months = months_of_year(cat.plan.year)
        st.session_state[state.SB_AS_OF] = ctx.as_of  # re-seeded from the URL on every run
        st.selectbox(i18n.SIDEBAR_AS_OF, months, format_func=i18n.month, key=state.SB_AS_OF, on_change=_on_as_of)
        if ctx.viewer.reads_everything:
            units = cat.units_by_code
            st.session_state[state.SB_SCOPE] = "" if ctx.scope.is_all else ctx.scope.code
            st.selectbox(
                i18n.SIDEBAR_SCOPE,
                scope_options(cat),
                format_func=lambda c: i18n.SCOPE_PROVINCE if c == "" else units[c].name,
                key=state.SB_SCOPE,
                on_change=_on_scope,
            )
        else:
            st.caption(i18n.SIDEBAR_SCOPE)
            st.markdown(plain_markdown(scope_name(ctx)))


def freshness(ctx: PageContext) -> str:
    """ "Cập nhật số liệu lần cuối: … · N/M đơn vị đã báo cáo Tháng …"."""
    at = last_import(ctx.scope)
    reported, total = views.reported_count(view("compliance_table", ctx.scope, ctx.as_of), ctx.as_of)
    return i18n.FRESHNESS.format(
        at=i18n.datetime(at) if at else i18n.FRESHNESS_NEVER,
        reported=reported,
        total=total,
        month=i18n.month(ctx.as_of).lower(),
    )


def page_header(ctx: PageContext, title: str) -> None:
    st.title(plain_markdown(title))
    st.caption(f"{i18n.month(ctx.as_of)} · {i18n.SIDEBAR_SCOPE}: {plain_markdown(scope_name(ctx))} · {freshness(ctx)}")


def open_page(ctx: PageContext, page_key: str, **extra: str | None) -> None:
    """Switch to another page of the app, carrying as-of and scope in its URL."""
    st.switch_page(navigation.page(page_key).file, query_params=url_params(ctx, **extra))


def page_link(ctx: PageContext, page_key: str, label: str, **extra: str | None) -> None:
    spec = navigation.page(page_key)
    st.page_link(spec.file, label=label, icon=spec.icon, query_params=url_params(ctx, **extra))


def url_choice(key: str, options: list[str], default: str | None = None) -> str | None:
    """A page filter read from the URL; an unknown value is dropped (a stale link still opens)."""
    value = st.query_params.get(key)
    if value in options:
        return value
    if value is not None:
        st.query_params.pop(key, None)
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


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audited(
    engine: Engine, actor: str, action: str, detail: dict, build: Callable[[], bytes | str]
) -> Callable[[], bytes | str]:
    """`build`, recording in the audit log who took which file when it runs. Given to st.download_button
    as its data, it runs only when the button is clicked (Streamlit's deferred download), so every file
    that leaves the server is in the log, and a page merely shown is not."""
    from sqlalchemy.orm import Session

    def run() -> bytes | str:
        content = build()
        with Session(engine) as session, session.begin():
            store.record_audit(session, actor, action, detail)
        return content

    return run


def download(
    ctx: PageContext,
    label: str,
    build: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    detail: dict,
    key: str,
    action: str = "download",
) -> None:
    """A download button whose file is built on click and audited then (see `audited`)."""
    detail = {"file": file_name, "page": ctx.page.key, **detail}
    st.download_button(
        label,
        data=audited(ctx.engine, ctx.viewer.username, action, detail, build),
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def download_xlsx(ctx: PageContext, sheets: Callable[[], list], file_name: str, key: str = "xlsx") -> None:
    """The page's "Tải số liệu (XLSX)" button; the workbook is built only when clicked, and audited."""
    from dtplan.present import xlsx

    caption = f"{ctx.catalog.plan.title}\n{i18n.month(ctx.as_of)} · {i18n.SIDEBAR_SCOPE}: {scope_name(ctx)}"
    demo = is_demo()

    def build() -> bytes:
        return xlsx.workbook_bytes(sheets(), demo=demo, caption=caption)

    download(
        ctx,
        i18n.DOWNLOAD_XLSX,
        build,
        f"{file_name}-{ctx.scope.code}-{ctx.as_of}.xlsx",
        XLSX_MIME,
        {"kind": "page_xlsx", "as_of": ctx.as_of, "scope": ctx.scope.code},
        key=f"dtplan_dl_{key}",
    )


# --- panels shared by the pages and the kiosk (issue 4) ---------------------------------------------


def status_counts(rows: list[dict], font_scale: float = 1.0) -> None:
    """Met / on track / at risk / off track / no data, each with its symbol and word (st.metric)."""
    from dtplan.domain import metrics

    counts = metrics.status_counts([r["status"] for r in rows])
    for column, status in zip(st.columns(len(counts)), metrics.KPI_STATUSES, strict=True):
        column.metric(i18n.kpi_status(status), i18n.number(counts[status], 0))


def table(frame, key: str | None = None, selectable: bool = False):
    """A full-width table without the index; with `selectable`, one row can be picked (returns it).

    A read-only table is a static st.table: plain text that a wall screen scales and a printout keeps,
    and about 0.1 s less to draw per table than the st.dataframe grid (bench: 1.0× vs 1.3–1.5× a bare
    page for 5–150 rows), which only a table to pick from needs. st.table renders every cell as
    Markdown, so its text cells go through literal_frame first; a grid goes through grid()."""
    if not selectable:
        st.table(literal_frame(frame), hide_index=True, width="stretch")
        return None
    event = grid(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key=key)
    picked = event.selection.rows if event is not None else []
    return picked[0] if picked else None


def _text_cells(frame, change: Callable[[str], str], index: bool = False):
    """A copy of a DataFrame with `change` applied to every text cell (and, with `index`, index labels)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(lambda v: change(v) if isinstance(v, str) else v)
    if index:
        out.index = out.index.map(lambda v: change(v) if isinstance(v, str) else v)
    return out


def literal_frame(frame):
    """The frame for st.table: every text cell (and index label) shown as typed, never as Markdown."""
    return _text_cells(frame, literal_markdown, index=True)


def grid(frame, **kwargs):
    """The one way pages give a frame to the st.dataframe grid. Its toolbar offers "Download as CSV" of
    the cells as given, so every text cell a spreadsheet could read as a formula is neutralised by the
    same rule as the XLSX export (dtplan.present.xlsx.formula_safe: a leading apostrophe)."""
    from dtplan.present.xlsx import formula_safe

    return st.dataframe(_text_cells(frame, lambda v: formula_safe(minus_sign(v))), **kwargs)


def selected(event: Any, param: str, field: str = "code") -> str | None:
    """The value of `field` picked in an Altair selection of st.altair_chart(on_select="rerun")."""
    try:
        points = event.selection[param]
    except (AttributeError, KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        value = points[0].get(field)
        return None if value is None else str(value)
    return None


# --- kiosk (issue 4) -----------------------------------------------------------------------------------


def url_number(key: str, default: float, low: float, high: float) -> float:
    """A number from the URL, clamped; anything unreadable gives the default."""
    try:
        value = float(st.query_params.get(key, default))
    except (TypeError, ValueError):
        return default
    value = min(high, max(low, value))
    return int(value) if isinstance(default, int) else value


# Static CSS only (the one number in it is a clamped float, never text from a user or a file).
_KIOSK_CHROME_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0.6rem 1.5rem 0 1.5rem !important;
  max-width: 100% !important; }
</style>"""
_KIOSK_TYPE_CSS = """<style>
html {{ font-size: {size:.1f}px; }}
[data-testid="stMetricValue"] {{ font-size: {metric:.1f}px !important; line-height: 1.1; }}
[data-testid="stMetricLabel"] p {{ font-size: {label:.1f}px !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.4rem; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: {size:.1f}px !important; }}
</style>"""


def kiosk_style(scale: float, hide_chrome: bool = True) -> None:
    """Large type on the kiosk page; with ?kiosk=1 also no sidebar, header or toolbar (wall screen).
    Opened from the menu without it, the sidebar stays so that a leader can leave the page.
    (CSS zoom for 4K was tried: Streamlit then measures chart containers wrongly and clips them.)"""
    if hide_chrome:
        st.html(_KIOSK_CHROME_CSS)
    st.html(_KIOSK_TYPE_CSS.format(size=18 * scale, metric=40 * scale, label=20 * scale))


# --- notes (issue 6) -----------------------------------------------------------------------------------
# Notes are text typed by people: shown with st.text (no Markdown, no HTML); the one Markdown line per
# note (its target, month and author) is escaped first.


def note_list(rows: list[dict], show_target: bool = True) -> None:
    """A list of notes (dtplan.store.notes rows): the header line escaped, the text as plain text."""
    if not rows:
        st.caption(i18n.NOTES_NONE)
        return
    for n in rows:
        with st.container(border=True):
            about = f"{i18n.NOTE_KIND[n['kind']]} {n['code']} — {n['target_name']} · " if show_target else ""
            reach = i18n.NOTE_FOR_UNITS if n.get("visible_to_units") else i18n.NOTE_LEADERS_ONLY
            st.caption(
                plain_markdown(
                    f"{about}{i18n.month(n['period'])} · {n['author_name']} · {i18n.datetime(n['created_at'])}"
                    f" · {reach}"
                )
            )
            st.text(n["text"])


def note_targets(ctx: PageContext, kind: str) -> list[str]:
    """Codes of the items of `kind` the page's scope may attach a note to."""
    from dtplan.store import notes

    cat = ctx.catalog
    if kind == notes.KPI:
        codes = [k.code for k in cat.kpis]
    elif kind == notes.TASK:
        codes = [t.code for t in views.tasks_in_scope(cat, ctx.scope)]
    else:
        codes = [u.code for u in cat.units]
    return [c for c in codes if notes.visible(cat, ctx.scope, kind, c)]


def note_form(ctx: PageContext, kind: str | None = None, code: str | None = None, key: str = "note") -> None:
    """The form a leader or admin uses to add a note for the as-of month (nothing for other roles)."""
    from dtplan.domain.access import AccessDenied
    from dtplan.store import notes

    if not notes.may_write(ctx.viewer):
        return
    flash = f"dtplan_note_saved_{key}"
    if st.session_state.pop(flash, False):
        st.success(i18n.NOTE_SAVED)
    with st.expander(f"{i18n.NOTE_FORM_TITLE} — {i18n.month(ctx.as_of)}", expanded=False):
        if kind is None:
            kind = st.radio(
                i18n.NOTE_FORM_KIND,
                list(notes.KINDS),
                format_func=lambda k: i18n.NOTE_KIND[k],
                horizontal=True,
                key=f"dtplan_note_kind_{key}",
            )
        with st.form(f"dtplan_note_form_{key}", clear_on_submit=True):
            chosen = code
            if code is None:
                chosen = st.selectbox(
                    i18n.NOTE_FORM_CODE,
                    note_targets(ctx, kind),
                    format_func=lambda c: f"{c} — {notes.target_name(ctx.catalog, kind, c)}",
                    key=f"dtplan_note_code_{key}",
                )
            if kind == notes.KPI:
                st.caption(i18n.NOTE_KPI_HINT)
            text = st.text_area(i18n.NOTE_FORM_TEXT, max_chars=notes.MAX_LENGTH, key=f"dtplan_note_text_{key}")
            # Leaders only unless ticked: a note may name other units, and units read only what is meant for them.
            for_units = st.checkbox(i18n.NOTE_FORM_UNITS, value=False, key=f"dtplan_note_units_{key}")
            if st.form_submit_button(i18n.NOTE_FORM_SUBMIT):
                try:
                    notes.add_note(
                        ctx.engine,
                        ctx.catalog,
                        ctx.viewer,
                        kind,
                        chosen or "",
                        ctx.as_of,
                        text,
                        visible_to_units=for_units,
                    )
                except (notes.NoteError, AccessDenied) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[flash] = True
                    st.rerun()


def show_notes(ctx: PageContext, kind: str, code: str, period: str | None = None, key: str | None = None) -> None:
    """The notes on one KPI, task or unit up to the as-of month (or for one `period`), and — for a
    leader or admin — the form to add one for the as-of month."""
    from dtplan.store import notes

    st.subheader(i18n.NOTES_TITLE)
    if not notes.visible(ctx.catalog, ctx.scope, kind, code):
        st.caption(i18n.NOTES_NONE)
        return
    if period is not None:
        rows = notes.notes_for(
            ctx.engine, ctx.catalog, ctx.scope, kind=kind, code=code, period=period, viewer=ctx.viewer
        )
    else:
        rows = notes.notes_for(
            ctx.engine, ctx.catalog, ctx.scope, kind=kind, code=code, until=ctx.as_of, viewer=ctx.viewer
        )
    note_list(rows, show_target=False)
    note_form(ctx, kind, code, key=key or f"{kind}_{code}")


# --- meeting (issue 6) ---------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, ttl=600, max_entries=200)
def _meeting_for(url: str, version: str, scope: Scope, as_of: str, compare: str | None) -> dict:
    from dtplan.read import meeting

    return meeting.meeting_data(_engine_for(url), _catalog_for(url), scope, as_of, compare=compare)


def meeting_data(ctx: PageContext, compare: str | None) -> dict:
    """dtplan.read.meeting.meeting_data for the page's scope and month, cached until the next import; the
    notes are read fresh, so a note just saved shows at once."""
    from dtplan.store import notes

    data = dict(_meeting_for(store.database_url(), data_version(), ctx.scope, ctx.as_of, compare))
    data["notes"] = notes.notes_for(
        ctx.engine, ctx.catalog, ctx.scope, since=data["compare"], until=ctx.as_of, viewer=ctx.viewer
    )
    return data


def download_meeting(ctx: PageContext, data: dict) -> None:
    """The brief (PDF) and figures (XLSX) of the meeting page, built when clicked and audited."""
    from dtplan.present import export

    def build(kind: str) -> Callable[[], bytes]:
        return lambda: export.render(kind, ctx.engine, ctx.catalog, ctx.scope, ctx.as_of, data=data)

    left, right = st.columns(2)
    for column, kind, label in ((left, export.BRIEF, i18n.DOWNLOAD_BRIEF), (right, export.XLSX, i18n.DOWNLOAD_FIGURES)):
        with column:
            download(
                ctx,
                label,
                build(kind),
                export.file_name(kind, ctx.catalog, ctx.scope, ctx.as_of),
                export.MIME[kind],
                {"kind": kind, "as_of": ctx.as_of, "scope": ctx.scope.code, "via": "web"},
                key=f"dtplan_meeting_dl_{kind}",
                action="export",
            )


# --- unit pages (issue 4): what an agency's and a district's page share ------------------------------


def province_params(ctx: PageContext) -> dict[str, str]:
    """A link back to the whole province (explicit, so the scope carried in the session is not reapplied)."""
    return url_params(ctx, **{state.Q_UNIT: ctx.catalog.plan.province})


def own_position(ctx: PageContext, kind: str) -> dict | None:
    ranking = view("unit_ranking", ctx.scope, ctx.as_of, kind)
    row = next((r for r in ranking if r["code"] == ctx.scope.code), None)
    if row is not None:
        st.markdown(
            f"**{i18n.OWN_POSITION.format(rank=row['rank'], total=row['total'])}** · "
            f"{i18n.COL['ok_share']}: {i18n.percent(row['ok_share'], 0)} · "
            f"{i18n.COL['lagging_tasks']}: {row['lagging_tasks']} · {i18n.kpi_status(row['overall'])}"
        )
    return row


def unit_sections(ctx: PageContext) -> dict[str, list[dict]]:
    """The KPIs, tasks (as lead, as partner) and reporting record of the scope's own unit."""

    code = ctx.scope.code
    kpis = view("unit_kpis", ctx.scope, ctx.as_of, code)
    st.subheader(i18n.UNIT_KPIS)
    if kpis:
        table(tables.kpi_results(kpis, tables.OWN_KPI_IDS).frame())
    else:
        st.info(i18n.NO_DATA)
    tasks = view("task_list", ctx.scope, ctx.as_of)
    lead = [t for t in tasks if t["lead"] == code]
    partner = [t for t in tasks if t["lead"] != code]
    for title, rows in ((i18n.UNIT_TASKS_LEAD, lead), (i18n.UNIT_TASKS_PARTNER, partner)):
        st.subheader(f"{title} ({len(rows)})")
        if rows:
            table(tables.task_frame(rows, ctx.catalog, ctx.scope))
    st.subheader(i18n.UNIT_RECORD)
    record = [r for r in view("compliance_table", ctx.scope, ctx.as_of) if r["unit"] == code]
    if record:
        names = {code: ctx.catalog.unit(code).short}
        chart("compliance_heatmap", record, names, key="unit_record")
        counts = views.compliance_counts(record)[0]
        st.markdown(
            " · ".join(f"{i18n.compliance_status(s)}: {counts[s]}" for s in ("on_time", "late", "missing", "not_due"))
        )
    return {"kpis": kpis, "lead": lead, "partner": partner, "record": record}


def unit_page_top(ctx: PageContext, kind: str, back_page: str, back_label: str):
    """The top of one agency's or district's page: its name, a way back to the list (for those who
    read everything), its own position and its KPI, task and reporting sections."""
    unit = ctx.catalog.unit(ctx.scope.code)
    page_header(ctx, unit.name)
    if ctx.viewer.reads_everything:
        st.page_link(back_page, label=back_label, icon=":material/arrow_back:", query_params=province_params(ctx))
    own_position(ctx, kind)
    return unit, unit_sections(ctx)


# --- charts (issue 4): Vega-Lite specs built once per distinct input, not on every rerun -------------


@st.cache_data(show_spinner=False, max_entries=500)
def _chart_spec(builder: str, args: tuple, kwargs: tuple) -> dict:
    from dtplan.present import charts

    # Building an Altair chart and validating it costs far more than drawing it: keep the plain spec, and
    # build without Altair's check of every object as it is made (half of a page's rerun). The specs are
    # checked against the Vega-Lite schema by the tests instead (tests/pages/test_charts.py).
    with charts.unchecked():
        # A chart whose structure is fixed by its layout has a <builder>_spec that only swaps the data.
        templated = getattr(charts, f"{builder}_spec", None)
        if templated is not None:
            return templated(*args, **dict(kwargs))
        return getattr(charts, builder)(*args, **dict(kwargs)).to_dict(validate=False)


def chart(
    builder: str,
    *args,
    key: str,
    on_select: str = "ignore",
    selection_mode: str | None = None,
    container: Any = None,
    **kwargs,
) -> Any:
    """Draw dtplan.present.charts.<builder>(*args, **kwargs); returns the selection state with on_select."""
    spec = _chart_spec(builder, args, tuple(sorted(kwargs.items())))
    target = container if container is not None else st
    if on_select == "ignore":
        return target.vega_lite_chart(spec, key=key)
    return target.vega_lite_chart(spec, key=key, on_select=on_select, selection_mode=selection_mode)
