"""Limits on values beyond contract §2's list, through real files and the real CLI on SQLite and
PostgreSQL: finite numbers within a bound (and a database CHECK behind it), no submission date before
its period, no backdated correction making a month on time, text that fits its column, and one
(period, unit, KPI) per import command."""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from dtplan import ingest, store
from dtplan.store.models import ImportRow, KpiReportRow, TaskReportRow
from tests.import_files import CATALOGUE_EN, KPI_EN, KPI_VI, PROGRESS_EN, dump, run, write_csv, write_xlsx

HUGE = "9" * 400  # parses as +Infinity in float64


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def plan_db_url(request) -> str:
    """A database of each kind with the plan loaded and no reports."""
    if request.param == "sqlite":
        return request.getfixturevalue("plan_url")
    url = request.getfixturevalue("pg_url")
    assert run("init", url=url)[0] == 0
    return url


def _refused(url: str, *paths) -> list[str]:
    before = dump(url)
    code, out, err = run("import", *map(str, paths), url=url)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    assert dump(url) == before
    return err.strip().splitlines()


# --- finite numbers within a bound ----------------------------------------------------------------------


def test_huge_numbers_are_refused_with_file_row_column(plan_db_url, tmp_path):
    path = write_csv(
        tmp_path / "so.csv",
        KPI_EN,
        [
            ["2023-12", "37", "T18", HUGE, "", "2023-12-30", "x"],
            ["2023-12", "372", "T12", "5", HUGE, "2023-12-20", ""],
            ["2023-12", "373", "T12", "1000000000001", "1000000000002", "2023-12-20", ""],
        ],
    )
    lines = _refused(plan_db_url, path)
    assert lines[0].startswith(f"{path}:2:numerator: tử số '999999999999999999999999… (400 ký tự)' quá lớn")
    assert lines[1].startswith(f"{path}:3:denominator: mẫu số '9999") and "quá lớn" in lines[1]
    assert lines[2].startswith(f"{path}:4:numerator: tử số '1000000000001' quá lớn")
    assert lines[3].startswith(f"{path}:4:denominator: mẫu số '1000000000002' quá lớn")
    assert len(lines) == 5  # and the summary line


def test_the_bound_itself_is_accepted(plan_db_url, tmp_path):
    path = write_csv(tmp_path / "ok.csv", KPI_EN, [["2023-12", "37", "T18", "1.000.000.000.000", "", "2023-12-30", ""]])
    code, _out, err = run("import", str(path), url=plan_db_url)
    assert code == 0, err
    _code, out, _err = run("summary", "--as-of", "2023-12", "--json", url=plan_db_url)
    t18 = next(k for k in json.loads(out)["kpis"] if k["code"] == "T18")
    assert t18["actual"] == 1e12


def test_progress_of_hundreds_of_digits_is_refused(plan_db_url, tmp_path):
    path = write_csv(
        tmp_path / "tiendo.csv", PROGRESS_EN, [["2023-06", "VI-01", "STTTT", "dang_thuc_hien", HUGE, "2023-06-20", ""]]
    )
    lines = _refused(plan_db_url, path)
    assert lines[0].startswith(f"{path}:2:progress: ") and "ngoài khoảng 0–100" in lines[0]


@pytest.mark.parametrize(
    ("numerator", "denominator", "progress"),
    [
        (math.inf, 10.0, math.inf),
        (math.nan, 10.0, math.nan),
        (1e13, None, 101.0),
        (-1.0, None, -1.0),
        (5.0, math.inf, 1e13),
        (5.0, 2e12, -math.inf),
    ],
)
def test_database_refuses_figures_outside_the_bound(plan_db_url, numerator, denominator, progress):
    """The CHECK behind validation: no writer can store Infinity, NaN or an absurd figure."""
    engine = store.make_engine(plan_db_url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                insert(KpiReportRow).values(
                    period="2023-06",
                    unit_code="372",
                    kpi_code="T12",
                    numerator=numerator,
                    denominator=denominator,
                    submitted_at=dt.date(2023, 6, 20),
                    note="",
                    is_current=True,
                )
            )
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                insert(TaskReportRow).values(
                    period="2023-06",
                    task_code="VI-01",
                    unit_code="STTTT",
                    status="dang_thuc_hien",
                    progress=progress,
                    submitted_at=dt.date(2023, 6, 20),
                    note="",
                )
            )
    finally:
        engine.dispose()


def _legacy_infinity(url: str) -> None:
    """A row stored before the CHECK existed (the adversarial run's Infinity), written past the check."""
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            "INSERT INTO kpi_reports (period, unit_code, kpi_code, numerator, denominator, submitted_at, note, "
            "is_current) VALUES ('2023-06', '37', 'T18', ?, NULL, '2023-06-20', '', 1)",
            (math.inf,),
        )


def test_summary_json_never_prints_infinity_even_from_old_rows(plan_url):
    _legacy_infinity(plan_url)
    code, out, err = run("summary", "--as-of", "2023-06", "--json", url=plan_url)
    assert code == 0, err
    assert "Infinity" not in out and "NaN" not in out

    def refuse(name):
        raise AssertionError(f"not JSON: {name}")

    t18 = next(k for k in json.loads(out, parse_constant=refuse)["kpis"] if k["code"] == "T18")
    assert t18["actual"] is None and t18["numerator"] is None


# --- submission dates -----------------------------------------------------------------------------------


def test_submitted_before_the_period_is_refused(plan_db_url, tmp_path):
    path = write_csv(
        tmp_path / "som.csv",
        KPI_VI,
        [
            ["2023-09", "372", "T12", "1", "2", "01/01/2020", ""],
            ["2023-09", "372", "T13", "1", "2", "0001-01-01", ""],
            ["2023-09", "373", "T12", "1", "2", "31/08/2023", ""],
            ["2023-09", "374", "T12", "1", "2", "01/09/2023", ""],  # the first day is fine
        ],
    )
    lines = _refused(plan_db_url, path)
    assert lines[0].startswith(f"{path}:2:Ngày gửi: ngày gửi 01/01/2020 ở trước kỳ báo cáo 2023-09")
    assert lines[1].startswith(f"{path}:3:Ngày gửi: ngày gửi 01/01/0001 ở trước kỳ báo cáo 2023-09")
    assert lines[2].startswith(f"{path}:4:Ngày gửi: ngày gửi 31/08/2023")
    assert len(lines) == 4


def _compliance(url: str, period: str, unit: str = "372") -> dict:
    _code, out, _err = run("compliance", "--as-of", period, "--unit", unit, "--json", url=url)
    return next(r for r in json.loads(out) if r["period"] == period and r["unit"] == unit)


def test_backdated_correction_imported_after_the_due_date_stays_late(plan_db_url, tmp_path):
    late = write_csv(tmp_path / "tre.csv", KPI_EN, [["2023-09", "372", "T12", "1", "2", "2023-09-30", ""]])
    fix = write_csv(tmp_path / "sua.csv", KPI_EN, [["2023-09", "372", "T12", "2", "2", "2023-09-05", ""]])
    assert run("import", str(late), url=plan_db_url)[0] == 0
    assert run("import", str(fix), url=plan_db_url)[0] == 0  # accepted: its figures are the newest word
    row = _compliance(plan_db_url, "2023-09")
    assert (row["submitted_at"], row["status"]) == ("2023-09-30", "late")
    other = write_csv(tmp_path / "khac.csv", KPI_EN, [["2023-09", "372", "T13", "1", "2", "2023-09-02", ""]])
    assert run("import", str(other), url=plan_db_url)[0] == 0  # another KPI, also after the due date
    assert _compliance(plan_db_url, "2023-09")["status"] == "late"


def _load(url: str, tmp_path, name: str, rows: list[list], now: dt.datetime) -> None:
    path = write_csv(tmp_path / name, KPI_EN, rows)
    engine = store.make_engine(url)
    try:
        catalog = store.read_catalog(engine)
        batch = ingest.check_files([(path.name, path.read_bytes())], catalog, now.date())
        assert batch.ok, batch.error_lines()
        store.load_batch(engine, batch, "quantri", now=now)
    finally:
        engine.dispose()


def test_versions_imported_before_the_due_date_count(plan_db_url, tmp_path):
    """A second file loaded before the deadline is evidence too; the first file's dates always count."""
    _load(
        plan_db_url,
        tmp_path,
        "a.csv",
        [["2023-09", "372", "T12", "1", "2", "2023-09-21", ""]],
        dt.datetime(2023, 9, 21, 9),
    )
    _load(
        plan_db_url,
        tmp_path,
        "b.csv",
        [["2023-09", "372", "T13", "1", "2", "2023-09-12", ""]],
        dt.datetime(2023, 9, 24, 16),
    )
    assert _compliance(plan_db_url, "2023-09")["submitted_at"] == "2023-09-12"
    # A history loaded long after the year (the first import of a month) keeps its stated dates.
    _load(
        plan_db_url, tmp_path, "c.csv", [["2023-10", "372", "T12", "1", "2", "2023-10-20", ""]], dt.datetime(2024, 1, 5)
    )
    assert _compliance(plan_db_url, "2023-10") | {"due": None} == {
        "unit": "372",
        "period": "2023-10",
        "due": None,
        "submitted_at": "2023-10-20",
        "status": "on_time",
    }
    # ... and a later backdated file does not move it earlier.
    _load(
        plan_db_url, tmp_path, "d.csv", [["2023-10", "372", "T13", "1", "2", "2023-10-02", ""]], dt.datetime(2024, 1, 6)
    )
    assert _compliance(plan_db_url, "2023-10")["submitted_at"] == "2023-10-20"
    engine = store.make_engine(plan_db_url)
    try:
        with engine.connect() as conn:
            assert len(conn.execute(ImportRow.__table__.select()).all()) == 4
    finally:
        engine.dispose()


# --- text that fits its column --------------------------------------------------------------------------


def test_task_code_longer_than_its_column_is_refused_on_both_databases(plan_db_url, tmp_path):
    long_code = "PL01-" + "X" * 35  # 40 characters: tasks.code holds 32
    fits = "PL01-" + "Y" * 27  # exactly 32
    rows = [
        [long_code, "01", "1. Hạ tầng", "Dài", "STTTT", "", "01/02/2023", "30/11/2023", ""],
        [fits, "01", "1. Hạ tầng", "Vừa", "STTTT", "", "01/02/2023", "30/11/2023", ""],
    ]
    path = write_csv(tmp_path / "danhmuc.csv", CATALOGUE_EN, rows)
    lines = _refused(plan_db_url, path)
    assert lines[0] == f"{path}:2:code: giá trị 'PL01-XXXXXXXXXXXXXXXXXXX… (40 ký tự)' quá dài: tối đa 32 ký tự"
    assert len(lines) == 2
    ok = write_csv(tmp_path / "vua.csv", CATALOGUE_EN, rows[1:])
    code, _out, err = run("import", str(ok), url=plan_db_url)
    assert code == 0, err


# --- one key per import command -------------------------------------------------------------------------


def test_same_key_in_two_files_of_one_command_is_an_error_naming_both(plan_db_url, tmp_path):
    a = write_csv(
        tmp_path / "a.csv",
        KPI_EN,
        [["2023-05", "373", "T12", "1", "2", "2023-05-20", ""], ["2023-05", "372", "T12", "1", "2", "2023-05-20", ""]],
    )
    b = write_csv(tmp_path / "b.csv", KPI_EN, [["2023-05", "372", "T12", "2", "2", "2023-05-21", ""]])
    lines = _refused(plan_db_url, a, b)
    assert lines[0] == (
        f"{b}:2:kpi_code: trùng kỳ 2023-05, đơn vị 372, chỉ tiêu T12 với {a} dòng 3: mỗi bộ chỉ ghi một lần"
    )
    assert len(lines) == 2


def test_same_progress_key_in_a_csv_and_an_xlsx_is_an_error(plan_db_url, tmp_path):
    row = ["2023-06", "VI-01", "STTTT", "dang_thuc_hien", "40", "2023-06-20", ""]
    a = write_csv(tmp_path / "a.csv", PROGRESS_EN, [row])
    b = write_xlsx(tmp_path / "b.xlsx", {"tasks": (PROGRESS_EN, [[*row[:4], "50", "2023-06-21", ""]])})
    lines = _refused(plan_db_url, a, b)
    assert lines[0] == (
        f"{b}:2:task_code: [trang tasks] trùng kỳ 2023-06, nhiệm vụ VI-01, đơn vị STTTT với {a} dòng 2: "
        "mỗi bộ chỉ ghi một lần"
    )
