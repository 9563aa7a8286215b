"""The data-quality rules (contract §2.4), pure: thresholds, boundaries, and the whole-column judge."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dtplan.domain import quality as rules
from dtplan.domain.catalog import parse_catalog
from dtplan.domain.plan_fields import CatalogError
from dtplan.domain.quality import Thresholds, parse_thresholds
from dtplan.ingest import quality
from tests.integration.small_plan import CATALOG

# --- the rules, one pair of figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "value", "warned"),
    [(70.0, 50.0, False), (70.0, 49.99, True), (70.0, 60.0, False), (50.0, 70.0, False), (100.0, 0.0, True)],
)
def test_percent_fall_boundary(earlier, value, warned):
    assert bool(rules.percent_fell(earlier, value, 20.0)) is warned


def test_percent_fall_exactly_at_threshold_through_rates():
    # 35/50 = 70 %, 25/50 = 50 %: 20 points exactly, computed as rates, is no warning; 20.01 is.
    assert not rules.percent_fell(rules.as_percent(35, 50), rules.as_percent(25, 50), 20.0)
    assert rules.percent_fell(rules.as_percent(7001, 10000), rules.as_percent(5000, 10000), 20.0)


@pytest.mark.parametrize(
    ("earlier", "value", "warned"), [(10, 5, False), (10, 4.99, True), (10, 4, True), (3, 2, False)]
)
def test_count_fall_more_than_half(earlier, value, warned):
    assert bool(rules.count_fell(earlier, value)) is warned


@pytest.mark.parametrize(
    ("earlier", "value", "warned"),
    [(100, 150, False), (100, 150.01, True), (100, 50, False), (100, 49.99, True), (100, 100, False), (0, 500, False)],
)
def test_denominator_change_either_way(earlier, value, warned):
    assert bool(rules.denominator_jumped(earlier, value, 0.5)) is warned


def test_rules_work_on_whole_columns():
    earlier = np.array([70.0, 70.0, 70.0])
    value = np.array([50.0, 49.0, 69.0])
    assert list(rules.percent_fell(earlier, value, 20.0)) == [False, True, False]


def test_same_figures():
    assert rules.same_figures(5, 10, 5.0, 10.0)
    assert not rules.same_figures(5, 10, 5, 11)
    assert not rules.same_figures(5, 10, 6, 10)


# --- the plan file's `quality` keys -------------------------------------------------------------------


def test_thresholds_default_and_partial():
    assert parse_thresholds(None) == Thresholds(20.0, 0.5, 3)
    assert parse_thresholds({"repeat_months": 4}) == Thresholds(20.0, 0.5, 4)
    assert parse_thresholds({"stock_drop_points": 10, "denominator_change": 1}) == Thresholds(10.0, 1.0, 3)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"stock_drop_points": -1}, "quality.stock_drop_points"),
        ({"stock_drop_points": "hai mươi"}, "quality.stock_drop_points"),
        ({"stock_drop_points": 100}, "quality.stock_drop_points"),
        ({"denominator_change": 0}, "quality.denominator_change"),
        ({"denominator_change": True}, "quality.denominator_change"),
        ({"repeat_months": 1}, "quality.repeat_months"),
        ({"repeat_months": 2.5}, "quality.repeat_months"),
        ({"lap_lai": 3}, "quality.lap_lai"),
        ([20, 0.5, 3], "quality"),
    ],
)
def test_bad_thresholds_are_one_vietnamese_error(raw, key):
    with pytest.raises(CatalogError) as info:
        parse_thresholds(raw)
    message = str(info.value)
    assert message.startswith(key + ":")
    assert "phải" in message or "không hợp lệ" in message


def test_plan_file_carries_thresholds():
    import yaml

    from dtplan.domain.catalog import DEFAULT_PLAN_PATH

    raw = yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))
    assert parse_catalog(raw).quality == Thresholds()
    raw["quality"] = {"stock_drop_points": 5, "denominator_change": 0.25, "repeat_months": 2}
    assert parse_catalog(raw).quality == Thresholds(5.0, 0.25, 2)
    raw["quality"] = {"repeat_months": 0}
    with pytest.raises(CatalogError, match=r"quality\.repeat_months"):
        parse_catalog(raw)


# --- the judge, whole frames ----------------------------------------------------------------------------


def _frame(rows):
    """rows: (period, unit, kpi, numerator, denominator[, submitted_at])."""
    full = [(*r, "2024-01-01") if len(r) == 5 else r for r in rows]
    return pd.DataFrame(full, columns=quality.FIGURES)


def _judge(rows, state, catalog=CATALOG):
    return quality.judge(_frame(rows), _frame(state), catalog)


def test_stock_percent_fall_names_the_numerator():
    found = _judge([("2023-03", "A1", "S", 49, 100)], [("2023-02", "A1", "S", 70, 100)])
    assert list(found["column"]) == ["numerator"]
    assert "giảm 21 điểm" not in found["message"][0]  # one decimal, the vi way
    assert "21,0 điểm phần trăm" in found["message"][0] and "kỳ 2023-02" in found["message"][0]
    assert _judge([("2023-03", "A1", "S", 50, 100)], [("2023-02", "A1", "S", 70, 100)]).empty


def test_flow_kpi_may_fall():
    assert _judge([("2023-03", "A1", "F", 10, 100)], [("2023-02", "A1", "F", 90, 100)]).empty


def test_compared_with_the_newest_earlier_period_not_any():
    state = [("2023-01", "A1", "S", 90, 100), ("2023-02", "A1", "S", 60, 100)]
    assert _judge([("2023-04", "A1", "S", 45, 100)], state).empty  # 60 -> 45, not 90 -> 45
    # another unit's or KPI's report is no reference
    assert _judge([("2023-04", "A1", "S", 10, 100)], [("2023-02", "A2", "S", 90, 100)]).empty
    # a later period is no reference
    assert _judge([("2023-02", "A1", "S", 10, 100)], [("2023-03", "A1", "S", 90, 100)]).empty


def test_stock_count_fall():
    found = _judge([("2023-05", "A1", "N", 4, None)], [("2023-04", "A1", "N", 10, None)])
    assert list(found["column"]) == ["numerator"] and "mất hơn một nửa" in found["message"][0]
    assert _judge([("2023-05", "A1", "N", 5, None)], [("2023-04", "A1", "N", 10, None)]).empty


def test_denominator_jump_names_the_denominator_and_applies_to_flow_too():
    found = _judge([("2023-03", "A1", "F", 10, 151)], [("2023-02", "A1", "F", 10, 100)])
    assert list(found["column"]) == ["denominator"] and "tăng 51,0%" in found["message"][0]
    found = _judge([("2023-03", "A1", "S", 10, 49)], [("2023-02", "A1", "S", 10, 100)])
    assert list(found["column"]) == ["denominator"] and "giảm" in found["message"][0]
    assert _judge([("2023-03", "A1", "F", 10, 150)], [("2023-02", "A1", "F", 10, 100)]).empty


def test_copied_forward_needs_the_two_months_right_before():
    row = [("2023-03", "A1", "F", 5, 10)]
    found = _judge(row, [("2023-02", "A1", "F", 5, 10), ("2023-01", "A1", "F", 5, 10)])
    assert list(found["column"]) == ["numerator"] and "2023-02, 2023-01" in found["message"][0]
    assert _judge(row, [("2023-02", "A1", "F", 5, 10)]).empty  # two months only
    assert _judge(row, [("2023-02", "A1", "F", 5, 10), ("2023-01", "A1", "F", 5, 11)]).empty
    assert _judge(row, [("2023-02", "A1", "F", 5, 10), ("2022-12", "A1", "F", 5, 10)]).empty  # a gap
    # a count KPI has no denominator: the numerator alone repeats
    count = _judge(
        [("2023-03", "A1", "N", 3, None)], [("2023-02", "A1", "N", 3, None), ("2023-01", "A1", "N", 3, None)]
    )
    assert "số liệu giống hệt" in count["message"][0]


def test_thresholds_come_from_the_catalogue():
    strict = dataclasses.replace(CATALOG, quality=Thresholds(5.0, 0.1, 2))
    assert not _judge([("2023-03", "A1", "S", 64, 100)], [("2023-02", "A1", "S", 70, 100)], strict).empty
    assert not _judge([("2023-03", "A1", "F", 1, 111)], [("2023-02", "A1", "F", 2, 100)], strict).empty
    assert not _judge([("2023-03", "A1", "F", 5, 10)], [("2023-02", "A1", "F", 5, 10)], strict).empty


def test_merge_state_follows_the_version_rule():
    stored = _frame([("2023-02", "A1", "S", 70, 100, "2023-03-05")])
    newer = _frame([("2023-02", "A1", "S", 30, 100, "2023-03-06")])
    older = _frame([("2023-02", "A1", "S", 30, 100, "2023-03-04")])
    assert quality.merge_state(stored, newer)["numerator"].tolist() == [30]
    assert quality.merge_state(stored, older)["numerator"].tolist() == [70]


def test_import_warnings_in_file_order_with_the_header_as_written():
    frame = _frame([("2023-01", "A1", "S", 70, 100), ("2023-02", "A1", "S", 40, 300)])
    frame.index = pd.Index([2, 3], name="row")
    table = quality.KpiRows(
        "bao-cao.xlsx",
        "[trang kpi] ",
        {"numerator": "Tử số", "denominator": "Mẫu số"},
        {"numerator": 3, "denominator": 4},
        frame,
    )
    lines = [w.line() for w in quality.import_warnings([table], _frame([]), CATALOG)]
    assert len(lines) == 2
    assert lines[0].startswith("bao-cao.xlsx:3:Tử số: cảnh báo: [trang kpi] chỉ tiêu S giảm")
    assert lines[1].startswith("bao-cao.xlsx:3:Mẫu số: cảnh báo: [trang kpi] mẫu số tăng")


def test_current_warnings_judge_each_units_newest_report():
    stored = _frame(
        [
            ("2023-01", "A1", "S", 90, 100),
            ("2023-02", "A1", "S", 20, 100),  # A1's newest: a fall
            ("2023-01", "A2", "S", 90, 100),
            ("2023-02", "A2", "S", 20, 100),
            ("2023-03", "A2", "S", 25, 100),  # A2's newest: no fall against 2023-02
        ]
    )
    found = quality.current_warnings(stored, CATALOG)
    assert found[["unit_code", "kpi_code", "period", "column"]].values.tolist() == [["A1", "S", "2023-02", "numerator"]]


def test_warnings_are_capped_per_file_with_a_count_line():
    rows = [(f"2023-{m:02d}", unit, "F", 5, 10) for unit in ("A1", "A2", "A3", "D1", "D2") for m in range(1, 13)]
    frame = _frame(rows)
    frame.index = pd.Index(range(2, 2 + len(frame)), name="row")
    headers = {"numerator": "numerator", "denominator": "denominator"}
    table = quality.KpiRows("sao-chep.csv", "", headers, {"numerator": 3, "denominator": 4}, frame)
    warnings = quality.import_warnings([table], _frame([]), CATALOG)
    assert quality.warning_count(warnings) == 5 * 10  # March..December of each unit
    few = quality._capped(warnings, limit=7)
    assert len(few) == 8 and quality.warning_count(few) == 50
    assert few[-1].line() == "sao-chep.csv:-:-: cảnh báo: … và 43 cảnh báo khác (chỉ liệt kê 7 cảnh báo đầu tiên)"
    assert [w.row for w in few[:7]] == sorted(w.row for w in few[:7])
