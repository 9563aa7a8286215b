"""Reading report files (contract §2): CSV or XLSX bytes -> tables of text cells with the row numbers
the user sees, plus the header vocabulary that decides what kind of rows a table holds.

Nothing here judges the figures (that is dtplan.ingest.validation); this module only turns bytes into
tables, and refuses — with one clear line, never a traceback — what is not a usable file at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from dtplan.ingest import file_limits
from dtplan.ingest.file_limits import MAX_FILE_BYTES, MAX_FILE_MB, FileRefused

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_MB", "FileRefused"]  # re-exported: the upload limit and refusal
# An XLSX is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 20 * MAX_FILE_BYTES

KPI, PROGRESS, CATALOGUE = "kpi", "progress", "catalogue"
KIND_LABEL = {KPI: "số liệu chỉ tiêu", PROGRESS: "tiến độ nhiệm vụ", CATALOGUE: "danh mục nhiệm vụ"}

# Column vocabulary per kind: canonical (English) name -> Vietnamese label (contract §2.1–2.3; the
# catalogue's Vietnamese labels are this project's extension, documented in the README).
COLUMNS: dict[str, dict[str, str]] = {
    KPI: {
        "period": "Kỳ báo cáo",
        "unit_code": "Mã đơn vị",
        "kpi_code": "Mã chỉ tiêu",
        "numerator": "Tử số",
        "denominator": "Mẫu số",
        "submitted_at": "Ngày gửi",
        "note": "Ghi chú",
    },
    PROGRESS: {
        "period": "Kỳ báo cáo",
        "task_code": "Mã nhiệm vụ",
        "unit_code": "Mã đơn vị",
        "status": "Trạng thái",
        "progress": "Tiến độ (%)",
        "submitted_at": "Ngày gửi",
        "note": "Ghi chú",
    },
    CATALOGUE: {
        "code": "Mã nhiệm vụ",
        "appendix": "Phụ lục",
        "section": "Mục",
        "title": "Tên nhiệm vụ",
        "lead": "Đơn vị chủ trì",
        "partners": "Đơn vị phối hợp",
        "start": "Ngày bắt đầu",
        "due": "Hạn hoàn thành",
        "product": "Sản phẩm",
    },
}
# Columns whose XLSX date cells stand for a month (Excel turns a typed "2023-05" into 01/05/2023).
MONTH_COLUMNS = {"period"}

ALL_KINDS = (KPI, PROGRESS, CATALOGUE)
# XLSX sheets read (names compared case-insensitively; other sheets, e.g. "Hướng dẫn", are ignored)
# and the kinds of rows each may hold — decided by its headers, like a CSV file's.
XLSX_SHEETS = {"kpi": (KPI,), "tasks": (PROGRESS, CATALOGUE)}


@dataclass(frozen=True)
class Problem:
    """One reason to refuse an import: FILE:ROW:COLUMN: message (row/column None for the whole file)."""

    file: str
    row: int | None
    column: str | None
    message: str
    order: int = 0  # position of the column in the file, for sorting

    def line(self) -> str:
        row = "-" if self.row is None else str(self.row)
        column = "-" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: {self.message}"


@dataclass
class Table:
    """One CSV file or one XLSX sheet: headers as written and text cells, indexed by row number."""

    label: str  # the file's name: the FILE part of an error line (an XLSX sheet is named in the message)
    sheet: str | None
    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1 (positions of `headers`), string cells, index = row number
    problems: list[Problem] = field(default_factory=list)  # cell-level problems found while reading
    allowed: tuple[str, ...] = ALL_KINDS  # the kinds of rows this table may hold
    kind: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # canonical name -> position
    unlisted: int = 0  # problems found while reading but not kept (beyond the per-file cap)

    def header(self, name: str) -> str:
        """The column's header as written in the file (for error lines)."""
        return self.headers[self.columns[name]]


def normalise_header(text: object) -> str:
    value = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(value.replace("\ufeff", "").split()).casefold()


# normalised header -> canonical name, per kind (English names and Vietnamese labels both accepted)
_VOCABULARY: dict[str, dict[str, str]] = {
    kind: {normalise_header(label): name for name, label in cols.items()} | {normalise_header(n): n for n in cols}
    for kind, cols in COLUMNS.items()
}


def detect_kind(headers: list[str], allowed: tuple[str, ...] = ALL_KINDS) -> str | None:
    """The kind whose column names match the most headers (ties: KPI, then progress, then catalogue)."""
    best, best_score = None, 0
    for kind in allowed:
        score = len({_VOCABULARY[kind][h] for h in map(normalise_header, headers) if h in _VOCABULARY[kind]})
        if score > best_score:
            best, best_score = kind, score
    return best


def bind_columns(table: Table, kind: str) -> list[Problem]:
    """Map the table's headers to the kind's columns; extra, repeated or missing columns are problems."""
    table.kind = kind
    vocabulary = _VOCABULARY[kind]
    problems: list[Problem] = []
    vietnamese = 0
    for position, header in enumerate(table.headers):
        key = normalise_header(header)
        if not key:
            problems.append(
                Problem(table.label, 1, f"cột {position + 1}", "cột không có tiêu đề; xóa cột này", position)
            )
            continue
        name = vocabulary.get(key)
        if name is None:
            expected = ", ".join(COLUMNS[kind].values())
            problems.append(
                Problem(
                    table.label,
                    1,
                    header,
                    f"cột thừa '{header}': tệp {KIND_LABEL[kind]} chỉ có các cột {expected}",
                    position,
                )
            )
        elif name in table.columns:
            problems.append(Problem(table.label, 1, header, f"cột '{header}' bị lặp lại", position))
        else:
            table.columns[name] = position
            vietnamese += key != normalise_header(name)
    for name, label in COLUMNS[kind].items():
        if name not in table.columns:
            shown = label if vietnamese else name
            problems.append(
                Problem(table.label, 1, shown, f"thiếu cột '{shown}' ({name} / {label})", len(table.headers))
            )
    return problems


# --- files -------------------------------------------------------------------------------------------


def file_format(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    raise FileRefused("chỉ nhận tệp .csv (UTF-8) hoặc .xlsx (Excel); tệp này không phải hai loại đó")


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"tệp quá lớn ({size / 1024 / 1024:.1f} MB); giới hạn là {MAX_FILE_MB} MB mỗi tệp")
    if size == 0:
        raise FileRefused("tệp rỗng (0 byte)")


def read_tables(name: str, data: bytes) -> list[Table]:
    """All tables of a file; raises FileRefused with one line when the file is unusable as a whole."""
    kind = file_format(name)
    check_size(len(data))
    if kind == "csv":
        return [read_csv(name, data)]
    return read_xlsx(name, data)


# --- CSV ---------------------------------------------------------------------------------------------


def _first_non_utf8(data: bytes, chunk: int = 1 << 20) -> int | None:
    """Offset of the first byte that is not UTF-8, or None. Checked in chunks: a 50 MB file is not
    decoded into one more 50 MB string just to be checked."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), chunk):
        try:
            decoder.decode(view[start : start + chunk], final=start + chunk >= len(data))
        except UnicodeDecodeError as exc:
            return max(0, start + exc.start)
    return None


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(name: str, data: bytes) -> Table:
    file_limits.check_csv_bytes(data)  # an Excel file or UTF-16/32 text named .csv: say which
    if b"\x00" in data:
        raise FileRefused("tệp nhị phân, không phải văn bản CSV (có byte 0); hãy lưu lại dạng CSV UTF-8")
    bad = _first_non_utf8(data)
    if bad is not None:
        line = data[:bad].count(b"\n") + 1
        raise FileRefused(f"tệp không phải văn bản UTF-8 (byte lạ ở dòng {line}); hãy lưu lại dạng 'CSV UTF-8'")
    text_head = data[:65536].decode("utf-8-sig", errors="ignore")
    if not text_head.strip():
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào")
    delimiter = _sniff_delimiter(text_head.splitlines()[0])
    file_limits.check_csv_header(data, delimiter)  # before any reader builds a column per header cell
    problems: list[Problem] = []
    raw = _read_csv_arrow(data, delimiter)
    if raw is None:
        file_limits.check_csv_lines(data, delimiter)  # the readers below list every cell of a row
        raw, problems = _read_csv_pandas(name, data, delimiter)
    headers = [str(h).strip() for h in raw.iloc[0].tolist()] if len(raw) else []
    return _finish(name, None, headers, raw.iloc[1:], problems, ALL_KINDS)


_ARROW_COLUMNS = 64  # cells read as text, never typed; a wider file goes to the pandas reader


def _read_csv_arrow(data: bytes, delimiter: str) -> pd.DataFrame | None:
    """The fast reader (Arrow's, ~4× pandas' C parser on a million rows) for a file whose every row has the
    header's number of cells (a blank line stays a row of empty cells, so row numbers stay the file's).
    Anything else returns None and goes to the readers below, which name the ragged rows."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char='"', newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys((f"f{i}" for i in range(_ARROW_COLUMNS)), pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                true_values=[],
                false_values=[],
                auto_dict_encode=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows == 0 or any(not pa.types.is_string(t) for t in table.schema.types):
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)
    frame.columns = range(frame.shape[1])
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # row numbers as a spreadsheet shows them
    return frame


def _read_csv_pandas(name: str, data: bytes, delimiter: str) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    try:
        raw = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            quotechar='"',
        )
    except pd.errors.EmptyDataError:
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào") from None
    except (pd.errors.ParserError, ValueError):
        raw, problems = _read_csv_slowly(name, data, delimiter)
    else:
        raw.index = pd.RangeIndex(1, len(raw) + 1)  # row numbers as a spreadsheet shows them
    return raw, problems


def _read_csv_slowly(name: str, data: bytes, delimiter: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Fallback for rows with more cells than the header: name each such row, keep the others."""
    text = data.decode("utf-8-sig")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRefused(f"tệp CSV hỏng, không đọc được ({exc})") from None
    if not records:
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào")
    width = len(records[0])
    problems = []
    rows, index = [], []
    for number, record in enumerate(records, start=1):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            problems.append(
                Problem(name, number, None, f"dòng có {len(record)} ô nhưng tiêu đề chỉ có {width} cột (thừa ô)")
            )
            continue
        rows.append((record + [""] * width)[:width])
        index.append(number)
    return pd.DataFrame(rows, index=index, dtype=str), problems


def _finish(label: str, sheet: str | None, headers: list[str], frame: pd.DataFrame, problems, allowed) -> Table:
    if not headers or not any(h for h in headers):
        raise FileRefused("dòng 1 phải là dòng tiêu đề cột, nhưng đang trống")
    # Trailing header-less, empty columns (a spreadsheet's stray formatting) are not columns.
    while headers and not headers[-1] and not (frame.iloc[:, len(headers) - 1].astype(str).str.strip() != "").any():
        frame = frame.iloc[:, : len(headers) - 1]
        headers = headers[:-1]
    frame = frame.fillna("")
    frame.columns = range(len(headers))
    stripped = frame.apply(lambda col: col.astype(str).str.strip())
    blank = (stripped == "").all(axis=1)
    frame = stripped[~blank]
    if frame.empty:
        raise FileRefused("tệp không có dòng số liệu nào dưới dòng tiêu đề")
    return Table(label=label, sheet=sheet, headers=headers, frame=frame, problems=list(problems), allowed=allowed)


# --- XLSX --------------------------------------------------------------------------------------------


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
    table = _finish(label, sheet_name, headers, frame, problems, allowed)
    table.unlisted = max(0, formulas - file_limits.MAX_ERRORS_PER_FILE)
    return table


_MONTH_HEADERS = {normalise_header(h) for h in ("period", COLUMNS[KPI]["period"])}


def _is_month_header(header: str) -> bool:
    return normalise_header(header) in _MONTH_HEADERS
