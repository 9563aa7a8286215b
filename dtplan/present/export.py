"""The meeting figures as XLSX sheets, and the one entry point (`render`) the export command and the
Cuộc họp page's download buttons share. Both draw from `dtplan.read.meeting.meeting_data`, so the brief, the
workbook and the page show the same numbers for the same scope and month.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dtplan import i18n
from dtplan.domain.access import Scope, Viewer
from dtplan.domain.catalog import Catalog
from dtplan.present import brief, tables
from dtplan.present.ranking import ranking_kinds
from dtplan.present.scorecard import scorecard_sheets
from dtplan.present.tables import NUMBER
from dtplan.present.xlsx import Sheet, workbook_bytes
from dtplan.read import meeting, yearend

if TYPE_CHECKING:
    from sqlalchemy import Engine

BRIEF, XLSX = "brief", "xlsx"
KINDS = (BRIEF, XLSX)
BRIEF_DOCX = "brief_docx"  # the same brief as an editable DOCX (`export brief --out FILE.docx`)
MIME = {
    BRIEF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    BRIEF_DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def yearend_sheet(data: dict) -> Sheet:
    headers = yearend.headers(data["plan"].year)
    headers = [headers[0], headers[1], i18n.COL_OP, headers[2], headers[3], headers[4]]
    rows = []
    for r in data["yearend"]:
        if r["kind"] == yearend.GROUP:
            rows.append([r["code"], r["label"], None, None, None, None])
            continue
        label = f"– {r['label']}" if r["kind"] == yearend.SUB else r["label"]
        rows.append(
            [r["code"], label, yearend.OP_SYMBOL[r["op"]], r["target"], r["actual"], i18n.ASSESSMENT[r["assessment"]]]
        )
    return Sheet(i18n.SHEET["yearend"], headers, rows, {3: NUMBER, 4: NUMBER})


def projection_sheet(data: dict) -> Sheet:
    c = i18n.COL
    headers = [
        c["code"],
        c["kpi"],
        i18n.COL_KIND,
        c["actual"],
        c["status"],
        i18n.COL_PROJECTED,
        c["target"],
        i18n.COL_GAP,
        i18n.COL_MEETS,
        i18n.COL_EARLY_WARNING,
        i18n.COL_METHOD,
    ]
    rows = [
        [
            r["code"],
            r["name"],
            i18n.AGGREGATION[r["aggregation"]],
            r["actual"],
            i18n.kpi_status_label(r["status"]),
            r["projected"],
            r["target"],
            r["gap"],
            i18n.MEETS[r["meets"]],
            i18n.YES if r["early_warning"] else "",
            i18n.PROJECTION_METHOD_NAME[r["method"]],
        ]
        for r in data["projection"]
    ]
    return Sheet(i18n.SHEET["projection"], headers, rows, {3: NUMBER, 5: NUMBER, 6: NUMBER, 7: NUMBER})


def notes_sheet(data: dict) -> Sheet:
    headers = [
        i18n.NOTE_COL_PERIOD,
        i18n.NOTE_FORM_KIND,
        i18n.COL["code"],
        i18n.NOTE_COL_TARGET,
        i18n.NOTE_COL_TEXT,
        i18n.NOTE_COL_AUTHOR,
        i18n.NOTE_COL_AT,
    ]
    rows = [
        [
            n["period"],
            i18n.NOTE_KIND[n["kind"]],
            n["code"],
            n["target_name"],
            n["text"],
            n["author_name"],
            n["created_at"],
        ]
        for n in data["notes"]
    ]
    return Sheet(i18n.SHEET["notes"], headers, rows)


def ranking_sheet(data: dict, catalog: Catalog) -> Sheet:
    """Agencies, then the plan's local units (districts, or communes), every one ranked (the brief's
    "Xếp hạng các đơn vị", which prints only the last ranks of a long ranking)."""
    rankings = data.get("rankings") or {}
    headers, rows = [i18n.COL_KIND], []
    for kind in ranking_kinds(catalog):
        table = tables.ranking_table(rankings.get(kind, []))
        headers = [i18n.COL_KIND, *table.headers]
        rows += [[i18n.DOC_RANKING_KIND[kind], *row] for row in table.rows]
    return Sheet(i18n.SHEET_RANKING, headers, rows)


def meeting_sheets(data: dict, catalog: Catalog, scope: Scope) -> list[Sheet]:
    typed = tables.TYPED
    return [
        tables.meeting_kpi_table(data["kpis"]).sheet(i18n.SHEET["kpis"]),
        ranking_sheet(data, catalog),
        yearend_sheet(data),
        projection_sheet(data),
        tables.task_table(data["tasks"], catalog, scope, tables.TASK_MEETING_FILE, typed).sheet(i18n.SHEET["tasks"]),
        tables.compliance_table(data["compliance"], catalog, scope, cells=typed).sheet(i18n.SHEET["compliance"]),
        tables.changes_table(data, catalog, scope, typed).sheet(i18n.SHEET["changes"]),
        notes_sheet(data),
        *scorecard_sheets(data.get("scorecards", {}), catalog, scope, typed),
    ]


def caption(data: dict) -> str:
    plan = data["plan"]
    month = i18n.month(data["as_of"])
    return f"{plan.title}\n" + i18n.BRIEF_SUBTITLE.format(month=month, scope=data["scope_name"])


def xlsx_bytes(data: dict, catalog: Catalog, scope: Scope) -> bytes:
    return workbook_bytes(meeting_sheets(data, catalog, scope), demo=data["demo"], caption=caption(data))


def render(
    kind: str,
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    as_of: str,
    compare: str | None = None,
    today: dt.date | None = None,
    data: dict | None = None,
    viewer: Viewer | None = None,
) -> bytes:
    """The brief (PDF or DOCX) or the figures (XLSX) for one scope and month."""
    if kind not in MIME:
        raise ValueError(kind)
    data = data or meeting.meeting_data(engine, catalog, scope, as_of, compare=compare, today=today, viewer=viewer)
    if kind == BRIEF:
        return brief.brief_pdf(data, catalog, scope)
    if kind == BRIEF_DOCX:
        return brief.brief_docx(data, catalog, scope)
    return xlsx_bytes(data, catalog, scope)


def file_format(kind: str) -> str:
    return {BRIEF: "pdf", BRIEF_DOCX: "docx", XLSX: "xlsx"}[kind]


def file_name(kind: str, catalog: Catalog, scope: Scope, as_of: str) -> str:
    suffix = file_format(kind)
    stem = "so-lieu" if kind == XLSX else "tom-tat"
    return f"{stem}-{catalog.plan.code}-{scope.code}-{as_of}.{suffix}"
