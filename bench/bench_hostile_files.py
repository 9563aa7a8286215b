"""Hostile report files: wall time and peak memory of `python -m dtplan import --dry-run FILE`.

    .venv/bin/python bench/bench_hostile_files.py           # every file below (writes ~15 MB to a temp folder)
    .venv/bin/python bench/bench_hostile_files.py --quick   # without the 950 MB sheet

Each file runs in its own subprocess; its peak RSS is the child's ru_maxrss. The floor, measured in the
same run, is the same command on a valid one-row CSV (interpreter, pandas, pyarrow, SQLAlchemy, the plan):
the ratios say what each hostile file costs beyond starting the command. Every file must be refused in a
few seconds and well under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "period,unit_code,kpi_code,numerator,denominator,submitted_at,note"
ROW = "2023-06,372,T12,1,2,2023-06-20,"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="kpi" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>'
)
_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"


def _inline_row(number: int, cells: list[str]) -> str:
    return f'<row r="{number}">' + "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"


def write_xlsx_bomb(path: Path, sheet_bytes: int = 0, shared_bytes: int = 0) -> Path:
    """A small, valid XLSX whose sheet unpacks to about `sheet_bytes` (repeated bad rows: an unknown unit)
    and/or whose shared-strings part unpacks to about `shared_bytes`. Written by streaming into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared_bytes else ""))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(shared=_SHARED_REL if shared_bytes else "")
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            sheet.write(_inline_row(1, HEADER.split(",")).encode())
            sheet.write(_inline_row(2, ROW.split(",")[:-1]).encode())
            written, number = 0, 3
            while written < sheet_bytes:
                block = "".join(
                    _inline_row(n, ["2023-06", "XYZ", "T12", "1", "2", "2023-06-20"])
                    for n in range(number, number + 10_000)
                ).encode()
                sheet.write(block)
                written += len(block)
                number += 10_000
            sheet.write(_SHEET_TAIL.encode())
        if shared_bytes:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                block = b"<si><t>a</t></si>" * 60_000
                for _ in range(shared_bytes // len(block) + 1):
                    strings.write(block)
                strings.write(b"</sst>")
    return path


def write_wide_csv(path: Path, columns: int) -> Path:
    extra = ",".join(f"c{i}" for i in range(columns - 7))
    path.write_text(f"{HEADER},{extra}\n{ROW}\n", encoding="utf-8")
    return path


def run(path: Path, url: str) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit code, last stderr line) of one dry-run import in a fresh process."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode);"
        "print((p.stderr or p.stdout).strip().splitlines()[0][:160])"
    )
    env = {**os.environ, "DTPLAN_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "dtplan", "import", "--dry-run", str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout.splitlines()
    seconds, rss_kb, rc = out[0].split()
    return float(seconds), int(rss_kb) / 1024, int(rc), out[1] if len(out) > 1 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 950 MB sheet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dtplan-hostile-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'plan.db'}"
        env = {**os.environ, "DTPLAN_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "dtplan", "init"], env=env, cwd=ROOT, check=True, capture_output=True)
        floor_file = folder / "valid.csv"
        floor_file.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
        started = time.perf_counter()
        files = {
            "CSV, 1.000.007 cột tiêu đề": write_wide_csv(folder / "wide-1m.csv", 1_000_007),
            "CSV, 100.000 cột tiêu đề": write_wide_csv(folder / "wide-100k.csv", 100_000),
            "XLSX, trang tính 100 MB": write_xlsx_bomb(folder / "sheet-100mb.xlsx", sheet_bytes=100 << 20),
            "XLSX, sharedStrings 950 MB": write_xlsx_bomb(folder / "strings-950mb.xlsx", shared_bytes=950 << 20),
        }
        if not args.quick:
            files["XLSX, trang tính 950 MB"] = write_xlsx_bomb(folder / "sheet-950mb.xlsx", sheet_bytes=950 << 20)
        print(f"(tạo tệp: {time.perf_counter() - started:.1f} s)")
        floor_s, floor_mb, floor_rc, _ = run(floor_file, url)
        assert floor_rc == 0, "the floor file must be accepted"
        print(f"{'tệp':32} {'cỡ':>9} {'giây':>6} {'× sàn':>6} {'MB đỉnh':>8} {'× sàn':>6}  mã  thông điệp")
        size = floor_file.stat().st_size
        print(f"{'sàn: CSV hợp lệ 1 dòng':32} {size:>9} {floor_s:6.2f} {1:6.2f} {floor_mb:8.0f} {1:6.2f}  {floor_rc}")
        worst = 0.0
        for label, path in files.items():
            seconds, mb, rc, message = run(path, url)
            worst = max(worst, mb)
            print(
                f"{label:32} {path.stat().st_size:>9} {seconds:6.2f} {seconds / floor_s:6.2f} {mb:8.0f} "
                f"{mb / floor_mb:6.2f}  {rc}   {message}"
            )
        print(f"bộ nhớ đỉnh lớn nhất: {worst:.0f} MB (mục tiêu < 300 MB)")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
