"""Hostile files: a huge CSV header or row, XLSX zip bombs, UTF-16/32 text, '%' in a count — each refused
with one clear line, in bounded time and memory, through the real CLI (the admin page: test_import_page.py in
tests/pages)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from dtplan.ingest import file_limits
from dtplan.ingest.readers import FileRefused, read_tables
from tests.conftest import ROOT, run_cli
from tests.import_files import KPI_EN, PROGRESS_EN, dump, run, write_csv, write_xlsx

HEADER = ",".join(KPI_EN)
ROW = "2023-06,372,T12,1,2,2023-06-20,"
MEMORY = 1536 * 1024 * 1024  # address-space limit of the CLI under test: 1.5 GB


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def cli_limited(*args: str, url: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """The real CLI in a subprocess with 1.5 GB of address space; (result, seconds)."""
    env = {**os.environ, "DTPLAN_DATABASE_URL": url, "DTPLAN_TODAY": "2024-01-31", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "dtplan", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limited,
    )
    return result, time.perf_counter() - started


def wide_csv(path: Path, columns: int) -> Path:
    path.write_text(HEADER + "," + ",".join(f"c{i}" for i in range(columns - 7)) + f"\n{ROW}\n", encoding="utf-8")
    return path


# --- a minimal XLSX written part by part, to build bombs without building their content in memory -----

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _row(number: int, cells: list[str]) -> str:
    return f'<row r="{number}">' + "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"


def xlsx_bomb(path: Path, sheet_rows: int = 0, shared_bytes: int = 0) -> Path:
    """A valid XLSX with a 'kpi' sheet: the header, one valid row, then `sheet_rows` rows naming an unknown
    unit; with `shared_bytes`, a shared-strings part of about that size (unused by the sheet)."""
    shared_type = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    shared_rel = f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            f"{shared_type if shared_bytes else ''}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets><sheet name="kpi" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet1.xml"/>{shared_rel if shared_bytes else ""}</Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{_NS}"><sheetData>'.encode())
            sheet.write((_row(1, KPI_EN) + _row(2, ROW.split(",")[:-1])).encode())
            bad = ["2023-06", "XYZ", "T12", "1", "2", "2023-06-20"]
            for start in range(3, sheet_rows + 3, 10_000):
                stop = min(start + 10_000, sheet_rows + 3)
                sheet.write("".join(_row(n, bad) for n in range(start, stop)).encode())
            sheet.write(b"</sheetData></worksheet>")
        if shared_bytes:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(f'<sst xmlns="{_NS}">'.encode())
                block = b"<si><t>a</t></si>" * 60_000
                for _ in range(shared_bytes // len(block) + 1):
                    strings.write(block)
                strings.write(b"</sst>")
    return path


# --- item: a wide CSV header ------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [1_000_007, 100_000, 33])
def test_wide_header_is_refused_from_its_line_alone(plan_url, tmp_path, columns):
    """The 1,000,007-column header (7.9 MB) took the old reader to 9 GB: now one line, in bounded memory."""
    path = wide_csv(tmp_path / "wide.csv", columns)
    result, seconds = cli_limited("import", "--dry-run", str(path), url=plan_url)
    assert result.returncode == 1, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    shown = f"{columns:,}".replace(",", ".")
    assert lines[0] == (
        f"{path}:-:-: dòng tiêu đề có {shown} cột; tệp báo cáo có nhiều nhất 9 cột (giới hạn 32): "
        "xóa các cột thừa (kể cả cột trống bên phải) rồi lưu lại"
    )
    assert len(lines) == 2 and "1 lỗi trong 1 tệp" in lines[1]
    assert seconds < 60


def test_control_valid_file_passes_under_the_same_memory_limit(plan_url, tmp_path):
    """The 1.5 GB limit of the tests above is not what refuses their files."""
    path = tmp_path / "ok.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    result, _ = cli_limited("import", "--dry-run", str(path), url=plan_url)
    assert result.returncode == 0, result.stderr


def test_a_row_of_millions_of_cells_is_refused(plan_url, tmp_path):
    path = tmp_path / "row.csv"
    path.write_text(f"{HEADER}\n{ROW}\n" + "ab," * 3_000_000 + "\n", encoding="utf-8")
    result, seconds = cli_limited("import", "--dry-run", str(path), url=plan_url)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.splitlines()[0].startswith(f"{path}:-:-: dòng 3 có 3.000.001 ô (nhiều nhất 32)")
    assert seconds < 60


def test_errors_are_capped_per_file_and_counted(plan_url, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + "".join(f"2023-06,XYZ{i},T12,1,2,2023-06-20,\n" for i in range(1000)))
    before = dump(plan_url)
    result = run_cli("import", str(path), "--as", "quantri", url=plan_url, env={"DTPLAN_TODAY": "2024-01-31"})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == file_limits.MAX_ERRORS_PER_FILE + 2
    assert lines[0].startswith(f"{path}:2:unit_code: mã đơn vị 'XYZ0'")
    assert lines[-2] == f"{path}:-:-: … và 800 lỗi khác (chỉ liệt kê 200 lỗi đầu tiên)"
    assert lines[-1] == "dtplan: từ chối nhập: 1000 lỗi trong 1 tệp; không ghi gì vào cơ sở dữ liệu."
    assert dump(plan_url) == before
    audit = json.loads(run_cli("audit", "--json", url=plan_url).stdout)
    refused = [a for a in audit if a["action"] == "import_refused"]
    assert refused and refused[-1]["detail"]["errors"] == 1000


# --- item: XLSX bombs ---------------------------------------------------------------------------------


def test_xlsx_sheet_bomb_is_refused_before_parsing(plan_url, tmp_path):
    """~50 MB of sheet in a ~0.6 MB file (the old reader: 87 s, 580 MB, 416,000 lines for 100 MB)."""
    path = xlsx_bomb(tmp_path / "bomb.xlsx", sheet_rows=250_000)
    assert path.stat().st_size < 2_000_000
    result, seconds = cli_limited("import", "--dry-run", str(path), url=plan_url)
    assert result.returncode == 1, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines[:5]
    assert "tệp .xlsx có phần 'xl/worksheets/sheet1.xml' nén bất thường" in lines[0]
    assert "bom nén" in lines[0]
    assert seconds < 60


def test_xlsx_shared_strings_bomb_is_refused(plan_url, tmp_path):
    """A huge shared-strings part (the old reader loaded 950 MB of it, then accepted the file)."""
    path = xlsx_bomb(tmp_path / "strings.xlsx", shared_bytes=150 << 20)
    result, seconds = cli_limited("import", "--dry-run", str(path), url=plan_url)
    assert result.returncode == 1, result.stderr[-2000:]
    first = result.stderr.splitlines()[0]
    assert "bảng chuỗi dùng chung (sharedStrings) giải nén ra 151 MB (giới hạn 100 MB" in first
    assert seconds < 60


def test_xlsx_sheet_larger_than_a_csv_could_hold_is_refused(tmp_path, monkeypatch):
    """The size limit on its own (with a low limit: a real 700 MB sheet takes minutes to write)."""
    rows = [["2023-06", "372", "T12", i, i + 1, "2023-06-20", f"ghi chú {i}"] for i in range(3000)]
    path = write_xlsx(tmp_path / "r.xlsx", {"kpi": (KPI_EN, rows)})
    read_tables("r.xlsx", path.read_bytes())  # within the real limits
    monkeypatch.setattr(file_limits, "MAX_XLSX_SHEET_BYTES", 60_000)
    with pytest.raises(FileRefused, match=r"phần 'xl/worksheets/sheet1.xml' giải nén ra .* hãy chia nhỏ tệp"):
        read_tables("r.xlsx", path.read_bytes())


@pytest.mark.parametrize(("limit", "what"), [("MAX_XLSX_ROWS", "dòng"), ("MAX_XLSX_CELLS", "ô")])
def test_xlsx_reading_stops_at_the_row_and_cell_limits(tmp_path, monkeypatch, limit, what):
    rows = [["2023-06", "372", "T12", 1, 2, "2023-06-20", ""]] * 20
    path = write_xlsx(tmp_path / "r.xlsx", {"kpi": (KPI_EN, rows)})
    read_tables("r.xlsx", path.read_bytes())  # within the real limits
    monkeypatch.setattr(file_limits, limit, 10)
    with pytest.raises(FileRefused, match=f"bảng tính có hơn 10 {what}"):
        read_tables("r.xlsx", path.read_bytes())


def test_xlsx_formula_errors_are_capped(plan_url, tmp_path):
    rows = [["2023-06", "372", "T12", f"=1+{i}", 2, "2023-06-20", ""] for i in range(300)]
    path = write_xlsx(tmp_path / "f.xlsx", {"kpi": (KPI_EN, rows)})
    code, _, err = run("import", "--dry-run", str(path), url=plan_url)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 202 and "… và " in lines[-2]
    assert "300 lỗi" in lines[-1] or "lỗi trong 1 tệp" in lines[-1]


# --- item: what a non-UTF-8 .csv really is --------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", "tệp CSV mã hóa UTF-16"),
        ("utf-16-le", "tệp CSV mã hóa UTF-16"),
        ("utf-16-be", "tệp CSV mã hóa UTF-16"),
        ("utf-32", "tệp CSV mã hóa UTF-32"),
        ("utf-32-be", "tệp CSV mã hóa UTF-32"),
    ],
)
def test_utf16_and_utf32_csv_say_what_they_are(plan_url, tmp_path, encoding, expected):
    path = tmp_path / "r.csv"
    path.write_bytes(f"{HEADER}\n{ROW}Ghi chú\n".encode(encoding))
    code, _, err = run("import", "--dry-run", str(path), url=plan_url)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}:-:-: {expected}, không phải UTF-8; hãy mở bằng Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)'"
    )


def test_xlsx_renamed_csv_says_so(plan_url, tmp_path):
    real = write_xlsx(tmp_path / "r.xlsx", {"kpi": (KPI_EN, [["2023-06", "372", "T12", 1, 2, "2023-06-20", ""]])})
    path = tmp_path / "r.csv"
    path.write_bytes(real.read_bytes())
    code, _, err = run("import", "--dry-run", str(path), url=plan_url)
    assert code == 1
    assert err.splitlines()[0] == f"{path}:-:-: tệp này là tệp Excel (.xlsx) mang đuôi .csv; hãy đổi đuôi thành .xlsx"


# --- item: '%' in a KPI count ---------------------------------------------------------------------------


def test_percent_sign_in_a_kpi_numerator_is_refused(plan_url, tmp_path):
    path = write_csv(tmp_path / "r.csv", KPI_EN, [["2023-06", "372", "T12", "30%", "100", "2023-06-20", ""]])
    code, _, err = run("import", "--dry-run", str(path), url=plan_url)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}:2:numerator: tử số '30%' có dấu %: ghi số đếm (ví dụ 30 hồ sơ trên 120), không ghi tỷ lệ"
    )


def test_percent_sign_in_task_progress_is_still_accepted(plan_url, tmp_path):
    path = write_csv(
        tmp_path / "p.csv", PROGRESS_EN, [["2023-06", "VI-01", "STTTT", "dang_thuc_hien", "30%", "2023-06-20", ""]]
    )
    code, out, err = run("import", "--dry-run", str(path), url=plan_url)
    assert code == 0, err
    assert "1 dòng tiến độ nhiệm vụ" in out
