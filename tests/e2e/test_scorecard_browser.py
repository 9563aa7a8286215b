"""Bảng tổng hợp in a real browser: a leader opens it, sorts by a column with the controls (the sort goes
into the URL), and a click on a cell of the grid opens that unit's KPI on Chỉ tiêu, whose figure is the
cell's."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dtplan import i18n, store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import scorecard as sc
from dtplan.read import views
from dtplan.read.scorecard import scorecard
from tests.e2e.conftest import error_texts, failure_shot, main_text, wait_ready, wait_signed_in

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
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).fill("lanhdao", timeout=120_000)
    page.get_by_label(i18n.LOGIN_FIELDS["Password"]).fill("demo")
    page.get_by_role("button", name=i18n.LOGIN_FIELDS["Login"]).click()
    wait_signed_in(page, timeout=120)
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

    # Click a KPI cell of the first row (the grid is a canvas: click by position).
    # Below the toolbar: the grid's canvas, a 35-pixel header row, then 35-pixel rows. A click that lands
    # while the sort's rerun is still being drawn can be lost: try again.
    for _attempt in range(3):
        wait_ready(page, timeout=120)
        canvas = page.locator("[data-testid=stDataFrame] [data-testid=data-grid-canvas]").first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + 35 + 17)
        try:
            page.wait_for_url("**/chi_tieu**", timeout=30_000, wait_until="commit")
            break
        except Exception:  # the next attempt, or the assertion below, reports it
            continue
    if "/chi_tieu" not in page.url:
        raise AssertionError(f"the cell did not open Chỉ tiêu: {page.url} {failure_shot(page)}")
    wait_ready(page, timeout=120)
    params = _params(page.url)
    assert params.get("unit") == first, (page.url, first)
    kpi = params.get("kpi")
    assert kpi in card["kpis"], page.url
    own = next(k for k in views.kpi_table(engine, catalog, unit_scope(catalog, first), AS_OF) if k["code"] == kpi)
    engine.dispose()
    value = i18n.kpi_value(own["actual"], own["kpi_unit"])
    shown = page.locator("[data-testid=stMetricValue]").first
    try:  # the figure of the unit's own scope (the page's first metric), once its run has drawn it
        shown.filter(has_text=value).wait_for(timeout=30_000)
    except Exception as exc:
        header = page.locator("[data-testid=stCaptionContainer]").first.inner_text()
        raise AssertionError(f"{value} not shown: {shown.inner_text()!r} · {header} {failure_shot(page)}") from exc
    assert i18n.kpi_status_label(own["status"]) in main_text(page)
    cell = next(r for r in card["rows"] if r["unit"] == first)["cells"][kpi]
    assert cell == {"actual": own["actual"], "status": own["status"]}
    assert not error_texts(page), error_texts(page)
