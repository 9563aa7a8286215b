"""Access in a real browser: what a signed-out visitor, a unit user and a locked-out name
can see on a real `streamlit run app.py`.

Leaks are looked for twice: in the text on screen and in every websocket frame the server sent
(selectbox options, chart data and tables travel there even when not visible).
"""

from __future__ import annotations

import dataclasses

import pytest

from dtplan import i18n, store
from dtplan.domain.access import UNIT
from dtplan.domain.catalog import Catalog
from dtplan.web import auth, navigation, state
from tests.conftest import run_cli
from tests.e2e.conftest import (
    LOGOUT_BUTTON,
    FrameLog,
    body_text,
    error_texts,
    goto,
    main_text,
    sign_in,
    wait_ready,
    wait_signed_in,
)

pytestmark = pytest.mark.browser

USERS = {"sotttt": "STTTT", "nhoquan": "372"}
# Another agency, another district, a commune of another district, the province itself.
FOREIGN_CODES = {"sotttt": ["SYT", "369", "14320", "37"], "nhoquan": ["STTTT", "369", "14320", "37"]}
# Page filters that name a unit (dtplan.web.state): a unit user must not get another unit through them.
UNIT_FILTERS = {"tasks": [state.Q_LEAD]}
REFUSAL = "đơn vị mình"  # dtplan.domain.access: "Bạn chỉ được xem dữ liệu của đơn vị mình"


def catalogue(server) -> Catalog:
    engine = store.make_engine(server.database_url)
    try:
        return store.read_catalog(engine)
    finally:
        engine.dispose()


def _members(cat: Catalog, code: str) -> set[str]:
    return {code} | {u.code for u in cat.units if u.parent == code}


def foreign_names(cat: Catalog, unit_code: str, full_name: str) -> list[str]:
    """Names (and short names) of agencies, districts and communes outside the unit's scope.

    A name that is legitimately part of text the unit may read (its own units, the plan title, KPI
    texts, the titles of its own tasks — one of them says "gửi Sở Tài chính thẩm định") is left out.
    """
    own = _members(cat, unit_code)
    allowed = [cat.plan.title, full_name]
    allowed += [u.name for u in cat.units if u.code in own] + [u.short for u in cat.units if u.code in own]
    allowed += [f"{k.name} {k.text}" for k in cat.kpis]
    allowed += [
        " ".join(str(v) for v in dataclasses.asdict(t).values())
        for t in cat.tasks
        if t.lead == unit_code or unit_code in t.partners
    ]
    names: set[str] = set()
    for unit in cat.units:
        if unit.code in own or unit.kind == "province":
            continue
        names.add(unit.name)
        if unit.kind in ("agency", "district"):
            names.add(unit.short)
    return sorted(n for n in names if len(n) >= 4 and not any(n in text for text in allowed))


def kpi_names(cat: Catalog) -> list[str]:
    return [k.name for k in cat.kpis]


def data_elements(page) -> int:
    return page.locator(
        "[data-testid=stVegaLiteChart], [data-dt-chart], [data-dt-table], [data-testid=stDataFrame], "
        "[data-testid=stTable], [data-testid=stMetric], "
        "[data-dt-counts], [data-dt-heatmap]"
    ).count()


# --- a freshly started server, nobody signed in ------------------------------------------------------


def test_fresh_server_direct_page_urls_show_no_data(fresh_server, new_context):
    """The first visitor of a fresh server opens page URLs directly (Streamlit's page-directory mode
    runs the page file without app.py): only the guard's warning, no figures, names or charts."""
    cat = catalogue(fresh_server)
    secrets = kpi_names(cat) + [u.name for u in cat.units if u.kind in ("agency", "district")]
    page = new_context().new_page()
    frames = FrameLog(page)
    query = "?unit=369&as_of=2023-06&kpi=T01&task=I-01"  # parameters a page would read data for
    for spec in navigation.PAGES:
        where = f"/{navigation.url_path(spec)}{query}"
        goto(page, fresh_server.url + where, signed_in=False)
        text = body_text(page)
        assert i18n.LOGIN_REQUIRED in text or i18n.LOGIN_FIELDS["Password"] in text, where
        assert data_elements(page) == 0, where
        assert not page.locator("[data-testid=stException]").count(), where
        shown = [s for s in secrets if s in text]
        assert not shown, f"{where}: {shown}"
    sent = [s for s in secrets if frames.contains(s)]
    assert not sent, f"sent to a signed-out browser: {sent}"
    # The entry point itself shows the sign-in form and nothing else.
    goto(page, fresh_server.url + "/", signed_in=False)
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()  # drawn after the cookie component's rerun
    assert data_elements(page) == 0


# --- unit users ---------------------------------------------------------------------------------------


def _visits(user: str) -> list[tuple[navigation.PageSpec, str, str | None]]:
    """(page, query string, the foreign code it asks for): every page the role may use with one of
    the foreign codes (rotating, so each code is tried on several pages) — the refused page falls back
    to the user's own unit, so its content is checked too; the pages the role may not use; and the
    page filters that name a unit."""
    codes = FOREIGN_CODES[user]
    visits = []
    for i, spec in enumerate(navigation.PAGES):
        if not navigation.allowed(spec, UNIT):
            visits.append((spec, "?unit=369", None))
            continue
        code = codes[i % len(codes)]
        visits.append((spec, f"?unit={code}&as_of=2023-06", code))
        for param in UNIT_FILTERS.get(spec.key, []):
            visits.append((spec, f"?{param}={codes[0]}", None))
    return visits


@pytest.mark.parametrize("user", list(USERS))
def test_unit_user_never_sees_another_unit(user, app_server, signed_in_state, new_context):
    cat = catalogue(app_server)
    unit_code = USERS[user]
    own_name = cat.unit(unit_code).name
    from dtplan.store import accounts

    engine = store.make_engine(app_server.database_url)
    viewer = accounts.viewer_for(engine, user)
    engine.dispose()
    forbidden_names = foreign_names(cat, unit_code, viewer.full_name)
    assert len(forbidden_names) > 100  # the check has teeth: agencies, districts, communes

    page = new_context(storage_state=signed_in_state(user)).new_page()
    frames = FrameLog(page)
    problems = []  # every visit is checked; all problems reported together
    for spec, query, foreign in _visits(user):
        where = f"{user} /{navigation.url_path(spec)}{query}"
        frames.clear()
        goto(page, f"{app_server.url}/{navigation.url_path(spec)}{query}")
        text = body_text(page)
        if page.locator("[data-testid=stException]").count():
            problems.append(f"{where}: exception on screen")
        if not navigation.allowed(spec, UNIT) and (i18n.PAGE_FORBIDDEN not in text or data_elements(page)):
            problems.append(f"{where}: a page this role may not use is not refused")
        shown = [n for n in forbidden_names if n in text]
        if shown:
            problems.append(f"{where}: another unit's name on screen: {shown}")
        # Tables (st.dataframe) are drawn on a canvas: their cells are only in the frames.
        sent = [n for n in forbidden_names if frames.contains(n)]
        if sent:
            problems.append(
                f"{where}: another unit's name sent to the browser: {sent} — {frames.around(sent[0], 120)!r}"
            )
        if foreign is not None:
            if not [e for e in error_texts(page) if REFUSAL in e and foreign in e]:
                problems.append(f"{where}: no refusal for unit={foreign}: {error_texts(page)}")
            if own_name not in text:
                problems.append(f"{where}: the page does not fall back to the user's own unit")
    assert not problems, "\n".join(problems)


def test_reload_on_a_sub_page_stays_signed_in_and_on_that_page(app_server, new_context):
    page = new_context().new_page()
    goto(page, app_server.url + "/", signed_in=False)
    sign_in(page, "nhoquan")
    page.wait_for_timeout(1000)  # the authenticator writes its cookie in a rerun after the sign-in
    wait_ready(page)
    spec = navigation.page("tasks")
    page.locator("[data-testid=stSidebarNav] a", has_text=spec.title).click()
    page.wait_for_url(f"**/{navigation.url_path(spec)}**")
    wait_ready(page)
    before = page.url
    page.reload()
    wait_signed_in(page)
    page.wait_for_timeout(1000)  # a bounce to the default page would come after the cookie's rerun
    wait_ready(page)
    assert f"/{navigation.url_path(spec)}" in page.url, f"reload of {before} ended on {page.url}"
    assert i18n.LOGIN_FIELDS["Password"] not in main_text(page)
    active = page.locator("[data-testid=stSidebarNav] a[aria-current=page]").inner_text()
    assert spec.title in active


def test_five_wrong_passwords_lock_the_account(app_server, new_context):
    # An account of its own on the shared server (the demo accounts are used by the other tests).
    password = "Khoa-thu-2023!"
    added = run_cli(
        "users",
        "add",
        "khoathu",
        "--role",
        "leader",
        "--name",
        "Khóa thử",
        "--password-stdin",
        url=app_server.database_url,
        stdin=password + "\n",
    )
    assert added.returncode == 0, added.stderr
    locked_prefix = i18n.LOGIN_LOCKED.split("{")[0].strip()
    page = new_context().new_page()
    goto(page, app_server.url + "/", signed_in=False)
    for name, right in (("khoathu", password), ("khongcotaikhoan", "demo")):  # existing and unknown alike
        for attempt in range(5):
            sign_in(page, name, f"sai-{attempt}", expect_success=False)
            assert i18n.LOGIN_FAILED in main_text(page) or locked_prefix in main_text(page), attempt
        sign_in(page, name, right, expect_success=False)
        text = main_text(page)
        assert locked_prefix in text, f"{name}: {text}"
        assert page.locator("[data-testid=stSidebarNav]").count() == 0
    # Another account is not affected.
    sign_in(page, "nhoquan")
    assert locked_prefix not in main_text(page)


def test_url_parameters_are_shown_as_text_not_markup(app_server, signed_in_state, new_context):
    """A crafted link must not put a clickable link or formatting into the app's own messages."""
    page = new_context(storage_state=signed_in_state("sotttt")).new_page()
    query = "unit=[Bấm vào đây](https://example.com/x)&as_of=**2023-13**"
    goto(page, f"{app_server.url}/?{query}")
    main = page.locator("[data-testid=stMain]")
    assert main.locator("a[href*='example.com']").count() == 0, "a link from the URL became clickable"
    assert main.locator("strong", has_text="2023-13").count() == 0, "markup from the URL was rendered"
    assert error_texts(page), "the foreign/unknown unit was not refused"


def test_the_cookie_is_httponly_and_sign_out_deletes_it_so_a_reload_asks_again(app_server, new_context, own_account):
    context = new_context()
    page = context.new_page()
    goto(page, app_server.url + "/", signed_in=False)
    sign_in(page, own_account(like="nhoquan"))
    for _ in range(100):  # the server sets it when the page has posted its ticket, a moment after the sign-in
        cookies = [c for c in context.cookies() if c["name"] == auth.COOKIE_NAME and c["value"]]
        if cookies:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("no sign-in cookie 10 s after signing in")
    assert cookies[0]["httpOnly"] is True and cookies[0]["sameSite"] == "Strict", cookies
    assert auth.COOKIE_NAME not in page.evaluate("document.cookie"), "a script in the page can read the cookie"
    page.reload()
    wait_signed_in(page)  # read back on the server from the cookie the server set
    page.locator(LOGOUT_BUTTON).click()
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()
    for _ in range(100):  # the server deletes it once the component has mounted and asked
        if not any(c["name"] == auth.COOKIE_NAME and c["value"] for c in context.cookies()):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the sign-in cookie is still there 10 s after signing out")
    wait_ready(page)
    page.reload()
    wait_ready(page)
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()
    assert page.locator(LOGOUT_BUTTON).count() == 0
