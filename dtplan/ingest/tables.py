"""What every reader yields: a table of text cells with the row numbers the user sees, the problem lines
found in it, and the header vocabulary that decides what kind of rows a table holds (contract §2.1–2.3).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from dtplan.ingest.file_limits import FileRefused

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
ALL_KINDS = (KPI, PROGRESS, CATALOGUE)


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


def finish(label: str, sheet: str | None, headers: list[str], frame: pd.DataFrame, problems, allowed) -> Table:
    """The table of a file or sheet read: stray empty columns and blank rows dropped, cells stripped."""
    if not headers or not any(h for h in headers):
        raise FileRefused("dòng 1 phải là dòng tiêu đề cột, nhưng đang trống")
    # Trailing header-less, empty columns (a spreadsheet's stray formatting) are not columns.
    while headers and not headers[-1] and not (frame.iloc[:, len(headers) - 1].astype(str).str.strip() != "").any():
        frame = frame.iloc[:, : len(headers) - 1]
        headers = headers[:-1]
    # A copy of the table only where something changes: a million rows are 7 million cells.
    if frame.isna().any().any():
        frame = frame.fillna("")
    frame = frame.apply(lambda col: strip_cells(col.astype(str)))
    frame.columns = range(len(headers))
    blank = (frame == "").all(axis=1)
    if blank.any():
        frame = frame[~blank]
    if frame.empty:
        raise FileRefused("tệp không có dòng số liệu nào dưới dòng tiêu đề")
    return Table(label=label, sheet=sheet, headers=headers, frame=frame, problems=list(problems), allowed=allowed)


def strip_cells(cells: pd.Series) -> pd.Series:
    """cells.str.strip(), without the pass where no cell can begin or end with a space: a report file's
    cells mostly do not, and stripping a million of them anew is 40 ms a column against 12 ms to look at
    the first and last byte of each (Arrow's offsets). Any byte there that is ASCII blank or control, or
    part of a multi-byte character (a non-ASCII space among them), and the column is stripped."""
    arrow = getattr(cells.array, "_pa_array", None)
    if arrow is None or arrow.null_count:
        return cells.str.strip()
    for chunk in arrow.chunks:
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = chunk.buffers()[2]
        if data is None:
            continue  # every cell empty
        data = np.frombuffer(data, dtype=np.uint8)
        filled = offsets[1:] > offsets[:-1]
        ends = np.concatenate([data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]])
        if ((ends <= 0x20) | (ends >= 0x80)).any():
            return cells.str.strip()
    return cells
