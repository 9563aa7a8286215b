"""The read side: for a scope and an as-of month, the figures a page, the CLI or an export shows.

Store sums -> metrics -> plain rows (dicts) in the contract's vocabulary. Pages, the command line and
the exports all read through here, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from dtplan import metrics, store
from dtplan.access import Scope, require_scope
from dtplan.catalog import Catalog, Kpi, Task
from dtplan.metrics import Sums
from dtplan.periods import last_day, months_of_year, parse_period, period


class ViewError(ValueError):
    """A request a view cannot answer (bad month, unknown unit); message in Vietnamese."""


def check_as_of(catalog: Catalog, as_of: str) -> str:
    try:
        year, _month = parse_period(as_of)
    except ValueError:
        raise ViewError(f"--as-of: '{as_of}' không đúng dạng YYYY-MM (ví dụ 2023-06)") from None
    if year != catalog.plan.year:
        raise ViewError(
            f"--as-of: kỳ {as_of} nằm ngoài năm kế hoạch {catalog.plan.year} "
            f"(chỉ nhận {period(catalog.plan.year, 1)} đến {period(catalog.plan.year, 12)})"
        )
    return as_of


def kpi_applies(kpi: Kpi, catalog: Catalog, scope: Scope) -> bool:
    """Whether any unit in the scope reports this KPI (the province scope always applies)."""
    if scope.is_all:
        return True
    kinds = {catalog.units_by_code[c].kind for c in scope.units if c in catalog.units_by_code}
    return bool(kinds & set(kpi.levels)) or ("district" in kpi.levels and "commune" in kinds)


def kpi_results(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[metrics.KpiResult]:
    scope = require_scope(scope)
    sums = store.kpi_sums(engine, scope, catalog, as_of)
    december = store.december_sums(engine, scope, catalog)
    return [
        metrics.evaluate_kpi(kpi, as_of, sums.get(kpi.code, Sums()), december.get(kpi.code, Sums()))
        for kpi in catalog.kpis
    ]


def kpi_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[dict]:
    """One dict per KPI: the contract's summary fields plus the labels a screen needs."""
    rows = []
    for kpi, result in zip(catalog.kpis, kpi_results(engine, catalog, scope, as_of), strict=True):
        rows.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "text": kpi.text,
                "unit": kpi.unit,
                "aggregation": kpi.aggregation,
                "lead": kpi.lead,
                "applies": kpi_applies(kpi, catalog, scope),
                "actual": result.actual,
                "target": result.target,
                "op": result.op,
                "expected": result.expected,
                "baseline": result.baseline,
                "status": result.status,
                "assessment": result.assessment,
                "numerator": result.numerator,
                "denominator": result.denominator,
            }
        )
    return rows


def tasks_in_scope(catalog: Catalog, scope: Scope) -> list[Task]:
    """Tasks a scope may see: all of them, or those its units lead or partner."""
    scope = require_scope(scope)
    if scope.is_all:
        return list(catalog.tasks)
    return [t for t in catalog.tasks if scope.allows(t.lead) or any(scope.allows(p) for p in t.partners)]


def task_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, lagging: bool = False) -> list[dict]:
    tasks = tasks_in_scope(catalog, scope)
    reports = store.task_progress(engine, scope, [t.code for t in tasks], as_of)
    rows = []
    for task in tasks:
        latest = metrics.latest_report(reports.get(task.code, []), as_of)
        status = metrics.task_status(task, latest, as_of)
        if lagging and not metrics.is_lagging(status):
            continue
        rows.append(
            {
                "code": task.code,
                "appendix": task.appendix,
                "section": task.section,
                "title": task.title,
                "lead": task.lead,
                "partners": list(task.partners),
                "start": task.start.isoformat(),
                "due": task.due.isoformat(),
                "progress": None if latest is None else latest.progress,
                "status": status,
                "expected_progress": metrics.expected_progress(task.start, task.due, last_day(as_of)),
                "last_period": None if latest is None else latest.period,
                "illustrative": task.illustrative,
                "product": task.product,
            }
        )
    return rows


def task_counts(rows: list[dict]) -> dict[str, int]:
    counts = {"total": len(rows)}
    for status in ("done", "on_track", "behind", "overdue", "suspended", "no_report"):
        counts[status] = sum(1 for r in rows if r["status"] == status)
    return counts


def summary(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> dict:
    """The JSON object of contract §5 `summary`."""
    check_as_of(catalog, as_of)
    kpis = kpi_table(engine, catalog, scope, as_of)
    keys = ("code", "actual", "target", "op", "expected", "status", "assessment", "numerator", "denominator")
    return {
        "plan": catalog.plan.code,
        "as_of": as_of,
        "scope": scope.code,
        "kpis": [{k: row[k] for k in keys} | {"name": row["name"], "applies": row["applies"]} for row in kpis],
        "tasks": task_counts(task_table(engine, catalog, scope, as_of)),
    }


def reporting_units(catalog: Catalog, scope: Scope) -> list:
    scope = require_scope(scope)
    return [u for u in catalog.reporting_units() if scope.allows(u.code)]


def compliance_table(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, today: dt.date | None = None
) -> list[dict]:
    """One row per reporting unit and month up to the as-of month (contract §5 `compliance`)."""
    check_as_of(catalog, as_of)
    today = today or dt.date.today()
    periods = months_of_year(catalog.plan.year, as_of)
    first = store.first_submissions(engine, scope, periods)
    rows = []
    for unit in reporting_units(catalog, scope):
        for p in periods:
            due = metrics.month_due_date(catalog.reporting, p)
            submitted = first.get((unit.code, p))
            rows.append(
                {
                    "unit": unit.code,
                    "period": p,
                    "due": due.isoformat(),
                    "submitted_at": None if submitted is None else submitted.isoformat(),
                    "status": metrics.compliance_status(due, submitted, today),
                }
            )
    return rows


def default_as_of(engine: Engine, catalog: Catalog, scope: Scope) -> str:
    """The latest month with data in the scope, else January of the plan year."""
    latest = store.latest_period_with_data(engine, scope, catalog.plan.year)
    return latest or period(catalog.plan.year, 1)
