"""What an agency's page (Đơn vị) and a district's page (Địa bàn) share: the way back to the province,
the unit's own position in its ranking, its KPI, task and reporting sections, and the directives given to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.read.compliance import compliance_counts, compliance_table
from dtplan.read.tasks import task_list
from dtplan.read.units import unit_kpis, unit_ranking
from dtplan.web import state
from dtplan.web.cache import view
from dtplan.web.directives import unit_directives
from dtplan.web.frame import page_header
from dtplan.web.reminder import owed_section
from dtplan.web.url_state import url_params
from dtplan.web.widgets import compliance_map, table

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


def province_params(ctx: PageContext) -> dict[str, str]:
    """A link back to the whole province (explicit, so the scope carried in the session is not reapplied)."""
    return url_params(ctx, **{state.Q_UNIT: ctx.catalog.plan.province})


def own_position(ctx: PageContext, kind: str) -> dict | None:
    ranking = view(unit_ranking, ctx.scope, ctx.as_of, kind)
    row = next((r for r in ranking if r["code"] == ctx.scope.code), None)
    if row is not None:
        st.markdown(
            f"**{i18n.OWN_POSITION.format(rank=row['rank'], total=row['total'])}** · "
            f"{i18n.COL['ok_share']}: {i18n.percent(row['ok_share'], 0)} · "
            f"{i18n.COL['lagging_tasks']}: {row['lagging_tasks']} · {i18n.kpi_status_label(row['overall'])}"
        )
    return row


def unit_sections(ctx: PageContext) -> dict[str, list[dict]]:
    """The KPIs, tasks (as lead, as partner) and reporting record of the scope's own unit."""
    from dtplan.present import tables

    code = ctx.scope.code
    kpis = view(unit_kpis, ctx.scope, ctx.as_of, code)
    st.subheader(i18n.UNIT_KPIS)
    if kpis:
        table(tables.kpi_results(kpis, tables.OWN_KPI_IDS).frame())
    else:
        st.info(i18n.NO_DATA)
    tasks = view(task_list, ctx.scope, ctx.as_of)
    lead = [t for t in tasks if t["lead"] == code]
    partner = [t for t in tasks if t["lead"] != code]
    for title, rows in ((i18n.UNIT_TASKS_LEAD, lead), (i18n.UNIT_TASKS_PARTNER, partner)):
        st.subheader(f"{title} ({len(rows)})")
        if rows:
            table(tables.task_frame(rows, ctx.catalog, ctx.scope))
    record = [r for r in view(compliance_table, ctx.scope, ctx.as_of) if r["unit"] == code]
    if record:
        counts = compliance_counts(record)[0]
        line = " · ".join(f"{i18n.compliance_status_label(s)}: {counts[s]}" for s in metrics.COMPLIANCE_STATUSES)
        st.markdown(f"### {i18n.UNIT_RECORD}\n\n{line}")  # heading and counts in one element, then the map
        names = {code: ctx.catalog.unit(code).short}
        compliance_map(record, names)
    else:
        st.subheader(i18n.UNIT_RECORD)
    owed_section(ctx)
    return {"kpis": kpis, "lead": lead, "partner": partner, "record": record}


def unit_page_top(ctx: PageContext, kind: str, back_page: str, back_label: str):
    """The top of one agency's or district's page: its name, a way back to the list (for those who
    read everything), its own position and its KPI, task and reporting sections."""
    unit = ctx.catalog.unit(ctx.scope.code)
    page_header(ctx, unit.name)
    if ctx.viewer.reads_everything:
        st.page_link(back_page, label=back_label, icon=":material/arrow_back:", query_params=province_params(ctx))
    own_position(ctx, kind)
    parts = unit_sections(ctx)
    unit_directives(ctx)
    return unit, parts
