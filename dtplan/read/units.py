"""KPI results unit by unit: each reporting unit's results (a district with its communes), the ranking
of agencies and districts, one KPI by unit, one unit's KPIs, and the communes that report on their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from dtplan import store
from dtplan.domain import metrics
from dtplan.domain.access import Scope, province_scope, require_scope, unit_scope
from dtplan.domain.catalog import Catalog, Kpi
from dtplan.domain.metrics import Sums
from dtplan.domain.periods import period
from dtplan.read.checks import kpi_or_error
from dtplan.read.scope import reporting_units
from dtplan.read.tasks import task_table

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _owner(units: dict, code: str) -> str:
    """Commune rows count for their district (in a two-level plan, where a commune's parent is the
    province, for the commune itself); every other row for its own unit."""
    unit = units.get(code)
    if unit is None or unit.kind != "commune" or not unit.parent:
        return code
    parent = units.get(unit.parent)
    return unit.parent if parent is not None and parent.kind == "district" else code


def unit_kpi_results(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str
) -> dict[str, dict[str, metrics.KpiResult]]:
    """For each unit in the scope that reports (the province's own figures, agencies, districts with
    their communes): {kpi code: result} for the KPIs reported at its level. Sums come from SQL in one
    pass per kind of aggregation; a unit's result equals kpi_results for that unit's own scope."""
    scope = require_scope(scope)
    units = catalog.units_by_code
    sums: dict[tuple[str, str], Sums] = {}
    december: dict[tuple[str, str], Sums] = {}
    for source, target in (
        (store.kpi_sums_by_unit(engine, scope, catalog, as_of), sums),
        (store.december_sums_by_unit(engine, scope, catalog), december),
    ):
        for (unit, kpi), value in source.items():
            key = (_owner(units, unit), kpi)
            target[key] = target.get(key, Sums()) + value
    owners = ([catalog.province] if scope.is_all else []) + reporting_units(catalog, scope)
    result: dict[str, dict[str, metrics.KpiResult]] = {}
    for unit in owners:
        result[unit.code] = {
            kpi.code: metrics.evaluate_kpi(
                kpi, as_of, sums.get((unit.code, kpi.code), Sums()), december.get((unit.code, kpi.code), Sums())
            )
            for kpi in catalog.kpis
            if kpi.reported_by(unit.kind)
        }
    return result


def overall_status(statuses: list[str]) -> str:
    """One word for a unit: met when every applicable KPI with data is met; otherwise by a score where
    a KPI met or on track counts 1, at risk ½ and off track 0 (≥ 0.8 on track, ≥ 0.5 at risk, below
    that off track) — so a unit with most KPIs merely at risk is not painted like one that is failing.
    No data when nothing was reported; KPIs without data do not count."""
    scored = [s for s in statuses if s != metrics.NO_DATA]
    if not scored:
        return metrics.NO_DATA
    if any(s in metrics.VERDICTS for s in scored):  # the plan's final month: a year-end verdict for the unit
        return metrics.DAT if all(metrics.overall_weight(s) == metrics.MET for s in scored) else metrics.KHONG_DAT
    if all(s == metrics.MET for s in scored):
        return metrics.MET
    weight = {metrics.MET: 1.0, metrics.ON_TRACK: 1.0, metrics.AT_RISK: 0.5}
    score = sum(weight.get(s, 0.0) for s in scored) / len(scored)
    if score >= 0.8:
        return metrics.ON_TRACK
    if score >= 0.5:
        return metrics.AT_RISK
    return metrics.OFF_TRACK


def unit_ranking(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kind: str) -> list[dict]:
    """Units of one kind ranked by the share of applicable KPIs met or on track, then by fewer lagging
    tasks (as lead). The rank is computed among all units of the kind, but only rows inside the
    viewer's scope are returned: a unit user sees its own position and never another unit."""
    return unit_rankings(engine, catalog, scope, as_of, (kind,))[kind]


def unit_rankings(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kinds: tuple[str, ...] | None = None
) -> dict[str, list[dict]]:
    """unit_ranking for several kinds at once (one pass over the sums: a page showing both pays once);
    by default the agencies and the plan's local units (districts, or communes in a two-level plan)."""
    scope = require_scope(scope)
    if kinds is None:
        kinds = ("agency", catalog.local_kind) if catalog.local_kind else ("agency",)
    everything = province_scope(catalog)
    results = unit_kpi_results(engine, catalog, everything, as_of)
    lagging: dict[str, int] = {}
    for task in task_table(engine, catalog, everything, as_of, lagging=True):
        lagging[task["lead"]] = lagging.get(task["lead"], 0) + 1
    rankings: dict[str, list[dict]] = {}
    for kind in kinds:
        rows = []
        for unit in catalog.units:
            if unit.kind != kind:
                continue
            statuses = [metrics.shown(r, as_of).status for r in results.get(unit.code, {}).values()]
            counts = metrics.status_counts(statuses, metrics.KPI_STATUSES + metrics.VERDICTS)
            ok = sum(n for s, n in counts.items() if metrics.overall_weight(s) in (metrics.MET, metrics.ON_TRACK))
            rows.append(
                {
                    "code": unit.code,
                    "name": unit.name,
                    "short": unit.short,
                    "kind": unit.kind,
                    "applicable": len(statuses),
                    **counts,
                    "ok_share": 100.0 * ok / len(statuses) if statuses else None,
                    "lagging_tasks": lagging.get(unit.code, 0),
                    "overall": overall_status(statuses),
                }
            )
        rows.sort(key=lambda r: (-(r["ok_share"] or 0.0), r["lagging_tasks"], r["name"]))
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
            row["total"] = len(rows)
        rankings[kind] = [row for row in rows if scope.allows(row["code"])]
    return rankings


class UnitKpiRow(TypedDict):
    """One KPI of one unit at a month: "unit" is the unit's code, "kpi_unit" the KPI's measure."""

    unit: str
    unit_name: str
    short: str
    kind: str
    kpi: str
    kpi_name: str
    kpi_unit: str
    actual: float | None
    expected: float
    target: float
    op: str
    status: str
    numerator: float | None
    denominator: float | None


def _result_row(unit, kpi: Kpi, result: metrics.KpiResult, as_of: str) -> UnitKpiRow:
    result = metrics.shown(result, as_of)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "short": unit.short,
        "kind": unit.kind,
        "kpi": kpi.code,
        "kpi_name": kpi.name,
        "kpi_unit": kpi.unit,
        "actual": result.actual,
        "expected": result.expected,
        "target": result.target,
        "op": result.op,
        "status": result.status,
        "numerator": result.numerator,
        "denominator": result.denominator,
    }


def _worst_first(row: dict) -> tuple:
    ratio = (row["actual"] / row["expected"]) if row["actual"] is not None and row["expected"] else 0.0
    return (metrics.KPI_SEVERITY[row["status"]], ratio, row.get("unit", ""), row.get("kpi", ""))


def kpi_breakdown(engine: Engine, catalog: Catalog, scope: Scope, kpi_code: str, as_of: str) -> list[dict]:
    """One KPI by reporting unit inside the scope, worst first (off track, at risk, no data, ...); `stale`
    says a unit's stock figure has had no new report for metrics.STALE_MONTHS (why two equal bars may differ)."""
    kpi = kpi_or_error(catalog, kpi_code)
    units = catalog.units_by_code
    stale = _stale_owners(engine, catalog, require_scope(scope), kpi, as_of)
    rows = [
        {**_result_row(units[code], kpi, by_kpi[kpi.code], as_of), "stale": code in stale}
        for code, by_kpi in unit_kpi_results(engine, catalog, scope, as_of).items()
        if kpi.code in by_kpi
    ]
    return sorted(rows, key=_worst_first)


def _stale_owners(engine: Engine, catalog: Catalog, scope: Scope, kpi: Kpi, as_of: str) -> set[str]:
    """Units whose stock figure is old: the newest report counted into it (a district's own or any of its
    communes') is from before metrics.STALE_MONTHS. A flow figure adds up the months: it is never stale."""
    if kpi.aggregation != "stock":
        return set()
    units = catalog.units_by_code
    reports = store.kpi_unit_rows(engine, scope, kpi.code, as_of)
    newest: dict[str, str] = {}
    january = period(catalog.plan.year, 1)
    for r in metrics.counted_reports(kpi.aggregation, reports, january, as_of, lambda r: (r.period, r.unit_code)):
        owner = _owner(units, r.unit_code)
        newest[owner] = max(newest.get(owner, r.period), r.period)
    return {owner for owner, latest in newest.items() if metrics.is_stale(latest, as_of)}


def unit_kpis(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, unit_code: str) -> list[UnitKpiRow]:
    """The KPIs one unit reports (a district with its communes), worst first; empty outside the scope."""
    scope = require_scope(scope)
    if not scope.allows(unit_code) or unit_code not in catalog.units_by_code:
        return []
    unit = catalog.unit(unit_code)
    results = unit_kpi_results(engine, catalog, unit_scope(catalog, unit_code), as_of).get(unit_code, {})
    kpis = catalog.kpis_by_code
    return sorted((_result_row(unit, kpis[code], r, as_of) for code, r in results.items()), key=_worst_first)


def commune_kpis(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[UnitKpiRow]:
    """KPI results of each commune in the scope that has sent reports of its own (commune level)."""
    scope = require_scope(scope)
    units = catalog.units_by_code
    kpis = catalog.kpis_by_code
    sums = store.kpi_sums_by_unit(engine, scope, catalog, as_of)
    december = store.december_sums_by_unit(engine, scope, catalog)
    rows = []
    for (code, kpi_code), value in sums.items():
        unit = units.get(code)
        if unit is None or unit.kind != "commune" or kpi_code not in kpis:
            continue
        kpi = kpis[kpi_code]
        result = metrics.evaluate_kpi(kpi, as_of, value, december.get((code, kpi_code), Sums()))
        rows.append(_result_row(unit, kpi, result, as_of))
    return sorted(rows, key=lambda r: (r["unit_name"], r["kpi"]))
