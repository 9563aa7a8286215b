"""The Bảng tổng hợp page's table: the sort controls (kept in the URL), the units × KPIs table whose cell
opens that unit's KPI on the Chỉ tiêu page, and a picker doing the same from two lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.present import scorecard as sc
from dtplan.read.scope import unit_label
from dtplan.web import state
from dtplan.web.frame import open_page, page_href, unit_row_links
from dtplan.web.url_state import url_selectbox
from dtplan.web.widgets import table

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext

_DESCENDING = "desc"
_PICK = "dtplan_scorecard_open"


def _on_order() -> None:
    if st.session_state["dtplan_scorecard_desc"]:
        st.query_params[state.Q_ORDER] = _DESCENDING
    else:
        st.query_params.pop(state.Q_ORDER, None)


def sort_controls(ctx: PageContext, card: dict) -> tuple[str, bool]:
    """The sort column and direction, from the URL (a stale value falls back to the plan's order)."""
    kpis = ctx.catalog.kpis_by_code
    names = {"": i18n.SCORECARD_SORT_PLAN, sc.UNIT_SORT: i18n.COL["unit"], sc.MET_SORT: i18n.SCORECARD_MET}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        key = url_selectbox(
            i18n.SCORECARD_SORT,
            state.Q_SORT,
            sc.sort_keys(card),
            lambda k: names.get(k) or f"{k} · {kpis[k].name}",
        )
    st.session_state["dtplan_scorecard_desc"] = st.query_params.get(state.Q_ORDER) == _DESCENDING
    with right:
        descending = st.toggle(i18n.SCORECARD_DESCENDING, key="dtplan_scorecard_desc", on_change=_on_order)
    return key, descending


def scorecard_table(ctx: PageContext, card: dict, rows: list[dict]) -> None:
    """The units × KPIs table: a cell is a link to /chi_tieu?kpi=…&unit=… (that unit's own figure, as in the
    cell), a unit's name a link to its page; a header's hover text names its KPI."""
    kpis = ctx.catalog.kpis_by_code
    frame = sc.scorecard_table(card, ctx.catalog, ctx.scope, rows=rows).frame()
    units = [r["unit"] if ctx.scope.allows(r["unit"]) else None for r in rows]  # no link into another scope
    links = {i18n.COL["unit"]: unit_row_links(ctx, units)}
    for code in card["kpis"]:
        links[code] = [
            page_href(ctx, "kpi", **{state.Q_KPI: code, state.Q_UNIT: u}) if u and code in r["cells"] else None
            for u, r in zip(units, rows, strict=True)
        ]
    titles = {code: kpis[code].name for code in card["kpis"]}
    table(frame, key="dtplan_scorecard_page", links=links, header_titles=titles)


def open_picker(ctx: PageContext, card: dict, rows: list[dict]) -> None:
    """The same as a cell, by keyboard: a unit, a KPI, a button."""
    if not rows or not card["kpis"]:
        return
    kpis = ctx.catalog.kpis_by_code
    names = {r["unit"]: unit_label(ctx.catalog, ctx.scope, r["unit"], short=False) for r in rows}
    with st.form(_PICK, border=False):
        left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
        unit = left.selectbox(i18n.COL["unit"], list(names), format_func=names.get, key=f"{_PICK}_unit")
        kpi = middle.selectbox(
            i18n.COL["kpi"], card["kpis"], format_func=lambda k: f"{k} · {kpis[k].name}", key=f"{_PICK}_kpi"
        )
        if right.form_submit_button(i18n.SCORECARD_OPEN, key=f"{_PICK}_go"):
            open_page(ctx, "kpi", unit=unit, kpi=kpi)
