"""Speed of `summary` (dtplan.read.views.summary) against a floor measured in the same run.

    .venv/bin/python bench/bench_metrics.py [--quick] [--runs N]

Sizes (the demo province, then ten times its units, then a whole country):
  1. province — the demo data (`init --demo`), SQLite and PostgreSQL;
  2. 10x units, 3 years — 280 reporting units x 21 KPIs x 36 months, SQLite and PostgreSQL;
  3. national — 10,000 communes x 21 KPIs x 36 months (~7.5 M rows), PostgreSQL only (skipped by --quick).

For each size and database: the median time of `summary` for the whole province (scope of the plan's
province) and for one district, next to the median time of one plain
`SELECT kpi_code, SUM(numerator), SUM(denominator) FROM kpi_reports GROUP BY kpi_code` over the same
table. Goal: summary <= 3x that floor at every size. PostgreSQL is a throwaway cluster started the same
way as the tests start theirs (tests/conftest.py: PostgresServer).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from dtplan import store  # noqa: E402
from dtplan.domain.access import province_scope, unit_scope  # noqa: E402
from dtplan.domain.catalog import DEFAULT_PLAN_PATH, Catalog, PlanInfo, Task, Unit, load_catalog  # noqa: E402
from dtplan.domain.periods import period, shift  # noqa: E402
from dtplan.read import views  # noqa: E402
from dtplan.store import demo  # noqa: E402

FLOOR_SQL = "SELECT kpi_code, SUM(numerator), SUM(denominator) FROM kpi_reports GROUP BY kpi_code"
YEAR = 2023


# --- synthetic catalogues ------------------------------------------------------------------------------


def synthetic_catalog(agencies: int, districts: int, communes_per_district: int, province: str = "99") -> Catalog:
    """The real plan's 21 KPIs and calendar, with a made-up set of units (and a few tasks)."""
    real = load_catalog(DEFAULT_PLAN_PATH)
    units = [Unit(province, "Tỉnh tổng hợp", "Tổng hợp", "province", None)]
    units += [Unit(f"A{i:03d}", f"Sở {i}", f"Sở {i}", "agency", province) for i in range(agencies)]
    for d in range(districts):
        code = f"D{d:04d}"
        units.append(Unit(code, f"Huyện {d}", f"H{d}", "district", province))
        units += [
            Unit(f"C{d:04d}{c:02d}", f"Xã {d}-{c}", f"X{d}-{c}", "commune", code) for c in range(communes_per_district)
        ]
    lead = units[1].code
    kpis = tuple(dataclasses.replace(k, lead=lead, baseline=None) for k in real.kpis)
    tasks = tuple(
        Task(
            code=f"T{i:03d}",
            appendix="01",
            section="",
            title=f"Nhiệm vụ {i}",
            lead=units[1 + i % agencies].code,
            partners=(),
            start=dt.date(YEAR, 1, 1),
            due=dt.date(YEAR, 12, 31),
        )
        for i in range(40)
    )
    plan = PlanInfo(code=f"BENCH-{province}", title="Kế hoạch thử tải", province=province, year=YEAR, issued=None)
    return Catalog(plan=plan, reporting=real.reporting, units=tuple(units), kpis=kpis, tasks=tasks)


def months(count: int) -> list[str]:
    """The `count` months ending with December of the plan year."""
    return [shift(period(YEAR, 12), -i) for i in reversed(range(count))]


def rows(catalog: Catalog, reporters: list[str], month_list: list[str], seed: int = 7):
    """(period, unit, kpi, numerator, denominator, submitted_at, note, is_current): one current row per
    (period, unit, KPI), plus a superseded earlier version for 1 % of them (history is kept)."""
    rng = random.Random(seed)
    for p in month_list:
        y, m = int(p[:4]), int(p[5:])
        submitted = dt.date(y, m, 20).isoformat()
        earlier = dt.date(y, m, 10).isoformat()
        for unit in reporters:
            for kpi in catalog.kpis:
                den = rng.randint(50, 500)
                if kpi.unit == "count":
                    num, den_text = rng.randint(0, 3), None
                else:
                    num, den_text = rng.randint(0, den), den
                if rng.random() < 0.01:
                    yield (p, unit, kpi.code, max(0, num - 1), den_text, earlier, "", False)
                yield (p, unit, kpi.code, num, den_text, submitted, "", True)


# --- loading ---------------------------------------------------------------------------------------------


def prepare(engine, catalog: Catalog) -> None:
    store.upgrade(engine)
    with Session(engine) as session, session.begin():
        store.save_catalog(session, catalog)


NULL = "\\N"  # COPY's text-format NULL
COLUMNS = "period, unit_code, kpi_code, numerator, denominator, submitted_at, note, is_current"


def load_sqlite(engine, data) -> int:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        count = 0
        batch = []
        for row in data:
            batch.append(row)
            if len(batch) == 50_000:
                cursor.executemany(f"INSERT INTO kpi_reports ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(f"INSERT INTO kpi_reports ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", batch)
            count += len(batch)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
        return count
    finally:
        raw.close()


def load_postgres(engine, data) -> int:
    """psycopg COPY in text format, streamed in chunks (nothing holds all rows at once)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        count = 0
        with cursor.copy(f"COPY kpi_reports ({COLUMNS}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for p, unit, kpi, num, den, submitted, note, current in data:
                den_text = NULL if den is None else den
                flag = "t" if current else "f"
                buffer.write(f"{p}\t{unit}\t{kpi}\t{num}\t{den_text}\t{submitted}\t{note}\t{flag}\n")
                count += 1
                if count % 200_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        raw.commit()
        driver = raw.driver_connection
        driver.autocommit = True  # VACUUM refuses to run inside a transaction
        driver.execute("VACUUM ANALYZE kpi_reports")
        driver.autocommit = False
        return count
    finally:
        raw.close()


# --- timing ----------------------------------------------------------------------------------------------


def median_time(fn, runs: int) -> float:
    fn()  # warm caches (the floor gets the same treatment)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(engine, catalog: Catalog, district: str, runs: int, as_of: str) -> dict[str, float]:
    province = province_scope(catalog)
    one = unit_scope(catalog, district)

    def floor():
        with engine.connect() as conn:
            conn.execute(text(FLOOR_SQL)).all()

    return {
        "floor": median_time(floor, runs),
        "province": median_time(lambda: views.summary(engine, catalog, province, as_of), runs),
        "district": median_time(lambda: views.summary(engine, catalog, one, as_of), runs),
    }


def table_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT COUNT(*) FROM kpi_reports"))


# --- sizes -----------------------------------------------------------------------------------------------


def size_province(engine):
    """The demo database itself (what `make run` shows)."""
    prepare(engine, load_catalog(DEFAULT_PLAN_PATH))
    catalog = store.read_catalog(engine)
    demo.load_demo(engine, catalog)
    return catalog, "372"


def size_tenfold(engine, backend: str):
    catalog = synthetic_catalog(agencies=200, districts=80, communes_per_district=14)
    prepare(engine, catalog)
    reporters = [u.code for u in catalog.reporting_units()]
    data = rows(catalog, reporters, months(36))
    (load_postgres if backend == "postgres" else load_sqlite)(engine, data)
    return catalog, "D0007"


def size_national(engine):
    catalog = synthetic_catalog(agencies=20, districts=700, communes_per_district=15, province="00")
    prepare(engine, catalog)
    communes = [u.code for u in catalog.units if u.kind == "commune"][:10_000]
    load_postgres(engine, rows(catalog, communes, months(36)))
    return catalog, "D0007"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1-2 only (no national size)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (median)")
    parser.add_argument("--as-of", default=period(YEAR, 12))
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)

    from tests.conftest import PostgresServer, _pg_bin

    server = None
    if not args.no_postgres:
        bindir = _pg_bin()
        if bindir is None:
            print("PostgreSQL không có trên máy: chỉ đo SQLite", file=sys.stderr)
        else:
            server = PostgresServer(bindir)
            server.start()
    tmp = Path(tempfile.mkdtemp(prefix="dtplan-bench-"))
    results = []
    try:
        plans = [("province (demo)", "sqlite", size_province), ("10x units, 3 years", "sqlite", size_tenfold)]
        if server:
            plans += [("province (demo)", "postgres", size_province), ("10x units, 3 years", "postgres", size_tenfold)]
            if not args.quick:
                plans.append(("national", "postgres", size_national))
        for label, backend, build in plans:
            if backend == "sqlite":
                engine = store.make_engine(f"sqlite:///{tmp / (label.split()[0] + '.db')}")
            else:
                engine = store.make_engine(server.url(server.create_database()))
            start = time.perf_counter()
            catalog, district = build(engine, backend) if build is size_tenfold else build(engine)
            built = time.perf_counter() - start
            count = table_rows(engine)
            runs = max(3, args.runs // 2) if count > 1_000_000 else args.runs
            figures = measure(engine, catalog, district, runs, args.as_of)
            results.append((label, backend, count, built, figures))
            ratios = {k: figures[k] / figures["floor"] for k in ("province", "district")}
            print(
                f"{label:<20} {backend:<8} {count:>10,} rows  built in {built:6.1f} s"
                f"  floor {figures['floor'] * 1000:8.1f} ms  province {ratios['province']:5.2f}x"
                f"  district {ratios['district']:5.2f}x",
                file=sys.stderr,
                flush=True,
            )
            engine.dispose()
    finally:
        if server:
            server.stop()
    print()
    print(f"summary --as-of {args.as_of} vs floor `{FLOOR_SQL}` (median of runs; goal <= 3.00x)")
    header = (
        f"| {'size':<20} | {'db':<8} | {'rows':>10} | {'load s':>7} | {'floor ms':>9} | {'province ms':>11} | "
        f"{'x floor':>7} | {'district ms':>11} | {'x floor':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    worst = 0.0
    for label, backend, count, built, f in results:
        rp, rd = f["province"] / f["floor"], f["district"] / f["floor"]
        worst = max(worst, rp, rd)
        print(
            f"| {label:<20} | {backend:<8} | {count:>10,} | {built:>7.1f} | {f['floor'] * 1000:>9.1f} | "
            f"{f['province'] * 1000:>11.1f} | {rp:>7.2f} | {f['district'] * 1000:>11.1f} | {rd:>7.2f} |"
        )
    print(f"\nworst ratio {worst:.2f}x — goal {'met' if worst <= 3.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
