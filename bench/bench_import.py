"""Import speed: validated `dtplan` import vs. unvalidated floors, on the same files in the same run.

    .venv/bin/python bench/bench_import.py            # 250k and 1M KPI rows (CSV), 100k rows (XLSX)
    .venv/bin/python bench/bench_import.py --quick    # 20k and 50k rows (CSV), 10k rows (XLSX)
    .venv/bin/python bench/bench_import.py --postgres-only --rows 1000000   # the PostgreSQL figures alone

Files: synthetic KPI rows for a synthetic plan (the Ninh Bình plan plus enough extra districts that
every (period, unit, KPI) is distinct). Each measurement runs in its own process, so its peak memory
(ru_maxrss) is its own. Floors: `pandas.read_csv` + `DataFrame.to_sql` into SQLite with no validation;
psycopg `COPY ... FROM STDIN` of the file's bytes into an unindexed PostgreSQL table. Goals: SQLite
≥ 1.0× its floor's rows/s, PostgreSQL within 2× of COPY, memory growing with rows, not copies. Beside the
PostgreSQL import a reader (another process) asks for the province summary every 50 ms: its p95 during the
load against its p95 while idle (goal ≤ 2×: readers are not blocked).
dtplan's time is `dtplan import`'s: on PostgreSQL a large file is loaded while it is checked
(store.check_and_load); "check s" runs until the check ends, "load s" from then to the commit.
dtplan's PostgreSQL time ends at the commit, when every reader sees the rows; a bulk load's indexes are
built after it, concurrently (store.restore_indexes): "indexed s" is the time until they are, and the
reader's p95 while they are built is printed beside its p95 after.
On PostgreSQL the floor and the import are measured --repeat times in pairs (each import right after its
floor: this shared machine's speed drifts within a run); the pair with the median ratio is printed, and every
pair's ratio below it. The reader runs beside one more import of its own (its "indexed s" is printed), not
beside the pairs: on two cores it would slow the import and not the floor.
A second PostgreSQL floor, with no goal, shows what dtplan's schema costs by itself: the same COPY into
the real kpi_reports table in dtplan's bulk mode, with its read indexes, primary key and foreign key
built after it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

PLAN = ROOT / "data" / "plans" / "ninh-binh-2023.yaml"


# --- synthetic inputs -------------------------------------------------------------------------------------


def synthetic_plan(folder: Path, rows: int) -> tuple[Path, list[str]]:
    """The Ninh Bình plan with extra districts: enough distinct (period, district, KPI) keys for `rows`."""
    plan = yaml.safe_load(PLAN.read_text())
    district_kpis = [k["code"] for k in plan["kpis"] if "district" in k["levels"]]
    per_district = len(district_kpis) * 13
    needed = rows // per_district + 1
    extra = [
        {"code": f"9{i:05d}", "name": f"Huyện thử {i}", "short": f"H{i}", "kind": "district", "parent": "37"}
        for i in range(needed)
    ]
    plan["units"] = plan["units"] + extra
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True))
    return path, district_kpis


def synthetic_frame(rows: int, district_kpis: list[str], year: int = 2023):
    import numpy as np
    import pandas as pd

    periods = [f"{year - 1}-12"] + [f"{year}-{m:02d}" for m in range(1, 13)]
    i = np.arange(rows)
    per_district = len(district_kpis) * len(periods)
    district = i // per_district
    rest = i % per_district
    period = np.array(periods)[rest // len(district_kpis)]
    kpi = np.array(district_kpis)[rest % len(district_kpis)]
    rng = np.random.default_rng(194)
    denominator = rng.integers(10, 500, rows)
    numerator = (denominator * rng.uniform(0.2, 1.0, rows)).round().astype(int)
    submitted = np.char.add(period.astype("U7"), "-20")  # "2023-05" -> "2023-05-20"
    return pd.DataFrame(
        {
            "period": period,
            "unit_code": np.char.add("9", np.char.zfill(district.astype(str), 5)),
            "kpi_code": kpi,
            "numerator": numerator,
            "denominator": denominator,
            "submitted_at": submitted,
            "note": "",
        }
    )


def write_inputs(folder: Path, rows: int, district_kpis: list[str]) -> Path:
    path = folder / f"kpi-{rows}.csv"
    if not path.exists():
        synthetic_frame(rows, district_kpis).to_csv(path, index=False)
    return path


def write_xlsx(folder: Path, rows: int, district_kpis: list[str]) -> Path:
    from openpyxl import Workbook

    path = folder / f"kpi-{rows}.xlsx"
    if path.exists():
        return path
    frame = synthetic_frame(rows, district_kpis)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("kpi")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append(list(row))
    book.save(path)
    return path


# --- workers (each in its own process) ----------------------------------------------------------------------


def _init_db(url: str, plan: Path) -> None:
    from dtplan import store
    from dtplan.domain.catalog import load_catalog

    engine = store.make_engine(url)
    store.upgrade(engine)
    with store.transaction(engine) as session:
        store.save_catalog(session, load_catalog(plan))
    engine.dispose()


def worker(kind: str, file: Path, url: str, plan: Path) -> dict:
    import datetime as dt

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result: dict = {}
    if kind == "init":
        _init_db(url, plan)
    elif kind in ("ours", "ours-commit"):
        from dtplan import store
        from dtplan.ingest.process import set_up_import_process

        set_up_import_process()  # as `dtplan import` does

        engine = store.make_engine(url)
        catalog = store.read_catalog(engine)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["wall_start"] = time.time()
        start = time.perf_counter()
        marks: list[float] = []
        files = [(file.name, file.read_bytes())]
        today = dt.date(2024, 1, 31)
        # As `dtplan import`: on PostgreSQL a large file is loaded while it is checked; indexes after.
        batch, _ = store.check_and_load(
            engine, files, catalog, today, "bench", before_commit=lambda _b: marks.append(time.perf_counter()),
            build_indexes=False,
        )  # fmt: skip
        committed, result["wall_end"] = time.perf_counter(), time.time()
        assert batch.ok, batch.error_lines()[:5]
        checked = marks[0]
        result.update({"seconds": committed - start, "check": checked - start, "load": committed - checked})
        if kind == "ours":  # "ours-commit" stops at the commit
            store.restore_indexes(engine)
            result.update({"indexed": time.perf_counter() - start, "wall_indexed": time.time()})
        engine.dispose()
    elif kind == "reader":
        result["samples"] = _read_until_stopped(url, file)
    elif kind == "floor-sqlite":
        import pandas as pd
        from sqlalchemy import create_engine

        engine = create_engine(url)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        frame = pd.read_csv(file) if file.suffix == ".csv" else pd.read_excel(file, sheet_name="kpi")
        frame.to_sql("floor", engine, index=False)
        result = {"seconds": time.perf_counter() - start}
    elif kind == "floor-copy":
        import psycopg

        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo) as conn:
            conn.execute(
                "CREATE TABLE floor (period text, unit_code text, kpi_code text, numerator double precision,"
                " denominator double precision, submitted_at date, note text)"
            )
            base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            with (
                conn.cursor() as cur,
                cur.copy("COPY floor FROM STDIN (FORMAT csv, HEADER)") as copy,
                open(file, "rb") as f,
            ):
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            conn.commit()
            result = {"seconds": time.perf_counter() - start}
    elif kind == "floor-copy-schema":
        with open(file, "rb") as lines:
            rows = sum(1 for _ in lines) - 1  # the header
        result = {"seconds": _copy_into_schema(file, url, rows)}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["peak_mb"] = peak / 1024
    result["grew_mb"] = (peak - base) / 1024
    return result


def _read_until_stopped(url: str, stop: Path) -> list[tuple[float, float]]:
    """A page's reader: the province summary (the overview's figures), again and again, each call timed,
    until the file `stop` exists: [(wall time, seconds), ...]."""
    from dtplan import store
    from dtplan.domain.access import province_scope
    from dtplan.read import kpis

    engine = store.make_engine(url)
    catalog = store.read_catalog(engine)
    scope = province_scope(catalog)
    samples = []
    while not stop.exists():
        begin = time.perf_counter()
        kpis.summary(engine, catalog, scope, "2023-12")
        samples.append((time.time(), time.perf_counter() - begin))
        time.sleep(0.05)
    engine.dispose()
    return samples


def reader_latency(file: Path, url: str, plan: Path) -> dict:
    """The import on PostgreSQL with a reader beside it: the reader's p95 while idle and during the load."""
    measure("init", file, url, plan)
    stop = file.with_suffix(".stop")
    stop.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--worker", "reader", "--file", str(stop), "--url", url, "--plan", str(plan)]
    reader = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(5)  # idle samples first
    ours = measure("ours", file, url, plan, init=False)
    time.sleep(5)  # idle samples after the import: the table now holds its rows
    stop.touch()
    out, _ = reader.communicate(timeout=120)
    samples = json.loads(out.strip().splitlines()[-1])["samples"]
    idle = sorted(s for at, s in samples if at < ours["wall_start"])
    committed, indexed = ours["wall_end"], ours["wall_indexed"]
    during = sorted(s for at, s in samples if ours["wall_start"] <= at <= committed)
    # A call still waiting when the import commits is stamped after it: count the first one as "during".
    late = [(at, s) for at, s in samples if at > committed]
    if late:
        during = sorted([*during, late[0][1]])
        late = late[1:]
    building = sorted(s for at, s in late if at <= indexed)
    after = sorted(s for at, s in late if at > indexed)

    def p95(values):
        return values[min(len(values) - 1, int(0.95 * len(values)))] if values else float("nan")

    # Until the import commits the reader sees the table as it was before, so "during" is compared with the
    # idle reads before it. After the commit the reads sum the loaded rows (their cost is the data's): those
    # while the indexes are built are compared with those after.
    return {
        "ours": ours,
        "idle_p95": p95(idle),
        "during_p95": p95(during),
        "during_max": max(during or [0]),
        "building_p95": p95(building),
        "after_p95": p95(after),
    }


def _copy_into_schema(file: Path, url: str, rows: int) -> float:
    """The second PostgreSQL floor: the same COPY, into dtplan's own kpi_reports table (its id sequence and
    wider rows), in dtplan's bulk mode (store.bulk.bulk_mode: from 100k rows its indexes are left out of the
    load and built after it, store.bulk.restore_indexes) — the work the schema itself asks for,
    with no check, no versions and no stored file."""
    from dtplan import store
    from dtplan.store import bulk

    engine = store.make_engine(url)
    columns = "period, unit_code, kpi_code, numerator, denominator, submitted_at, note"
    with engine.begin() as conn:  # a throwaway database: rows default to current, as a fresh import's are
        conn.exec_driver_sql("ALTER TABLE kpi_reports ALTER COLUMN is_current SET DEFAULT true")  # copied by LIKE
    start = time.perf_counter()
    with (
        engine.begin() as conn,
        bulk.bulk_mode(conn, rows) as table,
        conn.connection.driver_connection.cursor() as cur,
        cur.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, HEADER, FORCE_NOT_NULL (note))") as copy,
        open(file, "rb") as f,
    ):
        while chunk := f.read(1 << 20):
            copy.write(chunk)
    bulk.restore_indexes(engine)
    seconds = time.perf_counter() - start
    engine.dispose()
    return seconds


def measure(kind: str, file: Path, url: str, plan: Path, init: bool = True) -> dict:
    # The schema and the plan first, in a process of their own.
    if init and kind in ("ours", "ours-commit", "floor-copy-schema"):
        measure("init", file, url, plan)
    cmd = [sys.executable, __file__, "--worker", kind, "--file", str(file), "--url", url, "--plan", str(plan)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _quiet_database(server) -> str:
    """A new database on a server that has written out what the runs before left (CHECKPOINT, then the
    kernel's dirty pages): without it each load paid for the previous ones' writes, and an import, which
    writes twice the floor's bytes, got slower run after run (1.4 s, then 2.1 s) while the floor did not."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True) as conn:
        for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'").fetchall():
            conn.execute(f'DROP DATABASE "{name}"')
        conn.execute("CHECKPOINT")
    os.sync()
    return server.url(server.create_database())


# --- the run -------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-only", action="store_true", help="CSV into PostgreSQL only (no SQLite, no XLSX)")
    parser.add_argument("--rows", type=int, action="append", help="CSV sizes (repeatable) instead of the defaults")
    parser.add_argument(
        "--repeat", type=int, default=3, help="PostgreSQL: floor and import pairs per size (the median is printed)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.file), args.url, Path(args.plan))))
        return

    csv_sizes = args.rows or ([20_000, 50_000] if args.quick else [250_000, 1_000_000])
    xlsx_size = 10_000 if args.quick else 100_000
    folder = Path(tempfile.mkdtemp(prefix="dtplan-bench-"))
    plan, district_kpis = synthetic_plan(folder, max(csv_sizes))
    server = None
    if not args.no_postgres:
        from tests.conftest import PostgresServer, _pg_bin

        bindir = _pg_bin()
        if bindir is None:
            print("PostgreSQL không có trên máy: bỏ qua phần PostgreSQL")
        else:
            server = PostgresServer(bindir)
            server.start()
    rows_out = []
    readers = []
    paired: list[tuple[str, list[float]]] = []
    try:
        inputs = [(n, write_inputs(folder, n, district_kpis)) for n in csv_sizes]
        if not args.postgres_only:
            inputs.append((xlsx_size, write_xlsx(folder, xlsx_size, district_kpis)))
        for n, file in inputs:
            mb = file.stat().st_size / 1024 / 1024
            label = f"{file.suffix[1:].upper()} {n:>9,} rows ({mb:.1f} MB)"
            tag = f"{n}{file.suffix.replace('.', '-')}"
            if not args.postgres_only:
                floor = measure("floor-sqlite", file, f"sqlite:///{folder / f'floor-{tag}.db'}", plan)
                ours = measure("ours", file, f"sqlite:///{folder / f'ours-{tag}.db'}", plan)
                kind = "read_csv+to_sql" if file.suffix == ".csv" else "read_excel+to_sql"
                rows_out.append((label, "SQLite", kind, n, floor, ours))
            if server is not None and file.suffix == ".csv":
                schema_floor = measure("floor-copy-schema", file, server.url(server.create_database()), plan)
                pairs = []  # (floor, the import), each import right after its floor; no reader beside either
                for _ in range(args.repeat):
                    floor = measure("floor-copy", file, _quiet_database(server), plan)
                    pairs.append((floor, measure("ours-commit", file, _quiet_database(server), plan)))
                pairs.sort(key=lambda pair: pair[0]["seconds"] / pair[1]["seconds"])
                paired.append((label, [f["seconds"] / o["seconds"] for f, o in pairs]))
                floor, ours = pairs[len(pairs) // 2]  # the median pair is the one printed
                read = reader_latency(file, _quiet_database(server), plan)  # then the reader's run
                ours["indexed"] = read["ours"]["indexed"]
                rows_out.append((label, "PostgreSQL", "psycopg COPY", n, floor, ours))
                readers.append((label, read))
                rows_out.append((label, "PostgreSQL", "COPY+indexes", n, schema_floor, ours))
    finally:
        if server is not None:
            server.stop()
    print()
    print(
        f"{'file':<34} {'database':<11} {'floor':<18} {'floor rows/s':>13} {'dtplan rows/s':>14} "
        f"{'ratio':>6} {'check s':>8} {'load s':>7} {'indexed s':>9} {'peak MB':>8} {'+MB':>7} {'floor +MB':>9}"
    )
    for label, db, floor_name, n, floor, ours in rows_out:
        fr, orr = n / floor["seconds"], n / ours["seconds"]
        print(
            f"{label:<34} {db:<11} {floor_name:<18} {fr:>13,.0f} {orr:>14,.0f} {orr / fr:>5.2f}× "
            f"{ours['check']:>8.2f} {ours['load']:>7.2f} {ours['indexed']:>9.2f} {ours['peak_mb']:>8.0f} "
            f"{ours['grew_mb']:>7.0f} {floor['grew_mb']:>9.0f}"
        )
    print(
        "\nratio = dtplan rows/s ÷ floor rows/s (goal: SQLite ≥ 1.0×, PostgreSQL ≥ 0.5× of psycopg COPY);"
        " +MB = peak resident memory added by the measured step.\ndtplan's time (check s: until the check ends,"
        " a large file loading alongside on PostgreSQL; load s: from then) ends at the commit,"
        " when every reader sees the rows; 'indexed s': until a bulk load's indexes are built after it (readers go"
        " on meanwhile).\nCOPY+indexes (no goal): the same COPY into dtplan's kpi_reports in its bulk mode, its"
        " indexes and foreign key built after: the schema's own cost."
    )
    for label, ratios in paired:
        listed = ", ".join(f"{r:.2f}×" for r in ratios)
        print(f"{label:<34} PostgreSQL vs psycopg COPY, each import right after its floor: {listed} (median above)")
    if readers:
        print("\nA reader beside the PostgreSQL import (province summary every 50 ms; goal: p95 during ≤ 2× idle):")
        for label, read in readers:
            ratio = read["during_p95"] / read["idle_p95"]
            print(
                f"{label:<34} idle p95 {read['idle_p95'] * 1000:7.1f} ms   during p95 "
                f"{read['during_p95'] * 1000:7.1f} ms ({ratio:.2f}×)   during max {read['during_max'] * 1000:7.1f} ms"
            )
            building = read["building_p95"]  # NaN: no index left to build (a load below the bulk size)
            building = "—" if building != building else f"{building * 1000:.1f} ms"
            print(
                f"{'':<34} after the commit, with the loaded rows: while the indexes are built p95 {building},"
                f" after {read['after_p95'] * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
