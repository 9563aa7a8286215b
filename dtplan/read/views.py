"""The read side: for a scope and an as-of month, the figures a page, the CLI or an export shows.

Store sums -> metrics -> plain rows (dicts) in the contract's vocabulary. Pages, the command line and
the exports all read through here, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from dtplan import i18n, store
from dtplan.domain import access, metrics
from dtplan.domain.access import AccessDenied, Scope, province_scope, require_scope, unit_scope
from dtplan.domain.catalog import Catalog, Kpi, Task
from dtplan.domain.metrics import Sums
from dtplan.domain.periods import last_day, months_of_year, parse_period, period, previous_december


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
    # The canonical form: ' 2023-06' parses, but the SQL compares period strings as they are.
    return period(year, _month)


def kpi_applies(kpi: Kpi, catalog: Catalog, scope: Scope) -> bool:
    """Whether any unit in the scope reports this KPI (the province scope always applies)."""
    return access.kpi_applies(kpi, catalog, scope)


def kpi_results(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[metrics.KpiResult]:
    scope = require_scope(scope)
    sums, december = store.summary_sums(engine, scope, catalog, as_of)
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


def unit_label(catalog: Catalog, scope: Scope, code: str | None, short: bool = True) -> str:
    """How a unit is named in a view of `scope` — on every page table, page XLSX, brief and meeting
    XLSX: by its name when the scope holds it (or is the whole province; the province itself is public),
    otherwise as "Đơn vị khác" — never by another unit's name or code, whoever looks at the view."""
    if not code:
        return ""
    unit = catalog.units_by_code.get(code)
    if unit is not None and (scope.is_all or scope.allows(code) or unit.kind == "province"):
        return (unit.short or unit.name) if short else unit.name
    return i18n.OTHER_UNIT


def unit_labels(catalog: Catalog, scope: Scope, codes) -> str:
    """Several units (a task's partners) for a view of `scope`: unit_label each, "Đơn vị khác" once."""
    return ", ".join(dict.fromkeys(unit_label(catalog, scope, c) for c in codes if c))


def tasks_in_scope(catalog: Catalog, scope: Scope) -> list[Task]:
    """Tasks a scope may see: all of them, or those its units lead or partner."""
    return access.tasks_in_scope(catalog, scope)


def task_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, lagging: bool = False) -> list[dict]:
    tasks = tasks_in_scope(catalog, scope)
    reports = store.latest_task_progress(engine, scope, [t.code for t in tasks], as_of)
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
    as_of = check_as_of(catalog, as_of)
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
    as_of = check_as_of(catalog, as_of)
    today = today or dt.date.today()
    periods = months_of_year(catalog.plan.year, as_of)
    dues = {p: metrics.month_due_date(catalog.reporting, p) for p in periods}
    first = store.first_submissions(engine, scope, periods, dues)
    rows = []
    for unit in reporting_units(catalog, scope):
        for p in periods:
            due = dues[p]
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


# --- dashboard pages (issue 4) -----------------------------------------------------------------------
# Worst first: the order in which a page lists KPIs, units and tasks that need attention.
KPI_SEVERITY = {"off_track": 0, "at_risk": 1, "no_data": 2, "on_track": 3, "met": 4}
TASK_SEVERITY = {"overdue": 0, "behind": 1, "no_report": 2, "suspended": 3, "on_track": 4, "done": 5}
LAGGING_FILTER = "lagging"  # the task filter value for "overdue or behind"
OVERALL = "overall"
LAYOUT_DIR = store.ROOT / "data" / "plans"


def reports_kpi(kpi: Kpi, kind: str) -> bool:
    """Whether units of this kind report the KPI (a district also stands for its communes)."""
    return kind in kpi.levels or (kind == "district" and "commune" in kpi.levels)


def _owner(units: dict, code: str) -> str:
    """Commune rows count for their district; every other row for its own unit."""
    unit = units.get(code)
    return unit.parent if unit is not None and unit.kind == "commune" and unit.parent else code


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
            if reports_kpi(kpi, unit.kind)
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
    return _unit_rankings(engine, catalog, scope, as_of, (kind,))[kind]


def _unit_rankings(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kinds: tuple[str, ...] = ("agency", "district")
) -> dict[str, list[dict]]:
    """unit_ranking for several kinds at once (one pass over the sums: a page showing both pays once).
    Reached through unit_ranking, or ui.view("_unit_rankings", ...) on a page that shows both kinds."""
    scope = require_scope(scope)
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
            statuses = [r.status for r in results.get(unit.code, {}).values()]
            counts = metrics.status_counts(statuses)
            ok = counts[metrics.MET] + counts[metrics.ON_TRACK]
            rows.append(
                {
                    "code": unit.code,
                    "name": unit.name,
                    "short": unit.short,
                    "kind": unit.kind,
                    "applicable": len(statuses),
                    **{status: counts[status] for status in metrics.KPI_STATUSES},
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


def kpi_or_error(catalog: Catalog, kpi_code: str) -> Kpi:
    kpi = catalog.kpis_by_code.get(kpi_code)
    if kpi is None:
        raise ViewError(f"Không có chỉ tiêu mã '{kpi_code}' trong kế hoạch")
    return kpi


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
        elif kpi.aggregation == "flow":
            actual_sums = Sums()
            for (p, _unit), value in cells.items():
                if period(year, 1) <= p <= month:
                    actual_sums = actual_sums + value
        else:
            latest: dict[str, tuple[str, Sums]] = {}
            for (p, unit), value in cells.items():
                if p <= month and (unit not in latest or p > latest[unit][0]):
                    latest[unit] = (p, value)
            actual_sums = sum((v for _p, v in latest.values()), Sums())
        actual = None if actual_sums is None else metrics.actual_value(kpi.unit, actual_sums)
        expected = metrics.expected_value(kpi, month, baseline)
        rows.append(
            {
                "period": month,
                "actual": actual,
                "expected": expected,
                "target": kpi.target,
                "status": None if actual_sums is None else metrics.kpi_status(actual, kpi.op, kpi.target, expected),
                "numerator": None if not actual_sums or not actual_sums.reports else actual_sums.numerator,
                "denominator": None
                if not actual_sums or not actual_sums.reports or kpi.unit == "count"
                else actual_sums.denominator,
            }
        )
    return rows


def _result_row(unit, kpi: Kpi, result: metrics.KpiResult) -> dict:
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
    return (KPI_SEVERITY[row["status"]], ratio, row.get("unit", ""), row.get("kpi", ""))


def kpi_breakdown(engine: Engine, catalog: Catalog, scope: Scope, kpi_code: str, as_of: str) -> list[dict]:
    """One KPI by reporting unit inside the scope, worst first (off track, at risk, no data, ...)."""
    kpi = kpi_or_error(catalog, kpi_code)
    units = catalog.units_by_code
    rows = [
        _result_row(units[code], kpi, by_kpi[kpi.code])
        for code, by_kpi in unit_kpi_results(engine, catalog, scope, as_of).items()
        if kpi.code in by_kpi
    ]
    return sorted(rows, key=_worst_first)


def unit_kpis(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, unit_code: str) -> list[dict]:
    """The KPIs one unit reports (a district with its communes), worst first; empty outside the scope."""
    scope = require_scope(scope)
    if not scope.allows(unit_code) or unit_code not in catalog.units_by_code:
        return []
    unit = catalog.unit(unit_code)
    results = unit_kpi_results(engine, catalog, unit_scope(catalog, unit_code), as_of).get(unit_code, {})
    kpis = catalog.kpis_by_code
    return sorted((_result_row(unit, kpis[code], r) for code, r in results.items()), key=_worst_first)


def commune_kpis(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[dict]:
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
        rows.append(_result_row(unit, kpi, result))
    return sorted(rows, key=lambda r: (r["unit_name"], r["kpi"]))


def kpi_contributions(engine: Engine, catalog: Catalog, scope: Scope, kpi_code: str, as_of: str) -> list[dict]:
    """The report rows behind a KPI's figure at the as-of month (flow: January..M; stock: each unit's
    latest report at or before M). Their numerators and denominators add up to kpi_table's."""
    kpi = kpi_or_error(catalog, kpi_code)
    year = catalog.plan.year
    reports = store.kpi_unit_rows(engine, require_scope(scope), kpi.code, as_of)
    if kpi.aggregation == "flow":
        chosen = [r for r in reports if r.period >= period(year, 1)]
    else:
        latest: dict[str, store.KpiReport] = {}
        for r in reports:
            if r.unit_code not in latest or r.period > latest[r.unit_code].period:
                latest[r.unit_code] = r
        chosen = list(latest.values())
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


def task_list(
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    as_of: str,
    appendix: str | None = None,
    section: str | None = None,
    lead: str | None = None,
    status: str | None = None,
) -> list[dict]:
    """Tasks in the scope, filtered, lagging first (overdue, behind, no report, ..., done)."""
    rows = task_table(engine, catalog, scope, as_of)
    if appendix:
        rows = [r for r in rows if r["appendix"] == appendix]
    if section:
        rows = [r for r in rows if r["section"] == section]
    if lead:
        rows = [r for r in rows if r["lead"] == lead]
    if status == LAGGING_FILTER:
        rows = [r for r in rows if metrics.is_lagging(r["status"])]
    elif status:
        rows = [r for r in rows if r["status"] == status]
    return sorted(rows, key=lambda r: (TASK_SEVERITY[r["status"]], r["progress"] or 0.0, r["code"]))


def task_history(engine: Engine, catalog: Catalog, scope: Scope, task_code: str) -> list[dict]:
    """Every progress report of one task the scope may see — the same reports task_table's status comes
    from (a task's progress is shared by its lead and partners). A report sent by a unit outside the
    scope has `unit` None (store.task_history hides its code and note) and `unit_name` "Đơn vị khác"."""
    scope = require_scope(scope)
    if task_code not in {t.code for t in tasks_in_scope(catalog, scope)}:
        raise AccessDenied("Bạn không được xem nhiệm vụ này")
    return [
        {
            "period": r.period,
            "unit": r.unit_code,
            "unit_name": unit_label(catalog, scope, r.unit_code, short=False) if r.unit_code else i18n.OTHER_UNIT,
            "status": r.status,
            "progress": r.progress,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "note": r.note,
        }
        for r in store.task_history(engine, scope, task_code)
    ]


def compliance_counts(rows: list[dict]) -> list[dict]:
    """Per unit: how many months were on time, late, missing, not yet due (from compliance_table)."""
    counts: dict[str, dict] = {}
    for row in rows:
        entry = counts.setdefault(
            row["unit"], {"unit": row["unit"], "on_time": 0, "late": 0, "missing": 0, "not_due": 0}
        )
        entry[row["status"]] += 1
    return list(counts.values())


def reported_count(rows: list[dict], as_of: str) -> tuple[int, int]:
    """(units that sent anything for the as-of month, reporting units) from compliance_table rows."""
    month = [r for r in rows if r["period"] == as_of]
    return sum(1 for r in month if r["submitted_at"] is not None), len(month)


def district_layout(catalog: Catalog) -> dict[str, tuple[int, int]]:
    """(column, row) of each district's tile: from data/plans/layout-*.yaml for this province when one
    exists (roughly as on the map), else — and for any district it leaves out — a plain grid."""
    import yaml

    districts = [u.code for u in catalog.units if u.kind == "district"]
    placed: dict[str, tuple[int, int]] = {}
    for path in sorted(LAYOUT_DIR.glob("layout-*.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if str(raw.get("province")) != catalog.plan.province:
            continue
        for code, cell in (raw.get("tiles") or {}).items():
            if str(code) in districts and isinstance(cell, list | tuple) and len(cell) == 2:
                placed[str(code)] = (int(cell[0]), int(cell[1]))
        break
    used = set(placed.values())
    width = max([c for c, _r in used] + [max(1, round(len(districts) ** 0.5 + 0.49)) - 1]) + 1
    slot = 0
    for code in districts:
        if code in placed:
            continue
        while (slot % width, slot // width) in used:
            slot += 1
        placed[code] = (slot % width, slot // width)
        used.add(placed[code])
    return placed


def district_tiles(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kpi_code: str | None = None
) -> list[dict]:
    """One tile per district in the scope: its place on the map and its status — overall, or of one KPI."""
    scope = require_scope(scope)
    layout = district_layout(catalog)
    units = catalog.units_by_code
    rows = []
    if kpi_code in (None, "", OVERALL):
        for r in unit_ranking(engine, catalog, scope, as_of, "district"):
            rows.append({"code": r["code"], "status": r["overall"], "value": r["ok_share"], "kpi_unit": "percent"})
    else:
        kpi = kpi_or_error(catalog, kpi_code)
        results = unit_kpi_results(engine, catalog, scope, as_of)
        for code, by_kpi in results.items():
            if units[code].kind != "district":
                continue
            result = by_kpi.get(kpi.code)
            rows.append(
                {
                    "code": code,
                    "status": result.status if result else metrics.NO_DATA,
                    "value": result.actual if result else None,
                    "kpi_unit": kpi.unit,
                }
            )
    for row in rows:
        unit = units[row["code"]]
        row |= {"name": unit.name, "short": unit.short, "col": layout[unit.code][0], "row": layout[unit.code][1]}
    return rows
