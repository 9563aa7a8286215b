"""Bảng tổng hợp in a real browser: a leader opens it, sorts by a column with the controls (the sort goes
into the URL), and a click on a cell of the table (a link) opens that unit's KPI on Chỉ tiêu in the same tab,
whose figure is the cell's."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dtplan import i18n, store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import scorecard as sc
from dtplan.read import views
from dtplan.read.scorecard import scorecard
from tests.e2e.conftest import error_texts, failure_shot, main_text, sign_in, wait_ready

pytestmark = pytest.mark.browser

AS_OF = "2023-06"


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_leader_sorts_and_a_cell_opens_the_units_kpi(app_server, new_context):
    engine = store.make_engine(app_server.database_url)
    catalog = store.read_catalog(engine)
    card = scorecard(engine, catalog, province_scope(catalog), AS_OF, "district")
    # Signed in on the page's own link (the form is drawn on any path), with waits generous for a shared machine.
    page = new_context().new_page()
    page.goto(f"{app_server.url}/bang_tong_hop?as_of={AS_OF}&kind=district")
    sign_in(page, "lanhdao", timeout=120)
    page.wait_for_timeout(1000)  # the authenticator writes its cookie in a rerun after the sign-in
    wait_ready(page, timeout=120)
    assert not error_texts(page), error_texts(page)
    assert i18n.SCORECARD_TITLE in main_text(page)

    # Sort by "met/applicable", downwards, with the controls.
    page.get_by_label(i18n.SCORECARD_SORT).click()
    page.get_by_role("option", name=i18n.SCORECARD_MET, exact=True).click()
    wait_ready(page, timeout=120)
    page.get_by_text(i18n.SCORECARD_DESCENDING, exact=True).click()
    wait_ready(page, timeout=120)
    params = _params(page.url)
    assert params.get("sort") == sc.MET_SORT and params.get("order") == "desc", page.url
    first = sc.sorted_rows(card, catalog, province_scope(catalog), sc.MET_SORT, descending=True)[0]["unit"]

    # Click a KPI cell of the first row: a link, opened in the same tab.
    first_row = next(r for r in card["rows"] if r["unit"] == first)
    kpi = next(code for code in card["kpis"] if code in first_row["cells"])
    row = page.locator("[data-dt-table] tbody tr").first
    try:  # once the sort's rerun has drawn the table
        row.locator("td").first.filter(has_text=catalog.unit(first).name).wait_for(timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"the sorted table was not drawn: {main_text(page)[:800]} {failure_shot(page)}") from exc
    row.locator("td").nth(1 + card["kpis"].index(kpi)).locator("a").click()
    try:
        page.wait_for_url("**/chi_tieu**", timeout=60_000, wait_until="commit")
    except Exception as exc:
        raise AssertionError(f"the cell did not open Chỉ tiêu: {page.url} {failure_shot(page)}") from exc
    assert len(page.context.pages) == 1  # the same tab
    wait_ready(page, timeout=120)
    params = _params(page.url)
    assert params.get("unit") == first, (page.url, first)
    assert params.get("kpi") == kpi, page.url
    own = next(k for k in views.kpi_table(engine, catalog, unit_scope(catalog, first), AS_OF) if k["code"] == kpi)
    engine.dispose()
    value = i18n.kpi_value(own["actual"], own["kpi_unit"])
    shown = page.locator("[data-dt-value]").first
    try:  # the figure of the unit's own scope (the page's first metric), once its run has drawn it
        shown.filter(has_text=value).wait_for(timeout=30_000)
    except Exception as exc:
        header = page.locator("[data-testid=stCaptionContainer]").first.inner_text()
        raise AssertionError(f"{value} not shown: {shown.inner_text()!r} · {header} {failure_shot(page)}") from exc
    assert i18n.kpi_status_label(own["status"]) in main_text(page)
    cell = next(r for r in card["rows"] if r["unit"] == first)["cells"][kpi]
    assert cell == {"actual": own["actual"], "status": own["status"]}
    assert not error_texts(page), error_texts(page)
