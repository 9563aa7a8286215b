"""Contract §3, rule by rule, on constructed inputs (pure functions, no database).

Expected values are derived by hand from the contract's sentences, never copied from the code.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dtplan.domain import metrics
from dtplan.domain.catalog import Kpi, ReportingCalendar, Task
from dtplan.domain.metrics import ProgressReport, Sums

D = dt.date


def kpi(
    *,
    unit="percent",
    op="ge",
    target=70.0,
    aggregation="stock",
    baseline=None,
    milestones=None,
    code="K",
) -> Kpi:
    return Kpi(
        code=code,
        name=code,
        text=code,
        unit=unit,
        op=op,
        target=float(target),
        aggregation=aggregation,
        levels=("agency", "district"),
        lead="A",
        baseline=baseline,
        milestones=milestones or {},
    )


def sums(*rows: tuple[float, float | None]) -> Sums:
    """Sums of (numerator, denominator) rows, as the store hands them in."""
    return Sums(
        numerator=float(sum(n for n, _ in rows)),
        denominator=float(sum(d or 0 for _, d in rows)),
        reports=len(rows),
    )


# --- actual -----------------------------------------------------------------------------------------


def test_percent_actual_is_ratio_of_sums_not_average_of_percentages():
    # Unit A: 1/2 = 50 %, unit B: 90/100 = 90 %. Average of percentages would be 70 %;
    # the contract's Σnum/Σden is 91/102.
    rows = sums((1, 2), (90, 100))
    actual = metrics.actual_value("percent", rows)
    assert actual == pytest.approx(91 / 102 * 100)
    assert actual != pytest.approx((50 + 90) / 2)


def test_ratio_of_sums_changes_the_status_compared_with_an_average():
    # Σ: 60/100 = 60 % -> not met (ge 70); an average of percentages (100 % and 50 %) would be 75 %: met.
    k = kpi(op="ge", target=70, aggregation="flow")
    result = metrics.evaluate_kpi(k, "2023-06", sums((10, 10), (45, 90)), Sums())
    assert result.actual == pytest.approx(55 / 100 * 100)
    assert result.status != metrics.MET
    assert result.numerator == 55 and result.denominator == 100


def test_count_actual_is_sum_of_numerators():
    assert metrics.actual_value("count", sums((1, None), (2, None))) == 3.0


def test_no_reports_means_no_actual():
    assert metrics.actual_value("percent", Sums()) is None
    assert metrics.actual_value("count", Sums()) is None


def test_seven_of_ten_is_exactly_seventy():
    actual = metrics.actual_value("percent", sums((7, 10)))
    assert actual == 70.0
    assert metrics.meets_target(actual, "ge", 70)
    assert metrics.assessment(actual, "ge", 70) == metrics.DAT


@pytest.mark.parametrize(
    ("rows", "target"),
    [
        # Float sums that land a hair away from the target still count as "equal" (decimal commas).
        (((0.1, 1), (0.2, 1), (0.4, 8)), 7.0),  # 0.7/10 -> 7 %
        (((0.7, 1),), 70.0),  # 0.7*100 = 70.00000000000001 in floating point
        (((1, 3), (1, 3), (1, 3)), 100 / 3),
    ],
)
def test_equality_at_target_survives_float_arithmetic(rows, target):
    actual = metrics.actual_value("percent", sums(*rows))
    assert metrics.meets_target(actual, "ge", target)
    assert not metrics.meets_target(actual, "gt", target)
    assert metrics.assessment(actual, "ge", target) == metrics.DAT


# --- met / assessment: gt vs ge at exactly the target -------------------------------------------------


def test_gt_at_exactly_the_target_is_not_met():
    k = kpi(op="gt", target=75, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-12", sums((75, 100)), Sums())
    assert result.actual == 75.0
    assert result.status != metrics.MET
    assert result.assessment == metrics.KHONG_DAT


def test_gt_above_the_target_is_met_and_vuot():
    k = kpi(op="gt", target=75, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-12", sums((76, 100)), Sums())
    assert result.status == metrics.MET
    assert result.assessment == metrics.VUOT


def test_ge_at_exactly_the_target_is_met_and_dat():
    k = kpi(op="ge", target=70, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-12", sums((70, 100)), Sums())
    assert result.status == metrics.MET
    assert result.assessment == metrics.DAT


def test_ge_above_is_vuot_below_is_khong_dat():
    assert metrics.assessment(70.5, "ge", 70) == metrics.VUOT
    assert metrics.assessment(69.9, "ge", 70) == metrics.KHONG_DAT
    assert metrics.assessment(None, "ge", 70) is None


def test_assessment_is_against_the_full_year_target_whatever_the_month():
    # In March a stock KPI can be on track (expected is low) but the assessment still says "không đạt".
    k = kpi(op="ge", target=60, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-03", sums((20, 100)), Sums())
    assert result.expected == pytest.approx(15.0)
    assert result.status == metrics.ON_TRACK
    assert result.assessment == metrics.KHONG_DAT


def test_count_kpi_at_target_is_dat():
    k = kpi(unit="count", op="ge", target=3, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-12", sums((3, None)), Sums())
    assert result.actual == 3.0 and result.status == metrics.MET and result.assessment == metrics.DAT
    assert result.denominator is None


# --- expected(M) and the baseline ---------------------------------------------------------------------


def test_stock_expected_is_linear_from_baseline_to_target():
    k = kpi(target=80, aggregation="stock")
    # baseline 20 from December: 20 + (80 - 20) * 3 / 12 = 35
    assert metrics.expected_value(k, "2023-03", 20.0) == pytest.approx(35.0)
    assert metrics.expected_value(k, "2023-12", 20.0) == pytest.approx(80.0)
    assert metrics.expected_value(k, "2023-01", 20.0) == pytest.approx(25.0)


def test_flow_expected_is_the_target_every_month():
    k = kpi(target=90, aggregation="flow")
    assert metrics.expected_value(k, "2023-01", 10.0) == 90.0
    assert metrics.expected_value(k, "2023-07", 0.0) == 90.0


def test_milestone_overrides_expected_for_its_month_only():
    k = kpi(target=80, aggregation="stock", milestones={"2023-06": 70.0})
    assert metrics.expected_value(k, "2023-06", 20.0) == 70.0
    assert metrics.expected_value(k, "2023-03", 20.0) == pytest.approx(35.0)
    flow = kpi(target=90, aggregation="flow", milestones={"2023-02": 40.0})
    assert metrics.expected_value(flow, "2023-02", 0.0) == 40.0
    assert metrics.expected_value(flow, "2023-03", 0.0) == 90.0


def test_baseline_from_december_reports_beats_catalogue_baseline():
    k = kpi(target=80, aggregation="stock", baseline=50.0)
    december = sums((10, 100), (30, 100))  # 40/200 = 20 %
    assert metrics.baseline_value(k, december) == pytest.approx(20.0)
    result = metrics.evaluate_kpi(k, "2023-06", sums((50, 100)), december)
    assert result.baseline == pytest.approx(20.0)
    assert result.expected == pytest.approx(20 + (80 - 20) * 6 / 12)


def test_baseline_falls_back_to_catalogue_then_zero():
    assert metrics.baseline_value(kpi(baseline=50.0), Sums()) == 50.0
    assert metrics.baseline_value(kpi(baseline=None), Sums()) == 0.0
    result = metrics.evaluate_kpi(kpi(target=60, baseline=None), "2023-06", sums((1, 2)), Sums())
    assert result.expected == pytest.approx(30.0)


def test_count_baseline_is_sum_of_december_numerators():
    k = kpi(unit="count", target=3, aggregation="stock")
    assert metrics.baseline_value(k, sums((1, None))) == 1.0
    # 1 + (3 - 1) * 6 / 12 = 2
    assert metrics.evaluate_kpi(k, "2023-06", sums((2, None)), sums((1, None))).expected == pytest.approx(2.0)


# --- statuses -----------------------------------------------------------------------------------------


def test_status_met_beats_everything():
    assert metrics.kpi_status(75.0, "ge", 70, expected=90) == metrics.MET


def test_status_actual_exactly_expected_is_on_track():
    # stock, baseline 0, target 80, June: expected 40; 40/100 -> exactly on the line.
    k = kpi(target=80, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-06", sums((40, 100)), Sums())
    assert result.expected == 40.0 and result.actual == 40.0
    assert result.status == metrics.ON_TRACK


def test_status_exactly_ninety_percent_of_expected_is_at_risk():
    # flow, target 70: 0.9 × 70 = 63 (63.00000000000001 in floating point); 63/100 must be at risk.
    k = kpi(target=70, aggregation="flow")
    result = metrics.evaluate_kpi(k, "2023-06", sums((63, 100)), Sums())
    assert result.status == metrics.AT_RISK
    below = metrics.evaluate_kpi(k, "2023-06", sums((629, 1000)), Sums())
    assert below.status == metrics.OFF_TRACK


def test_status_between_ninety_percent_and_expected_is_at_risk():
    assert metrics.kpi_status(65.0, "ge", 70, expected=70) == metrics.AT_RISK
    assert metrics.kpi_status(69.99, "ge", 70, expected=70) == metrics.AT_RISK


def test_status_off_track_below_ninety_percent():
    assert metrics.kpi_status(50.0, "ge", 70, expected=70) == metrics.OFF_TRACK
    assert metrics.kpi_status(0.0, "ge", 70, expected=70) == metrics.OFF_TRACK


def test_status_no_data_when_no_report():
    result = metrics.evaluate_kpi(kpi(), "2023-06", Sums(), Sums())
    assert result.status == metrics.NO_DATA
    assert result.actual is None and result.assessment is None
    assert result.numerator is None and result.denominator is None


def test_zero_actual_with_reports_is_data_not_no_data():
    result = metrics.evaluate_kpi(kpi(target=70, aggregation="flow"), "2023-06", sums((0, 10)), Sums())
    assert result.actual == 0.0 and result.status == metrics.OFF_TRACK
    assert result.assessment == metrics.KHONG_DAT


def test_gt_target_exactly_reached_on_track_when_expected_below():
    # gt 75 with 75 %: not met; expected in June from baseline 0 is 37.5 -> on track.
    k = kpi(op="gt", target=75, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-06", sums((75, 100)), Sums())
    assert result.status == metrics.ON_TRACK


def test_gt_target_exactly_reached_in_december_is_on_track_not_met():
    # December: expected = target = 75; 75 is ≥ expected but not > target.
    k = kpi(op="gt", target=75, aggregation="stock")
    result = metrics.evaluate_kpi(k, "2023-12", sums((75, 100)), Sums())
    assert result.expected == pytest.approx(75.0)
    assert result.status == metrics.ON_TRACK


def test_status_counts_cover_every_status():
    counts = metrics.status_counts([metrics.MET, metrics.MET, metrics.NO_DATA])
    assert counts[metrics.MET] == 2 and counts[metrics.NO_DATA] == 1 and counts[metrics.OFF_TRACK] == 0


# --- tasks --------------------------------------------------------------------------------------------


YEAR_START, YEAR_END = D(2023, 1, 1), D(2023, 12, 31)


def task(start=YEAR_START, due=YEAR_END) -> Task:
    return Task(code="PL01-01", appendix="01", section="", title="t", lead="A", partners=(), start=start, due=due)


def report(period="2023-06", status=metrics.DANG_THUC_HIEN, progress=50.0, submitted=None) -> ProgressReport:
    return ProgressReport(period, status, float(progress), submitted or D(2023, 6, 20))


def test_task_no_report():
    assert metrics.task_status(task(), None, "2023-06") == metrics.T_NO_REPORT


def test_task_no_report_wins_even_when_overdue():
    t = task(due=D(2023, 3, 31))
    latest = metrics.latest_report([], "2023-06")
    assert latest is None
    assert metrics.task_status(t, latest, "2023-06") == metrics.T_NO_REPORT


def test_task_done_wins_over_overdue():
    t = task(due=D(2023, 3, 31))
    assert metrics.task_status(t, report(status=metrics.HOAN_THANH, progress=100), "2023-06") == metrics.T_DONE


def test_task_suspended_wins_over_overdue_and_behind():
    t = task(due=D(2023, 3, 31))
    assert metrics.task_status(t, report(status=metrics.TAM_DUNG, progress=5), "2023-06") == metrics.T_SUSPENDED
    t2 = task()  # not overdue, but progress 0 far behind expected
    assert metrics.task_status(t2, report(status=metrics.TAM_DUNG, progress=0), "2023-10") == metrics.T_SUSPENDED


def test_task_overdue_when_due_before_last_day_of_month():
    t = task(due=D(2023, 6, 29))
    assert metrics.task_status(t, report(progress=99), "2023-06") == metrics.T_OVERDUE


def test_task_due_on_the_last_day_of_the_month_is_not_overdue():
    t = task(due=D(2023, 6, 30))
    # expected on D is 100 %; 95 % is within 20 points -> on track, not overdue.
    assert metrics.task_status(t, report(progress=95), "2023-06") == metrics.T_ON_TRACK
    # the month after, it is overdue
    assert metrics.task_status(t, report(period="2023-07", progress=95), "2023-07") == metrics.T_OVERDUE


def test_task_overdue_wins_over_behind():
    t = task(start=D(2023, 1, 1), due=D(2023, 5, 31))
    assert metrics.task_status(t, report(progress=0), "2023-06") == metrics.T_OVERDUE


def test_task_behind_when_progress_more_than_20_points_below_expected():
    t = task(start=D(2023, 1, 1), due=D(2023, 12, 31))
    day = D(2023, 6, 30)
    expected = 100 * (day - t.start).days / (t.due - t.start).days  # 180/364 ≈ 49.45
    assert metrics.expected_progress(t.start, t.due, day) == pytest.approx(expected)
    just_behind = int(expected - 20) - 1  # 28
    exactly_at = expected - 20  # not strictly below -> on track
    assert metrics.task_status(t, report(progress=just_behind), "2023-06") == metrics.T_BEHIND
    assert metrics.task_status(t, report(progress=exactly_at), "2023-06") == metrics.T_ON_TRACK
    assert metrics.task_status(t, report(progress=40), "2023-06") == metrics.T_ON_TRACK


def test_expected_progress_is_clipped():
    start, due = D(2023, 3, 1), D(2023, 9, 30)
    assert metrics.expected_progress(start, due, D(2023, 1, 31)) == 0.0
    assert metrics.expected_progress(start, due, D(2023, 12, 31)) == 100.0


def test_task_never_started_after_its_start_is_behind():
    # Start 2023-03-01, as of March: expected ≈ 9.8 %, so 0 % is within 20 points; only the
    # "never started whose start has passed" rule makes it behind.
    t = task(start=D(2023, 3, 1), due=D(2023, 12, 31))
    assert metrics.expected_progress(t.start, t.due, D(2023, 3, 31)) < 20
    r = report(period="2023-03", status=metrics.CHUA_TRIEN_KHAI, progress=0)
    assert metrics.task_status(t, r, "2023-03") == metrics.T_BEHIND


def test_task_not_started_before_its_start_is_on_track():
    t = task(start=D(2023, 5, 1), due=D(2023, 12, 31))
    r = report(period="2023-03", status=metrics.CHUA_TRIEN_KHAI, progress=0)
    assert metrics.task_status(t, r, "2023-03") == metrics.T_ON_TRACK


def test_latest_report_by_period_then_submitted_at():
    may_late = report(period="2023-05", progress=40, submitted=D(2023, 6, 28))
    april_later_submission = report(period="2023-04", progress=90, submitted=D(2023, 7, 1))
    june_first = report(period="2023-06", progress=10, submitted=D(2023, 6, 10))
    june_correction = report(period="2023-06", progress=60, submitted=D(2023, 6, 20))
    july = report(period="2023-07", status=metrics.HOAN_THANH, progress=100, submitted=D(2023, 7, 5))
    reports = [june_correction, may_late, july, april_later_submission, june_first]
    assert metrics.latest_report(reports, "2023-06") == june_correction
    assert metrics.latest_report(reports, "2023-05") == may_late
    assert metrics.latest_report(reports, "2023-03") is None
    assert metrics.latest_report(reports, "2023-07") == july


def test_is_lagging_only_overdue_and_behind():
    assert {s for s in metrics.TASK_STATUSES if metrics.is_lagging(s)} == {metrics.T_OVERDUE, metrics.T_BEHIND}


# --- reporting compliance -----------------------------------------------------------------------------

CALENDAR = ReportingCalendar(monthly_due_day=25, quarterly_due_day=25, half_year_due=(6, 25), year_due=(12, 15))


@pytest.mark.parametrize(
    ("period", "due"),
    [
        ("2023-01", D(2023, 1, 25)),
        ("2023-02", D(2023, 2, 25)),
        ("2023-03", D(2023, 3, 25)),
        ("2023-06", D(2023, 6, 25)),
        ("2023-09", D(2023, 9, 25)),
        ("2023-11", D(2023, 11, 25)),
        ("2023-12", D(2023, 12, 15)),  # the yearly 15/12 comes first
    ],
)
def test_due_dates_of_the_plan_calendar(period, due):
    assert metrics.month_due_date(CALENDAR, period) == due


def test_due_dates_come_from_the_calendar_not_code():
    cal = ReportingCalendar(monthly_due_day=25, quarterly_due_day=20, half_year_due=(6, 10), year_due=(11, 30))
    assert metrics.month_due_date(cal, "2024-02") == D(2024, 2, 25)
    assert metrics.month_due_date(cal, "2024-03") == D(2024, 3, 20)  # quarter month
    assert metrics.month_due_date(cal, "2024-06") == D(2024, 6, 10)  # half-year before the quarter's 20
    assert metrics.month_due_date(cal, "2024-09") == D(2024, 9, 20)
    assert metrics.month_due_date(cal, "2024-11") == D(2024, 11, 25)  # 30/11 is later than the 25th
    assert metrics.month_due_date(cal, "2024-12") == D(2024, 12, 20)


def test_on_time_strictly_before_the_due_day():
    due = D(2023, 3, 25)
    assert metrics.compliance_status(due, D(2023, 3, 24), today=D(2023, 4, 30)) == metrics.ON_TIME
    assert metrics.compliance_status(due, D(2023, 3, 25), today=D(2023, 4, 30)) == metrics.LATE
    assert metrics.compliance_status(due, D(2023, 4, 2), today=D(2023, 4, 30)) == metrics.LATE


def test_on_time_even_when_today_is_before_the_due_day():
    assert metrics.compliance_status(D(2023, 3, 25), D(2023, 3, 1), today=D(2023, 3, 2)) == metrics.ON_TIME


def test_missing_once_due_passed_not_due_before():
    due = D(2023, 3, 25)
    assert metrics.compliance_status(due, None, today=D(2023, 3, 24)) == metrics.NOT_DUE
    assert metrics.compliance_status(due, None, today=D(2023, 3, 26)) == metrics.MISSING
    # Reading kept: on the due day itself an on-time report is no longer possible, so it is missing.
    assert metrics.compliance_status(due, None, today=due) == metrics.MISSING
