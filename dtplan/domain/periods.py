"""Reporting periods are 'YYYY-MM' strings; these helpers keep the arithmetic in one place."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Mapping

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(value: str) -> tuple[int, int]:
    """'2023-06' -> (2023, 6); ValueError for anything else."""
    match = _PERIOD.match(str(value).strip())
    if not match:
        raise ValueError(f"kỳ '{value}' không đúng dạng YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def is_period(value: str) -> bool:
    return bool(_PERIOD.match(str(value).strip()))


def period(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_of(value: str) -> int:
    return parse_period(value)[1]


def previous_december(year: int) -> str:
    return period(year - 1, 12)


def shift(value: str, months: int) -> str:
    year, month = parse_period(value)
    index = year * 12 + (month - 1) + months
    return period(index // 12, index % 12 + 1)


def months_of_year(year: int, until: str | None = None) -> list[str]:
    """January..December of `year`, or January..`until` when given."""
    last = month_of(until) if until else 12
    return [period(year, m) for m in range(1, last + 1)]


def last_day(value: str) -> dt.date:
    year, month = parse_period(value)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def today(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The reference day for 'missing' vs 'not yet due' (CLI and admin page alike): DTPLAN_TODAY
    (YYYY-MM-DD) pins it for tests and demos, else the calendar day. ValueError (one line) for a pin that is
    not a date."""
    pinned = environ.get("DTPLAN_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"DTPLAN_TODAY: '{pinned}' không đúng dạng YYYY-MM-DD") from None
    return dt.date.today()
