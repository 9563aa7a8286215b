"""The pure rules of directives (dtplan.domain.directives): what a directive is about, whom it goes to —
also in a plan without districts — its due date and text, its status on a day, and who may write."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dtplan.domain import directives as rules
from dtplan.domain.access import Viewer
from dtplan.domain.catalog import Unit
from tests.integration.small_plan import CATALOG

TWO_LEVEL = dataclasses.replace(
    CATALOG,
    units=(
        Unit("P", "Tỉnh Thử", "Thử", "province", None),
        Unit("A1", "Sở Một", "Sở 1", "agency", "P"),
        Unit("X1", "Xã Một", "X1", "commune", "P"),
    ),
)


@pytest.mark.parametrize(
    ("about", "expected"), [("kpi:F", ("kpi", "F")), (" task:K-1 ", ("task", "K-1")), ("UNIT:D1", ("unit", "D1"))]
)
def test_about_is_kind_colon_code(about, expected):
    assert rules.parse_about(about) == expected
    rules.check_about(CATALOG, *expected)


@pytest.mark.parametrize("about", ["F", "kpi:", "note:F", ":F", ""])
def test_a_malformed_about_is_a_wrong_call(about):
    with pytest.raises(rules.UnknownCode):
        rules.parse_about(about)


@pytest.mark.parametrize(("kind", "code"), [("kpi", "ZZ"), ("task", "K-9"), ("unit", "Q")])
def test_an_unknown_code_is_a_wrong_call(kind, code):
    with pytest.raises(rules.UnknownCode, match=code):
        rules.check_about(CATALOG, kind, code)


def test_directives_go_to_agencies_and_districts_not_the_province_or_a_district_commune():
    assert rules.assignees(CATALOG) == ["A1", "A2", "A3", "D1", "D2"]
    for code in ("P", "C11"):
        with pytest.raises(rules.DirectiveError) as refused:
            rules.check_assignee(CATALOG, code)
        assert not isinstance(refused.value, rules.UnknownCode)
    with pytest.raises(rules.UnknownCode):
        rules.check_assignee(CATALOG, "NOPE")


def test_in_a_plan_without_districts_a_commune_receives_directives():
    assert rules.assignees(TWO_LEVEL) == ["A1", "X1"]
    rules.check_assignee(TWO_LEVEL, "X1")


def test_due_is_a_date_not_before_the_meeting_month():
    assert rules.parse_due("2023-06-01", "2023-06") == dt.date(2023, 6, 1)
    for bad in ("2023-05-31", "2023-02-30", "31/12/2023", "", "2023-6-1x"):
        with pytest.raises(rules.DirectiveError):
            rules.parse_due(bad, "2023-06")


def test_text_is_plain_and_not_empty():
    assert rules.clean_text("  Làm ngay\r\n ") == "Làm ngay"
    for bad in ("", "   \n", "a\x00b", "x" * (rules.MAX_LENGTH + 1)):
        with pytest.raises(rules.DirectiveError):
            rules.clean_text(bad)
    assert rules.clean_text("", required=False) == ""


def test_status_is_done_else_overdue_before_today_else_open():
    due = dt.date(2023, 6, 30)
    assert rules.status(dt.datetime(2023, 6, 1), due, dt.date(2023, 9, 1)) == "done"
    assert rules.status(None, due, dt.date(2023, 7, 1)) == "overdue"
    assert rules.status(None, due, dt.date(2023, 6, 30)) == "open"


def test_who_may_write():
    admin, leader = Viewer("a", "", "admin"), Viewer("l", "", "leader")
    unit, other = Viewer("u", "", "unit", "D1"), Viewer("o", "", "unit", "A1")
    assert [rules.may_add(v) for v in (admin, leader, unit, None)] == [True, True, False, False]
    assert [rules.may_update(v, "D1") for v in (admin, leader, unit, other, None)] == [True, False, True, False, False]


def test_done_only_what_is_open_and_reopen_only_what_is_done():
    rules.next_state(False, rules.DONE_ACTION)
    rules.next_state(True, rules.REOPEN)
    with pytest.raises(rules.DirectiveError):
        rules.next_state(True, rules.DONE_ACTION)
    with pytest.raises(rules.DirectiveError):
        rules.next_state(False, rules.REOPEN)
