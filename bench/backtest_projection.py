"""Back-test of dtplan.domain.projection on the demo data: project from June, compare with December's actual.

    DTPLAN_DATABASE_URL=sqlite:////tmp/bt.db .venv/bin/python -m dtplan init --demo
    DTPLAN_DATABASE_URL=sqlite:////tmp/bt.db .venv/bin/python bench/backtest_projection.py [--from 2023-06]

Prints, per KPI, the province's projected December value, the actual December value and the absolute
error (percentage points for percent KPIs, units for count KPIs); then the mean absolute error over the
percent KPIs, for the province and over every reporting unit's own scope.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from dtplan import store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.domain.periods import period
from dtplan.read import meeting, views


def errors(engine, catalog, scope, start: str) -> dict[str, tuple[float, float, str]]:
    """KPI code -> (projected, actual December, unit) where both exist."""
    december = {r["code"]: r for r in views.kpi_table(engine, catalog, scope, period(catalog.plan.year, 12))}
    out = {}
    for row in meeting.projection_table(engine, catalog, scope, start):
        actual = december[row["code"]]["actual"]
        if row["projected"] is not None and actual is not None:
            out[row["code"]] = (row["projected"], actual, row["kpi_unit"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", default=None, help="month projected from (default: June)")
    args = parser.parse_args(argv)
    engine = store.make_engine()
    catalog = store.read_catalog(engine)
    start = args.start or period(catalog.plan.year, 6)
    province = errors(engine, catalog, province_scope(catalog), start)
    print(f"Dự báo từ {start} so với thực hiện tháng 12 — toàn tỉnh")
    print(f"{'KPI':<7}{'kind':<7}{'projected':>10}{'december':>10}{'|error|':>9}")
    pct_errors = []
    for code, (projected, actual, unit) in province.items():
        err = abs(projected - actual)
        kind = catalog.kpis_by_code[code].aggregation
        suffix = " pp" if unit == "percent" else " (count)"
        print(f"{code:<7}{kind:<7}{projected:>10.2f}{actual:>10.2f}{err:>9.2f}{suffix}")
        if unit == "percent":
            pct_errors.append((kind, err))
    overall = statistics.mean(e for _, e in pct_errors)
    for kind in ("flow", "stock"):
        sub = [e for k, e in pct_errors if k == kind]
        if sub:
            print(f"MAE {kind}: {statistics.mean(sub):.2f} pp over {len(sub)} KPIs")
    print(f"MAE overall (percent KPIs, province): {overall:.2f} pp over {len(pct_errors)} KPIs")
    unit_errors = []
    for unit in catalog.reporting_units():
        for projected, actual, kpi_unit in errors(engine, catalog, unit_scope(catalog, unit.code), start).values():
            if kpi_unit == "percent":
                unit_errors.append(abs(projected - actual))
    if unit_errors:
        print(
            f"MAE overall (percent KPIs, every unit's own scope): {statistics.mean(unit_errors):.2f} pp "
            f"over {len(unit_errors)} unit×KPI pairs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
