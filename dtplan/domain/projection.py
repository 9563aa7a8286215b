"""Projection of every KPI to December, if nothing changes. Pure functions: no SQL, no Streamlit.

The inputs are monthly sums already aggregated in SQL (see dtplan.read.meeting.monthly_sums):
- flow KPIs get the month's own Σnumerator/Σdenominator (month 1..M);
- stock KPIs get the state at each month's end (month 0 = the previous December .. M).

Methods (METHOD_TEXT says the same in Vietnamese, for the page and the brief):
- flow, percent: the rate of the last RECENT_MONTHS months with data (Σnum/Σden over them) applied to
  each remaining month, whose denominator is the average monthly denominator of the months with data;
  the year-end value is then (Σnum so far + added numerators) / (Σden so far + added denominators).
- flow, count: Σ so far + the average of the last RECENT_MONTHS monthly counts × remaining months.
- stock: the least-squares line through the months with data (previous December included); the
  current value moved along that slope to December. Percentages are clipped to 0–100, counts are
  rounded down (a unit either adopted the model or not) and never negative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dtplan.domain.metrics import MET, ON_TRACK, Sums, actual_value, meets_target

RECENT_MONTHS = 3
LAST_MONTH = 12

METHOD_TEXT = (
    "Dự báo đến tháng 12 nếu giữ nguyên xu hướng hiện nay: chỉ tiêu tính lũy kế (luồng) lấy tỷ lệ "
    f"của {RECENT_MONTHS} tháng gần nhất có số liệu áp cho các tháng còn lại với mẫu số bằng mẫu số "
    "bình quân một tháng; chỉ tiêu tính theo hiện trạng (tồn) kéo dài xu hướng tuyến tính (bình phương "
    "nhỏ nhất) của các tháng đã có số liệu, kể cả tháng 12 năm trước, đến tháng 12; tỷ lệ giới hạn "
    "trong 0–100%, chỉ tiêu đếm làm tròn xuống."
)


@dataclass(frozen=True)
class Projection:
    code: str
    actual: float | None  # the contract's actual at the as-of month
    projected: float | None  # the year-end value if nothing changes
    target: float
    op: str
    meets: bool | None  # whether the projected value satisfies `op target`
    gap: float | None  # projected − target (negative: short of the target)
    method: str | None  # "flow_rate", "flow_count", "stock_trend", "final" (December: the actual itself)


def project_flow(kpi_unit: str, monthly: dict[int, Sums], as_of_month: int) -> float | None:
    """Year-end value of a flow KPI from its months' own sums (keys 1..as_of_month)."""
    months = [m for m in sorted(monthly) if 1 <= m <= as_of_month and monthly[m].reports > 0]
    if kpi_unit == "percent":
        months = [m for m in months if monthly[m].denominator > 0]
    if not months:
        return None
    total = sum((monthly[m] for m in months), Sums())
    remaining = LAST_MONTH - as_of_month
    recent = months[-RECENT_MONTHS:]
    if kpi_unit == "count":
        per_month = sum(monthly[m].numerator for m in recent) / len(recent)
        return max(0.0, float(math.floor(total.numerator + per_month * remaining + 1e-9)))
    recent_sums = sum((monthly[m] for m in recent), Sums())
    rate = recent_sums.numerator / recent_sums.denominator
    added_den = total.denominator / len(months) * remaining
    value = (total.numerator + rate * added_den) * 100.0 / (total.denominator + added_den)
    return min(100.0, max(0.0, value))


def least_squares_slope(points: dict[int, float]) -> float:
    """Slope of the least-squares line through (month, value); 0 with fewer than two points."""
    if len(points) < 2:
        return 0.0
    xs = list(points)
    mean_x = sum(xs) / len(xs)
    mean_y = sum(points.values()) / len(xs)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (points[x] - mean_y) for x in xs)
    return sxy / sxx if sxx else 0.0


def project_stock(kpi_unit: str, points: dict[int, float], as_of_month: int) -> float | None:
    """Year-end value of a stock KPI from its state at each month's end (keys 0..as_of_month)."""
    points = {m: v for m, v in points.items() if 0 <= m <= as_of_month and v is not None}
    if not points:
        return None
    last = max(points)
    value = points[last] + least_squares_slope(points) * (LAST_MONTH - last)
    if kpi_unit == "count":
        return max(0.0, float(math.floor(value + 1e-9)))
    return min(100.0, max(0.0, value))


def stock_points(kpi_unit: str, states: dict[int, Sums]) -> dict[int, float]:
    """The contract's actual at each month's end (months without any report are left out)."""
    points = {}
    for month, sums in states.items():
        value = actual_value(kpi_unit, sums)
        if value is not None:
            points[month] = value
    return points


def project(
    code: str,
    kpi_unit: str,
    aggregation: str,
    op: str,
    target: float,
    actual: float | None,
    series: dict[int, Sums],
    as_of_month: int,
) -> Projection:
    """The projection of one KPI. `series` is monthly own sums (flow) or month-end states (stock)."""
    if as_of_month >= LAST_MONTH:
        projected, method = actual, "final"
    elif aggregation == "flow":
        projected = project_flow(kpi_unit, series, as_of_month)
        method = "flow_count" if kpi_unit == "count" else "flow_rate"
    else:
        projected = project_stock(kpi_unit, stock_points(kpi_unit, series), as_of_month)
        method = "stock_trend"
    if projected is None:
        return Projection(code, actual, None, target, op, None, None, None)
    return Projection(
        code, actual, projected, target, op, meets_target(projected, op, target), projected - target, method
    )


def early_warning(status: str, projection: Projection) -> bool:
    """Met or on track today, but projected to miss the year's target."""
    return status in (MET, ON_TRACK) and projection.meets is False
