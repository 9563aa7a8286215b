"""Loading: all-or-nothing over several files, versions and the newest submitted_at, the same file
twice, --as, --dry-run, catalogue imports; whole-file refusals; a subset on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import select

from dtplan import store
from dtplan.ingest.readers import MAX_FILE_BYTES, MAX_FILE_MB
from dtplan.store.imports import FILE_CODEC, stored_file
from dtplan.store.models import AuditRow, ImportRow
from tests.conftest import ROOT, run_cli
from tests.import_files import BULK_ROWS, CATALOGUE_EN, KPI_EN, KPI_VI, PROGRESS_VI, dump, run, write_csv, write_xlsx

TODAY = {"DTPLAN_TODAY": "2024-01-31"}


def _current(url: str, period: str, unit: str, kpi: str) -> list[tuple]:
    """(numerator, submitted_at, is_current) of every version of one key, oldest first."""
    return [(r[4], str(r[6]), bool(r[9])) for r in dump(url)["kpi"] if (r[1], r[2], r[3]) == (period, unit, kpi)]


def _summary(url: str, as_of: str = "2023-12", unit: str | None = None) -> dict:
    args = ["summary", "--as-of", as_of, "--json"] + (["--unit", unit] if unit else [])
    code, out, err = run(*args, url=url)
    assert code == 0, err
    return json.loads(out)


# --- on both databases ---------------------------------------------------------------------------------


def test_versions_newest_submitted_wins(demo_db_url, tmp_path):
    """Every version kept; the newest submitted_at is current; an older late file does not win."""
    key = ("2023-06", "372", "T12")
    before = _current(demo_db_url, *key)
    v1 = write_csv(tmp_path / "v1.csv", KPI_EN, [[*key, "10", "100", "2023-06-30", "v1"]])
    v2 = write_csv(tmp_path / "v2.csv", KPI_EN, [[*key, "20", "100", "02/07/2023", "đính chính"]], sep=";")
    v0 = write_xlsx(tmp_path / "v0.xlsx", {"kpi": (KPI_VI, [[*key, 99, 100, "2023-06-01", "cũ"]])})
    for path in (v1, v2, v0):
        code, _, err = run("import", str(path), url=demo_db_url)
        assert code == 0, err
    versions = _current(demo_db_url, *key)
    assert len(versions) == len(before) + 3
    assert [v for v in versions if v[2]] == [(20.0, "2023-07-02", True)]
    assert (99.0, "2023-06-01", False) in versions and (10.0, "2023-06-30", False) in versions
    # The figure the summary shows follows the current version.
    district = _summary(demo_db_url, "2023-06", "372")
    t12 = next(k for k in district["kpis"] if k["code"] == "T12")
    assert t12["numerator"] is not None


def test_refused_batch_changes_nothing(demo_db_url, tmp_path):
    good = write_csv(tmp_path / "good.csv", KPI_EN, [["2023-06", "372", "T12", "1", "2", "2023-06-20", ""]])
    bad = write_csv(tmp_path / "bad.csv", KPI_EN, [["2023-06", "372", "T12", "3", "2", "2023-06-20", ""]])
    before, summary_before = dump(demo_db_url), _summary(demo_db_url)
    code, _, err = run("import", str(good), str(bad), url=demo_db_url)
    assert code == 1
    assert f"{bad}:2:numerator:" in err and str(good) + ":" not in err
    assert dump(demo_db_url) == before
    assert _summary(demo_db_url) == summary_before


def test_filled_template_imports_without_edits(demo_db_url, tmp_path):
    import datetime as dt

    import openpyxl

    out = tmp_path / "mau.xlsx"
    code, _, err = run("template", "--unit", "372", "--period", "2023-07", "--out", str(out), url=demo_db_url)
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    assert {"kpi", "tasks", "Hướng dẫn"} <= set(book.sheetnames)
    filled = 0
    for row in book["kpi"].iter_rows(min_row=2):
        if row[2].value:
            row[3].value, row[4].value, row[5].value = 30, 60, dt.datetime(2023, 7, 20)
            filled += 1
    for row in book["tasks"].iter_rows(min_row=2):
        if row[1].value:
            row[3].value, row[4].value, row[5].value = "Đang thực hiện", 55, dt.datetime(2023, 7, 20)
    book.save(out)
    code, _, err = run("import", str(out), url=demo_db_url)
    assert code == 0, err
    rows = [r for r in dump(demo_db_url)["kpi"] if r[1] == "2023-07" and r[2] == "372" and r[4] == 30]
    assert len(rows) == filled > 10


# --- SQLite only (the in-process CLI) -------------------------------------------------------------------


def test_same_file_twice_changes_nothing(plan_url, tmp_path):
    path = write_csv(tmp_path / "a.csv", KPI_EN, [["2023-06", "372", "T12", "1", "2", "2023-06-20", ""]])
    assert run("import", str(path), url=plan_url)[0] == 0
    before = dump(plan_url)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    code, out, err = run("import", str(copy), url=plan_url)
    assert code == 0, err
    assert "đã được nhập trước đây" in out and "không thay đổi gì" in out
    assert dump(plan_url) == before


def test_as_user_recorded_in_history_and_audit(plan_url, tmp_path):
    path = write_csv(tmp_path / "a.csv", KPI_EN, [["2023-06", "372", "T12", "1", "2", "2023-06-20", ""]])
    code, _, err = run("import", str(path), "--as", "quantri", url=plan_url)
    assert code == 0, err
    engine = store.make_engine(plan_url)
    with engine.connect() as conn:
        imp = conn.execute(select(ImportRow)).all()[-1]
        audit = conn.execute(select(AuditRow).where(AuditRow.action == "import")).all()[-1]
    engine.dispose()
    assert imp.imported_by == "quantri" and imp.filename == "a.csv" and imp.rows == 1
    assert imp.content_codec == FILE_CODEC and imp.outcome == "accepted"
    assert stored_file(imp.content, imp.content_codec) == path.read_bytes()
    assert stored_file(path.read_bytes(), None) == path.read_bytes()  # a file kept before compression
    assert len(imp.sha256) == 64
    assert audit.actor == "quantri" and "a.csv" in audit.detail


def test_refused_import_changes_no_figure_but_is_audited(plan_url, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", KPI_EN, [["2023-06", "372", "T12", "3", "2", "2023-06-20", ""]])
    before = dump(plan_url)
    code, _, err = run("import", str(bad), "--as", "quantri", url=plan_url)
    assert code == 1 and "bad.csv:" in err
    assert dump(plan_url) == before
    engine = store.make_engine(plan_url)
    with engine.connect() as conn:
        refused = conn.execute(select(AuditRow).where(AuditRow.action == "import_refused")).all()
    engine.dispose()
    assert len(refused) == 1
    assert refused[0].actor == "quantri" and "bad.csv" in refused[0].detail and '"errors": 1' in refused[0].detail


def test_dry_run_writes_nothing(plan_url, tmp_path):
    path = write_csv(tmp_path / "a.csv", KPI_EN, [["2023-06", "372", "T12", "1", "2", "2023-06-20", ""]])
    before = dump(plan_url)
    code, out, _ = run("import", str(path), "--dry-run", url=plan_url)
    assert code == 0 and "chạy thử" in out
    assert dump(plan_url) == before


def test_catalogue_adds_and_updates_never_deletes_and_feeds_progress(plan_url, tmp_path):
    before = {t[0]: t for t in dump(plan_url)["tasks"]}
    catalogue = write_csv(
        tmp_path / "pl.csv",
        CATALOGUE_EN,
        [
            ["PL01-01", "01", "1. Hạ tầng", "Tên mới", "STTTT", "372", "2023-02-01", "2023-10-31", "SP"],
            ["PL02-77", "2", "Mục", "Nhiệm vụ mới", "SNV", "372;STC", "01/03/2023", "31/12/2023", ""],
        ],
    )
    progress = write_xlsx(
        tmp_path / "p.xlsx",
        {"tasks": (PROGRESS_VI, [["2023-06", "PL02-77", "STC", "Đang thực hiện", 30, "2023-06-20", ""]])},
    )
    code, _out, err = run("import", str(progress), str(catalogue), url=plan_url)
    assert code == 0, err
    after = dump(plan_url)
    tasks = {t[0]: t for t in after["tasks"]}
    assert set(before) <= set(tasks)  # nothing deleted
    assert tasks["PL01-01"][3] == "Tên mới" and tasks["PL02-77"][1] == "02"
    assert ("PL02-77", "STC") in after["partners"] and ("PL02-77", "372") in after["partners"]
    assert [(r[2], r[3]) for r in after["progress"]] == [("PL02-77", "STC")]


def test_correction_does_not_make_late_report_on_time(plan_url, tmp_path):
    late = write_csv(tmp_path / "late.csv", KPI_EN, [["2023-03", "372", "T12", "1", "2", "2023-03-28", ""]])
    fix = write_csv(tmp_path / "fix.csv", KPI_EN, [["2023-03", "372", "T12", "2", "2", "2023-04-02", ""]])
    assert run("import", str(late), url=plan_url)[0] == 0
    assert run("import", str(fix), url=plan_url)[0] == 0
    _code, out, _ = run("compliance", "--as-of", "2023-03", "--unit", "372", "--json", url=plan_url)
    rows = [r for r in json.loads(out) if r["period"] == "2023-03"]
    assert rows[0]["submitted_at"] == "2023-03-28" and rows[0]["status"] == "late"


# --- whole-file refusals: one clear line, never a traceback (subprocess: the real command) ----------------


@pytest.fixture
def refused(plan_url):
    def check(path, fragment: str, subprocess: bool = False):
        before = dump(plan_url)
        if subprocess:  # the real command, with its own interpreter: no traceback reaches the terminal
            result = run_cli("import", str(path), url=plan_url, env=TODAY)
            code, err = result.returncode, result.stderr
        else:
            code, _, err = run("import", str(path), url=plan_url)
        assert code == 1, err
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"{path}:-:-: ") and fragment in lines[0], err
        assert len(lines) == 2 and "Traceback" not in err
        assert dump(plan_url) == before

    return check


def test_not_csv_or_xlsx(refused, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("period,unit_code\n")
    refused(path, ".csv")


def test_empty_file(refused, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    refused(path, "rỗng")


def test_binary_file(refused, tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(256)) * 10)
    refused(path, "nhị phân", subprocess=True)


def test_not_utf8(refused, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(",".join(KPI_EN).encode() + "\n2023-06,372,T12,1,2,2023-06-20,Ghi chú\n".encode("cp1258"))
    refused(path, "UTF-8")


def test_fake_xlsx(refused, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"this is not a spreadsheet at all")
    refused(path, ".xlsx")


def test_xlsx_without_known_sheets(refused, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"Sheet1": (KPI_EN, [["2023-06", "372", "T12", 1, 2, "2023-06-20", ""]])})
    refused(path, "kpi")


def test_too_large(refused, tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: refused from its size, never read
    refused(path, f"{MAX_FILE_MB} MB", subprocess=True)


def test_upload_limit_matches_streamlit_config():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB


def test_missing_file_is_a_usage_error(plan_url, tmp_path):
    code, _, err = run("import", str(tmp_path / "nope.csv"), url=plan_url)
    assert code == 2 and "nope.csv" in err


def test_template_usage_errors(plan_url, tmp_path):
    out = tmp_path / "x.xlsx"
    assert run("template", "--unit", "NOPE", "--period", "2023-05", "--out", str(out), url=plan_url)[0] == 2
    assert run("template", "--unit", "372", "--period", "2025-05", "--out", str(out), url=plan_url)[0] == 2
    assert not os.path.exists(out)


def _schema(url: str) -> tuple:
    from sqlalchemy import inspect

    engine = store.make_engine(url)
    try:
        seen = inspect(engine)
        checks = sorted(seen.get_check_constraints("kpi_reports"), key=lambda c: c["name"])
        return seen.get_indexes("kpi_reports"), seen.get_foreign_keys("kpi_reports"), checks
    finally:
        engine.dispose()


def _inserter(url: str) -> str:
    """The store function that writes the KPI rows on this database (patched to look inside a load)."""
    return "_copy_postgres" if url.startswith("postgresql") else "_executemany"


def test_bulk_mode_keeps_schema_and_figures(demo_db_url, tmp_path, monkeypatch):
    """A large load goes where no index is upkept row by row — SQLite: the table with its indexes dropped;
    PostgreSQL: a copy of the table, swapped in at the end — and leaves the same schema behind."""
    from dtplan.store import bulk

    url = demo_db_url
    schema_before = _schema(url)
    path = write_csv(tmp_path / "bulk.csv", KPI_EN, BULK_ROWS)
    seen = []
    original = getattr(bulk, _inserter(url))

    def insert_and_look(conn, out, *table):
        seen.append((table, _indexes_now(conn, *table), _indexes_now(conn)))
        yield from original(conn, out, *table)

    monkeypatch.setattr(bulk, _inserter(url), insert_and_look)
    monkeypatch.setattr(bulk, "_use_bulk", lambda rows, existing: True)
    code, _, err = run("import", str(path), url=url)
    assert code == 0, err
    [(table, target_indexes, live_indexes)] = seen
    assert target_indexes == [], "no index is upkept while the rows go in"
    if url.startswith("postgresql"):
        assert table == (bulk.LOAD_TABLE,) and live_indexes, "the live table keeps its indexes for the readers"
    assert _schema(url) == schema_before and schema_before[0]
    if url.startswith("postgresql"):
        assert schema_before[1]  # the foreign key, on the table swapped in
        assert schema_before[2]  # the CHECK constraints, validated again (not_valid would differ)
    loaded = [r for r in dump(url)["kpi"] if r[1] == "2023-08" and r[3] == "T12" and r[4] == 3.0]
    assert sorted(r[2] for r in loaded) == ["369", "370", "372", "SNV", "STTTT"] and all(r[9] for r in loaded)
    # The id sequence went with the table: the next import's rows get new ids.
    later = write_csv(tmp_path / "later.csv", KPI_EN, [["2023-09", "369", "T12", "5", "6", "2023-12-30", ""]])
    assert run("import", str(later), url=url)[0] == 0
    ids = [r[0] for r in dump(url)["kpi"]]
    assert len(ids) == len(set(ids))


@pytest.mark.postgres
def test_readers_are_not_blocked_while_a_large_load_runs_on_postgres(demo_pg_url, tmp_path, monkeypatch):
    """A page reading the figures in the middle of a large import answers at once (with the figures before
    the import), instead of waiting for the import to commit."""
    import sqlalchemy

    from dtplan.store import bulk

    path = write_csv(tmp_path / "bulk.csv", KPI_EN, BULK_ROWS)
    before = dump(demo_pg_url)["kpi"]
    answers = []
    original = bulk._copy_postgres

    def copy_while_reading(conn, out, *table):
        yield from original(conn, out, *table)
        reader = sqlalchemy.create_engine(demo_pg_url)
        try:
            with reader.connect() as other:
                other.exec_driver_sql("SET lock_timeout = '2s'")
                answers.append(other.exec_driver_sql("SELECT count(*) FROM kpi_reports").scalar())
        finally:
            reader.dispose()

    monkeypatch.setattr(bulk, "_copy_postgres", copy_while_reading)
    monkeypatch.setattr(bulk, "_use_bulk", lambda rows, existing: True)
    code, _, err = run("import", str(path), url=demo_pg_url)
    assert code == 0, err
    assert answers == [len(before)]


def _indexes_now(conn, table: str = "kpi_reports") -> list[str]:
    from sqlalchemy import inspect

    return [i["name"] for i in inspect(conn).get_indexes(table)]


def test_a_bulk_load_that_fails_leaves_schema_and_figures(demo_db_url, tmp_path, monkeypatch):
    from dtplan.store import bulk

    url = demo_db_url
    schema_before, before = _schema(url), dump(url)
    path = write_csv(tmp_path / "bulk.csv", KPI_EN, BULK_ROWS)
    name = _inserter(url)
    original = getattr(bulk, name)

    def fail_midway(conn, out, *table):
        yield from original(conn, out, *table)
        raise OSError("đĩa đầy")

    monkeypatch.setattr(bulk, name, fail_midway)
    monkeypatch.setattr(bulk, "_use_bulk", lambda rows, existing: True)
    with pytest.raises(OSError):
        run("import", str(path), url=url)
    assert _schema(url) == schema_before
    assert dump(url) == before


def test_template_rows_left_blank_are_skipped_but_a_blank_template_is_refused(plan_url, tmp_path):
    import datetime as dt

    import openpyxl

    out = tmp_path / "mau.xlsx"
    assert run("template", "--unit", "STTTT", "--period", "2023-05", "--out", str(out), url=plan_url)[0] == 0
    before = dump(plan_url)
    code, _, err = run("import", str(out), url=plan_url)
    assert code == 1 and f"{out}:-:-: " in err and "chưa điền" in err
    assert dump(plan_url) == before
    book = openpyxl.load_workbook(out)
    first = book["kpi"][2]
    first[3].value, first[4].value, first[5].value = 3, 4, dt.datetime(2023, 5, 20)
    half = book["kpi"][3]
    half[3].value = 5  # a row begun but not finished is judged in full
    book.save(out)
    code, _, err = run("import", str(out), url=plan_url)
    assert code == 1 and f"{out}:3:Mẫu số: " in err and f"{out}:3:Ngày gửi: " in err
    half[3].value = None
    book.save(out)
    code, out_text, err = run("import", str(out), url=plan_url)
    assert code == 0, err
    assert "1 dòng số liệu chỉ tiêu" in out_text and "dòng mẫu chưa điền" in out_text
    assert len(dump(plan_url)["kpi"]) == 1


@pytest.mark.parametrize("own_process", [True, False])
def test_an_import_in_its_own_process_runs_as_a_batch_job(plan_url, tmp_path, own_process):
    """`python -m dtplan import` lowers its priority (dtplan.ingest.process); main() called inside another
    process (these tests, a server) leaves that process as it was."""
    import subprocess
    import sys

    path = write_csv(tmp_path / "a.csv", KPI_EN, [["2023-06", "372", "T12", "1", "2", "2023-06-20", ""]])
    code = (
        "import os, sys; from dtplan.cli import main; before = os.nice(0); "
        f"code = main(['import', '--dry-run', {str(path)!r}], own_process={own_process}); "
        "print(code, os.nice(0) - before)"
    )
    env = {**os.environ, "DTPLAN_DATABASE_URL": plan_url}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    exit_code, raised = done.stdout.split()[-2:]
    assert exit_code == "0" and (int(raised) > 0) == own_process
