"""Chỉ tiêu (?kpi=CODE): one KPI — its trend against the expected trajectory and the target, the
breakdown by unit as bullet charts (worst first), and the numerators and denominators behind it."""

import streamlit as st

from dtplan import i18n, web
from dtplan.present import charts, tables
from dtplan.present.count_tiles import CountTile
from dtplan.present.palette import KPI_COLOURS
from dtplan.present.xlsx import Sheet
from dtplan.read import views
from dtplan.read.kpis import kpi_contributions, kpi_table, kpi_trend
from dtplan.read.tasks import LAGGING_FILTER, task_list
from dtplan.read.units import kpi_breakdown
from dtplan.web import state

ctx = web.guard("kpi")
kpis = {k.code: k for k in ctx.catalog.kpis}
code = web.url_selectbox(
    i18n.COL["kpi"], state.Q_KPI, list(kpis), lambda c: f"{c} · {kpis[c].name}", default=ctx.catalog.kpis[0].code
)
kpi = kpis[code]
if state.Q_KPI not in st.query_params:  # the link names the KPI shown (an unknown one stays, with its message)
    st.query_params[state.Q_KPI] = code
web.page_header(ctx, f"{kpi.code} · {kpi.name}", note=web.plain_markdown(kpi.text))

summary = next(r for r in web.view(kpi_table, ctx.scope, ctx.as_of) if r["code"] == code)
if not summary["applies"]:
    st.info(i18n.NOT_APPLICABLE)
web.count_tiles(  # one element for the four figures (the status tile's bar repeats its symbol and word)
    [
        *(CountTile(i18n.COL[c], i18n.kpi_value(summary[c], kpi.unit)) for c in ("actual", "expected", "target")),
        CountTile(i18n.COL["status"], i18n.kpi_status_label(summary["status"]), KPI_COLOURS[summary["status"]]),
    ]
)

# The drill-down to the tasks behind the figure: the KPI's lead unit's lagging tasks (the tasks page, filtered);
# only for a lead the viewer may see, and one that leads tasks (the filter offers no other).
if (ctx.scope.is_all or ctx.scope.allows(kpi.lead)) and web.view(task_list, ctx.scope, ctx.as_of, lead=kpi.lead):
    web.page_link(
        ctx,
        "tasks",
        i18n.KPI_LAGGING_TASKS.format(unit=views.unit_label(ctx.catalog, ctx.scope, kpi.lead)),
        **{state.Q_LEAD: kpi.lead, state.Q_STATUS: LAGGING_FILTER},
    )

# Both charts drawn on the server: no Vega to load and run in the browser (most of this page's load).
st.subheader(i18n.TREND)
trend = web.view(kpi_trend, ctx.scope, code, ctx.as_of)
web.picture(web.derived(charts.trend_svg, trend, kpi.unit, **web.phone_layout(charts.PHONE_TREND)))

st.subheader(i18n.BREAKDOWN)
breakdown = web.view(kpi_breakdown, ctx.scope, code, ctx.as_of)
if breakdown:
    links = web.unit_links(ctx, [r["unit"] for r in breakdown])  # each unit's line opens its page
    # A phone's width holds the value and the status; the rest is in the table below and the hover title.
    layout = web.phone_layout(charts.PHONE_BULLETS)
    web.picture(web.derived(charts.bullets_svg, breakdown, kpi.unit, links=links, **layout))
    st.caption(i18n.BULLET_HINT)
    web.table(web.derived(tables.unit_kpi_frame, breakdown))
else:
    st.info(i18n.NO_DATA)

st.subheader(i18n.CONTRIBUTIONS)
contributions = web.view(kpi_contributions, ctx.scope, code, ctx.as_of)

if contributions:  # formatted (babel) once per data version, not on every run
    frame = web.derived(tables.contribution_frame, contributions, kpi.unit, ctx.as_of)
    web.table(frame, key="dtplan_contributions_page")  # a unit × month list: a page at a time
else:
    st.info(i18n.NO_DATA)

web.show_notes(ctx, "kpi", code)


def sheets() -> list[Sheet]:
    trend_cols = ("period", "actual", "expected", "target", "status", "numerator", "denominator")
    return [
        Sheet(
            i18n.TREND,
            [i18n.COL[c] for c in trend_cols],
            [[r[c] if c != "status" else (r[c] and i18n.kpi_status_label(r[c])) for c in trend_cols] for r in trend],
            {1: "0.0", 2: "0.0", 3: "0.0"},
        ),
        tables.kpi_results(breakdown, tables.BREAKDOWN_IDS, tables.PLAIN).sheet(i18n.BREAKDOWN),
        Sheet(
            i18n.CONTRIBUTIONS,
            [i18n.COL[c] for c in ("unit_code", "unit", "period", "numerator", "denominator", "submitted_at", "note")],
            [
                [r["unit"], r["unit_name"], r["period"], r["numerator"], r["denominator"], r["submitted_at"], r["note"]]
                for r in contributions
            ],
        ),
    ]


web.download_xlsx(ctx, sheets, f"chi-tieu-{code}")
