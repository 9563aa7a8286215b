"""Cuộc họp: where the plan stands at month M, what changed since an earlier month (default M−1), what
will miss the year's target if nothing changes, the year-end review table, the leaders' notes, and the
brief (PDF) and figures (XLSX) to take into the meeting. Everything comes from one bundle
(dtplan.read.meeting.meeting_data) shared with the brief and the export."""

import pandas as pd
import streamlit as st

from dtplan import i18n, web
from dtplan.domain import projection
from dtplan.domain.periods import month_of, months_of_year
from dtplan.present import brief, tables
from dtplan.read import yearend
from dtplan.web import state

ctx = web.guard("meeting")
web.page_header(ctx, i18n.MEETING_TITLE)

# --- the earlier month (URL ?compare=YYYY-MM; default the month before) and the downloads ---
earlier = months_of_year(ctx.catalog.plan.year, ctx.as_of)[:-1]
compare = web.url_choice(state.Q_COMPARE, earlier, earlier[-1]) if earlier else None
left, right = st.columns(2, vertical_alignment="bottom")
with left:
    if earlier:
        widget = "dtplan_meeting_compare"
        st.session_state[widget] = compare

        def _on_compare() -> None:
            st.query_params[state.Q_COMPARE] = st.session_state[widget]

        st.selectbox(i18n.MEETING_COMPARE, earlier, format_func=i18n.month, key=widget, on_change=_on_compare)
    else:
        st.info(i18n.MEETING_NO_COMPARE)
data = web.meeting_data(ctx, compare)
with right:
    web.download_meeting(ctx, data)

# --- headline ---
counts = brief.headline(data)
st.subheader(i18n.HEADLINE_TITLE)
web.status_counts(data["kpis"], ctx.as_of)
st.markdown(  # one element for both lines
    f"{i18n.BRIEF_TASK_COUNTS.format(**counts['tasks'])}  \n"
    f"{i18n.BRIEF_COMPLIANCE_COUNTS.format(month=i18n.month(ctx.as_of), **counts['reports'])}"
)

# --- what changed ---
if data["changes"] is not None:
    st.header(i18n.CHANGES_TITLE.format(before=i18n.month(compare), after=i18n.month(ctx.as_of)))
    for title, change_table in tables.change_tables(data, ctx.catalog, ctx.scope):
        st.subheader(title)
        if change_table.rows:
            web.table(change_table.frame())
        else:
            st.caption(i18n.CHANGES_NONE)

# --- projection and early warning (none in December: the year's figures are in) ---
st.header(i18n.PROJECTION_TITLE)
if month_of(ctx.as_of) == 12:
    st.caption(i18n.DOC_PROJECTION_DECEMBER)
else:
    st.caption(projection.METHOD_TEXT)
    st.subheader(i18n.EARLY_WARNING_TITLE)
    if data["early_warning"]:
        st.markdown(  # the whole list as one element
            "\n".join(
                f"- **{r['code']}** {web.plain_markdown(r['name'])}: {i18n.kpi_status_label(r['status'])}, "
                f"{i18n.COL_PROJECTED.lower()} {i18n.kpi_value(r['projected'], r['kpi_unit'])} "
                f"({i18n.COL['target'].lower()} {yearend.target_text(r)})"
                for r in data["early_warning"]
            )
        )
    else:
        st.caption(i18n.EARLY_WARNING_NONE)
if data["projection"] and month_of(ctx.as_of) != 12:
    st.subheader(i18n.DOC_PROJECTION_ALL)
    web.table(  # every KPI at once, as text: a meeting reads the whole table (and no grid to load)
        pd.DataFrame(
            [
                {
                    i18n.COL["code"]: r["code"],
                    i18n.COL["kpi"]: r["name"],
                    i18n.COL_KIND: i18n.AGGREGATION[r["aggregation"]],
                    i18n.COL["actual"]: i18n.kpi_value(r["actual"], r["kpi_unit"]),
                    i18n.COL["status"]: i18n.kpi_status_label(r["status"]),
                    i18n.COL_PROJECTED: "—"
                    if r["projected"] is None
                    else i18n.kpi_value(r["projected"], r["kpi_unit"]),
                    i18n.COL["target"]: yearend.target_text(r),
                    i18n.COL_MEETS: i18n.MEETS[r["meets"]],
                    i18n.COL_GAP: i18n.gap(r["gap"], r["kpi_unit"]),
                    i18n.COL_METHOD: i18n.PROJECTION_METHOD_NAME[r["method"]],
                }
                for r in data["projection"]
            ]
        )
    )

# --- year-end review table ---
st.header(i18n.YEAREND_TITLE)
web.table(pd.DataFrame(yearend.display_rows(data["yearend"]), columns=yearend.headers(ctx.catalog.plan.year)))

# --- notes ---
st.header(i18n.NOTES_TITLE)
web.note_list(data["notes"])
web.note_form(ctx, key="meeting")

# --- directives: earlier meetings' (done / open / overdue), this meeting's, the form ---
web.meeting_directives(ctx)
