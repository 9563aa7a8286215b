"""Numbers, dates and statuses as shown in Vietnamese (vi_VN, with babel). Formatting is done on the
server, so a kiosk browser set to en-US still shows 1.234,5 and 25/06/2023."""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

from dtplan.i18n.labels import (
    BRIEF_KPI_COUNTS,
    COMPLIANCE_STATUS,
    COMPLIANCE_SYMBOL,
    KPI_COUNT_WORD,
    KPI_STATUS,
    KPI_STATUS_SYMBOL,
    NO_DATA,
    TASK_STATUS,
    TASK_STATUS_SYMBOL,
)

__all__ = [
    "LOCALE",
    "compliance_status_label",
    "date",
    "datetime",
    "gap",
    "kpi_counts_line",
    "kpi_status_label",
    "kpi_status_value",
    "kpi_value",
    "month",
    "month_short",
    "number",
    "percent",
    "task_status_label",
]

LOCALE = "vi_VN"


@functools.cache
def _decimal_pattern(decimals: int) -> tuple[NumberPattern, Locale]:
    # What babel's format_decimal does on every call (parse the pattern, look up the locale), done once:
    # a page formats hundreds of figures per run, and that parsing was two thirds of each call's time.
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else "")), Locale.parse(LOCALE)


def number(value: float | None, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5'; None -> '—'."""
    if value is None:
        return "—"
    pattern, locale = _decimal_pattern(decimals)
    return pattern.apply(value, locale)


def percent(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else f"{number(value, decimals)}%"


def kpi_value(value: float | None, kpi_unit: str) -> str:
    if value is None:
        return NO_DATA
    return percent(value) if kpi_unit == "percent" else number(value, 0)


def date(value: dt.date | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="dd/MM/yyyy", locale=LOCALE)


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(value, format="HH:mm dd/MM/yyyy", locale=LOCALE)


def month(period: str) -> str:
    """'2023-06' -> 'Tháng 6/2023'."""
    year, mon = period.split("-")
    return f"Tháng {int(mon)}/{year}"


def kpi_status_label(status: str) -> str:
    return f"{KPI_STATUS_SYMBOL[status]} {KPI_STATUS[status]}"


def kpi_counts_line(counts: dict[str, int]) -> str:
    """'Chỉ tiêu: 8 đạt · 9 đúng tiến độ · …' in the counts' own order (in-year or year-end statuses)."""
    return BRIEF_KPI_COUNTS.format(counts=" · ".join(f"{n} {KPI_COUNT_WORD[s]}" for s, n in counts.items()))


def kpi_status_value(status: str, actual: float | None, kpi_unit: str) -> str:
    """'▲ Đúng tiến độ (23,3%)': a KPI's status and value at one month (a missing value is a dash)."""
    return f"{kpi_status_label(status)} ({'—' if actual is None else kpi_value(actual, kpi_unit)})"


def task_status_label(status: str) -> str:
    return f"{TASK_STATUS_SYMBOL[status]} {TASK_STATUS[status]}"


def month_short(period: str) -> str:
    """'2023-06' -> 'T6/2023' (axis labels)."""
    year, mon = period.split("-")
    return f"T{int(mon)}/{year}"


def compliance_status_label(status: str) -> str:
    return f"{COMPLIANCE_SYMBOL[status]} {COMPLIANCE_STATUS[status]}"


def gap(value: float | None, kpi_unit: str) -> str:
    """Projected − target: '-1,9 điểm %' for a percentage, '-2' for a count, '—' when unknown."""
    if value is None:
        return "—"
    return f"{number(value, 1)} điểm %" if kpi_unit == "percent" else number(value, 0)
