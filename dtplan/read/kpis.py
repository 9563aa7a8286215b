"""KPI figures of a scope at an as-of month: the summary table, one KPI's trend over the year and the
report rows behind its figure, and the contract's `summary` object."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from dtplan import store
from dtplan.domain import metrics
from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import Sums
from dtplan.domain.periods import months_of_year, period, previous_december
from dtplan.read.checks import check_as_of, kpi_or_error
from dtplan.read.scope import kpi_applies
from dtplan.read.tasks import task_counts, task_table

if TYPE_CHECKING:
    from sqlalchemy import Engine


class KpiRow(TypedDict):
    """One KPI of a scope at a month: the contract's summary fields plus what a screen needs. "kpi_unit" is the
    KPI's measure (percent or count); in rows about units, "unit" is always a unit's code."""

    code: str
    name: str
    text: str
    kpi_unit: str
    aggregation: str
    lead: str
    applies: bool
    actual: float | None
    target: float
    op: str
    expected: float
    baseline: float
    status: str
    assessment: str | None
    numerator: float | None
    denominator: float | None


def kpi_results(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[metrics.KpiResult]:
    scope = require_scope(scope)
    sums, december = store.summary_sums(engine, scope, catalog, as_of)
    return [
        metrics.evaluate_kpi(kpi, as_of, sums.get(kpi.code, Sums()), december.get(kpi.code, Sums()))
        for kpi in catalog.kpis
    ]


def kpi_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, raw: bool = False) -> list[KpiRow]:
    """One row per KPI, in catalogue order, as screens and exports show it (metrics.shown: the year-end
    verdict in the plan's final month); `raw` keeps the contract's status and assessment (CLI summary)."""
    rows: list[KpiRow] = []
    for kpi, result in zip(catalog.kpis, kpi_results(engine, catalog, scope, as_of), strict=True):
        if not raw:
            result = metrics.shown(result, as_of)
        rows.append(
            KpiRow(
                code=kpi.code,
                name=kpi.name,
                text=kpi.text,
                kpi_unit=kpi.unit,
                aggregation=kpi.aggregation,
                lead=kpi.lead,
                applies=kpi_applies(kpi, catalog, scope),
                actual=result.actual,
                target=result.target,
                op=result.op,
                expected=result.expected,
                baseline=result.baseline,
                status=result.status,
                assessment=result.assessment,
                numerator=result.numerator,
                denominator=result.denominator,
            )
        )
    return rows


def summary(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> dict:
    """The JSON object of contract §5 `summary`."""
    as_of = check_as_of(catalog, as_of)
    kpis = kpi_table(engine, catalog, scope, as_of, raw=True)
    keys = ("code", "actual", "target", "op", "expected", "status", "assessment", "numerator", "denominator")
    return {
        "plan": catalog.plan.code,
        "as_of": as_of,
        "scope": scope.code,
        "kpis": [{k: row[k] for k in keys} | {"name": row["name"], "applies": row["applies"]} for row in kpis],
        "tasks": task_counts(task_table(engine, catalog, scope, as_of)),
    }


def default_as_of(engine: Engine, catalog: Catalog, scope: Scope) -> str:
    """The latest month with data in the scope, else January of the plan year."""
    latest = store.latest_period_with_data(engine, scope, catalog.plan.year)
    return latest or period(catalog.plan.year, 1)


def kpi_trend(engine: Engine, catalog: Catalog, scope: Scope, kpi_code: str, as_of: str) -> list[dict]:
    """One row per month of the plan year: the actual to that month (flow: cumulative from January;
    stock: each unit's latest report at or before it), the expected trajectory and the target."""
    scope = require_scope(scope)
    kpi = kpi_or_error(catalog, kpi_code)
    year = catalog.plan.year
    cells = store.kpi_month_sums(engine, scope, kpi.code, as_of)
    december = Sums()
    for (p, _unit), value in cells.items():
        if p == previous_december(year):
            december = december + value
    baseline = metrics.baseline_value(kpi, december)
    rows = []
    for month in months_of_year(year):
        if month > as_of:
            actual_sums = None
        else:
            counted = metrics.counted_reports(kpi.aggregation, cells.items(), period(year, 1), month, lambda c: c[0])
            actual_sums = sum((value for _cell, value in counted), Sums())
        actual = None if actual_sums is None else metrics.actual_value(kpi.unit, actual_sums)
        expected = metrics.expected_value(kpi, month, baseline)
        status = None
        if actual_sums is not None:
            status = metrics.kpi_status(actual, kpi.op, kpi.target, expected)
            if metrics.is_final_month(month):  # the same verdict as every other surface (metrics.shown)
                status = metrics.assessment(actual, kpi.op, kpi.target) or metrics.NO_DATA
        rows.append(
            {
                "period": month,
                "actual": actual,
                "expected": expected,
                "target": kpi.target,
                "status": status,
                "numerator": None if not actual_sums or not actual_sums.reports else actual_sums.numerator,
                "denominator": None
                if not actual_sums or not actual_sums.reports or kpi.unit == "count"
                else actual_sums.denominator,
            }
        )
    return rows


def kpi_contributions(engine: Engine, catalog: Catalog, scope: Scope, kpi_code: str, as_of: str) -> list[dict]:
    """The report rows behind a KPI's figure at the as-of month (flow: January..M; stock: each unit's
    latest report at or before M). Their numerators and denominators add up to kpi_table's."""
    kpi = kpi_or_error(catalog, kpi_code)
    year = catalog.plan.year
    reports = store.kpi_unit_rows(engine, require_scope(scope), kpi.code, as_of)
    chosen = metrics.counted_reports(
        kpi.aggregation, reports, period(year, 1), as_of, lambda r: (r.period, r.unit_code)
    )
    units = catalog.units_by_code
    return [
        {
            "unit": r.unit_code,
            "unit_name": units[r.unit_code].name if r.unit_code in units else r.unit_code,
            "period": r.period,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "note": r.note,
        }
        for r in sorted(chosen, key=lambda r: (r.unit_code, r.period))
    ]
