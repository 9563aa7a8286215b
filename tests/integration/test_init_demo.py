"""`init --demo` only on a database it creates (or one already marked demo), never over real data; and
`make run` on its own SQLite file whatever DTPLAN_DATABASE_URL the shell exports. Real CLI processes on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from dtplan import store
from tests.conftest import ROOT, run_cli
from tests.integration.test_cli import assert_one_clear_line

PASSWORD = "Rừng-Cúc-Phương-2023!"


def snapshot(url: str) -> dict[str, list]:
    """Every row of every table: a refused `init --demo` must leave all of it as it was."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{name}"')).all()))
                for name in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def add_user(url: str, username: str, role: str = "admin") -> None:
    result = run_cli("users", "add", username, "--role", role, "--password-stdin", url=url, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr


def assert_refused_and_unchanged(url: str, before: dict) -> None:
    result = run_cli("init", "--demo", url=url)
    assert_one_clear_line(result, 1, "demo", "--demo")
    assert snapshot(url) == before
    engine = store.make_engine(url)
    try:
        assert not store.is_demo(engine)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT COUNT(*) FROM users WHERE is_demo")) == 0
    finally:
        engine.dispose()


def test_refused_on_a_database_with_a_real_admin_and_no_kpi_rows(empty_db_url):
    assert run_cli("init", url=empty_db_url).returncode == 0
    add_user(empty_db_url, "admin.so")
    assert_refused_and_unchanged(empty_db_url, snapshot(empty_db_url))


def test_refused_on_a_database_with_real_progress_reports(empty_db_url):
    assert run_cli("init", url=empty_db_url).returncode == 0
    engine = store.make_engine(empty_db_url)
    try:
        with Session(engine) as session, session.begin():
            report = store.TaskReport("2023-03", "VI-01", "STTTT", "Đang thực hiện", 30.0, dt.date(2023, 3, 20), "")
            store.add_task_reports(session, [report])
    finally:
        engine.dispose()
    assert_refused_and_unchanged(empty_db_url, snapshot(empty_db_url))


def test_refused_on_a_plain_init(empty_db_url):
    """A plan loaded without --demo is a real database waiting for its data."""
    assert run_cli("init", url=empty_db_url).returncode == 0
    assert_refused_and_unchanged(empty_db_url, snapshot(empty_db_url))


def test_a_real_quantri_gets_one_line_not_a_traceback(empty_db_url):
    assert run_cli("init", url=empty_db_url).returncode == 0
    add_user(empty_db_url, "quantri")
    before = snapshot(empty_db_url)
    result = run_cli("init", "--demo", url=empty_db_url)
    assert_one_clear_line(result, 1, "demo", "1 tài khoản")
    assert snapshot(empty_db_url) == before


def test_refused_before_any_schema_upgrade(empty_db_url):
    """A real database at an older schema revision is not even upgraded by a refused `init --demo`."""
    from alembic import command
    from alembic.config import Config

    engine = store.make_engine(empty_db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(ROOT / "dtplan" / "store" / "migrations"))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    "INSERT INTO users (username, full_name, role, password_hash, disabled, is_demo, created_at) "
                    "VALUES ('lanhdao', 'Lãnh đạo thật', 'leader', 'x', false, false, '2023-01-02 08:00:00')"
                )
            )
    finally:
        engine.dispose()
    before = snapshot(empty_db_url)
    assert before["alembic_version"] == ["('0001',)"]
    assert_refused_and_unchanged(empty_db_url, before)


def test_refused_on_a_database_of_something_else(sqlite_url):
    engine = store.make_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE ho_so (id INTEGER PRIMARY KEY)"))
    finally:
        engine.dispose()
    result = run_cli("init", "--demo", url=sqlite_url)
    assert_one_clear_line(result, 1, "ho_so")
    assert list(snapshot(sqlite_url)) == ["ho_so"]


def test_fresh_database_becomes_demo_and_a_demo_database_is_kept(empty_db_url):
    result = run_cli("init", "--demo", url=empty_db_url)
    assert result.returncode == 0, result.stderr
    before = snapshot(empty_db_url)
    assert len(before["users"]) == 4 and before["kpi_reports"]
    again = run_cli("init", "--demo", url=empty_db_url)
    assert again.returncode == 0, again.stderr
    assert "giữ nguyên" in again.stdout
    assert snapshot(empty_db_url) == before
    engine = store.make_engine(empty_db_url)
    try:
        assert store.is_demo(engine)
    finally:
        engine.dispose()


# --- make run -----------------------------------------------------------------------------------------


def _make(*args: str, env: dict) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.skip("make không có trên máy")
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_run_commands_never_pass_the_shells_database_url():
    result = _make("-n", "run", env={"DTPLAN_DATABASE_URL": "postgresql://x@db.example/prod"})
    assert result.returncode == 0, result.stderr
    assert "postgresql://" not in result.stdout
    lines = [line for line in result.stdout.splitlines() if "-m dtplan" in line or "streamlit run" in line]
    assert len(lines) == 2, result.stdout
    for line in lines:
        assert line.startswith("DTPLAN_DATABASE_URL=sqlite:///data/dtplan.db "), line


def test_make_run_recipe_loads_the_demo_into_its_own_file_not_the_exported_database(empty_db_url, tmp_path):
    """The run recipe itself (setup skipped, streamlit replaced by `true`) with a real database exported."""
    assert run_cli("init", url=empty_db_url).returncode == 0
    add_user(empty_db_url, "quantri")
    before = snapshot(empty_db_url)
    demo_file = tmp_path / "own.db"
    result = _make(
        "-o",
        "setup",
        "run",
        f"PY={sys.executable}",
        "STREAMLIT=true",
        f"DEMO_DB={demo_file}",
        env={"DTPLAN_DATABASE_URL": empty_db_url},
    )
    assert result.returncode == 0, result.stderr
    assert snapshot(empty_db_url) == before
    engine = store.make_engine(f"sqlite:///{demo_file}")
    try:
        assert store.is_demo(engine)
    finally:
        engine.dispose()
