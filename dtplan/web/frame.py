"""The frame around every page: the sidebar (plan, as-of month, scope), the page header with the data's
freshness, links to other pages and the demo banner."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import months_of_year
from dtplan.present.literal import plain_markdown
from dtplan.read.compliance import compliance_table, reported_count
from dtplan.web import navigation, state
from dtplan.web.cache import last_import, view
from dtplan.web.resources import is_demo
from dtplan.web.url_state import set_scope, url_params

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


def demo_banner() -> None:
    if is_demo():
        st.warning(i18n.DEMO_BANNER, icon=":material/science:")


def scope_name(ctx: PageContext) -> str:
    return i18n.SCOPE_PROVINCE if ctx.scope.is_all else ctx.catalog.unit(ctx.scope.code).name


def _on_as_of() -> None:
    st.query_params[state.Q_AS_OF] = st.session_state[state.SB_AS_OF]
    st.session_state[state.VIEW_AS_OF] = st.session_state[state.SB_AS_OF]


def _on_scope() -> None:
    code = st.session_state[state.SB_SCOPE]
    set_scope(None if code == "" else code)


def scope_options(cat: Catalog) -> list[str]:
    """ "" (the province), then agencies, then the local units (districts, or the communes of a two-level
    plan), in the plan's order."""
    return [""] + [u.code for u in cat.units if u.kind == "agency" or u.kind == cat.local_kind]


def draw_sidebar(ctx: PageContext) -> None:
    cat = ctx.catalog
    with st.sidebar:
        # Label and value in one element (fewer elements, less for the browser to draw on every page).
        st.markdown(f":small[:gray[{i18n.SIDEBAR_PLAN}]]  \n**{plain_markdown(cat.plan.title)}**")
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
            st.markdown(f":small[:gray[{i18n.SIDEBAR_SCOPE}]]  \n{plain_markdown(scope_name(ctx))}")


def freshness(ctx: PageContext) -> str:
    """ "Cập nhật số liệu lần cuối: … · N/M đơn vị đã báo cáo Tháng …"."""
    at = last_import(ctx.scope)
    reported, total = reported_count(view(compliance_table, ctx.scope, ctx.as_of), ctx.as_of)
    return i18n.FRESHNESS.format(
        at=i18n.datetime(at) if at else i18n.FRESHNESS_NEVER,
        reported=reported,
        total=total,
        month=i18n.month(ctx.as_of).lower(),
    )


def page_header(ctx: PageContext, title: str, note: str | None = None) -> None:
    """The title and one caption: month, scope, freshness and, on a second line, the page's `note` (Markdown)
    — one element rather than two: the browser's cost of a page grows with its number of elements."""
    line = f"{i18n.month(ctx.as_of)} · {i18n.SIDEBAR_SCOPE}: {plain_markdown(scope_name(ctx))} · {freshness(ctx)}"
    st.title(plain_markdown(title))
    st.caption(line if note is None else f"{line}  \n{note}")


def open_page(ctx: PageContext, page_key: str, **extra: str | None) -> None:
    """Switch to another page of the app, carrying as-of and scope in its URL."""
    st.switch_page(navigation.page(page_key).file, query_params=url_params(ctx, **extra))


def page_href(ctx: PageContext, page_key: str, **extra: str | None) -> str:
    """The link to another page as a relative URL (behind a proxy the app's own path prefix stays), carrying
    as-of and scope: for a chart drawn on the server, whose marks are plain links."""
    return f"{navigation.url_path(navigation.page(page_key))}?{urllib.parse.urlencode(url_params(ctx, **extra))}"


def unit_links(ctx: PageContext, codes: Iterable[str]) -> dict[str, str]:
    """Each unit's link to its own page (navigation.unit_page: an agency's, a district's or a two-level
    commune's), as-of and scope kept; a unit without a page gets none."""
    return {
        code: page_href(ctx, target, **{state.Q_UNIT: code})
        for code in codes
        if (target := navigation.unit_page(ctx.catalog, code))
    }


def unit_row_links(ctx: PageContext, codes: Sequence[str | None]) -> list[str | None]:
    """Per row of a table, the link to its unit's page (unit_links); None where there is none."""
    pages = unit_links(ctx, [code for code in codes if code])
    return [pages.get(code) if code else None for code in codes]


def page_link(ctx: PageContext, page_key: str, label: str, **extra: str | None) -> None:
    spec = navigation.page(page_key)
    st.page_link(spec.file, label=label, icon=spec.icon, query_params=url_params(ctx, **extra))
