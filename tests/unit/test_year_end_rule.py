"""The one rule for what screens, the kiosk, the exports and the brief show of a KPI (metrics.shown):
the year-end verdict in the plan's final month, "chưa đạt" before it; the CLI's fields stay as computed."""

from __future__ import annotations

import pytest

from dtplan import i18n
from dtplan.domain import metrics


def _result(actual, status, assessment, target=100.0):
    return metrics.KpiResult("T01", actual, target, "ge", 50.0, status, assessment, None, None, 0.0)


@pytest.mark.parametrize(
    ("actual", "status", "assessment"),
    [
        (120.0, metrics.MET, metrics.VUOT),
        (100.0, metrics.MET, metrics.DAT),
        (95.0, metrics.AT_RISK, metrics.KHONG_DAT),
        (95.0, metrics.ON_TRACK, metrics.KHONG_DAT),
        (None, metrics.NO_DATA, None),
    ],
)
def test_the_final_month_shows_the_verdict_and_earlier_months_never_say_khong_dat(actual, status, assessment):
    result = _result(actual, status, assessment)
    december = metrics.shown(result, "2023-12")
    assert december.status == (assessment or metrics.NO_DATA)
    assert december.status in metrics.YEAR_END_STATUSES
    june = metrics.shown(result, "2023-06")
    assert june.status == status
    assert june.assessment == (metrics.CHUA_DAT if assessment == metrics.KHONG_DAT else assessment)
    assert result.status == status and result.assessment == assessment  # the contract's result is untouched


def test_counts_labels_and_ranks_cover_every_shown_status():
    for as_of in ("2023-06", "2023-12"):
        order = metrics.shown_statuses(as_of)
        for status in order:
            assert i18n.kpi_status_label(status)
            assert status in metrics.KPI_SEVERITY and status in metrics.KPI_RANK
        line = i18n.kpi_counts_line(dict.fromkeys(order, 1))
        assert line.count("1 ") == len(order)
    assert metrics.shown_statuses("2023-12") == (metrics.VUOT, metrics.DAT, metrics.KHONG_DAT, metrics.NO_DATA)
    assert i18n.ASSESSMENT[metrics.CHUA_DAT] == "Chưa đạt"


def test_one_symbol_per_meaning_across_kpis_tasks_and_reports():
    """The same word never gets two symbols, and a symbol never stands for two different kinds of news."""
    meaning = {}
    for words, symbols in (
        (i18n.KPI_STATUS, i18n.KPI_STATUS_SYMBOL),
        (i18n.TASK_STATUS, i18n.TASK_STATUS_SYMBOL),
        (i18n.COMPLIANCE_STATUS, i18n.COMPLIANCE_SYMBOL),
    ):
        for status, word in words.items():
            meaning.setdefault(word, set()).add(symbols[status])
    assert {w: s for w, s in meaning.items() if len(s) > 1} == {}
    # "Chậm tiến độ" is ▼ for a KPI and for a task; ✖ is a failure (not achieved, overdue, not sent).
    assert i18n.KPI_STATUS_SYMBOL["off_track"] == i18n.TASK_STATUS_SYMBOL["behind"] == "▼"
    assert {
        i18n.KPI_STATUS_SYMBOL["khong_dat"],
        i18n.TASK_STATUS_SYMBOL["overdue"],
        i18n.COMPLIANCE_SYMBOL["missing"],
    } == {"✖"}


@pytest.mark.parametrize(
    ("figure", "as_of", "stale"),
    [
        ("2022-12", "2023-12", True),
        ("2023-09", "2023-12", False),
        ("2023-08", "2023-12", True),
        ("2022-12", "2023-02", False),
    ],
)
def test_a_stock_figure_from_long_ago_is_stale(figure, as_of, stale):
    assert metrics.is_stale(figure, as_of) is stale
