"""How figures are computed (contract §3). Pure functions: no Streamlit, no SQL, no I/O.

The store hands in sums (numerator, denominator, report count) already aggregated in SQL; these
functions turn them into actuals, expectations, statuses and assessments.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from dtplan.domain.catalog import Kpi, ReportingCalendar, Task
from dtplan.domain.periods import last_day, month_of, parse_period, shift

# KPI statuses, worst last so that sorting by this order puts the laggards at the end.
MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "met", "on_track", "at_risk", "off_track", "no_data"
KPI_STATUSES = (MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
# Better first, for "better or worse than last month" (no data is neither: dtplan.read.changes handles it apart).
KPI_RANK = {status: rank for rank, status in enumerate(KPI_STATUSES)}
# Worst first: the order in which a page lists KPIs and units that need attention (no data before on track).
KPI_SEVERITY = {status: rank for rank, status in enumerate((OFF_TRACK, AT_RISK, NO_DATA, ON_TRACK, MET))}

VUOT, DAT, KHONG_DAT = "vuot", "dat", "khong_dat"
# Before the plan's final month a KPI short of its full-year target has "not yet" reached it: never "không đạt".
CHUA_DAT = "chua_dat"
# The year-end verdicts that screens, exports and the brief show in place of the in-year statuses in the final month.
VERDICTS = (VUOT, DAT, KHONG_DAT)
YEAR_END_STATUSES = (*VERDICTS, NO_DATA)
# A verdict ranks and sorts as the in-year status it stands in for (met, met, off track).
_VERDICT_AS = {VUOT: MET, DAT: MET, KHONG_DAT: OFF_TRACK}
KPI_RANK |= {verdict: KPI_RANK[status] for verdict, status in _VERDICT_AS.items()}
KPI_SEVERITY |= {verdict: KPI_SEVERITY[status] for verdict, status in _VERDICT_AS.items()}

# Task statuses (contract §3), in the order in which the rules are tried.
T_NO_REPORT, T_DONE, T_SUSPENDED, T_OVERDUE, T_BEHIND, T_ON_TRACK = (
    "no_report",
    "done",
    "suspended",
    "overdue",
    "behind",
    "on_track",
)
TASK_STATUSES = (T_DONE, T_ON_TRACK, T_BEHIND, T_OVERDUE, T_SUSPENDED, T_NO_REPORT)
LAGGING = (T_OVERDUE, T_BEHIND)
# Worst first: the order in which a page lists tasks (lagging first, done last).
TASK_SEVERITY = {
    status: rank for rank, status in enumerate((T_OVERDUE, T_BEHIND, T_NO_REPORT, T_SUSPENDED, T_ON_TRACK, T_DONE))
}

# Raw progress statuses as units report them (contract §2.2).
CHUA_TRIEN_KHAI, DANG_THUC_HIEN, HOAN_THANH, TAM_DUNG = (
    "chua_trien_khai",
    "dang_thuc_hien",
    "hoan_thanh",
    "tam_dung",
)

ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
COMPLIANCE_STATUSES = (ON_TIME, LATE, MISSING, NOT_DUE)

# Equality at the target must survive float rounding (7 * 100 / 10 is exactly 70; 0.7 * 100 is not).
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Sums:
    """Σ numerator, Σ denominator and the number of reports behind them, for one KPI and scope."""

    numerator: float = 0.0
    denominator: float = 0.0
    reports: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.numerator + other.numerator,
            self.denominator + other.denominator,
            self.reports + other.reports,
        )


@dataclass(frozen=True)
class KpiResult:
    code: str
    actual: float | None
    target: float
    op: str
    expected: float
    status: str
    assessment: str | None
    numerator: float | None
    denominator: float | None
    baseline: float


def actual_value(kpi_unit: str, sums: Sums) -> float | None:
    """Σnumerator/Σdenominator × 100 for percentages, Σnumerator for counts; None without reports."""
    if sums.reports == 0:
        return None
    if kpi_unit == "count":
        value = float(sums.numerator)
    elif not sums.denominator > 0:  # also NaN
        return None
    else:
        value = sums.numerator * 100.0 / sums.denominator
    # Infinity or NaN (a figure that escaped the import checks) is no value: no page, chart or JSON shows it.
    return value if math.isfinite(value) else None


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def meets_target(actual: float, op: str, target: float) -> bool:
    if op == "gt":
        return actual > target and not _equal(actual, target)
    return actual >= target or _equal(actual, target)


def baseline_value(kpi: Kpi, december: Sums) -> float:
    """The scope's actual from the previous December's reports, else the catalogue's, else 0."""
    from_reports = actual_value(kpi.unit, december)
    if from_reports is not None:
        return from_reports
    return kpi.baseline if kpi.baseline is not None else 0.0


def expected_value(kpi: Kpi, as_of: str, baseline: float) -> float:
    if as_of in kpi.milestones:
        return kpi.milestones[as_of]
    if kpi.aggregation == "flow":
        return kpi.target
    return baseline + (kpi.target - baseline) * month_of(as_of) / 12


def kpi_status(actual: float | None, op: str, target: float, expected: float) -> str:
    if actual is None:
        return NO_DATA
    if meets_target(actual, op, target):
        return MET
    if actual >= expected or _equal(actual, expected):
        return ON_TRACK
    if actual >= 0.9 * expected or _equal(actual, 0.9 * expected):
        return AT_RISK
    return OFF_TRACK


def assessment(actual: float | None, op: str, target: float) -> str | None:
    """Year-end wording: vượt (met, above target), đạt (met, exactly the target), không đạt."""
    if actual is None:
        return None
    if not meets_target(actual, op, target):
        return KHONG_DAT
    return DAT if _equal(actual, target) else VUOT


def evaluate_kpi(kpi: Kpi, as_of: str, sums: Sums, december: Sums) -> KpiResult:
    """Everything the contract's summary says about one KPI in one scope at one month."""
    actual = actual_value(kpi.unit, sums)
    baseline = baseline_value(kpi, december)
    expected = expected_value(kpi, as_of, baseline)
    has_data = sums.reports > 0
    return KpiResult(
        code=kpi.code,
        actual=actual,
        target=kpi.target,
        op=kpi.op,
        expected=expected,
        status=kpi_status(actual, kpi.op, kpi.target, expected),
        assessment=assessment(actual, kpi.op, kpi.target),
        numerator=_finite(sums.numerator) if has_data else None,
        denominator=_finite(sums.denominator) if has_data and kpi.unit == "percent" else None,
        baseline=baseline,
    )


def is_final_month(as_of: str) -> bool:
    """The plan's last month (December of the plan year): the year is over, so its verdict is the news."""
    return month_of(as_of) == 12


def shown(result: KpiResult, as_of: str) -> KpiResult:
    """The one rule for what every screen, the kiosk, the exports and the brief show of a KPI (the CLI's
    `summary` keeps the contract's fields as computed): in the plan's final month the year-end verdict
    (vượt / đạt / không đạt, or no data) replaces the in-year status, so counts and colours agree with the
    assessment; before it, an assessment short of the full-year target reads "chưa đạt" (not yet)."""
    if is_final_month(as_of):
        return replace(result, status=result.assessment or NO_DATA)
    if result.assessment == KHONG_DAT:
        return replace(result, assessment=CHUA_DAT)
    return result


# A stock figure older than this many months before the as-of month is marked as stale where it is shown.
STALE_MONTHS = 3


def is_stale(figure_period: str, as_of: str) -> bool:
    """A unit's latest report behind a stock figure is from long ago (e.g. the previous December's in
    the autumn): the figure stands, but a reader must see how old it is."""
    return figure_period < shift(as_of, -STALE_MONTHS)


def shown_statuses(as_of: str) -> tuple[str, ...]:
    """The statuses a count of shown KPI statuses has at `as_of`, in display order."""
    return YEAR_END_STATUSES if is_final_month(as_of) else KPI_STATUSES


def overall_weight(status: str) -> str:
    """A verdict counts, in a unit's overall word, as the in-year status it stands in for."""
    return _VERDICT_AS.get(status, status)


R = TypeVar("R")


def counted_reports(
    aggregation: str, reports: Iterable[R], january: str, month: str, key: Callable[[R], tuple[str, str]]
) -> list[R]:
    """The reports a KPI's figure at `month` is made of: flow — every report from `january` to the month;
    stock — each unit's latest report at or before the month (the previous December's included).
    `key` gives a report's (period, unit code); the reports keep their given order."""
    if aggregation == "flow":
        return [r for r in reports if january <= key(r)[0] <= month]
    latest: dict[str, tuple[str, R]] = {}
    for r in reports:
        p, unit = key(r)
        if p <= month and (unit not in latest or p > latest[unit][0]):
            latest[unit] = (p, r)
    return [r for _p, r in latest.values()]


def status_counts(statuses: list[str], order: tuple[str, ...] = KPI_STATUSES) -> dict[str, int]:
    counts = dict.fromkeys(order, 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


# --- tasks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressReport:
    period: str
    status: str
    progress: float
    submitted_at: dt.date


def latest_report(reports: list[ProgressReport], as_of: str) -> ProgressReport | None:
    """Latest by period, then by submission date, among reports at or before the as-of month."""
    eligible = [r for r in reports if r.period <= as_of]
    if not eligible:
        return None
    return max(eligible, key=lambda r: (r.period, r.submitted_at))


def expected_progress(start: dt.date, due: dt.date, day: dt.date) -> float:
    if due <= start:
        return 100.0 if day >= due else 0.0
    share = 100.0 * (day - start).days / (due - start).days
    return min(100.0, max(0.0, share))


def task_status(task: Task, report: ProgressReport | None, as_of: str) -> str:
    """Contract §3: the first rule that applies wins."""
    if report is None:
        return T_NO_REPORT
    if report.status == HOAN_THANH:
        return T_DONE
    if report.status == TAM_DUNG:
        return T_SUSPENDED
    day = last_day(as_of)
    if task.due < day:
        return T_OVERDUE
    if report.status == CHUA_TRIEN_KHAI and task.start < day:
        return T_BEHIND
    if report.progress < expected_progress(task.start, task.due, day) - 20:
        return T_BEHIND
    return T_ON_TRACK


def is_lagging(status: str) -> bool:
    return status in LAGGING


# --- reporting compliance --------------------------------------------------------------------------


def month_due_date(calendar: ReportingCalendar, period: str) -> dt.date:
    """The earliest deadline that falls in the month (contract §1.3)."""
    year, month = parse_period(period)
    candidates = [dt.date(year, month, calendar.monthly_due_day)]
    if month % 3 == 0:
        candidates.append(dt.date(year, month, calendar.quarterly_due_day))
    if month == calendar.half_year_due[0]:
        candidates.append(dt.date(year, month, calendar.half_year_due[1]))
    if month == calendar.year_due[0]:
        candidates.append(dt.date(year, month, calendar.year_due[1]))
    return min(candidates)


def compliance_status(due: dt.date, first_submitted: dt.date | None, today: dt.date) -> str:
    """On time only when submitted strictly before the due day; a later correction stays late."""
    if first_submitted is not None:
        return ON_TIME if first_submitted < due else LATE
    return MISSING if today >= due else NOT_DUE
