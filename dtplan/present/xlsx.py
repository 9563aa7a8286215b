"""Workbook writer behind every "Tải số liệu (XLSX)" button and `dtplan export xlsx`.

One `Sheet` per table: bold Vietnamese headers, the header row frozen, numbers kept as numbers with an
Excel number format, dates as real dates. Text is always stored as text and any text that a spreadsheet
could read as a formula (starting with = + - @, a tab or a carriage return) is neutralised with a
leading apostrophe, because cells may hold words typed by units (task titles, notes).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dtplan import i18n
from dtplan.present import palette

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INFO_SHEET = "Thông tin"
DEMO_MARKER = "DỮ LIỆU MẪU (DEMO) — không phải số liệu báo cáo thật"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60
_HEADER_FILL = PatternFill("solid", fgColor=palette.HEADER_FILL.lstrip("#"))


@dataclass(frozen=True)
class Sheet:
    """One table: `number_formats` maps a column index (0-based) to an Excel format such as '0.0'."""

    title: str
    headers: list[str]
    rows: list[list]
    number_formats: dict[int, str] = field(default_factory=dict)


def formula_safe(value: str) -> str:
    """The one rule for text that leaves the server in a spreadsheet (XLSX cells, the grids' CSV):
    a leading apostrophe before anything a spreadsheet could read as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def safe_text(value: str) -> str:
    """Text for an XLSX cell: no control characters (openpyxl refuses them), then formula_safe."""
    return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", value))


def sheet_title(title: str, taken: set[str] | None = None) -> str:
    """Excel's rules: ≤ 31 characters, none of []:*?/\\, not empty, unique (case-insensitive)."""
    clean = _BAD_TITLE_CHARS.sub("-", title).strip().strip("'") or "Sheet"
    clean = clean[:31]
    taken = taken if taken is not None else set()
    candidate, n = clean, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _cell_value(value):
    """(value, default number format or None, is_text)."""
    if value is None:
        return None, None, False
    if isinstance(value, bool):
        return value, None, False
    if isinstance(value, int | Decimal):
        return value, None, False
    if isinstance(value, float):
        return (None, None, False) if not math.isfinite(value) else (value, None, False)
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the wall-clock time shown elsewhere in the app.
        return value.replace(tzinfo=None), DATETIME_FORMAT, False
    if isinstance(value, dt.date):
        return value, DATE_FORMAT, False
    return safe_text(str(value)), None, True


def _display_len(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_sheet(ws, sheet: Sheet, demo: bool) -> None:
    bold = Font(bold=True)
    widths = [len(h) for h in sheet.headers]
    for col, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(row=1, column=col, value=safe_text(str(header)))
        cell.data_type = "s"
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(sheet.rows, start=2):
        for c, raw in enumerate(row):
            value, default_format, is_text = _cell_value(raw)
            cell = ws.cell(row=r, column=c + 1)
            cell.value = value
            if is_text:
                cell.data_type = "s"  # never 'f', whatever openpyxl guesses
            fmt = sheet.number_formats.get(c) if not is_text else None
            if fmt or default_format:
                cell.number_format = fmt or default_format
            if c >= len(widths):
                widths.append(0)
            widths[c] = max(widths[c], _display_len(raw))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(_MAX_WIDTH, max(8, width + 2))
    ws.freeze_panes = "A2"
    if sheet.headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(sheet.headers)))}{max(1, len(sheet.rows) + 1)}"
    if demo:
        ws.oddHeader.center.text = DEMO_MARKER  # printed on every page of the sheet
        ws.sheet_properties.tabColor = palette.DEMO_TAB.lstrip("#")


def workbook_bytes(sheets: list[Sheet], *, demo: bool = False, caption: str | None = None) -> bytes:
    """The XLSX file as bytes. With `demo` or a `caption`, a first sheet 'Thông tin' says what this is."""
    wb = Workbook()
    taken: set[str] = set()
    first = wb.active
    if demo or caption:
        first.title = sheet_title(INFO_SHEET, taken)
        lines = []
        if demo:
            lines.append(DEMO_MARKER)
        if caption:
            lines.extend(caption.splitlines() or [caption])
        lines.append(f"Lập lúc {i18n.datetime(dt.datetime.now())}")
        for r, line in enumerate(lines, start=1):
            cell = first.cell(row=r, column=1, value=safe_text(line))
            cell.data_type = "s"
            cell.font = Font(bold=r == 1)
        first.column_dimensions["A"].width = min(100, max(len(x) for x in lines) + 2)
        if demo:
            first.sheet_properties.tabColor = palette.DEMO_TAB.lstrip("#")
        targets = [wb.create_sheet() for _ in sheets]
    else:
        targets = [first] + [wb.create_sheet() for _ in sheets[1:]]
        if not sheets:
            first.title = sheet_title(INFO_SHEET, taken)
    for ws, sheet in zip(targets, sheets, strict=True):
        ws.title = sheet_title(sheet.title, taken)
        _write_sheet(ws, sheet, demo)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
