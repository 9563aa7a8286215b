"""`python -m dtplan export brief|xlsx` on SQLite and PostgreSQL: files, audit entries, invalid input."""

import io
import json

import pytest
from openpyxl import load_workbook

from dtplan import i18n
from tests.conftest import run_cli

ENV = {"DTPLAN_TODAY": "2024-01-15"}


@pytest.fixture
def cli_in_process(demo_sqlite_url, monkeypatch, capsys):
    """cli.main in this process (the real subprocess is tested above): (exit code, stderr)."""
    from dtplan import cli

    monkeypatch.setenv("DTPLAN_DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("DTPLAN_TODAY", ENV["DTPLAN_TODAY"])

    def run(*args: str) -> tuple[int, str]:
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        return code, capsys.readouterr().err

    return run


def _summary(url: str, *extra: str) -> dict:
    result = run_cli("summary", "--as-of", "2023-06", *extra, "--json", url=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_export_xlsx_and_brief(demo_db_url, tmp_path):
    out = tmp_path / "so-lieu.xlsx"
    result = run_cli("export", "xlsx", "--as-of", "2023-06", "--out", str(out), url=demo_db_url, env=ENV)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    ws = wb[i18n.SHEET["kpis"]]
    header = [c.value for c in ws[1]]
    code_col, actual_col = header.index(i18n.COL["code"]), header.index(i18n.COL["actual"])
    actual = {r[code_col]: r[actual_col] for r in ws.iter_rows(min_row=2, values_only=True)}
    summary = _summary(demo_db_url)
    assert actual == pytest.approx({k["code"]: k["actual"] for k in summary["kpis"]})

    pdf = tmp_path / "tom-tat.pdf"
    result = run_cli(
        "export", "brief", "--as-of", "2023-06", "--unit", "372", "--out", str(pdf), "--as", "nhoquan",
        url=demo_db_url, env=ENV,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")

    audit = run_cli("audit", "--json", url=demo_db_url)
    exports = [r for r in json.loads(audit.stdout) if r["action"] == "export"]
    assert {(r["detail"]["kind"], r["detail"]["scope"]) for r in exports} == {
        ("xlsx", summary["scope"]),
        ("brief", "372"),
    }
    assert any(r["actor"] == "nhoquan" for r in exports)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("xlsx", "--as-of", "2023-13"), 2, "không đúng dạng YYYY-MM"),
        (("xlsx", "--as-of", "2024-06"), 2, "nằm ngoài năm kế hoạch"),
        (("brief", "--as-of", "2023-06", "--unit", "KHONGCO"), 2, "không có đơn vị mã 'KHONGCO'"),
        (("brief", "--as-of", "2023-06", "--unit", "STTTT", "--as", "nhoquan"), 2, "chỉ được xem dữ liệu"),
        (("brief", "--as-of", "2023-06", "--as", "khongai"), 2, "không có tài khoản"),
        (("brief", "--as-of", "2023-06", "--compare", "2023-07"), 2, "Kỳ so sánh"),
        (("pdf", "--as-of", "2023-06"), 2, "invalid choice"),
    ],
)
def test_invalid_calls(cli_in_process, tmp_path, args, code, message):
    out = tmp_path / "out.bin"
    returncode, stderr = cli_in_process("export", *args, "--out", str(out))
    assert returncode == code, stderr
    assert message in stderr
    assert not out.exists()


@pytest.mark.parametrize("target", ["missing-dir/out.pdf", "a-file/out.pdf", "."])
def test_unwritable_output(cli_in_process, tmp_path, target):
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / target
    returncode, stderr = cli_in_process("export", "brief", "--as-of", "2023-06", "--out", str(out))
    assert returncode == 1
    assert "không ghi được tệp" in stderr
    assert not list(tmp_path.glob("**/.dtplan-*"))  # no half-written temporary file left behind


def test_uninitialised_database(sqlite_url, tmp_path):
    result = run_cli("export", "xlsx", "--as-of", "2023-06", "--out", str(tmp_path / "x.xlsx"), url=sqlite_url)
    assert result.returncode == 2
    assert "chưa được khởi tạo" in result.stderr
