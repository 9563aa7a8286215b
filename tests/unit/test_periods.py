"""'YYYY-MM' period arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from dtplan.domain import periods


@pytest.mark.parametrize("value", ["2023-6", "2023-13", "2023-00", "23-06", "2023/06", "2023-06-01", "", "abcd-ef"])
def test_bad_periods_are_refused(value):
    assert not periods.is_period(value)
    with pytest.raises(ValueError):
        periods.parse_period(value)


def test_parse_and_format_round_trip():
    assert periods.parse_period("2023-06") == (2023, 6)
    assert periods.period(2023, 6) == "2023-06"
    assert periods.month_of("2023-12") == 12


def test_previous_december_and_shift_cross_the_year():
    assert periods.previous_december(2023) == "2022-12"
    assert periods.shift("2023-01", -1) == "2022-12"
    assert periods.shift("2023-12", 1) == "2024-01"
    assert periods.shift("2023-06", -18) == "2021-12"


def test_months_of_year_until():
    assert periods.months_of_year(2023, "2023-03") == ["2023-01", "2023-02", "2023-03"]
    assert len(periods.months_of_year(2023)) == 12


@pytest.mark.parametrize(
    ("value", "day"),
    [("2023-02", dt.date(2023, 2, 28)), ("2024-02", dt.date(2024, 2, 29)), ("2023-06", dt.date(2023, 6, 30))],
)
def test_last_day(value, day):
    assert periods.last_day(value) == day


def test_string_order_is_time_order():
    # The store compares periods as strings in SQL; that is only right for zero-padded YYYY-MM.
    values = [periods.shift("2022-12", i) for i in range(30)]
    assert values == sorted(values)


def test_today_is_pinned_by_dtplan_today_else_the_calendar_day():
    today = periods.today
    assert today({"DTPLAN_TODAY": "2023-12-10"}) == dt.date(2023, 12, 10)
    assert today({}) == dt.date.today()
    with pytest.raises(ValueError, match="DTPLAN_TODAY: '10/12/2023' không đúng dạng YYYY-MM-DD"):
        today({"DTPLAN_TODAY": "10/12/2023"})
