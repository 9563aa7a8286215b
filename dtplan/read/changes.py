"""What changed between an earlier month C and the as-of month M (the meeting's first question).

Pure part: `kpi_changes`, `task_changes`, `unit_changes` compare two sets of view rows.
Read part: `changes(...)` reads both months through the read models (dtplan.read.kpis, tasks,
compliance) with the viewer's scope, so a unit user sees only their own unit, their tasks and the KPIs
that apply to them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import KPI_RANK, LAGGING, LATE, MISSING, NO_DATA, ON_TIME, T_NO_REPORT
from dtplan.domain.periods import parse_period, period, shift
from dtplan.read.checks import check_as_of
from dtplan.read.compliance import compliance_table
from dtplan.read.kpis import kpi_table
from dtplan.read.tasks import task_table

if TYPE_CHECKING:
    from sqlalchemy import Engine

BETTER, WORSE, FIRST_DATA = "better", "worse", "first_data"
NEWLY_LAGGING, RECOVERED = "newly_lagging", "recovered"
NEWLY_LATE, BACK_ON_TIME = "newly_late", "back_on_time"
_LATE = (LATE, MISSING)


class ChangesError(ValueError):
    """A comparison that cannot be made (message in Vietnamese)."""


def kpi_direction(before: str, after: str) -> str | None:
    if before == after:
        return None
    # No data is neither better nor worse: first figures are their own kind of change.
    if before == NO_DATA:
        return FIRST_DATA
    if after == NO_DATA:
        return WORSE
    if KPI_RANK[after] == KPI_RANK[before]:  # met in November, vượt or đạt in December: the same standing
        return None
    return BETTER if KPI_RANK[after] < KPI_RANK[before] else WORSE


def kpi_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """KPIs whose status differs between the two months (rows of views.kpi_table, same catalogue)."""
    old = {r["code"]: r for r in before}
    out = []
    for row in after:
        if not row.get("applies", True) or row["code"] not in old:
            continue
        prev = old[row["code"]]
        direction = kpi_direction(prev["status"], row["status"])
        if direction is None:
            continue
        out.append(
            {
                "code": row["code"],
                "name": row["name"],
                "kpi_unit": row["kpi_unit"],
                "direction": direction,
                "status_before": prev["status"],
                "status_after": row["status"],
                "actual_before": prev["actual"],
                "actual_after": row["actual"],
                "target": row["target"],
            }
        )
    return out


def task_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """Tasks lagging now but not then (newly lagging) and lagging then but not now (recovered)."""
    old = {r["code"]: r["status"] for r in before}
    out = []
    for row in after:
        was, now = old.get(row["code"], T_NO_REPORT), row["status"]
        if now in LAGGING and was not in LAGGING:
            kind = NEWLY_LAGGING
        elif was in LAGGING and now not in LAGGING:
            kind = RECOVERED
        else:
            continue
        out.append(
            {
                "code": row["code"],
                "title": row["title"],
                "lead": row["lead"],
                "direction": kind,
                "status_before": was,
                "status_after": now,
                "progress": row["progress"],
                "due": row["due"],
            }
        )
    return out


def unit_changes(compliance: list[dict], before: str, after: str) -> list[dict]:
    """Units whose report for month `after` is late or missing while their report for `before` was
    not (newly late), and the reverse (back on time). Rows of views.compliance_table."""
    status = {(r["unit"], r["period"]): r["status"] for r in compliance}
    units = list(dict.fromkeys(r["unit"] for r in compliance))
    out = []
    for unit in units:
        was, now = status.get((unit, before)), status.get((unit, after))
        if now is None or was is None:
            continue
        if now in _LATE and was not in _LATE:
            kind = NEWLY_LATE
        elif was in _LATE and now == ON_TIME:
            kind = BACK_ON_TIME
        else:
            continue
        out.append({"unit": unit, "direction": kind, "status_before": was, "status_after": now})
    return out


def default_compare(as_of: str) -> str | None:
    """The month before; None in January (the previous December is the baseline, not a month of the plan)."""
    return None if parse_period(as_of)[1] == 1 else shift(as_of, -1)


def check_compare(catalog: Catalog, as_of: str, compare: str) -> str:
    check_as_of(catalog, as_of)
    try:
        year, _month = parse_period(compare)
    except ValueError:
        raise ChangesError(f"Kỳ so sánh '{compare}' không đúng dạng YYYY-MM") from None
    if year != catalog.plan.year or compare >= as_of:
        raise ChangesError(
            f"Kỳ so sánh phải là một tháng trước {as_of} trong năm kế hoạch (từ {period(catalog.plan.year, 1)})"
        )
    return compare


def changes(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, compare: str, today: dt.date | None = None
) -> dict:
    """Everything that changed between `compare` and `as_of` in the scope."""
    scope = require_scope(scope)
    check_compare(catalog, as_of, compare)
    kpis = kpi_changes(kpi_table(engine, catalog, scope, compare), kpi_table(engine, catalog, scope, as_of))
    tasks = task_changes(task_table(engine, catalog, scope, compare), task_table(engine, catalog, scope, as_of))
    units = unit_changes(compliance_table(engine, catalog, scope, as_of, today=today), compare, as_of)
    names = catalog.units_by_code
    for row in units:
        row["name"] = names[row["unit"]].name
    return {"as_of": as_of, "compare": compare, "scope": scope.code, "kpis": kpis, "tasks": tasks, "units": units}
