"""KPI figures for a scope, summed in SQL: Σ numerator, Σ denominator and the report count per KPI (or per
unit and KPI, or per month and unit), so the same code serves a province and a country.

Flow and stock have ONE statement (`_sums_statement`): flow sums January..M, stock takes each unit's
latest report at or before M (the previous December is the starting state), and the previous December's
reports come with them (the baseline of contract §3). kpi_sums, december_sums, summary_sums,
kpi_sums_by_unit and december_sums_by_unit are views of it.
"""

from __future__ import annotations

import functools

from sqlalchemy import Engine, and_, bindparam, func, literal_column, select, true, union_all

from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import Sums
from dtplan.domain.periods import period, previous_december
from dtplan.store.models import KpiReportRow
from dtplan.store.reports import KpiReport

_FLOW, _STOCK, _DECEMBER = 1, 2, 3


def scope_filter(column, scope: Scope):
    """The condition keeping a unit-code column inside the scope."""
    scope = require_scope(scope)
    if scope.is_all:
        return True
    return column.in_(sorted(scope.units))


@functools.cache
def _sums_statement(scoped: bool, by_unit: bool):
    """The flow, stock and December sums in one round trip, grouped per KPI or per (unit, KPI). Built once
    per shape and reused with bind parameters, so SQLAlchemy neither rebuilds nor recompiles it per call."""
    r = KpiReportRow
    in_scope = r.unit_code.in_(bindparam("units", expanding=True)) if scoped else true()
    keys = (r.unit_code, r.kpi_code) if by_unit else (r.kpi_code,)
    sums = (func.sum(r.numerator), func.sum(r.denominator), func.count())

    def part(number: int):
        return select(literal_column(str(number)).label("part"), *keys, *sums)

    flow = part(_FLOW).where(
        r.is_current.is_(True),
        r.kpi_code.in_(bindparam("flow", expanding=True)),
        r.period >= bindparam("january"),
        r.period <= bindparam("as_of"),
        in_scope,
    )
    # The stock months: from the previous December (the starting state) to the as-of month.
    stock_rows = (
        r.is_current.is_(True),
        r.kpi_code.in_(bindparam("stock", expanding=True)),
        r.period >= bindparam("december"),
        r.period <= bindparam("as_of"),
        in_scope,
    )
    latest = (
        select(r.unit_code, r.kpi_code, func.max(r.period).label("period"))
        .where(*stock_rows)
        .group_by(r.unit_code, r.kpi_code)
        .subquery()
    )
    stock = (
        part(_STOCK)
        .join(
            latest,
            and_(r.unit_code == latest.c.unit_code, r.kpi_code == latest.c.kpi_code, r.period == latest.c.period),
        )
        # The same bounds as the subquery: results are unchanged, but the planner can scan only
        # these months through the index instead of joining the whole table.
        .where(*stock_rows)
    )
    december = part(_DECEMBER).where(r.is_current.is_(True), r.period == bindparam("december"), in_scope)
    return union_all(*(p.group_by(*keys) for p in (flow, stock, december)))


def _run(engine: Engine, scope: Scope, catalog: Catalog, as_of: str, *, by_unit: bool, current: bool = True):
    """(sums at the as-of month, the previous December's sums), keyed by KPI code or (unit, KPI).
    current=False leaves the month's sums out (only the December is wanted)."""
    scope = require_scope(scope)
    year = catalog.plan.year
    params = {
        "flow": [k.code for k in catalog.kpis if k.aggregation == "flow"] if current else [],
        "stock": [k.code for k in catalog.kpis if k.aggregation == "stock"] if current else [],
        "january": period(year, 1),
        "december": previous_december(year),
        "as_of": as_of,
    }
    if not scope.is_all:
        params["units"] = sorted(scope.units)
    sums: dict = {}
    december: dict = {}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # Each unit's latest stock report is a hash aggregate over (unit, KPI): at national size
            # (10,000 communes) it outgrows the default 4 MB and spills to disk. For this query only.
            conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        for part, *key, num, den, count in conn.execute(_sums_statement(not scope.is_all, by_unit), params):
            target = december if part == _DECEMBER else sums
            target[tuple(key) if by_unit else key[0]] = Sums(float(num or 0), float(den or 0), int(count))
    return sums, december


def summary_sums(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> tuple[dict[str, Sums], dict[str, Sums]]:
    """(sums per KPI at the as-of month, the previous December's sums per KPI) for the scope, in one query."""
    return _run(engine, scope, catalog, as_of, by_unit=False)


def kpi_sums(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> dict[str, Sums]:
    """Σ numerator, Σ denominator, report count per KPI for the scope at the as-of month."""
    return summary_sums(engine, scope, catalog, as_of)[0]


def december_sums(engine: Engine, scope: Scope, catalog: Catalog) -> dict[str, Sums]:
    """The previous December's reports per KPI: the baseline of contract §3 (independent of the month)."""
    return _run(engine, scope, catalog, period(catalog.plan.year, 1), by_unit=False, current=False)[1]


def kpi_sums_by_unit(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> dict[tuple[str, str], Sums]:
    """Like kpi_sums, but per (unit_code, kpi_code): flow Σ January..M, stock each unit's latest ≤ M."""
    return _run(engine, scope, catalog, as_of, by_unit=True)[0]


def december_sums_by_unit(engine: Engine, scope: Scope, catalog: Catalog) -> dict[tuple[str, str], Sums]:
    """The previous December's reports per (unit_code, kpi_code): each unit's baseline."""
    return _run(engine, scope, catalog, period(catalog.plan.year, 1), by_unit=True, current=False)[1]


def kpi_month_sums(engine: Engine, scope: Scope, kpi_code: str, until: str) -> dict[tuple[str, str], Sums]:
    """Per (period, unit) sums of one KPI up to a month, previous December included (trend, stock)."""
    r = KpiReportRow
    year = int(until[:4])
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.period, r.unit_code, func.sum(r.numerator), func.sum(r.denominator), func.count())
            .where(
                r.is_current.is_(True),
                r.kpi_code == kpi_code,
                r.period >= previous_december(year),
                r.period <= until,
                scope_filter(r.unit_code, scope),
            )
            .group_by(r.period, r.unit_code)
        )
        return {(p, u): Sums(float(n or 0), float(d or 0), int(c)) for p, u, n, d, c in rows}


def kpi_unit_rows(engine: Engine, scope: Scope, kpi_code: str, until: str) -> list[KpiReport]:
    """The current figures of one KPI, row by row (for the contributing-numbers table)."""
    r = KpiReportRow
    year = int(until[:4])
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.period, r.unit_code, r.kpi_code, r.numerator, r.denominator, r.submitted_at, r.note)
            .where(
                r.is_current.is_(True),
                r.kpi_code == kpi_code,
                r.period >= previous_december(year),
                r.period <= until,
                scope_filter(r.unit_code, scope),
            )
            .order_by(r.unit_code, r.period)
        )
        return [KpiReport(*row) for row in rows]


def latest_period_with_data(engine: Engine, scope: Scope, year: int) -> str | None:
    r = KpiReportRow
    with engine.connect() as conn:
        return conn.scalar(
            select(func.max(r.period)).where(
                r.period >= period(year, 1), r.period <= period(year, 12), scope_filter(r.unit_code, scope)
            )
        )
