"""Reading an XLSX report file: bytes -> one table per report sheet ('kpi', 'tasks'), refusing with one
clear line what is not a usable workbook (not a zip, a zip bomb, a damaged part, too many cells).
Formula cells are problems: a report carries values.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd

from dtplan.ingest import file_limits
from dtplan.ingest.file_limits import MAX_FILE_BYTES, FileRefused
from dtplan.ingest.tables import CATALOGUE, COLUMNS, KPI, PROGRESS, Problem, Table, finish, normalise_header

# An XLSX is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 20 * MAX_FILE_BYTES

# XLSX sheets read (names compared case-insensitively; other sheets, e.g. "Hướng dẫn", are ignored)
# and the kinds of rows each may hold — decided by its headers, like a CSV file's.
XLSX_SHEETS = {"kpi": (KPI,), "tasks": (PROGRESS, CATALOGUE)}


def _check_zip(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise FileRefused("tệp không phải Excel .xlsx (có thể là .xls cũ hoặc tệp đổi đuôi); hãy lưu lại dạng .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            file_limits.check_xlsx_parts(archive)
    except zipfile.BadZipFile:
        raise FileRefused("tệp .xlsx hỏng, không mở được") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRefused("tệp không phải bảng tính Excel .xlsx")
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileRefused("tệp .xlsx giải nén ra quá lớn; hãy chia nhỏ tệp")


def _cell_text(value: object, month: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m") if month else value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.12f}".rstrip("0").rstrip(".")  # decimal text, never "1e-07"
    return str(value)


def read_xlsx(name: str, data: bytes) -> list[Table]:
    import openpyxl

    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, ...) on damaged files
        raise FileRefused("tệp .xlsx hỏng hoặc không phải bảng tính Excel, không mở được") from None
    tables = []
    try:
        file_limits.check_shared_strings(len(getattr(book, "shared_strings", ())))
        sheets = {s.strip().casefold(): s for s in book.sheetnames}
        wanted = [(key, sheets[key]) for key in XLSX_SHEETS if key in sheets]
        if not wanted:
            raise FileRefused(
                f"bảng tính không có trang (sheet) tên 'kpi' hoặc 'tasks' (đang có: {', '.join(book.sheetnames)})"
            )
        for key, sheet_name in wanted:
            table = _read_sheet(name, book[sheet_name], sheet_name, XLSX_SHEETS[key])
            if table is not None:
                tables.append(table)
    except FileRefused:
        raise
    except Exception:  # a damaged sheet part
        raise FileRefused("tệp .xlsx hỏng, không đọc được nội dung trang tính") from None
    finally:
        book.close()
    if not tables:
        raise FileRefused("các trang 'kpi'/'tasks' của bảng tính không có dòng số liệu nào")
    return tables


def _read_sheet(name: str, sheet, sheet_name: str, allowed: tuple[str, ...]) -> Table | None:
    label = name
    sheet.reset_dimensions()  # do not trust the stored dimension: read what is there
    headers: list[str] = []
    month_positions: set[int] = set()
    rows: list[list[str]] = []
    index: list[int] = []
    problems: list[Problem] = []
    budget = file_limits.CellBudget()
    formulas = 0
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        budget.take(len(cells))
        if number == 1:
            headers = [_cell_text(c.value, False).strip() for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            if len(headers) > file_limits.MAX_HEADER_CELLS:
                raise FileRefused(
                    f"[trang {sheet_name}] dòng tiêu đề có {len(headers)} cột; tệp báo cáo có nhiều nhất 9 cột "
                    f"(giới hạn {file_limits.MAX_HEADER_CELLS}): xóa các cột thừa rồi lưu lại"
                )
            month_positions = {i for i, h in enumerate(headers) if _is_month_header(h)}
            continue
        values = []
        for position, cell in enumerate(cells):
            if position >= file_limits.MAX_HEADER_CELLS:
                if any(c.value is not None and str(c.value).strip() for c in cells[position:]):
                    raise FileRefused(
                        f"[trang {sheet_name}] dòng {number} có số liệu ngoài {file_limits.MAX_HEADER_CELLS} cột "
                        "đầu tiên: bảng báo cáo có nhiều nhất 9 cột; xóa các ô thừa rồi lưu lại"
                    )
                break
            if cell.data_type == "f":
                formulas += 1
                if formulas > file_limits.MAX_ERRORS_PER_FILE:  # counted, not kept: the list is capped anyway
                    values.append("=")
                    continue
                column = headers[position] if position < len(headers) and headers[position] else f"cột {position + 1}"
                problems.append(
                    Problem(
                        label,
                        number,
                        column,
                        f"ô chứa công thức '{cell.value}': chỉ nhận giá trị, không nhận công thức "
                        "(sao chép rồi dán giá trị)",
                        position,
                    )
                )
                values.append(str(cell.value))
            else:
                values.append(_cell_text(cell.value, position in month_positions))
        if any(v.strip() for v in values):
            rows.append(values)
            index.append(number)
    if not headers and not rows:
        return None
    width = max([len(headers), *(len(r) for r in rows)]) if rows else len(headers)
    headers = headers + [""] * (width - len(headers))
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], index=index, columns=range(width), dtype=str)
    if not rows:
        return None  # a sheet with headers only (e.g. a template's unused "tasks" sheet) holds nothing
    table = finish(label, sheet_name, headers, frame, problems, allowed)
    table.unlisted = max(0, formulas - file_limits.MAX_ERRORS_PER_FILE)
    return table


_MONTH_HEADERS = {normalise_header(h) for h in ("period", COLUMNS[KPI]["period"])}


def _is_month_header(header: str) -> bool:
    return normalise_header(header) in _MONTH_HEADERS
