"""A directive's life in Chromium against a real `streamlit run`: a leader records it on the meeting page, the
head of the unit it is given to (nhoquan, district 372) marks it done on their own page, and the next
month's meeting page lists it among the earlier meetings' directives as done."""

from __future__ import annotations

import uuid

import pytest

from dtplan import i18n
from dtplan.web import navigation
from tests.e2e.conftest import SHOTS, choose_option, error_texts, goto, main_text, selectbox_values, wait_ready

pytestmark = pytest.mark.browser


def _path(key: str) -> str:
    return navigation.url_path(navigation.page(key))


def _card(page, text: str):
    """The bordered box of the directive whose text is `text` (its container's key: dtplan_directive_ID)."""
    return page.locator("[class*='st-key-dtplan_directive_']").filter(has_text=text).first


def test_a_leader_records_a_directive_the_unit_marks_it_done_the_next_meeting_shows_it(
    app_server, new_context, signed_in_state
):
    text = f"Nho Quan đẩy nhanh hồ sơ trực tuyến ({uuid.uuid4().hex[:6]})"
    done_word = f"{i18n.DIRECTIVE_STATUS_SYMBOL['done']} {i18n.DIRECTIVE_STATUS['done']}"

    leader = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    goto(leader, f"{app_server.url}/{_path('meeting')}?as_of=2023-06")
    leader.get_by_text(f"{i18n.DIRECTIVE_FORM_TITLE} — Tháng 6/2023").click()
    # The option itself, once the list is filtered: Enter on a list still being filtered took the first unit.
    choose_option(leader, i18n.DIRECTIVE_FORM_TO, "372 — Huyện Nho Quan", typed="372")
    leader.get_by_label(i18n.DIRECTIVE_FORM_TEXT).fill(text)
    assert selectbox_values(leader)[i18n.DIRECTIVE_FORM_TO].startswith("372")
    leader.get_by_role("button", name=i18n.DIRECTIVE_FORM_SUBMIT).click()
    leader.get_by_text(i18n.DIRECTIVE_SAVED).wait_for(timeout=120_000)
    wait_ready(leader, timeout=120)
    assert not error_texts(leader)
    assert text in main_text(leader)

    head = new_context(storage_state=signed_in_state("nhoquan")).new_page()
    goto(head, f"{app_server.url}/{_path('districts')}?as_of=2023-06")
    assert text in main_text(head)
    _card(head, text).get_by_role("button", name=i18n.DIRECTIVE_DONE_SUBMIT).click()
    head.get_by_text(i18n.DIRECTIVE_DONE_SAVED).wait_for(timeout=120_000)
    wait_ready(head, timeout=120)
    assert not error_texts(head)
    assert done_word in _card(head, text).inner_text()

    goto(leader, f"{app_server.url}/{_path('meeting')}?as_of=2023-07")
    page_text = main_text(leader)
    earlier = page_text.split(i18n.DIRECTIVES_EARLIER, 1)[1].split(i18n.DIRECTIVES_THIS_MEETING.split("{")[0], 1)[0]
    assert text in earlier
    assert done_word in _card(leader, text).inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    _card(leader, text).screenshot(path=SHOTS / "directive-done-next-meeting.png")
