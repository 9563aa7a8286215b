"""No page, chart or figure ever gets Infinity or NaN — even from a row stored before the database
refused them (the adversarial run stored a 400-digit number as Infinity)."""

from __future__ import annotations

import math
import sqlite3

import pytest

from dtplan.domain import metrics
from dtplan.domain.metrics import Sums
from dtplan.present import charts
from tests.conftest import count_tiles


@pytest.mark.parametrize(
    ("unit", "sums"),
    [("count", Sums(math.inf, 0, 1)), ("percent", Sums(math.inf, 10, 1)), ("percent", Sums(5, math.nan, 1))],
)
def test_actual_value_is_none_for_non_finite_sums(unit, sums):
    assert metrics.actual_value(unit, sums) is None


def test_ticks_and_bullet_scale_stay_finite():
    for top in (math.inf, math.nan, 0.0):
        assert all(math.isfinite(t) for t in charts._ticks(top)) and charts._ticks(top)
    rows = [{"target": 3.0, "actual": math.inf}, {"target": 3.0, "actual": 5.0}]
    assert charts.bullet_top(rows, "count") == 5.0


@pytest.mark.parametrize("user", ["lanhdao", "quantri", "nhoquan"])
def test_kpi_page_of_a_kpi_holding_infinity_does_not_crash(app_factory, user):
    path = app_factory.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")  # as if written before the CHECK existed
        conn.execute(
            "INSERT INTO kpi_reports (period, unit_code, kpi_code, numerator, denominator, submitted_at, note, "
            "is_current) VALUES ('2023-12', '37', 'T18', ?, NULL, '2023-12-30', 'x', 1)",
            (math.inf,),
        )
    at = app_factory(user=user, page="pages/chi_tieu.py", query={"as_of": "2023-12", "kpi": "T18"})
    assert not at.exception, at.exception
    shown = " ".join([*(str(m.value) for m in at.metric), *count_tiles(at).values(), *(m.value for m in at.markdown)])
    assert "∞" not in shown and "NaN" not in shown and "inf" not in shown.lower().split()
    home = app_factory(user=user, query={"as_of": "2023-12"})
    assert not home.exception, home.exception
    assert "∞" not in " ".join([*(str(m.value) for m in home.metric), *count_tiles(home).values()])
