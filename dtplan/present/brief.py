"""The meeting brief as a PDF: its content, section by section (the document and its drawing are in
dtplan.present.pdf).

It draws only from `dtplan.read.meeting.meeting_data`, the bundle the Cuộc họp page and the XLSX export
use, and its tables from dtplan.present.tables, so the three never disagree and a unit's brief holds only
what that unit's scope returns. Names of units outside the scope (the lead of a task the unit only
partners) are replaced by a neutral label.
"""

from __future__ import annotations

import datetime as dt

from fpdf.enums import XPos, YPos

from dtplan import i18n
from dtplan.domain import projection
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import shown_statuses
from dtplan.present import tables
from dtplan.present.pdf import DEMO_RGB, FONT, INK, MUTED, BriefDocument, gauges
from dtplan.read import views, yearend
from dtplan.store import notes

# One naming rule for pages and files (dtplan.read.views.unit_label): another unit is "Đơn vị khác".
unit_label = views.unit_label


def headline(data: dict) -> dict[str, dict[str, int]]:
    """The counts the brief opens with (KPIs that apply to the scope, tasks, this month's reports)."""
    kpis = {s: 0 for s in shown_statuses(data["as_of"])}
    for row in data["kpis"]:
        kpis[row["status"]] += 1
    this_month = [r for r in data["compliance"] if r["period"] == data["as_of"]]
    reports = {s: sum(1 for r in this_month if r["status"] == s) for s in i18n.COMPLIANCE_STATUS}
    return {"kpis": kpis, "tasks": dict(data["summary"]["tasks"]), "reports": reports}


def brief_pdf(data: dict, catalog: Catalog, scope: Scope, made_at: dt.datetime | None = None) -> bytes:
    """The brief for `data` = meeting.meeting_data(engine, catalog, scope, as_of, ...)."""
    plan = data["plan"]
    month = i18n.month(data["as_of"])
    subtitle = i18n.BRIEF_SUBTITLE.format(month=month, scope=data["scope_name"])
    pdf = BriefDocument(f"{plan.number or plan.code} · {month} · {data['scope_name']}", data["demo"])
    pdf.set_title(f"{i18n.BRIEF_TITLE} — {month}")
    pdf.set_author("dtplan")
    pdf.set_creation_date((made_at or dt.datetime.now()).astimezone())
    pdf.add_page()

    # Title block.
    pdf.para(i18n.BRIEF_TITLE, size=14, bold=True)
    pdf.para(plan.title, size=10)
    pdf.para(subtitle, size=10, bold=True)
    pdf.para(i18n.BRIEF_MADE.format(at=i18n.datetime(made_at or dt.datetime.now())), size=8, colour=MUTED)
    if data["demo"]:
        pdf.ln(1)
        pdf.set_fill_color(255, 240, 224)
        pdf.set_draw_color(*DEMO_RGB)
        pdf.set_text_color(*DEMO_RGB)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 6, i18n.BRIEF_DEMO, border=1, fill=True, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)

    counts = headline(data)
    pdf.heading(i18n.HEADLINE_TITLE)
    pdf.para(i18n.kpi_counts_line(counts["kpis"]))
    pdf.para(i18n.BRIEF_TASK_COUNTS.format(**counts["tasks"]))
    pdf.para(i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"]))

    pdf.heading(i18n.BRIEF_GAUGES)
    gauges(pdf, data["kpis"])

    pdf.heading(i18n.YEAREND_TITLE)
    pdf.grid(
        yearend.headers(plan.year),
        yearend.display_rows(data["yearend"]),
        (11, 103, 24, 25, 19),
        aligns=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER"),
    )

    pdf.heading(i18n.PROJECTION_TITLE)
    pdf.para(projection.METHOD_TEXT, size=7.5, colour=MUTED)
    warnings = data["early_warning"]
    pdf.para(i18n.EARLY_WARNING_TITLE, bold=True)
    if warnings:
        pdf.grid(
            [i18n.COL["code"], i18n.COL["kpi"], i18n.COL["actual"], i18n.COL_PROJECTED, i18n.COL["target"]],
            [
                [
                    r["code"],
                    r["name"],
                    i18n.kpi_value(r["actual"], r["kpi_unit"]),
                    i18n.kpi_value(r["projected"], r["kpi_unit"]),
                    yearend.target_text(r),
                ]
                for r in warnings
            ],
            (12, 96, 24, 25, 25),
        )
    else:
        pdf.para(i18n.EARLY_WARNING_NONE)

    pdf.heading(i18n.LAGGING_TITLE)
    lagging = sorted(data["lagging"], key=lambda r: (r["status"] != "overdue", r["progress"] or 0.0, r["code"]))
    if lagging:
        table = tables.task_table(lagging, catalog, scope, tables.TASK_BRIEF, brief=True)
        pdf.table_of(table, (20, 78, 26, 19, 14, 25))
    else:
        pdf.para(i18n.NO_LAGGING)

    pdf.heading(i18n.COMPLIANCE_TITLE)
    pdf.para(i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"]))
    problems = [r for r in data["compliance"] if r["period"] == data["as_of"] and r["status"] in ("late", "missing")]
    if problems:
        table = tables.compliance_table(problems, catalog, scope, tables.COMPLIANCE_BRIEF)
        pdf.table_of(table, (80, 30, 30, 42))

    if data["changes"] is None:
        pdf.heading(i18n.CHANGES_TITLE.format(before="—", after=month))
        pdf.para(i18n.MEETING_NO_COMPARE)
    else:
        pdf.heading(i18n.CHANGES_TITLE.format(before=i18n.month(data["compare"]), after=month))
        table = tables.changes_table(data, catalog, scope)
        if table.rows:
            pdf.table_of(table, (28, 78, 38, 38))
        else:
            pdf.para(i18n.CHANGES_NONE)

    pdf.heading(i18n.NOTES_TITLE)
    if data["notes"]:
        rows = notes.display_rows(data["notes"])
        keys = (i18n.NOTE_COL_PERIOD, i18n.NOTE_COL_TARGET, i18n.NOTE_COL_TEXT, i18n.NOTE_COL_AUTHOR, i18n.NOTE_COL_AT)
        pdf.grid(list(keys), [[r[k] for k in keys] for r in rows], (20, 42, 76, 22, 22))
    else:
        pdf.para(i18n.NOTES_NONE)

    return bytes(pdf.output())
