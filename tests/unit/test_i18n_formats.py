"""Vietnamese number and date formats (babel vi_VN): '.' groups thousands, ',' marks decimals."""

import datetime as dt

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from dtplan import i18n


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (76.84271619268718, 1, "76,8"),
        (99.95, 0, "100"),
        # babel rounds a half to the even digit (on the decimal value written, not the binary float)
        (0.05, 1, "0,0"),
        (0.15, 1, "0,2"),
        (-3.25, 1, "-3,2"),
        (0, 1, "0,0"),
        (1000, 0, "1.000"),
    ],
)
def test_number_uses_vietnamese_separators(value, decimals, expected):
    assert i18n.number(value, decimals) == expected


def test_missing_values_are_a_dash_not_zero():
    assert i18n.number(None) == "—"
    assert i18n.percent(None) == "—"
    assert i18n.kpi_value(None, "percent") == i18n.NO_DATA


def test_percent_and_kpi_value():
    assert i18n.percent(76.84) == "76,8%"
    assert i18n.kpi_value(76.84, "percent") == "76,8%"
    assert i18n.kpi_value(2, "count") == "2"


@given(
    st.one_of(st.integers(-(10**12), 10**12), st.floats(-1e12, 1e12, allow_nan=False)),
    st.integers(0, 3),
)
def test_number_matches_babels_format_decimal(value, decimals):
    # number() keeps babel's parsed pattern between calls; the text must be what format_decimal writes.
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    assert i18n.number(value, decimals) == format_decimal(value, format=pattern, locale="vi_VN")


def test_dates_are_day_month_year():
    assert i18n.date(dt.date(2023, 3, 5)) == "05/03/2023"
    assert i18n.date("2023-12-31") == "31/12/2023"


def test_a_kpi_status_with_its_value_writes_a_dash_when_there_is_none():
    assert i18n.kpi_status_value("on_track", 23.34, "percent") == f"{i18n.kpi_status_label('on_track')} (23,3%)"
    assert i18n.kpi_status_value("no_data", None, "percent") == f"{i18n.kpi_status_label('no_data')} (—)"
    assert i18n.kpi_status_value("met", 3, "count") == f"{i18n.kpi_status_label('met')} (3)"
