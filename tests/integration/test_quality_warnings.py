"""Data-quality warnings (contract §2.4) through the real CLI, real CSV files, SQLite and PostgreSQL:
`FILE:ROW:COLUMN: cảnh báo: message` on standard output after the summary line, the exit code and the
loaded figures unchanged; the earlier report stored before or coming in the same import; thresholds
from the plan file; a row that is an error never also warned."""

from __future__ import annotations

import pytest
import yaml

from dtplan import store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.domain.catalog import DEFAULT_PLAN_PATH
from dtplan.read.quality import data_quality
from tests.import_files import KPI_EN, KPI_VI, dump, run, write_csv

# STTTT (an agency) reports T02 (stock, percent), T12 (flow, percent), T14 (stock, percent); the
# province (37) reports T18 (stock, count).
JAN_FEB = [
    ["2023-01", "STTTT", "T02", "70", "100", "2023-02-10", ""],
    ["2023-02", "STTTT", "T02", "50", "100", "2023-03-10", ""],  # exactly 20 points down: no warning
    ["2023-01", "STTTT", "T12", "10", "100", "2023-02-10", ""],
    ["2023-02", "STTTT", "T12", "10", "150", "2023-03-10", ""],  # exactly +50 %: no warning
    ["2023-01", "STTTT", "T14", "5", "10", "2023-02-10", ""],
    ["2023-02", "STTTT", "T14", "5", "10", "2023-03-10", ""],  # two identical months: no warning
    ["2023-01", "37", "T18", "10", "", "2023-02-10", ""],
    ["2023-02", "37", "T18", "5", "", "2023-03-10", ""],  # exactly half: no warning
]
MARCH = [
    ["2023-03", "STTTT", "T02", "29,99", "100", "2023-04-10", ""],  # 20.01 points down
    ["2023-03", "STTTT", "T12", "10", "225,01", "2023-04-10", ""],  # +50.007 %
    ["2023-03", "STTTT", "T14", "5", "10", "2023-04-10", ""],  # a third identical month
    ["2023-03", "37", "T18", "2", "", "2023-04-10", ""],  # lost more than half
]


@pytest.fixture
def db(empty_db_url):
    code, _out, err = run("init", url=empty_db_url)
    assert code == 0, err
    return empty_db_url


def _expected(name: str, first_row: int) -> list[str]:
    r = first_row
    return [
        f"{name}:{r}:numerator: cảnh báo: chỉ tiêu T02 giảm 20,01 điểm phần trăm so với kỳ 2023-02 (50% → 29,99%)",
        f"{name}:{r + 1}:denominator: cảnh báo: mẫu số tăng 50,01% so với kỳ 2023-02 (150 → 225)",
        f"{name}:{r + 2}:numerator: cảnh báo: tử số và mẫu số giống hệt 2 kỳ liền trước (2023-02, 2023-01)",
        f"{name}:{r + 3}:numerator: cảnh báo: chỉ tiêu T18 giảm từ 5 (kỳ 2023-02) xuống 2, mất hơn một nửa",
    ]


def _check_lines(lines: list[str], expected: list[str]) -> None:
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_each_rule_against_earlier_rows_of_the_same_import(db, tmp_path):
    path = write_csv(tmp_path / "quy1.csv", KPI_EN, JAN_FEB + MARCH)
    before = dump(db)
    code, out, err = run("import", "--dry-run", str(path), url=db)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Kiểm tra xong, không có lỗi (chạy thử, chưa ghi gì): 1 tệp, 12 dòng")
    _check_lines(lines[1:], _expected(str(path), len(JAN_FEB) + 2))
    assert dump(db) == before  # a dry run writes nothing, warnings or not

    code, out, err = run("import", str(path), url=db)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Đã nhập: 1 tệp, 12 dòng số liệu chỉ tiêu")
    _check_lines(lines[1:], _expected(str(path), len(JAN_FEB) + 2))
    loaded = [(r[1], r[2], r[3], r[4], r[5]) for r in dump(db)["kpi"]]  # a warned row is loaded as written
    assert ("2023-03", "STTTT", "T02", 29.99, 100.0) in loaded
    assert ("2023-03", "37", "T18", 2.0, None) in loaded
    assert len(loaded) == 12


def test_rows_are_compared_with_reports_already_stored(db, tmp_path):
    first = write_csv(tmp_path / "thang-1-2.csv", KPI_EN, JAN_FEB)
    code, out, err = run("import", str(first), url=db)
    assert (code, err) == (0, "") and len(out.splitlines()) == 1  # nothing suspicious at the boundaries
    march = write_csv(tmp_path / "thang-3.csv", KPI_VI, MARCH, sep=";")
    code, out, err = run("import", str(march), url=db)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Đã nhập: 1 tệp, 4 dòng")
    # the column as the file wrote its header (Vietnamese here)
    expected = [
        s.replace(":numerator:", ":Tử số:").replace(":denominator:", ":Mẫu số:") for s in _expected(str(march), 2)
    ]
    _check_lines(lines[1:], expected)


def test_a_newer_correction_of_the_earlier_month_is_the_reference(db, tmp_path):
    first = write_csv(tmp_path / "a.csv", KPI_EN, [["2023-01", "STTTT", "T02", "90", "100", "2023-02-10", ""]])
    assert run("import", str(first), url=db)[0] == 0
    # January corrected to 60 % in the same import as February at 45 %: 15 points, no warning; against
    # the stored 90 % it would be one.
    rows = [
        ["2023-02", "STTTT", "T02", "45", "100", "2023-03-10", ""],
        ["2023-01", "STTTT", "T02", "60", "100", "2023-03-11", "sửa số liệu"],
    ]
    code, out, _err = run("import", "--dry-run", str(write_csv(tmp_path / "b.csv", KPI_EN, rows)), url=db)
    assert code == 0 and len(out.splitlines()) == 1, out
    # the same February without the correction: warned against the stored January
    code, out, _err = run("import", "--dry-run", str(write_csv(tmp_path / "c.csv", KPI_EN, rows[:1])), url=db)
    assert code == 0
    assert out.splitlines()[1].startswith(f"{tmp_path / 'c.csv'}:2:numerator: cảnh báo: chỉ tiêu T02 giảm 45,0 điểm")


def test_a_row_that_is_an_error_is_never_also_warned(db, tmp_path):
    rows = [
        ["2023-01", "STTTT", "T02", "90", "100", "2023-02-10", ""],
        ["2023-02", "STTTT", "T02", "10", "100", "2023-03-10", ""],  # warned: 80 points down
        ["2023-02", "STTTT", "T12", "10", "100", "2023-03-10", ""],
        ["2023-03", "STTTT", "T12", "10", "900", "2099-04-10", ""],  # an error (future date), would be warned
        ["2023-03", "STTTT", "T14", "200", "10", "2023-04-10", ""],  # an error (numerator > denominator)
    ]
    path = write_csv(tmp_path / "loi.csv", KPI_EN, rows)
    before = dump(db)
    code, out, err = run("import", str(path), url=db)
    assert code == 1
    assert f"{path}:5:submitted_at:" in err and f"{path}:6:numerator:" in err
    assert "cảnh báo" not in err
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:3:numerator: cảnh báo: chỉ tiêu T02 giảm 80,0 điểm")
    assert not any(f"{path}:5:" in line or f"{path}:6:" in line for line in lines)
    assert dump(db)["kpi"] == before["kpi"]


def test_thresholds_from_the_plan_file(empty_db_url, tmp_path):
    plan = yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))
    plan["quality"] = {"stock_drop_points": 5, "denominator_change": 0.1, "repeat_months": 2}
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    code, _out, err = run("init", "--plan", str(path), url=empty_db_url)
    assert code == 0, err
    rows = [
        ["2023-01", "STTTT", "T02", "70", "100", "2023-02-10", ""],
        ["2023-02", "STTTT", "T02", "64", "100", "2023-03-10", ""],  # 6 points > 5
        ["2023-01", "STTTT", "T12", "10", "100", "2023-02-10", ""],
        ["2023-02", "STTTT", "T12", "20", "111", "2023-03-10", ""],  # +11 % > 10 %
        ["2023-01", "STTTT", "T14", "5", "10", "2023-02-10", ""],
        ["2023-02", "STTTT", "T14", "5", "10", "2023-03-10", ""],  # two identical months, repeat_months 2
    ]
    file = write_csv(tmp_path / "nguong.csv", KPI_EN, rows)
    code, out, err = run("import", "--dry-run", str(file), url=empty_db_url)
    assert (code, err) == (0, "")
    _check_lines(
        out.splitlines()[1:],
        [
            f"{file}:3:numerator: cảnh báo: chỉ tiêu T02 giảm 6,0 điểm phần trăm so với kỳ 2023-01 "
            "(70% → 64%), quá 5 điểm",
            f"{file}:5:denominator: cảnh báo: mẫu số tăng 11,0% so với kỳ 2023-01 (100 → 111), quá 10%",
            f"{file}:7:numerator: cảnh báo: tử số và mẫu số giống hệt 1 kỳ liền trước (2023-01)",
        ],
    )


def test_bad_thresholds_in_the_plan_file_are_refused(empty_db_url, tmp_path):
    plan = yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))
    plan["quality"] = {"denominator_change": "năm mươi phần trăm"}
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    code, out, err = run("init", "--plan", str(path), url=empty_db_url)
    assert code != 0 and out == ""
    assert "quality.denominator_change" in err and "Traceback" not in err


def test_the_data_quality_section_reads_each_units_newest_report(db, tmp_path):
    assert run("import", str(write_csv(tmp_path / "q.csv", KPI_EN, JAN_FEB + MARCH)), url=db)[0] == 0
    engine = store.make_engine(db)
    try:
        catalog = store.read_catalog(engine)
        rows = data_quality(engine, catalog, province_scope(catalog))
        own = data_quality(engine, catalog, unit_scope(catalog, "STTTT"))
    finally:
        engine.dispose()
    assert rows[["unit_code", "kpi_code", "period", "column"]].values.tolist() == [
        ["37", "T18", "2023-03", "numerator"],  # the plan's unit order: the province first
        ["STTTT", "T02", "2023-03", "numerator"],
        ["STTTT", "T12", "2023-03", "denominator"],
        ["STTTT", "T14", "2023-03", "numerator"],
    ]
    assert set(own["unit_code"]) == {"STTTT"}  # a unit's scope reads its own reports only
