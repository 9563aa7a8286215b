"""The scorecard (Bảng tổng hợp) as a table — one builder for the page, the workbooks and the brief.

Rows come from dtplan.read.scorecard (contract §6). A cell is the unit's actual in vi format with its
status symbol and word ("72,5% ✔ Đạt"), "○ Chưa có số liệu" where the unit sent nothing, and blank
where the KPI does not apply to the unit. Units are named with the one rule of dtplan.read.scope.
"""

from __future__ import annotations

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.present.tables import TEXT, Table
from dtplan.read.scope import unit_label

UNIT_SORT, MET_SORT = "unit", "met"
COMPACT = "compact"  # the brief: a page's width holds a dozen KPI columns only as "72,5% ◆", with a legend


def legend(statuses=metrics.KPI_STATUSES) -> str:
    """The symbols of the compact cells, in words."""
    return " · ".join(i18n.kpi_status_label(s) for s in statuses)


def cell_text(cell: dict | None, kpi_unit: str, compact: bool = False) -> str:
    """One cell's words: blank (not applicable), "○ Chưa có số liệu", or the value, symbol and word
    (compact: the value and the symbol, "○" alone)."""
    if cell is None:
        return ""
    if cell["status"] == metrics.NO_DATA or cell["actual"] is None:
        return i18n.KPI_STATUS_SYMBOL[metrics.NO_DATA] if compact else i18n.kpi_status_label(metrics.NO_DATA)
    status = i18n.KPI_STATUS_SYMBOL[cell["status"]] if compact else i18n.kpi_status_label(cell["status"])
    return f"{i18n.kpi_value(cell['actual'], kpi_unit)} {status}"


def met_text(row: dict) -> str:
    return f"{row['met']}/{row['applicable']}"


def sort_keys(card: dict) -> list[str]:
    """What the rows can be sorted by: "" (the plan's order), the unit, each KPI column, the met count."""
    return ["", UNIT_SORT, *card["kpis"], MET_SORT]


def sorted_rows(card: dict, catalog: Catalog, scope: Scope, key: str = "", descending: bool = False) -> list[dict]:
    """The rows in the chosen order. A KPI column sorts by the actual (the status breaks ties); cells
    without a figure (no data, not applicable) come last whichever the direction."""
    rows = list(card["rows"])
    if key == UNIT_SORT:
        return sorted(rows, key=lambda r: unit_label(catalog, scope, r["unit"]).casefold(), reverse=descending)
    if key == MET_SORT:
        return sorted(
            rows, key=lambda r: (r["met"] / r["applicable"] if r["applicable"] else 0.0, r["met"]), reverse=descending
        )
    if key in card["kpis"]:
        with_figure, without = [], []
        for row in rows:
            cell = row["cells"].get(key)
            (with_figure if cell is not None and cell["actual"] is not None else without).append(row)
        # By the actual; equal figures by status.
        with_figure.sort(
            key=lambda r: (r["cells"][key]["actual"], -metrics.KPI_RANK[r["cells"][key]["status"]]), reverse=descending
        )
        return with_figure + without
    return rows


def scorecard_table(
    card: dict, catalog: Catalog, scope: Scope, cells: str = TEXT, rows: list[dict] | None = None
) -> Table:
    """Header and rows of a scorecard. TEXT (the page) and COMPACT (the brief): unit name, one column per
    KPI code, "met/applicable" — all plain strings. Otherwise (workbooks): the unit's code first and the met
    and applicable counts as numbers."""
    kpis = catalog.kpis_by_code
    rows = card["rows"] if rows is None else rows
    compact = cells == COMPACT
    names = [unit_label(catalog, scope, r["unit"], short=compact) for r in rows]
    grid = [[cell_text(r["cells"].get(code), kpis[code].unit, compact) for code in card["kpis"]] for r in rows]
    if cells in (TEXT, COMPACT):
        headers = [i18n.COL["unit"], *card["kpis"], i18n.SCORECARD_MET]
        body = [[name, *values, met_text(r)] for name, values, r in zip(names, grid, rows, strict=True)]
        return Table(headers, body)
    headers = [i18n.COL["unit_code"], i18n.COL["unit"], *card["kpis"]]
    headers += [i18n.SCORECARD_MET_COUNT, i18n.SCORECARD_APPLICABLE]
    body = [
        [r["unit"] if scope.allows(r["unit"]) else "", name, *values, r["met"], r["applicable"]]
        for name, values, r in zip(names, grid, rows, strict=True)
    ]
    return Table(headers, body)


def scorecard_sheets(cards: dict[str, dict], catalog: Catalog, scope: Scope, cells: str) -> list:
    """One sheet per kind (agencies, districts or communes), in the order of the cards."""
    return [scorecard_table(card, catalog, scope, cells).sheet(i18n.SCORECARD_SHEET[k]) for k, card in cards.items()]
