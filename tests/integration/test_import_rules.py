"""One test per validation rule of contract §2, with real files (CSV and XLSX, English and Vietnamese
headers) through the real CLI: exit 1, the error line names FILE:ROW:COLUMN and the value, and the
database is unchanged."""

from __future__ import annotations

import pytest

from tests.import_files import (
    CATALOGUE_EN,
    CATALOGUE_VI,
    KPI_EN,
    KPI_VI,
    PROGRESS_EN,
    PROGRESS_VI,
    dump,
    run,
    write_csv,
    write_xlsx,
)

GOOD_KPI = [
    ["2023-06", "372", "T12", "50", "100", "20/06/2023", "ghi chú"],
    ["2023-06", "STTTT", "T12", "12,5", "100", "2023-06-20", ""],
    ["2023-06", "37", "T18", "2", "", "2023-06-20", ""],
]
GOOD_PROGRESS = [
    ["2023-06", "VI-01", "STTTT", "Đang thực hiện", "40", "20/06/2023", ""],
    ["2023-06", "VI-01", "372", "hoan_thanh", "100", "2023-06-20", ""],
]
GOOD_CATALOGUE = [
    ["PL01-90", "01", "1. Hạ tầng", "Nhiệm vụ mới", "STTTT", "SNV; 372", "01/02/2023", "30/11/2023", "Sản phẩm"],
]

# (id, kind, bad row, column index, fragment of the message)
CASES = [
    ("unknown_unit", "kpi", ["2023-06", "XYZ", "T12", "1", "2", "2023-06-20", ""], 1, "'XYZ'"),
    ("unknown_kpi", "kpi", ["2023-06", "372", "T99", "1", "2", "2023-06-20", ""], 2, "'T99'"),
    ("kind_not_in_levels", "kpi", ["2023-06", "372", "T08.1", "1", "2", "2023-06-20", ""], 1, "T08.1"),
    ("period_outside_year", "kpi", ["2024-01", "372", "T12", "1", "2", "2023-06-20", ""], 0, "'2024-01'"),
    ("period_before_december", "kpi", ["2022-11", "372", "T12", "1", "2", "2023-06-20", ""], 0, "'2022-11'"),
    ("period_malformed", "kpi", ["06-2023x", "372", "T12", "1", "2", "2023-06-20", ""], 0, "'06-2023x'"),
    ("negative", "kpi", ["2023-06", "372", "T13", "-3", "2", "2023-06-20", ""], 3, "'-3'"),
    ("non_numeric", "kpi", ["2023-06", "372", "T13", "mười", "20", "2023-06-20", ""], 3, "'mười'"),
    ("numerator_gt_denominator", "kpi", ["2023-06", "372", "T13", "30", "20", "2023-06-20", ""], 3, "30"),
    ("zero_denominator", "kpi", ["2023-06", "372", "T13", "0", "0", "2023-06-20", ""], 4, "bằng 0"),
    ("missing_cell", "kpi", ["2023-06", "", "T13", "1", "2", "2023-06-20", ""], 1, "ô trống"),
    ("missing_denominator", "kpi", ["2023-06", "372", "T13", "1", "", "2023-06-20", ""], 4, "mẫu số"),
    ("bad_date", "kpi", ["2023-06", "372", "T13", "1", "2", "31/02/2023", ""], 5, "'31/02/2023'"),
    ("future_date", "kpi", ["2023-06", "372", "T13", "1", "2", "01/02/2024", ""], 5, "01/02/2024"),
    ("duplicate_key", "kpi", ["2023-06", "372", "T12", "7", "9", "2023-06-21", ""], 2, "dòng 2"),
    ("bad_status", "progress", ["2023-06", "VI-02", "STTTT", "xong rồi", "50", "2023-06-20", ""], 3, "'xong rồi'"),
    ("done_not_100", "progress", ["2023-06", "VI-02", "STTTT", "Hoàn thành", "80", "2023-06-20", ""], 4, "100"),
    ("progress_over_100", "progress", ["2023-06", "VI-02", "STTTT", "dang_thuc_hien", "120", "2023-06-20", ""], 4, "120"),  # noqa: E501
    ("not_lead_or_partner", "progress", ["2023-06", "VI-03", "372", "dang_thuc_hien", "10", "2023-06-20", ""], 2, "VI-03"),  # noqa: E501
    ("unknown_task", "progress", ["2023-06", "PL09-99", "STTTT", "dang_thuc_hien", "10", "2023-06-20", ""], 1, "PL09-99"),  # noqa: E501
    ("catalogue_unknown_lead", "catalogue", ["PL01-91", "01", "", "X", "ABC", "", "01/02/2023", "30/11/2023", ""], 4, "ABC"),  # noqa: E501
    ("catalogue_unknown_partner", "catalogue", ["PL01-91", "01", "", "X", "STTTT", "SNV; QQQ", "01/02/2023", "30/11/2023", ""], 5, "QQQ"),  # noqa: E501
    ("catalogue_due_before_start", "catalogue", ["PL01-91", "01", "", "X", "STTTT", "", "01/06/2023", "30/05/2023", ""], 7, "30/05/2023"),  # noqa: E501
    ("catalogue_duplicate_code", "catalogue", ["PL01-90", "02", "", "X", "STTTT", "", "01/02/2023", "30/11/2023", ""], 0, "PL01-90"),  # noqa: E501
    ("catalogue_bad_appendix", "catalogue", ["PL01-91", "07", "", "X", "STTTT", "", "01/02/2023", "30/11/2023", ""], 1, "'07'"),  # noqa: E501
]  # fmt: skip

BASE = {"kpi": GOOD_KPI, "progress": GOOD_PROGRESS, "catalogue": GOOD_CATALOGUE}
HEADERS = {"kpi": (KPI_EN, KPI_VI), "progress": (PROGRESS_EN, PROGRESS_VI), "catalogue": (CATALOGUE_EN, CATALOGUE_VI)}
SHEET = {"kpi": "kpi", "progress": "tasks", "catalogue": "tasks"}
FORMATS = ["csv-en", "xlsx-vi"]
ALL_FORMATS = ["csv-en", "csv-vi-semicolon-bom", "xlsx-vi"]


def write(tmp_path, fmt: str, kind: str, rows: list[list]) -> tuple[str, list[str]]:
    english, vietnamese = HEADERS[kind]
    if fmt == "csv-en":
        return str(write_csv(tmp_path / f"{kind}.csv", english, rows)), english
    if fmt == "csv-vi-semicolon-bom":
        return str(write_csv(tmp_path / f"{kind}.csv", vietnamese, rows, sep=";", bom=True)), vietnamese
    return str(write_xlsx(tmp_path / f"{kind}.xlsx", {SHEET[kind]: (vietnamese, rows)})), vietnamese


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "kind", "bad", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_rule_refuses_whole_file(plan_url, tmp_path, fmt, case, kind, bad, column, fragment):
    rows = [*BASE[kind], bad]
    path, header = write(tmp_path, fmt, kind, rows)
    before = dump(plan_url)
    code, out, err = run("import", path, url=plan_url)
    assert code == 1, (out, err)
    bad_row = len(rows) + 1  # the header is row 1
    expected = f"{path}:{bad_row}:{header[column]}: "
    lines = [line for line in err.splitlines() if line.startswith(expected)]
    assert lines, f"no line starting with {expected!r} in:\n{err}"
    assert any(fragment in line for line in lines), err
    assert "Traceback" not in err
    # Only the bad row is blamed, and nothing was written.
    assert all(f"{path}:{bad_row}:" in line for line in err.splitlines()[:-1]), err
    assert dump(plan_url) == before


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("kind", ["kpi", "progress", "catalogue"])
def test_good_file_is_accepted(plan_url, tmp_path, fmt, kind):
    path, _ = write(tmp_path, fmt, kind, BASE[kind])
    code, out, err = run("import", path, url=plan_url)
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("Đã nhập")
    after = dump(plan_url)
    table = {"kpi": "kpi", "progress": "progress", "catalogue": "tasks"}[kind]
    if kind == "catalogue":
        assert any(t[0] == "PL01-90" for t in after["tasks"])
    else:
        assert len(after[table]) == len(BASE[kind])


def test_extra_column(plan_url, tmp_path):
    path = write_csv(tmp_path / "x.csv", [*KPI_EN, "comment"], [[*GOOD_KPI[0], "x"]])
    before = dump(plan_url)
    code, _, err = run("import", str(path), url=plan_url)
    assert code == 1
    assert f"{path}:1:comment: " in err and "cột thừa" in err
    assert dump(plan_url) == before


def test_missing_column(plan_url, tmp_path):
    header = [h for h in KPI_VI if h != "Ngày gửi"]
    path = write_csv(tmp_path / "x.csv", header, [[*GOOD_KPI[0][:5], ""]])
    code, _, err = run("import", str(path), url=plan_url)
    assert code == 1
    assert f"{path}:1:Ngày gửi: " in err and "thiếu cột" in err


def test_every_error_of_a_file_is_listed(plan_url, tmp_path):
    rows = [
        ["2023-06", "XYZ", "T12", "1", "2", "2023-06-20", ""],
        ["2023-06", "372", "T99", "1", "2", "2023-06-20", ""],
        ["2023-06", "372", "T13", "-1", "0", "32/13/2023", ""],
    ]
    path = write_csv(tmp_path / "many.csv", KPI_EN, rows)
    code, _, err = run("import", str(path), url=plan_url)
    assert code == 1
    lines = err.splitlines()
    assert any(line.startswith(f"{path}:2:unit_code:") for line in lines)
    assert any(line.startswith(f"{path}:3:kpi_code:") for line in lines)
    assert any(line.startswith(f"{path}:4:numerator:") for line in lines)
    assert any(line.startswith(f"{path}:4:denominator:") for line in lines)
    assert any(line.startswith(f"{path}:4:submitted_at:") for line in lines)


def test_xlsx_formula_cell_is_an_error_not_evaluated(plan_url, tmp_path):
    rows = [["2023-06", "372", "T12", "=40+10", 100, "2023-06-20", ""]]
    path = write_xlsx(tmp_path / "f.xlsx", {"kpi": (KPI_VI, rows)})
    before = dump(plan_url)
    code, _, err = run("import", str(path), url=plan_url)
    assert code == 1
    assert f"{path}:2:Tử số: " in err and "công thức" in err and "=40+10" in err
    assert dump(plan_url) == before


def test_previous_december_is_accepted_as_baseline(plan_url, tmp_path):
    path = write_csv(tmp_path / "dec.csv", KPI_EN, [["2022-12", "372", "T12", "5", "10", "2022-12-20", ""]])
    code, _, err = run("import", str(path), url=plan_url)
    assert code == 0, err
    assert dump(plan_url)["kpi"][0][1] == "2022-12"
