"""The dashboard in a real browser: every page draws without an error for a leader at
1920×1080 and 3840×2160 (screenshots under /tmp/dtplan-shots), a gauge click opens its KPI, a copied
link reopens the same view after sign-in, and the kiosk rotates and fits a full-HD screen.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from dtplan import i18n, store
from dtplan.domain.access import LEADER, province_scope
from dtplan.present import charts
from dtplan.read import views
from dtplan.web import auth, navigation, state
from tests.e2e.conftest import (
    CHART,
    HEATMAP_CELL,
    SHOTS,
    FrameLog,
    body_text,
    error_texts,
    goto,
    heatmap_cell_heights,
    main_text,
    page_path,
    selectbox_values,
    sign_in,
    wait_charts,
    wait_ready,
)

pytestmark = pytest.mark.browser

SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "3840x2160": {"width": 3840, "height": 2160}}
LEADER_USER = "lanhdao"
CHART_PAGES = ("overview", "kpi", "agencies", "districts")
HEATMAP_PAGES = ("compliance",)  # the reporting heat map is an HTML table, not a chart


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _path(url: str) -> str:
    return urlparse(url).path.strip("/")


def test_every_page_draws_without_error_for_a_leader(app_server, signed_in_state, new_context):
    """Each page is loaded at 1920×1080, checked and photographed, then the window is made 3840×2160
    (Streamlit and Vega lay out again without a rerun) and checked and photographed again."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(storage_state=signed_in_state(LEADER_USER))
    # Nothing may load from outside the server (an intranet has no Internet): every request of every page.
    outside: list[str] = []
    context.on(
        "request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in (None, "127.0.0.1") else None
    )
    # Each page opened at its own address finds the server at once (dtplan.web.entry_page): no probe of
    # /<page>/_stcore/health, which Streamlit's client answers with a 100 ms wait before trying the root.
    probes: list[str] = []
    probe = re.compile(r"/[^/]+/_stcore/")
    context.on("request", lambda r: probes.append(r.url) if probe.match(urlparse(r.url).path) else None)
    page = context.new_page()
    problems = []
    for spec in navigation.PAGES:
        goto(page, f"{app_server.url}/{page_path(spec)}")
        if page.evaluate("document.documentElement.lang") != "vi":
            problems.append(f"/{page_path(spec)}: the page is not declared Vietnamese")
        for size, viewport in SIZES.items():
            where = f"/{page_path(spec)} at {size}"
            page.set_viewport_size(viewport)
            page.wait_for_timeout(300)  # let the layout and the charts follow the new size
            try:
                charts = wait_charts(page, at_least=1 if spec.key in CHART_PAGES else 0)
                if spec.key in HEATMAP_PAGES and navigation.allowed(spec, LEADER):
                    page.wait_for_selector(HEATMAP_CELL, timeout=20_000)
            except AssertionError as exc:
                problems.append(f"{where}: {exc}")
                charts = -1
            page.screenshot(path=SHOTS / f"{spec.key}-{size}.png", full_page=True)
            if _path(page.url) != page_path(spec):
                problems.append(f"{where}: ended on {page.url}")
            errors = error_texts(page)
            if navigation.allowed(spec, LEADER):
                if errors:
                    problems.append(f"{where}: error on screen: {[e[:200] for e in errors]}")
                if spec.key in CHART_PAGES and charts < 1:
                    problems.append(f"{where}: no chart drawn")
                if spec.key in HEATMAP_PAGES and min(heatmap_cell_heights(page), default=0) <= 0:
                    problems.append(f"{where}: no heat map drawn")
            elif errors != [i18n.PAGE_FORBIDDEN]:
                problems.append(f"{where}: expected only the refusal, got {errors}")
        page.set_viewport_size(SIZES["1920x1080"])
    assert not problems, "\n".join(problems)
    assert outside == [], outside
    assert probes == [], probes


def test_admin_pages_draw_for_the_admin(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("quantri")).new_page()
    for key in ("import", "users"):
        spec = navigation.page(key)
        goto(page, f"{app_server.url}/{navigation.url_path(spec)}")
        page.screenshot(path=SHOTS / f"{key}-admin-1920x1080.png", full_page=True)
        assert _path(page.url) == navigation.url_path(spec)
        assert not error_texts(page), error_texts(page)


def test_the_keyboard_reaches_a_gauge_and_opens_its_kpi(app_server, signed_in_state, new_context):
    """The gauges are Tổng quan's way to a KPI (it has no picker of its own): Tab reaches each as a link, and
    Enter opens its KPI, this month."""
    page = new_context(storage_state=signed_in_state(LEADER_USER)).new_page()
    goto(page, f"{app_server.url}/?{state.Q_AS_OF}=2023-06")
    wait_charts(page, at_least=1)
    focused = None
    for _ in range(80):  # past the menu, the sidebar's selectors and the counts
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const a = document.activeElement; return a && a.closest('[data-dt-chart]') ? "
            "(a.getAttribute('href') || a.getAttribute('xlink:href')) : null; }"
        )
        if focused:
            break
    assert focused, "Tab never reached a gauge"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{navigation.url_path(navigation.page('kpi'))}**", timeout=10_000)
    assert _params(page.url) == _params(f"/{focused}") and _params(page.url)[state.Q_AS_OF] == "2023-06"


def test_a_gauge_click_opens_its_kpi(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state(LEADER_USER)).new_page()
    goto(page, f"{app_server.url}/")
    wait_charts(page, at_least=1)
    chart = page.locator("[data-dt-chart] svg.marks").first
    box = chart.bounding_box()
    assert box, "no gauge chart on Tổng quan"
    kpi_page = navigation.url_path(navigation.page("kpi"))
    # Try a few points of the first gauge's cell (an arc has a hole in the middle).
    cell = box["width"] / 7  # seven gauges a row
    # The top of the ring, the figure in the middle, the left end of the ring.
    for dx, dy in ((0.5, 0.2), (0.5, 0.34), (0.15, 0.45), (0.85, 0.45)):
        page.mouse.click(box["x"] + cell * dx, box["y"] + cell * dy)
        try:
            page.wait_for_url(f"**/{kpi_page}**", timeout=3000)
            break
        except Exception:
            continue
    else:
        pytest.fail("a click on the first gauge did not open the KPI page")
    wait_ready(page)
    code = _params(page.url).get(state.Q_KPI)
    engine = store.make_engine(app_server.database_url)
    try:
        cat = store.read_catalog(engine)
    finally:
        engine.dispose()
    assert code in cat.kpis_by_code, page.url
    assert code in main_text(page)


def test_a_copied_link_reopens_the_same_view_after_sign_in(app_server, new_context):
    """A link with page, as-of, scope and filters, opened by someone not yet signed in."""
    spec = navigation.page("tasks")
    params = {state.Q_AS_OF: "2023-06", state.Q_UNIT: "SYT", state.Q_APPENDIX: "02"}
    url = f"{app_server.url}/{navigation.url_path(spec)}?{urlencode(params)}"
    page = new_context().new_page()
    goto(page, url, signed_in=False)
    sign_in(page, LEADER_USER)
    page.wait_for_timeout(500)
    wait_ready(page)
    page.screenshot(path=SHOTS / "copied-link-after-sign-in.png", full_page=True)
    assert _path(page.url) == navigation.url_path(spec), page.url
    kept = _params(page.url)
    assert {k: kept.get(k) for k in params} == params, page.url
    shown = selectbox_values(page)
    expected = {i18n.SIDEBAR_AS_OF: i18n.month("2023-06"), i18n.SIDEBAR_SCOPE: "Sở Y tế"}
    expected[i18n.COL["appendix"]] = i18n.APPENDIX["02"]
    assert {k: shown.get(k) for k in expected} == expected
    assert not error_texts(page)
    # The same link in a second browser that is already signed in shows the same view at once.
    state_ = page.context.storage_state()
    other = new_context(storage_state=state_).new_page()
    goto(other, url)
    other.locator(f"[data-testid=stSelectbox] input[aria-label='{i18n.COL['appendix']}']").wait_for()
    assert _path(other.url) == navigation.url_path(spec)
    assert {k: _params(other.url).get(k) for k in params} == params
    assert selectbox_values(other).get(i18n.COL["appendix"]) == i18n.APPENDIX["02"]


def test_the_kiosk_rotates_and_fits_a_full_hd_screen(app_server, signed_in_state, new_context):
    kiosk = navigation.url_path(navigation.page("kiosk"))
    page = new_context(storage_state=signed_in_state(LEADER_USER)).new_page()
    frames = FrameLog(page)
    page.goto(f"{app_server.url}/{kiosk}?{state.Q_KIOSK}=1&{state.Q_ROTATE}=5")
    page.wait_for_selector(CHART, timeout=30_000)
    wait_ready(page)
    wait_charts(page, at_least=1)
    # The rotation turns every 5 s; record the headings until it has turned and shown the overview.
    deadline = time.monotonic() + 30
    headings = [page.locator("h3").first.inner_text()]
    while time.monotonic() < deadline and not (
        len(set(headings)) >= 2 and i18n.KIOSK_SLIDES["overview"] in headings[-1]
    ):
        page.wait_for_timeout(400)
        headings.append(page.locator("h3").first.inner_text())
    assert len(set(headings)) >= 2, f"the kiosk did not turn: {headings[-1]}"
    assert i18n.KIOSK_SLIDES["overview"] in headings[-1], headings
    wait_charts(page, at_least=1)
    page.screenshot(path=SHOTS / "kiosk-overview-1920x1080.png")
    # All gauges and the status counts on one full-HD screen, nothing to scroll.
    engine = store.make_engine(app_server.database_url)
    try:
        cat = store.read_catalog(engine)
        scope = province_scope(cat)
        rows = [r for r in views.kpi_table(engine, cat, scope, views.default_as_of(engine, cat, scope)) if r["applies"]]
    finally:
        engine.dispose()
    assert len(rows) == len(cat.kpis) == 21
    assert page.locator("[data-dt-value]").count() >= 4  # the status counts
    overflow = page.evaluate("() => document.scrollingElement.scrollHeight - window.innerHeight")
    assert overflow <= 8, f"the kiosk overview needs {overflow}px of scrolling at 1920×1080"
    box = page.locator("[data-dt-chart]").first.bounding_box()
    assert box["y"] + box["height"] <= 1080 + 2 and box["x"] + box["width"] <= 1920 + 2, box
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert i18n.LOGIN_FIELDS["Password"] not in body_text(page)
    assert frames.frames, "no websocket traffic seen"


def test_the_kiosk_on_a_4k_screen(app_server, signed_in_state, new_context):
    """3840×2160 at ?scale=2: nothing spills sideways or below the screen (screenshot to look at)."""
    kiosk = navigation.url_path(navigation.page("kiosk"))
    page = new_context(viewport=SIZES["3840x2160"], storage_state=signed_in_state(LEADER_USER)).new_page()
    page.goto(f"{app_server.url}/{kiosk}?{state.Q_KIOSK}=1&{state.Q_ROTATE}=60&scale=2")
    page.wait_for_selector(CHART, timeout=30_000)
    wait_ready(page)
    wait_charts(page, at_least=1)
    page.screenshot(path=SHOTS / "kiosk-3840x2160.png")
    width, height = page.evaluate(
        "() => { const s = document.scrollingElement;"
        " return [s.scrollWidth - innerWidth, s.scrollHeight - innerHeight]; }"
    )
    assert width <= 2, f"{width}px spill sideways at 3840×2160"
    assert height <= 8, f"{height}px below the screen at 3840×2160"


def test_bullets_are_drawn_worst_first_in_the_browser(app_server, signed_in_state, new_context):
    """The bullets' order is a field of their data (so a new month only swaps the data): they must be drawn
    the units in the order of views.kpi_breakdown, worst first, whatever month was drawn before."""
    engine = store.make_engine(app_server.database_url)
    try:
        cat = store.read_catalog(engine)
        rows = {m: views.kpi_breakdown(engine, cat, province_scope(cat), "T05", m) for m in ("2023-03", "2023-06")}
    finally:
        engine.dispose()
    page = new_context(storage_state=signed_in_state(LEADER_USER)).new_page()
    kpi_page = navigation.url_path(navigation.page("kpi"))
    for month in ("2023-06", "2023-03"):  # the second month reuses the spec built for the first
        goto(page, f"{app_server.url}/{kpi_page}?{urlencode({state.Q_KPI: 'T05', state.Q_AS_OF: month})}")
        wait_charts(page, at_least=2)
        bullets = page.locator(CHART).nth(1)
        labels = bullets.locator("svg text").all_text_contents()  # axis labels top to bottom, then the rest
        shorts = [r["short"] for r in rows[month]]
        assert [t for t in labels if t in shorts] == shorts, month  # every unit named, worst first
        # The actual bars (4th rect layer, after the three bands) are filled with their status colour,
        # not with a band grey (both colour encodings once shared one scale).
        bars = bullets.locator("g.mark-rect.role-mark").nth(3).locator("path")
        fills = [f.upper() for f in bars.evaluate_all("els => els.map(e => e.getAttribute('fill'))")]
        expected = [charts.KPI_COLOURS[r["status"]].upper() for r in rows[month]]
        assert sorted(fills) == sorted(expected), month


def test_a_copied_link_opened_first_on_a_fresh_server_comes_back_after_sign_in(fresh_server, new_context):
    """Before anyone has opened "/", Streamlit serves a page URL without app.py (page-directory mode):
    the guard shows a sign-in link that carries the page and its parameters, and signing in there
    opens that view — with the sign-in cookie written (a reload stays on it, signed in)."""
    spec = navigation.page("tasks")
    params = {state.Q_AS_OF: "2023-06", state.Q_UNIT: "SYT", state.Q_APPENDIX: "02"}
    context = new_context()
    page = context.new_page()
    goto(page, f"{fresh_server.url}/{navigation.url_path(spec)}?{urlencode(params)}", signed_in=False)
    assert i18n.LOGIN_REQUIRED in body_text(page)
    page.get_by_role("link", name=i18n.SIGN_IN_LINK).click()
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()
    assert _params(page.url).get(state.Q_NEXT) == navigation.url_path(spec), page.url
    sign_in(page, LEADER_USER)
    page.wait_for_url(f"**/{navigation.url_path(spec)}?**")
    wait_ready(page)
    assert {k: _params(page.url).get(k) for k in params} == params and state.Q_NEXT not in _params(page.url)
    shown = selectbox_values(page)
    assert shown.get(i18n.SIDEBAR_SCOPE) == "Sở Y tế" and shown.get(i18n.COL["appendix"]) == i18n.APPENDIX["02"]
    assert any(c["name"] == auth.COOKIE_NAME and c["value"] for c in context.cookies())
    page.reload()
    wait_ready(page)
    assert _path(page.url) == navigation.url_path(spec) and i18n.LOGIN_REQUIRED not in body_text(page)
