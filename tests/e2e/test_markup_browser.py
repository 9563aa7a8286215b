"""Imported text in real Chromium: a note and a task title written as Markdown show as typed — no bold,
no link to evil.example, no autolinked URL — on the pages where the adversarial run saw them render."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.store.models import KpiReportRow, TaskRow
from tests.e2e.conftest import SHOTS, _private_demo_db, goto, sign_in, start_server

pytestmark = pytest.mark.browser

EVIL = "**đậm** [link](http://evil.example) www.evil.example"


@pytest.fixture
def poisoned_server(demo_sqlite_template, tmp_path):
    """A server of its own (the shared one's data stays clean) whose task PL01-01 and one T12 report note
    carry Markdown."""
    url = _private_demo_db(demo_sqlite_template, tmp_path)
    engine = store.make_engine(url)
    with Session(engine) as session, session.begin():
        session.execute(update(TaskRow).where(TaskRow.code == "PL01-01").values(title=EVIL))
        first = session.scalars(
            select(KpiReportRow.id).where(KpiReportRow.kpi_code == "T12", KpiReportRow.period == "2023-06")
        ).first()
        session.execute(update(KpiReportRow).where(KpiReportRow.id == first).values(note=EVIL))
    engine.dispose()
    server = start_server(tmp_path, url)
    yield server
    server.stop()


def test_markdown_in_imported_text_is_shown_literally(poisoned_server, new_context):
    page = new_context().new_page()
    goto(page, poisoned_server.url + "/", signed_in=False)
    sign_in(page, "lanhdao")
    for path in (
        "chi_tieu?as_of=2023-06&kpi=T12",
        "dia_ban?as_of=2023-06&unit=372",
        "nhiem_vu?as_of=2023-06&task=PL01-01",
    ):
        goto(page, f"{poisoned_server.url}/{path}")
        # Static tables are drawn a moment after the script ends (Arrow decoding in the browser).
        page.wait_for_selector("[data-testid=stTable] td", timeout=30_000)
        page.wait_for_timeout(1500)
        main = page.locator("[data-testid=stMain]")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"markup-{path.split('?')[0]}.png"), full_page=True)
        links = [a.evaluate("e => e.parentElement.outerHTML") for a in page.locator('a[href*="evil.example"]').all()]
        assert not links, (path, links)
        assert (
            page.locator("strong", has_text="đậm").evaluate_all(
                "els => els.filter(e => e.textContent.trim() === 'đậm').length"
            )
            == 0
        ), path
        # textContent: the static tables' cells are not in innerText (drawn lazily), but they are in the DOM.
        text = main.evaluate("e => e.textContent").replace("\u2060", "")
        assert "**đậm** [link](http://evil.example) www.evil.example" in text, path
