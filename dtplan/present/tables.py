"""The dashboard's tables — headers and rows — built once for the page, the XLSX files and the PDF brief.

Each builder takes plain rows from dtplan.read (and the catalog and scope where it names units, always
with the one rule dtplan.read.views.unit_label: a unit outside the scope is "Đơn vị khác") and returns a
`Table`. The page makes a DataFrame of it (`Table.frame`), the XLSX a Sheet (`Table.sheet`), the PDF its
grid. Where the screen and a file differ only in how a cell is written, the builder's `cells` says which:

  TEXT   the words on the screen and in the PDF (1.234,5 %, 31/12/2025, "✔ Đạt")
  TYPED  the meeting workbook: numbers as numbers, dates as real dates, with Excel number formats
  PLAIN  the pages' "Tải số liệu" workbooks: the figures as stored (numbers, ISO dates)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.read import views, yearend

if TYPE_CHECKING:
    import pandas as pd

    from dtplan.present.xlsx import Sheet

TEXT, TYPED, PLAIN = "text", "typed", "plain"
NUMBER = "#,##0.0"
DATE = "dd/mm/yyyy"


@dataclass(frozen=True)
class Table:
    """Headers and rows; `number_formats` maps a column index (0-based) to an Excel format."""

    headers: list[str]
    rows: list[list]
    number_formats: dict[int, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({h: [row[i] for row in self.rows] for i, h in enumerate(self.headers)})

    def sheet(self, title: str) -> Sheet:
        from dtplan.present.xlsx import Sheet  # openpyxl only when a file is made

        return Sheet(title, list(self.headers), self.rows, dict(self.number_formats))


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _date_cell(value: str | None, cells: str):
    if cells == TEXT:
        return i18n.date(value)
    return _date(value) if cells == TYPED else value


# --- KPI results ---------------------------------------------------------------------------------------

# The identifying columns of a KPI-results table: (column key in i18n.COL, key of the row).
KPI_IDS = (("code", "code"), ("kpi", "name"))  # views.kpi_table
UNIT_KPI_IDS = (("unit", "unit_name"), ("code", "kpi"), ("kpi", "kpi_name"))  # views.unit_kpis, kpi_breakdown...
OWN_KPI_IDS = (("code", "kpi"), ("kpi", "kpi_name"))  # one unit's own KPIs (its name is the page's)
BREAKDOWN_IDS = (("unit_code", "unit"), ("unit", "unit_name"))  # one KPI's units, in a file


def kpi_results(rows: list[dict], ids=KPI_IDS, cells: str = TEXT) -> Table:
    """KPI results as the dashboard shows them: the identifying columns, then actual, expected, target and
    status. In a file (not TEXT) the figures stay numbers and the numerator and denominator follow."""
    values = ("actual", "expected", "target")
    headers = [i18n.COL[c] for c, _ in ids] + [i18n.COL[c] for c in (*values, "status")]
    if cells == TEXT:
        body = [
            [r[k] for _, k in ids]
            + [i18n.kpi_value(r[v], r["kpi_unit"]) for v in values]
            + [i18n.kpi_status_label(r["status"])]
            for r in rows
        ]
        return Table(headers, body)
    headers += [i18n.COL["numerator"], i18n.COL["denominator"]]
    body = [
        [r[k] for _, k in ids]
        + [r[v] for v in values]
        + [i18n.kpi_status_label(r["status"]), r["numerator"], r["denominator"]]
        for r in rows
    ]
    first = len(ids)
    return Table(headers, body, {first: "0.0", first + 1: "0.0", first + 2: "0.0"})


def unit_kpi_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows of views.unit_kpis / kpi_breakdown / commune_kpis (one unit × KPI each)."""
    return kpi_results(rows, UNIT_KPI_IDS).frame()


def meeting_kpi_table(rows: list[dict]) -> Table:
    """The meeting workbook's KPI sheet: every figure behind a KPI's status (rows of meeting_data["kpis"])."""
    c = i18n.COL
    headers = [c["code"], c["kpi"], i18n.COL_KIND, c["numerator"], c["denominator"], c["actual"], c["expected"]]
    headers += [i18n.COL_OP, c["target"], c["status"], c["assessment"]]
    body = [
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
            i18n.kpi_status_label(r["status"]),
            i18n.ASSESSMENT[r["assessment"]],
        ]
        for r in rows
    ]
    return Table(headers, body, {3: NUMBER, 4: NUMBER, 5: NUMBER, 6: NUMBER, 8: NUMBER})


# --- tasks ----------------------------------------------------------------------------------------------

TASK_PAGE = ("code", "title", "lead", "due", "progress", "expected_progress", "status")
TASK_UNIT_FILE = (*TASK_PAGE, "illustrative")
TASK_MEETING_FILE = ("code", "appendix", "title", "lead", "partners", "start", "due")
TASK_MEETING_FILE += ("progress", "expected_progress", "status", "illustrative")
TASK_OVERVIEW = ("code", "title", "lead", "due", "status")
TASK_BRIEF = ("code", "title", "lead", "due", "progress", "status")


def task_title(row: dict) -> str:
    """A task's title as the pages write it: an illustrative task says so first."""
    return f"[{i18n.ILLUSTRATIVE}] {row['title']}" if row["illustrative"] else row["title"]


def task_table(
    rows: list[dict],
    catalog: Catalog,
    scope: Scope,
    columns: tuple[str, ...] = TASK_PAGE,
    cells: str = TEXT,
    brief: bool = False,
) -> Table:
    """Tasks (rows of views.task_list or meeting_data), one column per name in `columns` (keys of i18n.COL).

    TEXT marks an illustrative task in its title, or (`brief`: the PDF's narrow table) after its code
    with progress as a plain number; files give it a column of its own."""

    def cell(r: dict, col: str):
        if col == "code":
            return r["code"] + (f" ({i18n.ILLUSTRATIVE})" if brief and r["illustrative"] else "")
        if col == "title":
            return task_title(r) if cells == TEXT and not brief else r["title"]
        if col == "lead":
            return views.unit_label(catalog, scope, r["lead"])
        if col == "partners":
            return views.unit_labels(catalog, scope, r["partners"])
        if col in ("start", "due"):
            return _date_cell(r[col], cells)
        if col in ("progress", "expected_progress"):
            if cells != TEXT:
                return r[col]
            if brief:
                return "—" if r[col] is None else i18n.number(r[col], 0)
            return i18n.percent(r[col], 0)
        if col == "status":
            return i18n.task_status_label(r["status"])
        if col == "illustrative":
            return i18n.ILLUSTRATIVE if r["illustrative"] else ""
        return r[col]

    formats: dict[int, str] = {}
    if cells == TYPED:
        wanted = {"start": DATE, "due": DATE, "progress": "0", "expected_progress": "0"}
        formats = {i: wanted[c] for i, c in enumerate(columns) if c in wanted}
    # A task's "due" is when it must be finished (a report's "due" is when it must be sent).
    headers = [i18n.COL["task_due"] if c == "due" else i18n.COL[c] for c in columns]
    return Table(headers, [[cell(r, c) for c in columns] for r in rows], formats)


def task_frame(rows: list[dict], catalog: Catalog, scope: Scope, columns: tuple[str, ...] = TASK_PAGE) -> pd.DataFrame:
    """The pages' task table (`columns`: the task page's, or e.g. TASK_OVERVIEW)."""
    return task_table(rows, catalog, scope, columns).frame()


# --- rankings -------------------------------------------------------------------------------------------


def ranking_table(rows: list[dict]) -> Table:
    """Units ranked by the share of their KPIs met or on track (rows of views.unit_ranking)."""
    headers = [i18n.COL[c] for c in ("rank", "unit", "applicable", "ok_share", "lagging_tasks", "status")]
    body = [
        [
            f"{r['rank']}/{r['total']}",
            r["name"],
            r["applicable"],
            i18n.percent(r["ok_share"], 0),
            r["lagging_tasks"],
            i18n.kpi_status_label(r["overall"]),
        ]
        for r in rows
    ]
    return Table(headers, body)


def ranking_frame(rows: list[dict]) -> pd.DataFrame:
    return ranking_table(rows).frame()


# --- reporting compliance -------------------------------------------------------------------------------

COMPLIANCE_FILE = ("unit_code", "unit", "period", "due", "submitted_at", "status")
COMPLIANCE_BRIEF = ("unit", "due", "submitted_at", "status")


def compliance_table(
    rows: list[dict],
    catalog: Catalog,
    scope: Scope,
    columns: tuple[str, ...] = COMPLIANCE_FILE,
    cells: str = TEXT,
    full_names: bool = False,
    status_header: str = "status",
) -> Table:
    """Monthly reports (rows of views.compliance_table / meeting_data["compliance"]), one per unit and month."""

    def cell(r: dict, col: str):
        if col == "unit_code":
            return r["unit"]
        if col == "unit":
            return views.unit_label(catalog, scope, r["unit"], short=not full_names)
        if col in ("due", "submitted_at"):
            return _date_cell(r[col], cells)
        if col == "status":
            return i18n.compliance_status_label(r["status"])
        return r[col]

    headers = [i18n.COL[status_header if c == "status" else c] for c in columns]
    formats = {i: DATE for i, c in enumerate(columns) if c in ("due", "submitted_at")} if cells == TYPED else {}
    return Table(headers, [[cell(r, c) for c in columns] for r in rows], formats)


def compliance_sheet(rows: list[dict], catalog: Catalog, scope: Scope) -> Sheet:
    """The pages' reporting-record sheet: units by their full names, dates as stored."""
    table = compliance_table(rows, catalog, scope, cells=PLAIN, full_names=True, status_header="reported_status")
    return table.sheet(i18n.SHEET["compliance"])


# --- one unit's page (agency or district) --------------------------------------------------------------


def unit_sheets(parts: dict[str, list[dict]], catalog: Catalog, scope: Scope) -> list[Sheet]:
    """The sheets of one unit's page: its KPIs, its tasks as lead and as partner, its reporting record."""
    return [
        kpi_results(parts["kpis"], OWN_KPI_IDS, cells=PLAIN).sheet(i18n.UNIT_KPIS),
        *[
            task_table(parts[key], catalog, scope, TASK_UNIT_FILE, cells=PLAIN).sheet(title)
            for title, key in ((i18n.UNIT_TASKS_LEAD, "lead"), (i18n.UNIT_TASKS_PARTNER, "partner"))
        ],
        compliance_sheet(parts["record"], catalog, scope),
    ]


# --- what changed since the compared month --------------------------------------------------------------


def _direction(r: dict) -> str:
    return i18n.CHANGE_DIRECTION[r["direction"]]


def change_tables(data: dict, catalog: Catalog, scope: Scope) -> list[tuple[str, Table]]:
    """The Cuộc họp page's three "what changed" tables (title, table)."""
    ch = data["changes"]
    before = i18n.COL_BEFORE.format(month=i18n.month_short(data["compare"]))
    after = i18n.COL_AFTER.format(month=i18n.month_short(data["as_of"]))
    c = i18n.COL
    kpis = Table(
        [i18n.COL_CHANGE, c["code"], c["kpi"], before, after],
        [
            [
                _direction(r),
                r["code"],
                r["name"],
                i18n.kpi_status_value(r["status_before"], r["actual_before"], r["kpi_unit"]),
                i18n.kpi_status_value(r["status_after"], r["actual_after"], r["kpi_unit"]),
            ]
            for r in ch["kpis"]
        ],
    )
    tasks = Table(
        [i18n.COL_CHANGE, c["code"], c["title"], c["lead"], before, after, c["progress"]],
        [
            [
                _direction(r),
                r["code"],
                r["title"],
                views.unit_label(catalog, scope, r["lead"]),
                i18n.task_status_label(r["status_before"]),
                i18n.task_status_label(r["status_after"]),
                "—" if r["progress"] is None else i18n.number(r["progress"], 0),  # under "Tiến độ (%)"
            ]
            for r in ch["tasks"]
        ],
    )
    units = Table(
        [i18n.COL_CHANGE, c["unit"], before, after],
        [
            [
                _direction(r),
                views.unit_label(catalog, scope, r["unit"]),
                i18n.compliance_status_label(r["status_before"]),
                i18n.compliance_status_label(r["status_after"]),
            ]
            for r in ch["units"]
        ],
    )
    return [(i18n.CHANGES_KPIS, kpis), (i18n.CHANGES_TASKS, tasks), (i18n.CHANGES_UNITS, units)]


def changes_table(data: dict, catalog: Catalog, scope: Scope, cells: str = TEXT) -> Table:
    """Every change in one table: in the brief (TEXT) direction, name, before and after with the KPI's
    value; in the workbook (TYPED) also the group and the code, the statuses without values."""
    ch = data["changes"] or {"kpis": [], "tasks": [], "units": []}
    rows: list[list] = []
    if cells == TEXT:
        headers = [
            i18n.COL_CHANGE,
            i18n.COL["name"],
            i18n.COL_BEFORE.format(month=i18n.month_short(data["compare"])) if data["compare"] else "",
            i18n.COL_AFTER.format(month=i18n.month_short(data["as_of"])),
        ]
        for r in ch["kpis"]:
            before = i18n.kpi_status_value(r["status_before"], r["actual_before"], r["kpi_unit"])
            after = i18n.kpi_status_value(r["status_after"], r["actual_after"], r["kpi_unit"])
            rows.append([_direction(r), f"{r['code']} — {r['name']}", before, after])
        for r in ch["tasks"]:
            before, after = i18n.task_status_label(r["status_before"]), i18n.task_status_label(r["status_after"])
            rows.append([_direction(r), f"{r['code']} — {r['title']}", before, after])
        for r in ch["units"]:
            before, after = (
                i18n.compliance_status_label(r["status_before"]),
                i18n.compliance_status_label(r["status_after"]),
            )
            rows.append([_direction(r), views.unit_label(catalog, scope, r["unit"]), before, after])
        return Table(headers, rows)
    headers = [i18n.COL_GROUP, i18n.COL["code"], i18n.COL["name"], i18n.COL_CHANGE]
    headers += [i18n.COL_BEFORE_PLAIN, i18n.COL_AFTER_PLAIN]
    group = i18n.CHANGE_GROUP
    for r in ch["kpis"]:
        before, after = i18n.kpi_status_label(r["status_before"]), i18n.kpi_status_label(r["status_after"])
        rows.append([group["kpi"], r["code"], r["name"], _direction(r), before, after])
    for r in ch["tasks"]:
        before, after = i18n.task_status_label(r["status_before"]), i18n.task_status_label(r["status_after"])
        rows.append([group["task"], r["code"], r["title"], _direction(r), before, after])
    for r in ch["units"]:
        before, after = (
            i18n.compliance_status_label(r["status_before"]),
            i18n.compliance_status_label(r["status_after"]),
        )
        name = views.unit_label(catalog, scope, r["unit"])
        rows.append([group["unit"], r["unit"], name, _direction(r), before, after])
    return Table(headers, rows)


def contribution_frame(contributions: list[dict], kpi_unit: str, as_of: str) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(contribution_columns(contributions, kpi_unit, as_of))


def contribution_columns(contributions: list[dict], kpi_unit: str, as_of: str) -> dict[str, list[str]]:
    """The KPI page's table of the figures behind a KPI (unit, month, numerator, denominator, sent, note),
    column by column, formatted for the screen; a figure from a report older than the rule allows is
    marked stale."""
    return {
        i18n.COL["unit"]: [r["unit_name"] for r in contributions],
        i18n.COL["period"]: [
            i18n.month_short(r["period"]) + (f" · {i18n.STALE}" if metrics.is_stale(r["period"], as_of) else "")
            for r in contributions
        ],
        i18n.COL["numerator"]: [i18n.number(r["numerator"], 0) for r in contributions],
        i18n.COL["denominator"]: [
            "—" if kpi_unit == "count" else i18n.number(r["denominator"], 0) for r in contributions
        ],
        i18n.COL["submitted_at"]: [
            i18n.date(r["submitted_at"][:10] if r["submitted_at"] else None) for r in contributions
        ],
        i18n.COL["note"]: [r["note"] or "" for r in contributions],
    }
