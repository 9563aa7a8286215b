"""Reading report files (contract §2): CSV or XLSX bytes -> tables of text cells with the row numbers
the user sees (csv_reader, xlsx_reader; the table and header vocabulary in tables).

Nothing here judges the figures (that is dtplan.ingest.validation); this module only picks the reader by
the file's name, and refuses — with one clear line, never a traceback — what is not a usable file at all.
"""

from __future__ import annotations

from dtplan.ingest.csv_reader import read_csv
from dtplan.ingest.file_limits import MAX_FILE_BYTES, MAX_FILE_MB, FileRefused
from dtplan.ingest.tables import (
    ALL_KINDS,
    CATALOGUE,
    COLUMNS,
    KIND_LABEL,
    KPI,
    PROGRESS,
    Problem,
    Table,
    bind_columns,
    detect_kind,
    normalise_header,
)
from dtplan.ingest.xlsx_reader import read_xlsx

__all__ = [
    "ALL_KINDS",
    "CATALOGUE",
    "COLUMNS",
    "KIND_LABEL",
    "KPI",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "PROGRESS",
    "FileRefused",
    "Problem",
    "Table",
    "bind_columns",
    "check_size",
    "detect_kind",
    "file_format",
    "normalise_header",
    "read_csv",
    "read_tables",
    "read_xlsx",
]


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
