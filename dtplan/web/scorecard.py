"""The Bảng tổng hợp page's grid: the sort controls (kept in the URL), the units × KPIs grid whose cell
opens that unit's KPI on the Chỉ tiêu page, and a picker doing the same without the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.present import scorecard as sc
from dtplan.read.scope import unit_label
from dtplan.web import state
from dtplan.web.frame import open_page
from dtplan.web.url_state import url_selectbox
from dtplan.web.widgets import grid

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext

_DESCENDING = "desc"
_GRID_KEY = "dtplan_scorecard_grid"
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


def _target(card: dict, rows: list[dict], event, sort: str) -> tuple[str, str] | None:
    """(unit, KPI) of the picked cell; a picked row or unit cell opens the sorted-by KPI, else the first."""
    selection = getattr(event, "selection", None)
    if selection is None or not card["kpis"]:
        return None
    fallback = sort if sort in card["kpis"] else card["kpis"][0]
    for position, column in selection.get("cells", []) or []:
        if 0 <= position < len(rows):
            return rows[position]["unit"], column if column in card["kpis"] else fallback
    for position in selection.get("rows", []) or []:
        if 0 <= position < len(rows):
            return rows[position]["unit"], fallback
    return None


def scorecard_grid(ctx: PageContext, card: dict, rows: list[dict], sort: str) -> None:
    """The grid; picking a cell opens /chi_tieu?kpi=…&unit=… (the unit's own figure, as in the cell)."""
    kpis = ctx.catalog.kpis_by_code
    table = sc.scorecard_table(card, ctx.catalog, ctx.scope, rows=rows)
    config = {code: st.column_config.TextColumn(code, help=kpis[code].name) for code in card["kpis"]}
    event = grid(
        table.frame(),
        hide_index=True,
        width="stretch",
        column_config=config,
        on_select="rerun",
        selection_mode=["single-cell", "single-row"],
        key=_GRID_KEY,
    )
    target = _target(card, rows, event, sort)
    if target is not None:
        open_page(ctx, "kpi", unit=target[0], kpi=target[1])


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
