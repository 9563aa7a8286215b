"""dtplan.domain.projection on constructed series: every expected value is derived by hand in the comment."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtplan.domain import projection
from dtplan.domain.metrics import Sums


def flow(*pairs):
    """Months 1..n of (numerator, denominator)."""
    return {m: Sums(n, d, 1) for m, (n, d) in enumerate(pairs, start=1)}


def test_flow_constant_rate_projects_the_rate():
    # 30/100 every month: whatever comes next at the same rate keeps 30 %.
    assert projection.project_flow("percent", flow(*[(30, 100)] * 6), 6) == pytest.approx(30.0)


def test_flow_uses_the_last_three_months_rate():
    # Jan–Mar 20/100, Apr–Jun 50/100. Recent rate 150/300 = 0.5; average denominator 100; 6 months left:
    # (60 + 150 + 0.5 × 600) / (600 + 600) = 510 / 1200 = 42.5 %.
    series = flow((20, 100), (20, 100), (20, 100), (50, 100), (50, 100), (50, 100))
    assert projection.project_flow("percent", series, 6) == pytest.approx(42.5)


def test_flow_seasonal_denominators():
    # Alternating busy/quiet months: num 10,40,… den 100,200,…  Recent (Apr–Jun) = 90/500 = 0.18;
    # average den 900/6 = 150, 6 months left -> +900 den, +162 num; (150 + 162) / (900 + 900) = 17.333… %.
    series = flow((10, 100), (40, 200), (10, 100), (40, 200), (10, 100), (40, 200))
    assert projection.project_flow("percent", series, 6) == pytest.approx(312 / 1800 * 100)


def test_flow_skips_a_month_without_reports():
    # Months 1, 2, 4, 5 (March missing), as of May. Recent = Feb, Apr, May = (10+30+30)/300;
    # average den 100 over 4 months; 7 left: (10+10+30+30 + 70/300×700) / (400 + 700).
    series = {1: Sums(10, 100, 1), 2: Sums(10, 100, 1), 4: Sums(30, 100, 1), 5: Sums(30, 100, 1)}
    expected = (80 + 70 / 300 * 700) / 1100 * 100
    assert projection.project_flow("percent", series, 5) == pytest.approx(expected)


def test_flow_count_adds_the_recent_monthly_average_rounded_down():
    # 1, 2, 4 in Jan–Mar: 7 so far, recent average 7/3 per month, 9 months left: 7 + 21 = 28.
    series = {1: Sums(1, 0, 1), 2: Sums(2, 0, 1), 3: Sums(4, 0, 1)}
    assert projection.project_flow("count", series, 3) == 28.0
    # 1, 1, 2 in Jan–Mar: 4 + 4/3 × 9 = 16 exactly; 1, 2, 2 as of April with 1 more: 6 + 5/3 × 8 = 19.33 -> 19.
    assert projection.project_flow("count", {1: Sums(1, 0, 1), 2: Sums(1, 0, 1), 3: Sums(2, 0, 1)}, 3) == 16.0
    series = {1: Sums(1, 0, 1), 2: Sums(2, 0, 1), 3: Sums(2, 0, 1), 4: Sums(1, 0, 1)}
    assert projection.project_flow("count", series, 4) == 19.0


def test_flow_without_data_is_none():
    assert projection.project_flow("percent", {}, 6) is None
    assert projection.project_flow("percent", {3: Sums(0, 0, 1)}, 6) is None


def test_stock_linear_trend_extends_to_december():
    # 10 + 5m from December (m=0) to June: slope 5, June = 40, 6 more months -> 70.
    points = {m: 10 + 5 * m for m in range(7)}
    assert projection.project_stock("percent", points, 6) == pytest.approx(70.0)


def test_stock_flat_stays_flat():
    assert projection.project_stock("percent", dict.fromkeys(range(7), 50.0), 6) == pytest.approx(50.0)


def test_stock_seasonal_zigzag():
    # 10 + 2m ± 1 (plus on even months), m = 0..5. The zigzag's covariance with m is −3 over Sxx = 17.5,
    # so the slope is 2 − 6/35; May's value is 19; 7 months left: 19 + 7 × (2 − 6/35) = 31.8.
    points = {m: 10 + 2 * m + (1 if m % 2 == 0 else -1) for m in range(6)}
    assert projection.project_stock("percent", points, 5) == pytest.approx(31.8)


def test_stock_clipped_to_percent_range():
    assert projection.project_stock("percent", {m: 70 + 5 * m for m in range(7)}, 6) == 100.0
    assert projection.project_stock("percent", {m: 30 - 5 * m for m in range(7)}, 6) == 0.0


def test_stock_count_rounded_down():
    # 0 in December, 1 in May: slope 1/5, 7 months left: 1 + 1.4 = 2.4 -> 2.
    assert projection.project_stock("count", {0: 0.0, 5: 1.0}, 5) == 2.0


def test_stock_single_point_is_flat_and_later_points_ignored():
    assert projection.project_stock("percent", {3: 42.0}, 6) == 42.0
    # A point after the as-of month must not leak into the projection.
    assert projection.project_stock("percent", {0: 10.0, 6: 40.0, 9: 0.0}, 6) == pytest.approx(70.0)


def test_project_at_december_is_the_actual_and_flags():
    p = projection.project("T", "percent", "flow", "ge", 60, 58.0, flow((1, 2)), 12)
    assert (p.projected, p.method, p.meets) == (58.0, "final", False)
    assert p.gap == pytest.approx(-2.0)


def test_project_meets_respects_strict_operator():
    # 75 exactly does not satisfy "> 75".
    p = projection.project("T", "percent", "stock", "gt", 75, 75.0, {m: Sums(75, 100, 1) for m in range(7)}, 6)
    assert p.projected == pytest.approx(75.0) and p.meets is False
    p = projection.project("T", "percent", "stock", "ge", 75, 75.0, {m: Sums(75, 100, 1) for m in range(7)}, 6)
    assert p.meets is True


def test_project_without_data():
    p = projection.project("T", "percent", "stock", "ge", 50, None, {}, 6)
    assert p.projected is None and p.meets is None and p.gap is None


def test_early_warning_only_for_good_status_projected_to_miss():
    miss = projection.Projection("T", 50, 40, 60, "ge", False, -20, "flow_rate")
    hit = projection.Projection("T", 50, 70, 60, "ge", True, 10, "flow_rate")
    assert projection.early_warning("on_track", miss) and projection.early_warning("met", miss)
    assert not projection.early_warning("off_track", miss) and not projection.early_warning("at_risk", miss)
    assert not projection.early_warning("on_track", hit)


@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=1, max_size=11),
)
def test_flow_projection_lies_between_todays_actual_and_the_recent_rate(pairs):
    pairs = [(min(n, d), d) for n, d in pairs]
    month = len(pairs)
    series = flow(*pairs)
    projected = projection.project_flow("percent", series, month)
    today = sum(n for n, _ in pairs) / sum(d for _, d in pairs) * 100
    recent = pairs[-3:]
    rate = sum(n for n, _ in recent) / sum(d for _, d in recent) * 100
    assert min(today, rate) - 1e-9 <= projected <= max(today, rate) + 1e-9
