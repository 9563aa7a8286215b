"""The view a URL names is the view shown — also when the browser's Back or Forward returns to it: the scope
carried in the session fills only a URL that names no month (a page opened from the menu), and every page
with the sidebar writes its month into the URL, so no view's URL is left for the carried scope to fill.
(The browser side — each change one history step, Back redrawing the page — is tests/e2e/test_history_browser.py.)"""

from __future__ import annotations

from dtplan import i18n
from dtplan.web import state


def scope_caption(at) -> str:
    return next(c.value for c in at.caption if f"{i18n.SIDEBAR_SCOPE}:" in c.value)


def back_to(at, query: dict[str, str]) -> None:
    """What the browser's Back does: rerun the page with an earlier URL (the session keeps its state)."""
    at.query_params.clear()
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception


def test_an_earlier_url_without_unit_shows_the_province_not_the_scope_chosen_since(app_factory):
    at = app_factory(user="lanhdao", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    at.selectbox(key=state.SB_SCOPE).set_value("STTTT").run()
    assert at.query_params[state.Q_UNIT] == "STTTT" and "Sở Thông tin và Truyền thông" in scope_caption(at)
    back_to(at, {state.Q_AS_OF: "2023-06"})
    assert state.Q_UNIT not in at.query_params, dict(at.query_params)
    assert f"{i18n.SIDEBAR_SCOPE}: {i18n.SCOPE_PROVINCE}" in scope_caption(at)
    assert at.selectbox(key=state.SB_SCOPE).value == ""
    # The menu then carries the view Back returned to (the province), not the one left.
    at.query_params.clear()
    at.switch_page("pages/bao_cao.py").run()
    assert not at.exception, at.exception
    assert at.query_params[state.Q_AS_OF] == "2023-06" and state.Q_UNIT not in at.query_params


def test_an_earlier_district_url_on_dia_ban_shows_that_district_and_month(app_factory, engine_catalog):
    _engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/dia_ban.py", query={"as_of": "2023-06"})
    at.selectbox(key="district_open").set_value("376").run()
    assert at.query_params[state.Q_UNIT] == "376"
    at.selectbox(key=state.SB_AS_OF).set_value("2023-05").run()
    assert at.query_params[state.Q_AS_OF] == "2023-05"
    back_to(at, {state.Q_AS_OF: "2023-06", state.Q_UNIT: "376"})
    assert scope_caption(at).startswith(f"{i18n.month('2023-06')} · {i18n.SIDEBAR_SCOPE}: {cat.unit('376').name}")
    back_to(at, {state.Q_AS_OF: "2023-06"})
    assert state.Q_UNIT not in at.query_params and at.title[0].value == i18n.DISTRICT_MAP
    assert f"{i18n.SIDEBAR_SCOPE}: {i18n.SCOPE_PROVINCE}" in scope_caption(at)


def test_a_page_opened_without_a_month_names_the_month_it_shows(app_factory):
    at = app_factory(user="lanhdao", page="pages/don_vi.py")
    assert not at.exception, at.exception
    shown = at.selectbox(key=state.SB_AS_OF).value
    assert at.query_params[state.Q_AS_OF] == shown
    # A refused month is replaced by the one shown, in the URL too.
    back_to(at, {state.Q_AS_OF: "2023-13"})
    assert at.warning and at.query_params[state.Q_AS_OF] == shown
