"""The browser's Back undoes a change of view: each choice of month, Phạm vi or unit is one step of the
browser's history, and Back (or Forward) redraws the page for the URL it returns to — the address bar, the
header's "Tháng … · Phạm vi: …" and the sidebar all show the earlier view."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from dtplan import i18n
from dtplan.web import navigation, state
from tests.e2e.conftest import choose_option, goto, main_text, page_path, selectbox_values, wait_ready

AGENCY = "Sở Thông tin và Truyền thông"
KIM_SON = "Huyện Kim Sơn"


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _header(page) -> str:
    return page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first.inner_text()


def _shows(
    page, month: str, scope: str | None, unit_code: str | None = None, extra: dict | None = None, timeout: float = 60
) -> None:
    """Wait until the URL, the header and the sidebar show this view (the page reruns after a Back)."""
    scope_name = scope or i18n.SCOPE_PROVINCE
    deadline = time.monotonic() + timeout
    while True:
        wait_ready(page)
        params = _params(page.url)
        try:
            header = _header(page)
        except Exception:  # the page is being redrawn
            header = ""
        shown = selectbox_values(page)
        if (
            params.get(state.Q_AS_OF) == month
            and params.get(state.Q_UNIT) == unit_code
            and all(params.get(k) == v for k, v in (extra or {}).items())
            and header.startswith(f"{i18n.month(month)} · {i18n.SIDEBAR_SCOPE}: {scope_name} ·")
            and shown.get(i18n.SIDEBAR_SCOPE) == scope_name
            and shown.get(i18n.SIDEBAR_AS_OF) == i18n.month(month)
        ):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {month} · {scope_name}; shown {page.url} · {header!r} · {shown}")
        page.wait_for_timeout(300)


def _back(page) -> None:
    page.go_back()
    page.wait_for_timeout(300)  # the rerun for the restored URL starts after the address changes


def _forward(page) -> None:
    page.go_forward()
    page.wait_for_timeout(300)


def test_back_undoes_a_filter_a_district_then_a_month_on_dia_ban(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    goto(page, f"{app_server.url}/{page_path(navigation.page('districts'))}?as_of=2023-06")
    _shows(page, "2023-06", None)
    choose_option(page, i18n.TILE_COLOUR_BY, "T01.1 ·", typed="T01.1")  # a page filter (url_selectbox)
    _shows(page, "2023-06", None, extra={state.Q_TILE: "T01.1"})
    choose_option(page, i18n.CHOOSE_UNIT, KIM_SON)
    _shows(page, "2023-06", KIM_SON, "376")
    choose_option(page, i18n.SIDEBAR_AS_OF, i18n.month("2023-05"))
    _shows(page, "2023-05", KIM_SON, "376")
    _back(page)
    _shows(page, "2023-06", KIM_SON, "376")
    assert i18n.COMMUNES in main_text(page)  # the district's page itself, not only its header
    _back(page)
    _shows(page, "2023-06", None, extra={state.Q_TILE: "T01.1"})
    assert selectbox_values(page)[i18n.TILE_COLOUR_BY].startswith("T01.1 ·")  # the map, coloured as it was
    _back(page)
    _shows(page, "2023-06", None, extra={state.Q_TILE: None})
    assert selectbox_values(page)[i18n.TILE_COLOUR_BY] == i18n.OVERALL
    _forward(page)
    _shows(page, "2023-06", None, extra={state.Q_TILE: "T01.1"})
    _forward(page)
    _shows(page, "2023-06", KIM_SON, "376")


def test_back_undoes_a_scope_chosen_in_the_sidebar(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    goto(page, f"{app_server.url}/{page_path(navigation.page('overview'))}?as_of=2023-06")
    _shows(page, "2023-06", None)
    choose_option(page, i18n.SIDEBAR_SCOPE, AGENCY)
    _shows(page, "2023-06", AGENCY, "STTTT")
    _back(page)
    _shows(page, "2023-06", None)
    _forward(page)
    _shows(page, "2023-06", AGENCY, "STTTT")
    # A page opened from the menu carries the month and scope; Back from it never shows another view
    # (Streamlit may leave one extra entry for the page switch: that entry shows the same view).
    compliance = navigation.page("compliance")
    page.locator("[data-testid=stSidebarNav] a", has_text=compliance.title).click()
    page.wait_for_url(f"**/{page_path(compliance)}?**")
    _shows(page, "2023-06", AGENCY, "STTTT")
    for _ in range(2):
        _back(page)
        _shows(page, "2023-06", AGENCY, "STTTT")
        if urlparse(page.url).path.strip("/") == page_path(navigation.page("overview")):
            break
    assert urlparse(page.url).path.strip("/") == page_path(navigation.page("overview")), page.url
    _back(page)
    _shows(page, "2023-06", None)


def test_back_undoes_an_agency_opened_on_don_vi_then_a_scope(app_server, signed_in_state, new_context):
    page = new_context(storage_state=signed_in_state("lanhdao")).new_page()
    goto(page, f"{app_server.url}/{page_path(navigation.page('agencies'))}?as_of=2023-06")
    _shows(page, "2023-06", None)
    choose_option(page, i18n.CHOOSE_UNIT, "Sở Y tế")
    _shows(page, "2023-06", "Sở Y tế", "SYT")
    choose_option(page, i18n.SIDEBAR_SCOPE, AGENCY)
    _shows(page, "2023-06", AGENCY, "STTTT")
    _back(page)
    _shows(page, "2023-06", "Sở Y tế", "SYT")
    _back(page)
    _shows(page, "2023-06", None)
    assert i18n.AGENCY_RANKING in main_text(page)
