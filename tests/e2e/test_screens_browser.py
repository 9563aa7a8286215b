"""Every screen a leader or a unit head uses, in Chromium: December's one verdict, reporting-history cells
with real height, an overview that says which tasks are overdue with nothing cut, the kiosk beside the
sidebar, a phone and a 4K TV, unit heads' menus, words and symbols, and nothing loaded from outside."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from dtplan import i18n, store
from dtplan.domain import metrics
from dtplan.domain.access import province_scope
from dtplan.read import views
from dtplan.read.tasks import LAGGING_FILTER
from dtplan.web import navigation, state
from tests.e2e.conftest import (
    CHART,
    FULL_HD,
    HEATMAP_CELL,
    LOGOUT_BUTTON,
    SHOTS,
    FrameLog,
    body_text,
    chart_texts,
    failure_shot,
    heatmap_cell_heights,
    main_text,
    page_path,
    sign_in,
    wait_charts,
    wait_ready,
)

pytestmark = pytest.mark.browser

FINAL, MID_YEAR = "2023-12", "2023-06"
PHONE = {"width": 390, "height": 844}
UHD = {"width": 3840, "height": 2160}
# This file's waits are long: on a loaded 2-core machine a unit head's first page took 30–45 s to draw.
SLOW = 120


def _open(page, url: str, charts: int = 0, signed_in: bool = True) -> None:
    page.goto(url)
    try:
        if signed_in:
            page.wait_for_selector(LOGOUT_BUTTON, state="attached", timeout=SLOW * 1000)
        wait_ready(page, timeout=SLOW, settle=0.6)
        # Under load "not running" can come before the run has begun: wait for the grey placeholders to go.
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')",
            timeout=SLOW * 1000,
        )
        wait_ready(page, timeout=SLOW, settle=0.3)
        wait_charts(page, timeout=SLOW, at_least=charts)
    except Exception as exc:
        raise AssertionError(f"{url} never became ready: {failure_shot(page)}") from exc


def _url(server, key: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{server.url}/{page_path(navigation.page(key))}" + (f"?{query}" if query else "")


def _with_engine(server, read):
    engine = store.make_engine(server.database_url)
    try:
        return read(engine, store.read_catalog(engine))
    finally:
        engine.dispose()


def _metrics(page) -> dict[str, str]:
    """{label: value} of the counts on the page (tiles and st.metric), in order."""
    return page.evaluate(
        """() => Object.fromEntries([
            ...[...document.querySelectorAll('[data-dt-label]')].map(l => [
                l.innerText.trim(), l.parentElement.querySelector('[data-dt-value]').innerText.trim()]),
            ...[...document.querySelectorAll('[data-testid=stMetric]')].map(m => [
                m.querySelector('[data-testid=stMetricLabel]').innerText.trim(),
                m.querySelector('[data-testid=stMetricValue]').innerText.trim()])])"""
    )


def _cut_labels(page, selector: str = "[data-testid=stMain]") -> list[str]:
    """Texts cut short: an SVG label Vega ended with "…", or a table cell or metric whose text overflows."""
    return page.evaluate(
        """(sel) => {
            const root = document.querySelector(sel);
            const cut = [...root.querySelectorAll('svg text')].map(t => t.textContent).filter(t => t.includes('…'));
            for (const e of root.querySelectorAll('[data-testid=stTable] td, [data-testid=stTable] th, '
                    + '[data-testid=stMetricLabel], [data-dt-label], h2, h3')) {
                if (e.scrollWidth > e.clientWidth + 1) cut.push(e.innerText);
            }
            return cut;
        }""",
        selector,
    )


# --- 1. December: one verdict everywhere ---------------------------------------------------------------


def test_the_final_month_shows_the_year_end_verdict_on_every_page_and_the_kiosk(
    app_server, signed_in_state, new_context
):
    def expected(engine, cat):
        summary = views.summary(engine, cat, province_scope(cat), FINAL)  # the CLI's contract fields
        verdicts = [k["assessment"] or metrics.NO_DATA for k in summary["kpis"] if k["applies"]]
        return {i18n.kpi_status_label(s): str(verdicts.count(s)) for s in metrics.YEAR_END_STATUSES}

    want = _with_engine(app_server, expected)
    assert sum(int(v) for v in want.values()) == 21
    page = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    for key, params in (
        ("overview", {state.Q_AS_OF: FINAL}),
        ("meeting", {state.Q_AS_OF: FINAL}),
        ("kiosk", {state.Q_AS_OF: FINAL, state.Q_KIOSK: "1", state.Q_ROTATE: "3600"}),
    ):
        # (the wall screen, ?kiosk=1, draws no sign-out button to wait for)
        _open(page, _url(app_server, key, **params), charts=1 if key != "meeting" else 0, signed_in=key != "kiosk")
        shown = {label: value for label, value in _metrics(page).items() if label in want}
        assert shown == want, (key, _metrics(page))
        # No gauge says "at risk" any more (the meeting page's "what changed" names November's statuses).
        drawn = " ".join(chart_texts(page))
        for in_year in (metrics.AT_RISK, metrics.ON_TRACK, metrics.OFF_TRACK):
            assert i18n.kpi_status_label(in_year) not in drawn, (key, in_year)
    # Before the final month a KPI short of its full-year target has not yet reached it: "Chưa đạt" (the
    # year-end table is a grid drawn on a canvas: its cells are read from what the server sent).
    frames = FrameLog(page)
    _open(page, _url(app_server, "meeting", **{state.Q_AS_OF: MID_YEAR}))
    assert frames.contains(i18n.ASSESSMENT["chua_dat"])


# --- 2. reporting history ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "key", "params", "chart"),
    [
        ("lanhdao", "agencies", {state.Q_UNIT: "STTTT"}, "unit_record"),
        ("lanhdao", "compliance", {state.Q_UNIT: "373"}, "compliance_map"),
        ("nhoquan", "compliance", {}, "compliance_map"),
    ],
)
def test_reporting_history_cells_have_real_height(app_server, signed_in_state, new_context, user, key, params, chart):
    page = new_context(storage_state=signed_in_state(user)).new_page()
    _open(page, _url(app_server, key, **params))
    page.wait_for_selector(HEATMAP_CELL, timeout=SLOW * 1000)
    heights = heatmap_cell_heights(page)
    assert heights, f"no cells drawn in {chart}"
    # A row keeps a readable height however few units the map has (a unit head's own record is one row).
    assert min(heights) >= 12, heights[:12]


# --- 4. the overview answers "which tasks are overdue?" ----------------------------------------------


def test_the_overview_says_which_tasks_are_overdue_with_no_cut_labels(app_server, signed_in_state, new_context):
    def lagging(engine, cat):
        scope = province_scope(cat)
        return views.task_list(engine, cat, scope, views.default_as_of(engine, cat, scope), status=LAGGING_FILTER)

    tasks = _with_engine(app_server, lagging)
    overdue = sum(t["status"] == metrics.T_OVERDUE for t in tasks)
    assert overdue > 0
    page = new_context(storage_state=signed_in_state("lanhdao"), viewport=FULL_HD).new_page()
    _open(page, _url(app_server, "overview"), charts=1)
    page.screenshot(path=SHOTS / "screens-overview-1920x1080.png", full_page=True)
    counts = _metrics(page)
    assert counts.get(i18n.LAGGING_TASK_COUNT[metrics.T_OVERDUE]) == str(overdue), counts
    text = main_text(page)
    assert i18n.COL["task_due"] in text and i18n.task_status_label(tasks[0]["status"]) in text
    assert i18n.WORST_AGENCIES in text and i18n.WORST_DISTRICTS in text
    assert _cut_labels(page) == []


# --- 3. the kiosk opened from the menu ----------------------------------------------------------------


def test_the_kiosk_opened_from_the_menu_fits_beside_the_sidebar(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao"), viewport=FULL_HD).new_page()
    _open(page, _url(app_server, "kiosk", **{state.Q_ROTATE: "3600"}), charts=1)
    assert page.locator("[data-testid=stSidebar]").is_visible()
    outside = page.evaluate(
        """(chart) => [...document.querySelectorAll(chart)].flatMap(c => [...c.querySelectorAll('svg text')])
            .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).map(t => t.textContent)""",
        CHART,
    )
    assert outside == []


# --- 5/6. a phone and a 4K TV ----------------------------------------------------------------------------


def _sideways(page) -> list[int]:
    """How far the document, Streamlit's scrolling main area and the charts reach past the screen's edge."""
    return page.evaluate(
        """(chart) => {
            const doc = document.scrollingElement, main = document.querySelector('[data-testid=stMain]');
            const charts = [...document.querySelectorAll(chart)].flatMap(c => [...c.querySelectorAll('svg.marks')])
                .map(s => Math.round(s.getBoundingClientRect().right));
            return [doc.scrollWidth - doc.clientWidth, main.scrollWidth - main.clientWidth,
                    Math.max(0, ...charts) - window.innerWidth];
        }""",
        CHART,
    )


def test_no_page_scrolls_sideways_on_a_phone(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao"), viewport=PHONE).new_page()
    wide = {}
    for spec in navigation.PAGES:
        if not navigation.allowed(spec, "leader"):
            continue
        _open(page, f"{app_server.url}/{page_path(spec)}", signed_in=False)  # (the sidebar is folded away)
        size = _sideways(page)
        if max(size) > 1:
            wide[spec.key] = size
            page.screenshot(path=SHOTS / f"screens-phone-{spec.key}.png")
    assert wide == {}


IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


def _gauge_grid(page) -> dict:
    """The overview's gauge grid as drawn: its columns (distinct centres of the KPI titles), the drawn
    width of a cell (a gauge's grey track is 0.8 of its cell wide) and the drawn size of the titles' type."""
    return page.evaluate(
        """() => {
            const svg = document.querySelector('[data-dt-chart] svg.marks');
            const scale = svg.getBoundingClientRect().width / parseFloat(svg.getAttribute('width'));
            const titles = [...svg.querySelectorAll('text')].filter(t => /^T\\d+(\\.\\d+)? · /.test(t.textContent));
            const centres = new Set(titles.map(t => {  // (a title is centred on its cell)
                const r = t.getBoundingClientRect(); return Math.round((r.left + r.right) / 2 / 10); }));
            const tracks = [...svg.querySelectorAll('g.mark-arc path')]
                .map(p => p.getBoundingClientRect().width).filter(w => w > 0);
            return {columns: centres.size, titles: titles.length, scale: scale,
                    cell: Math.max(...tracks) / 0.8,
                    font: Math.min(...titles.map(t => parseFloat(getComputedStyle(t).fontSize))) * scale};
        }"""
    )


def test_a_phone_gets_the_gauges_two_a_row_at_a_readable_size(app_server, signed_in_state, new_context):
    """A phone (told by its User-Agent) gets two gauges a row drawn at their size, not the desktop's seven
    scaled down to a quarter; nothing scrolls sideways. The desktop keeps its seven columns."""
    phone = new_context(
        storage_state=signed_in_state("lanhdao"),
        viewport=PHONE,
        user_agent=IPHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
    ).new_page()
    _open(phone, _url(app_server, "overview"), charts=1, signed_in=False)  # (the sidebar is folded away)
    phone.screenshot(path=SHOTS / "screens-phone-overview-gauges.png", full_page=True)
    grid = _gauge_grid(phone)
    assert grid["columns"] == 2 and grid["titles"] >= 21, grid
    assert grid["cell"] >= 150 and grid["font"] >= 12, grid
    assert max(_sideways(phone)) <= 1, _sideways(phone)
    # The KPI page's bullets on the phone: the short words (value, status), so the bars keep a visible length.
    _open(phone, _url(app_server, "kpi", **{state.Q_KPI: "T05", state.Q_AS_OF: MID_YEAR}), charts=2, signed_in=False)
    bars = phone.locator(CHART).nth(1).locator("g.mark-rect.role-mark").nth(3)
    widths = bars.locator("path").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) >= 30, widths
    words = phone.locator(CHART).nth(1).locator("svg text")
    sizes = words.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert min(sizes) >= 10, sizes  # drawn for the phone's width, not a wide chart scaled down
    words = words.all_text_contents()
    assert not any("KH đến kỳ" in w for w in words) and any(" · ▼ " in w or " · ◆ " in w for w in words), words
    assert max(_sideways(phone)) <= 1, _sideways(phone)
    desktop = new_context(storage_state=signed_in_state("lanhdao"), viewport=FULL_HD).new_page()
    _open(desktop, _url(app_server, "overview"), charts=1)
    wide = _gauge_grid(desktop)
    assert wide["columns"] == 7 and wide["titles"] >= 21 and wide["cell"] >= 190, wide


def test_a_4k_screen_at_100_percent_gets_large_type(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao"), viewport=UHD).new_page()
    _open(page, _url(app_server, "overview"), charts=1)
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=stMain] p')).fontSize)"
    )
    assert size >= 24, size
    main = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
    assert main["width"] >= 0.7 * UHD["width"], main
    grid = _gauge_grid(page)  # the gauges grow with the screen, as the type does (drawn at 200 px a cell)
    assert grid["columns"] == 7 and grid["cell"] >= 1.5 * 200, grid


# --- 7. unit heads -----------------------------------------------------------------------------------------


def _menu(page) -> list[str]:
    return page.locator("[data-testid=stSidebarNav] a").all_inner_texts()


def test_unit_heads_get_their_own_menu_no_empty_section_and_no_other_unit_named(
    app_server, signed_in_state, new_context
):
    def others(engine, cat):
        return [u.code for u in cat.units if u.kind == "agency" and u.code != "STTTT" and not u.code.isdigit()]

    codes = _with_engine(app_server, others)
    district = new_context(storage_state=signed_in_state("nhoquan")).new_page()
    _open(district, _url(app_server, "overview"), charts=1)
    menu = " ".join(_menu(district))
    assert navigation.page("districts").title in menu and navigation.page("agencies").title not in menu
    assert i18n.WORST_AGENCIES not in main_text(district)
    agency = new_context(storage_state=signed_in_state("sotttt")).new_page()
    _open(agency, _url(app_server, "overview"), charts=1)
    menu = " ".join(_menu(agency))
    assert navigation.page("agencies").title in menu and navigation.page("districts").title not in menu
    assert i18n.WORST_DISTRICTS not in main_text(agency)
    for key in ("tasks", "agencies"):
        _open(agency, _url(app_server, key))
        text = main_text(agency)
        named = [c for c in codes if re.search(rf"\b{re.escape(c)}\b", text)]
        assert named == [], (key, named)


# --- 10. words and symbols ---------------------------------------------------------------------------------


def test_no_english_widget_text_one_demo_banner_and_a_task_due_date_named_as_such(
    app_server, signed_in_state, new_context
):
    admin = new_context(storage_state=signed_in_state("quantri")).new_page()
    _open(admin, _url(app_server, "import"))
    assert admin.get_by_text(i18n.DEMO_BANNER).count() == 1
    shown = body_text(admin)
    for english in ("Upload", "per file", "Drag and drop", "Browse files", "Choose"):
        assert english not in shown, english
    _open(admin, _url(app_server, "users"))
    assert "Choose" not in body_text(admin)
    leader = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    _open(leader, _url(app_server, "agencies", **{state.Q_UNIT: "STTTT"}))  # static task tables
    leader.wait_for_selector(HEATMAP_CELL, timeout=SLOW * 1000)  # the unit's page drawn to its reporting record
    text = main_text(leader)
    assert i18n.COL["task_due"] in text and i18n.COL["due"] not in text


# --- 12. nothing from outside; the sign-in page; unknown URL values -------------------------------------


def test_nothing_loads_from_outside_the_server(app_server, new_context):
    """The sign-in page (every signed-in page is checked the same way in
    test_pages_browser.test_every_page_draws_without_error_for_a_leader) names the product and the province and
    asks nothing of another host."""
    context = new_context()
    outside: list[str] = []
    context.on(
        "request",
        lambda r: outside.append(r.url) if urlparse(r.url).hostname not in (None, "127.0.0.1") else None,
    )
    page = context.new_page()
    _open(page, app_server.url + "/", signed_in=False)
    province = _with_engine(app_server, lambda engine, cat: cat.province.name)
    text = body_text(page)
    assert i18n.APP_TITLE in text and province in text
    sign_in(page, "lanhdao")  # the shared helper: the same form every browser test fills
    assert outside == []


@pytest.mark.parametrize(("key", "param", "value"), [("kpi", "kpi", "T99"), ("tasks", "status", "foo")])
def test_an_unknown_url_value_is_said_not_silently_replaced(
    app_server, signed_in_state, new_context, key, param, value
):
    page = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    _open(page, _url(app_server, key, **{param: value}))
    errors = " ".join(page.locator("[data-testid=stAlertContentError]").all_inner_texts())
    assert f"{param}={value}" in errors, errors
