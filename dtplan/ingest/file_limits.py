"""Limits on what one report file may hold, checked before a parser builds anything from it.

A hostile file can be small and still ask for gigabytes: a CSV header of a million columns (every
reader builds one column per header cell), an XLSX whose sheet or shared strings unpack to a
gigabyte. Each check here looks at a bounded part of the bytes (the header line, the zip directory)
and refuses with one Vietnamese line (`FileRefused`), so peak memory stays a small multiple of the
file's size and the time a few seconds whatever the file holds.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

# The one upload limit (MB). .streamlit/config.toml server.maxUploadSize must say the same number;
# tests/integration/test_import_load.py checks that they agree.
MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024


class FileRefused(ValueError):
    """A file that cannot be read at all; `str()` is the one line to show."""


# The widest kind of rows (the task catalogue) has 9 columns. A header may carry a few stray empty
# cells from a spreadsheet, but nothing near this many: a wider header is refused from its line alone.
MAX_HEADER_CELLS = 32
# A header line is a few hundred bytes; one that does not end within this many is not a header.
MAX_HEADER_BYTES = 64 * 1024
# A physical line with more separators than this is refused before the slower readers (which build a
# list of every cell of a row) see it. A row has at most 32 cells; a quoted note with a thousand commas
# is not a report.
MAX_LINE_SEPARATORS = 1024
# Errors listed per file; the rest are counted in one line ("… và N lỗi khác").
MAX_ERRORS_PER_FILE = 200

# XLSX limits, derived from what a CSV of the largest accepted size can hold, so that an XLSX never
# lets through more than the same file saved as CSV would: the shortest valid row
# ("2023-01,372,T12,1,2,2023-01-20,\n") is 32 bytes, so a 50 MB CSV holds at most ~1.6 million rows,
# of at most 9 cells (the catalogue's columns).
MAX_XLSX_ROWS = MAX_FILE_BYTES // 32
MAX_XLSX_CELLS = MAX_XLSX_ROWS * 9
# openpyxl writes ~48 bytes of XML per cell (measured on a 200,000-row report): a sheet part larger
# than the cells above would need is refused before it is parsed.
MAX_XLSX_SHEET_BYTES = MAX_XLSX_CELLS * 48
# A 50 MB CSV holds at most 50 MB of text; as shared strings, the markup (<si><t>…</t></si>) and XML
# escaping at most double it.
MAX_XLSX_SHARED_STRINGS_BYTES = 2 * MAX_FILE_BYTES
MAX_XLSX_SHARED_STRINGS = MAX_XLSX_CELLS
# Spreadsheet parts compress about 5–15× (15× measured on a 200,000-row report of identical rows written
# by openpyxl); a part that unpacks to 50× its packed size or more is a zip bomb, whatever its name (the
# bombs of the hardening run: 243× and 950×). Small parts are not judged.
MAX_XLSX_RATIO = 50
RATIO_FROM_BYTES = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB".replace(",", ".")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- CSV ---------------------------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16' / 'UTF-32' for text saved in those encodings (by its BOM, or by the NUL bytes that plain
    text in them puts between letters), else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    size = len(head) // 4 * 4
    if size < 8:
        return None
    # share of NUL bytes at each position modulo 4 (plain text has none)
    zero = [head[k:size:4].count(0) / (size // 4) for k in range(4)]
    if zero[1] > 0.5 and zero[2] > 0.5 and (zero[0] > 0.5 or zero[3] > 0.5):
        return "UTF-32"
    if (zero[1] + zero[3]) / 2 > 0.5 or (zero[0] + zero[2]) / 2 > 0.5:
        return "UTF-16"
    return None


def check_csv_bytes(data: bytes) -> None:
    """What a .csv file really is when it is not text: say what it is and what to do."""
    if data.startswith(b"PK\x03\x04"):
        raise FileRefused("tệp này là tệp Excel (.xlsx) mang đuôi .csv; hãy đổi đuôi thành .xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FileRefused("tệp này là tệp Excel 97-2003 (.xls) mang đuôi .csv; hãy mở bằng Excel và lưu lại dạng .xlsx")
    wide = _wide_encoding(data)
    if wide:
        raise FileRefused(
            f"tệp CSV mã hóa {wide}, không phải UTF-8; hãy mở bằng Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)'"
        )


def check_csv_header(data: bytes, delimiter: str) -> None:
    """Refuse a header wider than any kind allows, from the header line alone (nothing else is parsed)."""
    head = data[: MAX_HEADER_BYTES + 1].decode("utf-8-sig", errors="ignore")
    stream = io.StringIO(head, newline="")
    try:
        header = next(csv.reader(stream, delimiter=delimiter), [])
    except csv.Error:
        return  # damaged quoting: the readers say so, with the line
    complete = stream.tell() < len(head) or len(data) <= MAX_HEADER_BYTES
    if complete and len(header) <= MAX_HEADER_CELLS:
        return
    end = data.find(b"\n")
    separators = data.count(delimiter.encode(), 0, end if end >= 0 else len(data))
    cells = max(len(header), separators + 1)
    if cells > MAX_HEADER_CELLS:
        raise FileRefused(
            f"dòng tiêu đề có {_count(cells)} cột; tệp báo cáo có nhiều nhất 9 cột (giới hạn {MAX_HEADER_CELLS}): "
            "xóa các cột thừa (kể cả cột trống bên phải) rồi lưu lại"
        )
    raise FileRefused(
        f"dòng tiêu đề dài hơn {MAX_HEADER_BYTES // 1024} KB: đây không phải dòng tiêu đề của tệp báo cáo"
    )


def check_csv_lines(data: bytes, delimiter: str) -> None:
    """Refuse a line with far more cells than any row may have, before a reader lists its cells."""
    sep = delimiter.encode()
    for number, line in enumerate(io.BytesIO(data), start=1):
        if len(line) > MAX_LINE_SEPARATORS and line.count(sep) > MAX_LINE_SEPARATORS:
            raise FileRefused(
                f"dòng {number} có {_count(line.count(sep) + 1)} ô (nhiều nhất {MAX_HEADER_CELLS}): "
                "tệp không phải bảng báo cáo; xóa các ô thừa rồi lưu lại"
            )


# --- XLSX --------------------------------------------------------------------------------------------

_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_PART_NAME = re.compile(rb'PartName\s*=\s*["\']/?([^"\']+)["\']')


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """The part names [Content_Types].xml declares as shared strings (any name may be used)."""
    names = {"xl/sharedStrings.xml"}
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return names
    if info.file_size > RATIO_FROM_BYTES:
        raise FileRefused("tệp .xlsx hỏng: phần [Content_Types].xml lớn bất thường")
    manifest = archive.read(info)
    for match in _OVERRIDE.finditer(manifest):
        element = match.group(0)
        if b"sharedStrings" in element:
            name = _PART_NAME.search(element)
            if name:
                names.add(name.group(1).decode("utf-8", errors="replace"))
    return names


def check_xlsx_parts(archive: zipfile.ZipFile) -> None:
    """Every part's unpacked size, from the zip directory, before openpyxl parses any of them. The sizes
    written there bind: Python's zipfile never yields more than the declared size (and a part that would
    is a CRC error, reported as a damaged file)."""
    shared = _shared_strings_parts(archive)
    for info in archive.infolist():
        size, packed = info.file_size, max(1, info.compress_size)
        if info.filename in shared:
            limit, what = MAX_XLSX_SHARED_STRINGS_BYTES, "bảng chuỗi dùng chung (sharedStrings)"
        else:
            limit, what = MAX_XLSX_SHEET_BYTES, f"phần '{info.filename[:60]}'"
        if size > limit:
            raise FileRefused(
                f"tệp .xlsx có {what} giải nén ra {_mb(size)} (giới hạn {_mb(limit)}, tương ứng một tệp CSV "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB): hãy chia nhỏ tệp"
            )
        if size > RATIO_FROM_BYTES and size > MAX_XLSX_RATIO * packed:
            raise FileRefused(
                f"tệp .xlsx có {what} nén bất thường (giải nén ra {_mb(size)}, gấp {size // packed} lần): "
                "có thể là tệp 'bom nén'; hãy mở bằng Excel và lưu lại"
            )


def check_shared_strings(count: int) -> None:
    if count > MAX_XLSX_SHARED_STRINGS:
        raise FileRefused(
            f"tệp .xlsx có {_count(count)} chuỗi dùng chung "
            f"(giới hạn {_count(MAX_XLSX_SHARED_STRINGS)}): hãy chia nhỏ tệp"
        )


class CellBudget:
    """Counts rows and cells while a sheet is read; stops the reading at the limits above."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def take(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_XLSX_ROWS:
            raise FileRefused(
                f"bảng tính có hơn {_count(MAX_XLSX_ROWS)} dòng (giới hạn, tương ứng một tệp CSV "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB): hãy chia nhỏ tệp"
            )
        if self.cells > MAX_XLSX_CELLS:
            raise FileRefused(
                f"bảng tính có hơn {_count(MAX_XLSX_CELLS)} ô (giới hạn, tương ứng một tệp CSV "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB): hãy chia nhỏ tệp"
            )
