"""Tổng quan: where the plan stands at the as-of month — a gauge per KPI, status counts, the most
lagging tasks and the units that need attention. Each gauge is a link to its KPI."""

import streamlit as st

from dtplan import i18n, web
from dtplan.domain import metrics
from dtplan.present import charts, tables
from dtplan.present.count_tiles import CountTile
from dtplan.present.xlsx import Sheet
from dtplan.read.kpis import kpi_table
from dtplan.read.tasks import LAGGING_FILTER, task_list
from dtplan.read.units import unit_rankings
from dtplan.web import state

ctx = web.guard("overview")
web.page_header(ctx, i18n.KIOSK_SLIDES["overview"], note=i18n.GAUGE_HINT)

rows = [r for r in web.view(kpi_table, ctx.scope, ctx.as_of) if r["applies"]]
web.status_counts(rows, ctx.as_of)
web.directive_count_line(ctx)

# Drawn on the server: no Vega to load and run in the browser (most of this page's load). Each gauge links
# to its KPI, so the page has no KPI picker of its own: a select box cost 0.1–0.3× a bare page's load
# (bench/bench_pages.py), and Chỉ tiêu has one.
links = {r["code"]: web.page_href(ctx, "kpi", **{state.Q_KPI: r["code"]}) for r in rows}
web.picture(web.derived(charts.gauges_svg, rows, links=links, **web.gauge_grid(columns=7, cell=200)))
left, right = st.columns(2)
with left:
    st.subheader(i18n.MOST_LAGGING_TASKS)
    all_lagging = web.view(task_list, ctx.scope, ctx.as_of, status=LAGGING_FILTER)
    lagging = all_lagging[:5]
    # How many tasks are overdue or behind, before the five worst: "which tasks are overdue?" at a glance.
    web.count_tiles(
        [
            CountTile(i18n.LAGGING_TASK_COUNT[s], i18n.number(sum(t["status"] == s for t in all_lagging), 0))
            for s in metrics.LAGGING
        ]
    )
    if lagging:
        # Its text wraps: the deadline and the status are never cut; a task's code opens it on Nhiệm vụ.
        opens = [web.page_href(ctx, "tasks", **{state.Q_TASK: t["code"]}) for t in lagging]
        frame = web.derived(tables.task_frame, lagging, ctx.catalog, ctx.scope, tables.TASK_OVERVIEW)
        web.table(frame, links={i18n.COL["code"]: opens})
    else:
        st.info(i18n.NO_LAGGING)
    web.page_link(ctx, "tasks", i18n.KIOSK_SLIDES["tasks"], **{state.Q_STATUS: LAGGING_FILTER})
with right:
    rankings = web.view(unit_rankings, ctx.scope, ctx.as_of)
    local = {"district": i18n.WORST_DISTRICTS, "commune": i18n.WORST_COMMUNES}
    for kind, title, page in (
        ("agency", i18n.WORST_AGENCIES, "agencies"),
        (ctx.catalog.local_kind, local.get(ctx.catalog.local_kind), "districts"),
    ):
        if kind not in rankings or not ctx.catalog.has_kind(kind):
            continue  # a plan without local units (or agencies) shows no empty section
        ranking = rankings[kind]
        if not ranking:  # a unit of the other kind: no empty heading
            continue
        if ctx.scope.is_all:
            st.subheader(title)
            worst = list(reversed(ranking))[:5]
            opens = {i18n.COL["unit"]: web.unit_row_links(ctx, [r["code"] for r in worst])}  # to its page
            web.table(web.derived(tables.ranking_frame, worst), links=opens)
        else:  # heading and text in one element
            st.markdown(
                f"### {title}\n\n{i18n.OWN_POSITION.format(rank=ranking[0]['rank'], total=ranking[0]['total'])}"
            )
        web.page_link(ctx, page, i18n.LOCAL_UNITS.get(kind, i18n.KIOSK_SLIDES[page]))


def sheets() -> list[Sheet]:
    return [
        tables.kpi_results(rows, tables.KPI_IDS, tables.PLAIN).sheet(i18n.SHEET["kpis"]),
        tables.task_table(lagging, ctx.catalog, ctx.scope).sheet(i18n.MOST_LAGGING_TASKS),
    ]


web.download_xlsx(ctx, sheets, "tong-quan")
