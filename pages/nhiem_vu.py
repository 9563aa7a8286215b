"""Nhiệm vụ (Phụ lục 01–03): tasks filtered by appendix, section, lead unit and status (all in the URL:
?appendix=&section=&lead=&status=), lagging first; ?task=CODE opens a task's history of progress
reports. Illustrative tasks are marked "Minh họa" wherever they show."""

import pandas as pd
import streamlit as st

from dtplan import i18n, web
from dtplan.domain import metrics
from dtplan.domain.access import AccessDenied
from dtplan.present import tables
from dtplan.present.xlsx import Sheet
from dtplan.read import views
from dtplan.read.tasks import LAGGING_FILTER, task_counts, task_history, task_list
from dtplan.web import state

ctx = web.guard("tasks")
web.page_header(ctx, ctx.page.title)
visible = web.view(task_list, ctx.scope, ctx.as_of)

st.caption(i18n.FILTERS)
c1, c2, c3, c4 = st.columns(4)
with c1:
    appendix = web.url_selectbox(
        i18n.COL["appendix"], state.Q_APPENDIX, ["", *i18n.APPENDIX], lambda a: i18n.APPENDIX.get(a, i18n.ALL)
    )
with c2:
    sections = sorted({t["section"] for t in visible if not appendix or t["appendix"] == appendix})
    section = web.url_selectbox(i18n.COL["section"], state.Q_SECTION, ["", *sections], lambda s: s or i18n.ALL)
with c3:
    # Only units of the scope are offered (other units' names and codes are not sent: "Đơn vị khác").
    leads = sorted(
        {t["lead"] for t in visible if ctx.scope.is_all or ctx.scope.allows(t["lead"])},
        key=lambda c: views.unit_label(ctx.catalog, ctx.scope, c, short=False),
    )
    lead = web.url_selectbox(
        i18n.COL["lead"],
        state.Q_LEAD,
        ["", *leads],
        lambda c: views.unit_label(ctx.catalog, ctx.scope, c, short=False) if c else i18n.ALL,
    )
with c4:
    statuses = ["", LAGGING_FILTER, *metrics.TASK_STATUSES]
    status = web.url_selectbox(
        i18n.COL["status"],
        state.Q_STATUS,
        statuses,
        lambda s: i18n.ALL if not s else i18n.LAGGING_FILTER if s == LAGGING_FILTER else i18n.task_status_label(s),
    )

rows = web.view(
    task_list,
    ctx.scope,
    ctx.as_of,
    appendix=appendix or None,
    section=section or None,
    lead=lead or None,
    status=status or None,
)
counts = task_counts(rows)
st.markdown(
    f"**{counts['total']}** · " + " · ".join(f"{i18n.task_status_label(s)}: {counts[s]}" for s in metrics.TASK_STATUSES)
)
# Each task's code opens its history on this page, the filters kept.
filters = {state.Q_APPENDIX: appendix, state.Q_SECTION: section, state.Q_LEAD: lead, state.Q_STATUS: status}
kept = {key: value or None for key, value in filters.items()}
opens = [web.page_href(ctx, "tasks", **kept, **{state.Q_TASK: t["code"]}) for t in rows]
frame = tables.task_frame(rows, ctx.catalog, ctx.scope)
web.table(frame, key="dtplan_task_page", links={i18n.COL["code"]: opens})

codes = [t["code"] for t in visible]
titles = {t["code"]: tables.task_title(t) for t in visible}
task_code = web.url_selectbox(
    i18n.CHOOSE_TASK, state.Q_TASK, ["", *codes], lambda c: f"{c} · {titles[c][:90]}" if c else i18n.CHOOSE
)
history: list[dict] = []
if task_code:
    task = next(t for t in visible if t["code"] == task_code)
    st.subheader(f"{i18n.TASK_HISTORY}: {task_code}")
    if task["illustrative"]:
        st.warning(i18n.ILLUSTRATIVE_TASK, icon=":material/info:")
    st.markdown(f"**{web.plain_markdown(task['title'])}**")
    st.markdown(
        f"{i18n.COL['lead']}: {views.unit_label(ctx.catalog, ctx.scope, task['lead'], short=False)} · "
        f"{i18n.COL['due']}: {i18n.date(task['due'])} · {i18n.COL['status']}: {i18n.task_status_label(task['status'])}"
    )
    try:
        history = web.view(task_history, ctx.scope, task_code)
    except AccessDenied as exc:
        st.error(str(exc))
    if history:
        web.table(
            pd.DataFrame(
                {
                    i18n.COL["period"]: [i18n.month_short(h["period"]) for h in history],
                    i18n.COL["unit"]: [h["unit_name"] for h in history],
                    i18n.COL["status"]: [i18n.PROGRESS_STATUS.get(h["status"], h["status"]) for h in history],
                    i18n.COL["progress"]: [i18n.percent(h["progress"], 0) for h in history],
                    i18n.COL["submitted_at"]: [
                        i18n.date(h["submitted_at"][:10] if h["submitted_at"] else None) for h in history
                    ],
                    i18n.COL["note"]: [h["note"] or "" for h in history],
                }
            )
        )
    else:
        st.info(i18n.NO_HISTORY)
    web.show_notes(ctx, "task", task_code)


def sheets() -> list[Sheet]:
    cols = (
        "code",
        "appendix",
        "section",
        "title",
        "lead",
        "start",
        "due",
        "progress",
        "expected_progress",
        "status",
        "illustrative",
    )
    result = [
        Sheet(
            i18n.SHEET["tasks"],
            [i18n.COL[c] for c in cols],
            [
                [
                    r["code"],
                    r["appendix"],
                    r["section"],
                    r["title"],
                    views.unit_label(ctx.catalog, ctx.scope, r["lead"]),
                    r["start"],
                    r["due"],
                    r["progress"],
                    r["expected_progress"],
                    i18n.task_status_label(r["status"]),
                    i18n.ILLUSTRATIVE if r["illustrative"] else "",
                ]
                for r in rows
            ],
        )
    ]
    if history:
        result.append(
            Sheet(
                i18n.TASK_HISTORY[:31],
                [i18n.COL[c] for c in ("period", "unit", "status", "progress", "submitted_at", "note")],
                [
                    [h["period"], h["unit_name"], h["status"], h["progress"], h["submitted_at"], h["note"]]
                    for h in history
                ],
            )
        )
    return result


web.download_xlsx(ctx, sheets, "nhiem-vu")
