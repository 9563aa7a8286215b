"""The meeting figures as XLSX sheets, and the one entry point (`render`) the export command and the
Cuộc họp page's download buttons share. Both draw from `dtplan.read.meeting.meeting_data`, so the brief, the
workbook and the page show the same numbers for the same scope and month.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from dtplan import i18n
from dtplan.domain.access import Scope, Viewer
from dtplan.domain.catalog import Catalog
from dtplan.present import brief
from dtplan.present.xlsx import Sheet, workbook_bytes
from dtplan.read import meeting, views, yearend

BRIEF, XLSX = "brief", "xlsx"
KINDS = (BRIEF, XLSX)
MIME = {BRIEF: "application/pdf", XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
NUMBER = "#,##0.0"
INTEGER = "#,##0"
DATE = "dd/mm/yyyy"


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def kpi_sheet(data: dict) -> Sheet:
    c = i18n.COL
    headers = [
        c["code"],
        c["kpi"],
        i18n.COL_KIND,
        c["numerator"],
        c["denominator"],
        c["actual"],
        c["expected"],
        i18n.COL_OP,
        c["target"],
        c["status"],
        c["assessment"],
    ]
    rows = [
        [
            r["code"],
            r["name"],
            i18n.AGGREGATION[r["aggregation"]],
            r["numerator"],
            r["denominator"],
            r["actual"],
            r["expected"],
            yearend.OP_SYMBOL[r["op"]],
            r["target"],
            i18n.kpi_status(r["status"]),
            i18n.ASSESSMENT[r["assessment"]],
        ]
        for r in data["kpis"]
    ]
    return Sheet(i18n.SHEET["kpis"], headers, rows, {3: NUMBER, 4: NUMBER, 5: NUMBER, 6: NUMBER, 8: NUMBER})


KPI_RESULT_COLUMNS = ("actual", "expected", "target", "status", "numerator", "denominator")


def kpi_results_sheet(title: str, rows: list[dict], code_key: str, name_key: str, first: tuple[str, str]) -> Sheet:
    """A sheet of KPI results (views rows) as the dashboard pages show them: two identifying columns
    (a KPI or a unit: code and name), then actual, expected, target, status, numerator, denominator."""
    headers = [i18n.COL[c] for c in (*first, *KPI_RESULT_COLUMNS)]
    body = [
        [
            r[code_key],
            r[name_key],
            r["actual"],
            r["expected"],
            r["target"],
            i18n.kpi_status(r["status"]),
            r["numerator"],
            r["denominator"],
        ]
        for r in rows
    ]
    return Sheet(title, headers, body, {2: "0.0", 3: "0.0", 4: "0.0"})


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
            i18n.kpi_status(r["status"]),
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


def task_sheet(data: dict, catalog: Catalog, scope: Scope) -> Sheet:
    c = i18n.COL
    headers = [
        c["code"],
        c["appendix"],
        c["title"],
        c["lead"],
        c["partners"],
        c["start"],
        c["due"],
        c["progress"],
        c["expected_progress"],
        c["status"],
        c["illustrative"],
    ]
    rows = [
        [
            r["code"],
            r["appendix"],
            r["title"],
            views.unit_label(catalog, scope, r["lead"]),
            views.unit_labels(catalog, scope, r["partners"]),
            _date(r["start"]),
            _date(r["due"]),
            r["progress"],
            r["expected_progress"],
            i18n.task_status(r["status"]),
            i18n.ILLUSTRATIVE if r["illustrative"] else "",
        ]
        for r in data["tasks"]
    ]
    return Sheet(i18n.SHEET["tasks"], headers, rows, {5: DATE, 6: DATE, 7: "0", 8: "0"})


def compliance_sheet(data: dict, catalog: Catalog, scope: Scope) -> Sheet:
    c = i18n.COL
    headers = [c["unit_code"], c["unit"], c["period"], c["due"], c["submitted_at"], c["status"]]
    rows = [
        [
            r["unit"],
            views.unit_label(catalog, scope, r["unit"]),
            r["period"],
            _date(r["due"]),
            _date(r["submitted_at"]),
            i18n.compliance_status(r["status"]),
        ]
        for r in data["compliance"]
    ]
    return Sheet(i18n.SHEET["compliance"], headers, rows, {3: DATE, 4: DATE})


def changes_sheet(data: dict, catalog: Catalog, scope: Scope) -> Sheet:
    headers = [
        i18n.COL_GROUP,
        i18n.COL["code"],
        i18n.COL["name"],
        i18n.COL_CHANGE,
        i18n.COL_BEFORE_PLAIN,
        i18n.COL_AFTER_PLAIN,
    ]
    rows: list[list] = []
    ch = data["changes"]
    if ch is not None:
        for r in ch["kpis"]:
            rows.append(
                [
                    i18n.CHANGE_GROUP["kpi"],
                    r["code"],
                    r["name"],
                    i18n.CHANGE_DIRECTION[r["direction"]],
                    i18n.kpi_status(r["status_before"]),
                    i18n.kpi_status(r["status_after"]),
                ]
            )
        for r in ch["tasks"]:
            rows.append(
                [
                    i18n.CHANGE_GROUP["task"],
                    r["code"],
                    r["title"],
                    i18n.CHANGE_DIRECTION[r["direction"]],
                    i18n.task_status(r["status_before"]),
                    i18n.task_status(r["status_after"]),
                ]
            )
        for r in ch["units"]:
            rows.append(
                [
                    i18n.CHANGE_GROUP["unit"],
                    r["unit"],
                    views.unit_label(catalog, scope, r["unit"]),
                    i18n.CHANGE_DIRECTION[r["direction"]],
                    i18n.compliance_status(r["status_before"]),
                    i18n.compliance_status(r["status_after"]),
                ]
            )
    return Sheet(i18n.SHEET["changes"], headers, rows)


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


def meeting_sheets(data: dict, catalog: Catalog, scope: Scope) -> list[Sheet]:
    return [
        kpi_sheet(data),
        yearend_sheet(data),
        projection_sheet(data),
        task_sheet(data, catalog, scope),
        compliance_sheet(data, catalog, scope),
        changes_sheet(data, catalog, scope),
        notes_sheet(data),
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
    """The brief (PDF) or the figures (XLSX) for one scope and month."""
    if kind not in KINDS:
        raise ValueError(kind)
    data = data or meeting.meeting_data(engine, catalog, scope, as_of, compare=compare, today=today, viewer=viewer)
    if kind == BRIEF:
        return brief.brief_pdf(data, catalog, scope)
    return xlsx_bytes(data, catalog, scope)


def file_name(kind: str, catalog: Catalog, scope: Scope, as_of: str) -> str:
    suffix = "pdf" if kind == BRIEF else "xlsx"
    stem = "tom-tat" if kind == BRIEF else "so-lieu"
    return f"{stem}-{catalog.plan.code}-{scope.code}-{as_of}.{suffix}"
