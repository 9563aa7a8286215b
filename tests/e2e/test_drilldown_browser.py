"""The KPI page's two ways down, in Chromium: the link to the lead unit's lagging tasks opens Nhiệm vụ filtered
to exactly those tasks, and a click on a unit's bar in "Theo đơn vị" opens that unit's page (an agency on Đơn
vị, a district on Địa bàn). And the bullets' words — why two equal bars differ — are all drawn, uncut, on a
1920×1080 screen, with a tooltip that spells them out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from dtplan import i18n, store
from dtplan.domain import metrics
from dtplan.domain.access import province_scope
from dtplan.present import charts
from dtplan.read import views
from dtplan.read.tasks import LAGGING_FILTER, task_counts, task_list
from dtplan.web import PAGE_ROWS, navigation, state
from tests.e2e.conftest import (
    CHART,
    SHOTS,
    error_texts,
    failure_shot,
    goto,
    main_text,
    selectbox_values,
    wait_charts,
    wait_ready,
)

pytestmark = pytest.mark.browser

LEADER = "lanhdao"
# November 2023: the lead of T02 (Sở TT&TT) has 15 tasks, 4 of them overdue or behind schedule.
TASKS_KPI, TASKS_MONTH = "T02", "2023-11"
# June 2023: T05 is reported by agencies and districts, and two agencies stand at 35,7 % with different statuses.
BARS_KPI, BARS_MONTH = "T05", "2023-06"
SLOW = 120  # seconds: the CI machine is loaded; every wait is on something the user sees


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _path(url: str) -> str:
    return urlparse(url).path.strip("/")


def _read(server, read):
    engine = store.make_engine(server.database_url)
    try:
        catalog = store.read_catalog(engine)
        return read(engine, catalog, province_scope(catalog))
    finally:
        engine.dispose()


def _kpi_url(server, code: str, month: str) -> str:
    query = urlencode({state.Q_KPI: code, state.Q_AS_OF: month})
    return f"{server.url}/{navigation.url_path(navigation.page('kpi'))}?{query}"


def test_the_kpi_link_opens_exactly_its_lead_units_lagging_tasks(app_server, signed_in_state, new_context):
    def expected(engine, catalog, scope):
        kpi = catalog.kpis_by_code[TASKS_KPI]
        every = task_list(engine, catalog, scope, TASKS_MONTH, lead=kpi.lead)
        lagging = [t for t in every if metrics.is_lagging(t["status"])]
        return kpi.lead, views.unit_label(catalog, scope, kpi.lead), every, lagging

    lead, lead_label, every, lagging = _read(app_server, expected)
    assert 0 < len(lagging) < len(every), "the demo's lead unit must have lagging and other tasks"
    page = new_context(storage_state=signed_in_state(LEADER)).new_page()
    goto(page, _kpi_url(app_server, TASKS_KPI, TASKS_MONTH))
    link = page.locator("a", has_text=i18n.KPI_LAGGING_TASKS.format(unit=lead_label))
    link.wait_for(timeout=SLOW * 1000)
    link.click()
    tasks_path = navigation.url_path(navigation.page("tasks"))
    page.wait_for_url(f"**/{tasks_path}?**", timeout=SLOW * 1000)
    wait_ready(page, timeout=SLOW)
    params = _params(page.url)
    assert (params.get(state.Q_LEAD), params.get(state.Q_STATUS)) == (lead, LAGGING_FILTER), page.url
    assert params.get(state.Q_AS_OF) == TASKS_MONTH, page.url
    # The filters say so, and the counts line above the table counts exactly the lead's lagging tasks.
    counts = task_counts(lagging)
    line = f"{counts['total']} · " + " · ".join(
        f"{i18n.task_status_label(s)}: {counts[s]}" for s in metrics.TASK_STATUSES
    )
    try:
        page.get_by_text(line, exact=True).wait_for(timeout=SLOW * 1000)
    except Exception as exc:
        raise AssertionError(f"{line!r} not shown: {main_text(page)[:1500]} {failure_shot(page)}") from exc
    shown = selectbox_values(page)
    assert shown.get(i18n.COL["lead"]) and shown.get(i18n.COL["status"]) == i18n.LAGGING_FILTER, shown
    # The rows of the table: those tasks, worst first as the read model orders them, each code a link to its
    # task (once the table is drawn: the counts line above it can show first).
    page.wait_for_selector("[data-dt-table] tbody tr", state="attached", timeout=SLOW * 1000)
    codes = [c.strip() for c in page.locator("[data-dt-table] tbody tr td:first-child").all_inner_texts()]
    assert codes == [t["code"] for t in lagging][: len(codes)] and codes, codes
    assert len(codes) == min(len(lagging), PAGE_ROWS), codes
    page.locator("[data-dt-table] tbody tr td:first-child a").first.click()
    page.wait_for_url(f"**{state.Q_TASK}={codes[0]}**", timeout=SLOW * 1000)
    wait_ready(page, timeout=SLOW)
    params = _params(page.url)
    assert (params.get(state.Q_LEAD), params.get(state.Q_STATUS)) == (lead, LAGGING_FILTER), page.url
    page.get_by_text(f"{i18n.TASK_HISTORY}: {codes[0]}").wait_for(timeout=SLOW * 1000)
    assert not error_texts(page), error_texts(page)


def _click_bar(page, index: int) -> None:
    """Click the middle of the `index`-th unit's actual bar (the 4th rect layer, after the three bands; its
    bars come in the order of the data, kpi_breakdown's)."""
    bullets = page.locator(CHART).nth(1)
    bar = bullets.locator("g.mark-rect.role-mark").nth(3).locator("path").nth(index)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box and box["width"] > 4, box
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("kind", ["agency", "district"])
def test_a_units_bar_opens_that_units_page(app_server, signed_in_state, new_context, kind):
    def breakdown(engine, catalog, scope):
        return views.kpi_breakdown(engine, catalog, scope, BARS_KPI, BARS_MONTH)

    rows = _read(app_server, breakdown)
    # The unit of that kind with the longest bar (easy to hit).
    index = max((i for i, r in enumerate(rows) if r["kind"] == kind), key=lambda i: rows[i]["actual"] or 0.0)
    unit = rows[index]
    page_key = {"agency": "agencies", "district": "districts"}[kind]
    target = navigation.url_path(navigation.page(page_key))
    page = new_context(storage_state=signed_in_state(LEADER)).new_page()
    goto(page, _kpi_url(app_server, BARS_KPI, BARS_MONTH))
    wait_charts(page, timeout=SLOW, at_least=2)
    # A click that lands while a run is still drawing can be lost: click again (at most three times).
    for _attempt in range(3):
        wait_ready(page, timeout=SLOW)
        _click_bar(page, index)
        try:
            page.wait_for_url(f"**/{target}?**", timeout=20_000, wait_until="commit")
            break
        except Exception:
            continue
    if _path(page.url) != target:
        raise AssertionError(f"the bar of {unit['unit']} did not open /{target}: {page.url} {failure_shot(page)}")
    wait_ready(page, timeout=SLOW)
    assert _params(page.url).get(state.Q_UNIT) == unit["unit"], page.url
    assert _params(page.url).get(state.Q_AS_OF) == BARS_MONTH, page.url
    heading = page.locator("h1", has_text=unit["unit_name"])
    try:
        heading.first.wait_for(timeout=SLOW * 1000)
    except Exception as exc:
        raise AssertionError(f"{unit['unit_name']} not shown: {main_text(page)[:800]} {failure_shot(page)}") from exc
    # The sidebar's scope box says so (a sign-in rerun right after the load may redraw the sidebar: wait).
    scope_box = f"[data-testid=stSelectbox] input[aria-label='{i18n.SIDEBAR_SCOPE}']"
    try:
        page.wait_for_function(
            "([sel, name]) => document.querySelector(sel)?.value === name",
            arg=[scope_box, unit["unit_name"]],
            timeout=SLOW * 1000,
        )
    except Exception as exc:
        raise AssertionError(f"scope box: {selectbox_values(page)} {failure_shot(page)}") from exc
    assert not error_texts(page), error_texts(page)


def test_bullets_say_why_equal_bars_differ_uncut_on_a_full_hd_screen(app_server, signed_in_state, new_context):
    def breakdown(engine, catalog, scope):
        return views.kpi_breakdown(engine, catalog, scope, BARS_KPI, BARS_MONTH)

    rows = _read(app_server, breakdown)
    page = new_context(storage_state=signed_in_state(LEADER)).new_page()
    goto(page, _kpi_url(app_server, BARS_KPI, BARS_MONTH))
    wait_charts(page, timeout=SLOW, at_least=2)
    bullets = page.locator(CHART).nth(1)
    bullets.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    bullets.screenshot(path=SHOTS / "kpi-bullets-1920x1080.png")  # for a human to look at
    drawn = bullets.locator("svg text").all_text_contents()
    want = [charts.bullet_label(r, "percent") for r in rows]
    assert [t for t in drawn if t in want] == want  # every unit's words, in the bars' order
    assert any(i18n.STALE in w for w in want) and any("KH đến kỳ" in w for w in want)
    # Nothing cut or drawn outside the chart or the screen (Vega cuts a text with "…" when it has no room).
    outside = bullets.evaluate(
        """(chart) => {
            const box = chart.getBoundingClientRect();
            return [...chart.querySelectorAll('svg text')].filter(t => {
                const r = t.getBoundingClientRect();
                return t.textContent.includes('…') || r.right > Math.min(box.right, window.innerWidth) + 1
                    || r.left < box.left - 1;
            }).map(t => t.textContent);
        }"""
    )
    assert outside == []
    # The hover title of a unit's bar (the browser's own tooltip) spells the comparison out.
    bar = bullets.locator("g.mark-rect.role-mark").nth(3).locator("path").first
    text = bar.locator("title").text_content()
    share = charts.plan_share(rows[0]["actual"], rows[0]["expected"])
    assert f"{i18n.BULLET_TOOLTIP['share']}: {i18n.percent(share)}" in text, text
    assert rows[0]["unit_name"] in text and bar.get_attribute("aria-label") is None, text  # named by its title
