"""Cuộc họp in Chromium against a real `streamlit run`: renders without an error for a leader, shows
the comparison, and the PDF button downloads the brief."""

import pytest

from dtplan import i18n, store
from dtplan.store import audit
from dtplan.web import navigation
from tests.e2e.conftest import SHOTS, error_texts, goto, main_text

pytestmark = pytest.mark.browser


def test_meeting_page_in_the_browser(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao"), accept_downloads=True).new_page()
    path = navigation.url_path(navigation.page("meeting"))
    goto(page, f"{app_server.url}/{path}?as_of=2023-06&compare=2023-04")
    assert not error_texts(page)
    text = main_text(page)
    assert i18n.MEETING_TITLE in text
    assert i18n.CHANGES_TITLE.format(before="Tháng 4/2023", after="Tháng 6/2023") in text
    for title in (i18n.PROJECTION_TITLE, i18n.YEAREND_TITLE, i18n.NOTES_TITLE):
        assert title in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "meeting-leader.png")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=i18n.DOWNLOAD_BRIEF).click()
    target = SHOTS / "meeting-brief.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith("-2023-06.pdf")
    engine = store.make_engine(app_server.database_url)
    try:
        exports = [r for r in audit.audit_rows(engine) if r["action"] == "export" and r["actor"] == "lanhdao"]
    finally:
        engine.dispose()
    assert any(r["detail"].get("kind") == "brief" and r["detail"].get("via") == "web" for r in exports)
    # The whole page at once (Streamlit scrolls inside its own container), for a human to look at.
    page.set_viewport_size({"width": 1600, "height": 5200})
    page.wait_for_timeout(800)
    page.screenshot(path=SHOTS / "meeting-leader-full.png")
