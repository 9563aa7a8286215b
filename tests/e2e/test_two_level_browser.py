"""The two-level demo plan (communes directly under the province, contract §1.5) in a real browser:
every page as a leader (the demo banner on each, no district wording, the Địa bàn page a searchable
commune ranking, the overview's communes needing attention) and as a commune user, who never gets
another commune's name — on screen or in any websocket frame — and is refused a link naming one."""

from __future__ import annotations

import pytest

from dtplan import i18n, store
from dtplan.domain.access import UNIT
from dtplan.web import navigation, state
from tests.e2e.conftest import (
    CHART,
    FULL_HD,
    FrameLog,
    _private_demo_db,
    body_text,
    error_texts,
    failure_shot,
    goto,
    start_server,
    wait_signed_in,
)

pytestmark = pytest.mark.browser

AS_OF = "2025-10"
COMMUNE_USER, OWN = "capxa", "14320"
REFUSAL = "đơn vị mình"


@pytest.fixture(scope="module")
def two_level_server(two_level_sqlite_template, tmp_path_factory, browser):
    workdir = tmp_path_factory.mktemp("e2e-two-level")
    server = start_server(workdir, _private_demo_db(two_level_sqlite_template, workdir))
    context = browser.new_context(viewport=FULL_HD)
    try:  # a first visit at "/" (as app_server does): page URLs are then served through app.py
        page = context.new_page()
        page.goto(server.url + "/")
        page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for(timeout=60_000)
    finally:
        context.close()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def catalog(two_level_server):
    engine = store.make_engine(two_level_server.database_url)
    try:
        return store.read_catalog(engine)
    finally:
        engine.dispose()


def visit(page, url: str) -> None:
    """goto with more time: a page of ~100 communes, first drawn on a busy 2-core machine."""
    page.goto(url)
    try:
        wait_signed_in(page, timeout=90)
    except Exception as exc:
        raise AssertionError(f"{url} never became ready: {failure_shot(page)}\n{body_text(page)[:1500]}") from exc


def signed_in_page(new_context, server, user: str):
    page = new_context().new_page()
    goto(page, server.url + "/", signed_in=False)
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for(timeout=60_000)
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).fill(user)
    page.get_by_label(i18n.LOGIN_FIELDS["Password"]).fill("demo")
    page.get_by_role("button", name=i18n.LOGIN_FIELDS["Login"]).click()
    wait_signed_in(page, timeout=120)  # the first overview of ~100 communes on a busy machine
    return page


def test_leader_every_page_and_the_commune_ranking(two_level_server, catalog, new_context):
    page = signed_in_page(new_context, two_level_server, "lanhdao")
    menu = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert navigation.page("districts").title in menu
    problems = []
    for spec in navigation.PAGES:
        visit(page, f"{two_level_server.url}/{navigation.url_path(spec)}?as_of={AS_OF}")
        text = body_text(page)
        where = spec.key
        errors = error_texts(page)
        if not navigation.allowed(spec, "leader"):
            errors = [e for e in errors if e != i18n.PAGE_FORBIDDEN]  # the admin pages refuse a leader
        if page.locator("[data-testid=stException]").count() or errors:
            problems.append(f"{where}: error on screen {errors}")
        if i18n.DEMO_BANNER not in text:
            problems.append(f"{where}: no demo banner")
        for word in ("Huyện, thành phố", i18n.DISTRICT_MAP, "empty"):
            if word in text:
                problems.append(f"{where}: {word!r} on a plan without districts")
    assert not problems, "\n".join(problems)

    visit(page, f"{two_level_server.url}/?as_of={AS_OF}")
    assert i18n.WORST_COMMUNES in body_text(page)

    visit(page, f"{two_level_server.url}/dia_ban?as_of={AS_OF}")
    total = len([u for u in catalog.units if u.kind == "commune"])
    assert i18n.COMMUNES_SHOWN.format(shown=total, total=total) in body_text(page)
    search = page.get_by_label(i18n.COMMUNE_SEARCH)
    search.fill("dong thanh")
    search.press("Enter")
    page.get_by_text(i18n.COMMUNES_SHOWN.format(shown=1, total=total)).wait_for()
    assert page.locator(CHART).count() == 0  # no tile map of ~100 communes
    # The commune's name is a link to its page, in the same tab.
    found = next(u for u in catalog.units if u.name == "Phường Đông Thành")
    page.locator("[data-dt-table] a", has_text=found.name).click()
    page.wait_for_url(f"**{state.Q_UNIT}={found.code}**", timeout=60_000)
    assert len(page.context.pages) == 1
    page.locator("h1", has_text=found.name).first.wait_for(timeout=60_000)


def test_commune_user_never_sees_another_commune(two_level_server, catalog, new_context):
    own = catalog.unit(OWN)
    others = [u for u in catalog.units if u.kind == "commune" and u.code != OWN]
    allowed = f"{own.name} {catalog.plan.title} {catalog.province.name}"
    forbidden = sorted({u.name for u in others} | {u.short for u in others if len(u.short) >= 4} - set(allowed.split()))
    forbidden = [n for n in forbidden if n not in allowed]
    assert len(forbidden) > 90
    page = signed_in_page(new_context, two_level_server, COMMUNE_USER)
    frames = FrameLog(page)
    problems = []
    for i, spec in enumerate(navigation.PAGES):
        foreign = others[i % len(others)].code
        frames.clear()
        visit(page, f"{two_level_server.url}/{navigation.url_path(spec)}?unit={foreign}&as_of={AS_OF}")
        text = body_text(page)
        where = f"{spec.key}?unit={foreign}"
        if page.locator("[data-testid=stException]").count():
            problems.append(f"{where}: exception")
        shown = [n for n in forbidden if n in text]
        sent = [n for n in forbidden if frames.contains(n)]
        if shown or sent:
            problems.append(
                f"{where}: another commune's name: {shown[:3]} {sent[:3]} {frames.around((sent or [''])[0], 80)!r}"
            )
        if navigation.allowed(spec, UNIT):
            if not [e for e in error_texts(page) if REFUSAL in e]:
                problems.append(f"{where}: no refusal for another commune")
            if own.name not in text:
                problems.append(f"{where}: not the user's own commune")
        elif i18n.PAGE_FORBIDDEN not in text:
            problems.append(f"{where}: a page this role may not use is not refused")
    assert not problems, "\n".join(problems)
