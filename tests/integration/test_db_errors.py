"""A locked database and a full disk are reported as what they are, not as "cannot connect": the real CLI
against a real SQLite file held by another writer or capped in size, a real PostgreSQL lock, and the one
classification function (dtplan.store.db_errors) the CLI and the web share."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import psycopg
import pytest
import sqlalchemy.exc
from sqlalchemy import event, text

from dtplan import store
from dtplan.domain.periods import months_of_year, previous_december
from dtplan.store import db_errors, demo
from tests.conftest import run_cli
from tests.integration.test_cli import assert_one_clear_line, call

CONNECT = "không kết nối"


def kpi_file(url: str, path: Path) -> Path:
    """A valid KPI report file of a few thousand rows (the demo generator's figures, as a unit would send)."""
    engine = store.make_engine(url)
    try:
        catalog = store.read_catalog(engine)
    finally:
        engine.dispose()
    rng = random.Random(7)
    units = sorted({u.code for u in catalog.reporting_units()} | {k.lead for k in catalog.kpis})
    dates = demo._submission_dates(rng, catalog, units)
    reports = [
        r
        for r in demo._kpi_reports(rng, catalog, dates)
        if r.period in months_of_year(catalog.plan.year) or r.period == previous_december(catalog.plan.year)
    ]
    lines = ["period,unit_code,kpi_code,numerator,denominator,submitted_at,note"]
    for r in reports:
        denominator = "" if r.denominator is None else r.denominator
        lines.append(f"{r.period},{r.unit_code},{r.kpi_code},{r.numerator},{denominator},{r.submitted_at},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) > 1000
    return path


def kpi_rows(url: str) -> int:
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT COUNT(*) FROM kpi_reports"))
    finally:
        engine.dispose()


@pytest.fixture
def plan_db(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "plan.db"
    url = f"sqlite:///{path}"
    assert run_cli("init", url=url).returncode == 0
    return path, url


def test_sqlite_held_by_another_writer_says_locked(plan_db, tmp_path):
    path, url = plan_db
    data = kpi_file(url, tmp_path / "bao-cao.csv")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = run_cli("import", str(data), url=url, env={"DTPLAN_SQLITE_TIMEOUT": "0.5"})
    finally:
        holder.rollback()
        holder.close()
    assert_one_clear_line(result, 1, "đang bị khóa", "thử lại sau")
    assert CONNECT not in result.stderr
    assert kpi_rows(url) == 0
    # Once the other writer is done, the same import goes through.
    assert run_cli("import", str(data), url=url).returncode == 0
    assert kpi_rows(url) > 1000


def test_sqlite_disk_full_says_so(plan_db, tmp_path, monkeypatch, capsys):
    """PRAGMA max_page_count caps the file at its current size: SQLite answers "database or disk is full"
    exactly as on a full disk (the pragma is per connection, so the CLI runs in this process)."""
    path, url = plan_db
    data = kpi_file(url, tmp_path / "bao-cao.csv")
    with sqlite3.connect(path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    make_engine = store.make_engine

    def capped(url=None):
        engine = make_engine(url)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

        return engine

    monkeypatch.setattr(store, "make_engine", capped)
    result = call(monkeypatch, capsys, url, "import", str(data))
    assert_one_clear_line(result, 1, "hết dung lượng đĩa")
    assert CONNECT not in result.stderr
    monkeypatch.setattr(store, "make_engine", make_engine)
    assert kpi_rows(url) == 0


@pytest.mark.postgres
def test_postgresql_lock_timeout_says_locked(pg_url, tmp_path):
    assert run_cli("init", url=pg_url).returncode == 0
    data = kpi_file(pg_url, tmp_path / "bao-cao.csv")
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as holder:
        holder.execute("LOCK TABLE kpi_reports IN ACCESS EXCLUSIVE MODE")
        # lock_timeout for the importing session only, through libpq's options in the URL.
        result = run_cli("import", str(data), url=pg_url + "?options=-c%20lock_timeout%3D500")
        holder.rollback()
    assert_one_clear_line(result, 1, "đang bị khóa")
    assert CONNECT not in result.stderr
    assert kpi_rows(pg_url) == 0


# --- the classification itself ---------------------------------------------------------------------


def _wrapped(orig: Exception) -> sqlalchemy.exc.DBAPIError:
    return sqlalchemy.exc.DBAPIError.instance("INSERT …", {}, orig, psycopg.Error)


@pytest.mark.parametrize(
    ("orig", "kind"),
    [
        (sqlite3.OperationalError("database is locked"), db_errors.LOCKED),
        (sqlite3.OperationalError("database or disk is full"), db_errors.DISK_FULL),
        (sqlite3.OperationalError("attempt to write a readonly database"), db_errors.READ_ONLY),
        (sqlite3.OperationalError("unable to open database file"), db_errors.UNREACHABLE),
        (sqlite3.OperationalError("no such table: plan"), db_errors.OTHER),
        (psycopg.errors.DiskFull("could not extend file"), db_errors.DISK_FULL),
        (psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"), db_errors.LOCKED),
        (psycopg.errors.AdminShutdown("terminating connection"), db_errors.UNREACHABLE),
        (psycopg.errors.CannotConnectNow("the database system is starting up"), db_errors.UNREACHABLE),
        (psycopg.OperationalError("connection refused"), db_errors.UNREACHABLE),
        (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), db_errors.READ_ONLY),
        (psycopg.errors.UniqueViolation("duplicate key"), db_errors.OTHER),
    ],
)
def test_classify(orig, kind):
    assert db_errors.classify(orig) == kind
    assert db_errors.classify(_wrapped(orig)) == kind


def test_describe_names_what_happened():
    assert db_errors.describe(_wrapped(psycopg.errors.DiskFull("x"))).startswith("hết dung lượng đĩa")
    assert db_errors.describe(_wrapped(sqlite3.OperationalError("database is locked"))).startswith(
        "cơ sở dữ liệu đang bị khóa"
    )
    assert db_errors.describe(_wrapped(psycopg.OperationalError("refused"))).startswith(CONNECT)
