"""Data-quality rules (contract §2.4): a valid row that looks wrong is warned about, never refused.

A row is compared with the same unit's and KPI's newest report of an earlier period:
- a stock KPI falls sharply: a percent KPI by more than `stock_drop_points` percentage points, a count
  KPI by more than half of its earlier value;
- the denominator changes by more than `denominator_change` (a share of the earlier denominator), up or
  down;
- numerator and denominator are the same in `repeat_months` months in a row (a copied-forward figure).

The rules are plain arithmetic, so the same function judges one pair of floats (tests, one row) or
whole numpy columns at once (an import of a million rows): `&`, `|`, `abs` and comparisons only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dtplan.domain.plan_fields import CatalogError

# Rounding of figures read from files and databases must not make "exactly at the threshold" a warning.
EPSILON = 1e-9
COUNT_DROP_SHARE = 0.5  # a count KPI "falls sharply" when it loses more than half (contract §2.4)


@dataclass(frozen=True)
class Thresholds:
    """The plan file's optional `quality` keys; the defaults are the contract's."""

    stock_drop_points: float = 20.0
    denominator_change: float = 0.5
    repeat_months: int = 3


DEFAULT_THRESHOLDS = Thresholds()


def parse_thresholds(raw: Any) -> Thresholds:
    """`quality: {stock_drop_points, denominator_change, repeat_months}`, every key optional."""
    where = "quality"
    if raw is None:
        return DEFAULT_THRESHOLDS
    if not isinstance(raw, dict):
        raise CatalogError(
            f"{where}: phải là bảng khóa–giá trị, ví dụ "
            "{stock_drop_points: 20, denominator_change: 0.5, repeat_months: 3}"
        )
    allowed = ("stock_drop_points", "denominator_change", "repeat_months")
    for key in raw:
        if key not in allowed:
            raise CatalogError(f"{where}.{key}: khóa không hợp lệ; chỉ nhận {', '.join(allowed)}")
    values: dict[str, Any] = {}
    points = raw.get("stock_drop_points")
    if points is not None:
        if isinstance(points, bool) or not isinstance(points, int | float) or not 0 < points < 100:
            raise CatalogError(
                f"{where}.stock_drop_points: phải là số điểm phần trăm lớn hơn 0 và nhỏ hơn 100, nhận được {points!r}"
            )
        values["stock_drop_points"] = float(points)
    change = raw.get("denominator_change")
    if change is not None:
        if isinstance(change, bool) or not isinstance(change, int | float) or not 0 < change <= 10:
            raise CatalogError(
                f"{where}.denominator_change: phải là tỷ lệ lớn hơn 0 và không quá 10 "
                f"(0.5 nghĩa là 50 %), nhận được {change!r}"
            )
        values["denominator_change"] = float(change)
    months = raw.get("repeat_months")
    if months is not None:
        if isinstance(months, bool) or not isinstance(months, int) or not 2 <= months <= 12:
            raise CatalogError(f"{where}.repeat_months: phải là số nguyên từ 2 đến 12, nhận được {months!r}")
        values["repeat_months"] = months
    return Thresholds(**values)


def as_percent(numerator, denominator):
    """The rate in percent, numerator * 100 / denominator (7 * 100 / 10 is exactly 70; 0.7 * 100 is not)."""
    return numerator * 100 / denominator


def percent_fell(earlier, value, points: float):
    """A stock percent KPI fell by more than `points` percentage points (exactly `points`: no)."""
    return (earlier - value) > points + EPSILON


def count_fell(earlier, value):
    """A stock count KPI lost more than half of its earlier value (exactly half: no)."""
    return value < earlier * (1 - COUNT_DROP_SHARE) - EPSILON


def denominator_jumped(earlier, value, share: float):
    """The denominator moved, up or down, by more than `share` of the earlier one (exactly: no). An
    earlier denominator of 0 or none gives no warning: there is no share of nothing."""
    return (earlier > 0) & (abs(value - earlier) > share * earlier + EPSILON)


def same_figures(numerator, denominator, other_numerator, other_denominator):
    """Numerator and denominator equal (a count KPI's missing denominator is passed as 0 on both sides)."""
    return (abs(numerator - other_numerator) <= EPSILON) & (abs(denominator - other_denominator) <= EPSILON)
