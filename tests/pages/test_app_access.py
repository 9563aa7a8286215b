"""Sign-in, roles and scope as the app enforces them (Streamlit AppTest on a demo database)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dtplan import i18n
from dtplan.web import navigation
from tests.conftest import ROOT, count_tiles, sign_in_app

ROLES = {"quantri": "admin", "lanhdao": "leader", "sotttt": "unit", "nhoquan": "unit"}


def _texts(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info", "metric"):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "")) + " " + str(getattr(element, "label", "")))
    parts.extend(f"{label} {value}" for label, value in count_tiles(at).items())
    for frame in [*at.dataframe, *at.table]:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def _has_data(at) -> bool:
    drawn = [at.dataframe, at.table, at.get("vega_lite_chart"), at.metric, count_tiles(at)]
    return any(bool(kind) for kind in drawn)


def test_signed_out_app_shows_only_the_sign_in_form(app_factory):
    at = app_factory()
    assert not at.exception
    assert [t.label for t in at.text_input] == [i18n.LOGIN_FIELDS["Username"], i18n.LOGIN_FIELDS["Password"]]
    assert not _has_data(at)


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.key)
def test_every_page_file_run_alone_stops_at_the_guard(spec, demo_sqlite_url, monkeypatch):
    """A fresh server in page-directory mode runs a page file without app.py: the guard must stop it."""
    monkeypatch.setenv("DTPLAN_DATABASE_URL", demo_sqlite_url)
    at = AppTest.from_file(str(ROOT / spec.file), default_timeout=60)
    at.query_params.update({"unit": "369", "as_of": "2023-06"})
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [i18n.LOGIN_REQUIRED]
    assert not _has_data(at)
    # The sign-in link comes back to this page and its parameters (AppTest has no app.py page: the
    # plain-link form; a real server draws it as a page link, tests/e2e/test_pages_browser.py).
    links = [m.value for m in at.markdown if i18n.SIGN_IN_LINK in m.value]
    assert links and f"next={navigation.url_path(spec)}&unit=369&as_of=2023-06" in links[0]


@pytest.mark.parametrize("user", list(ROLES))
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.key)
def test_each_role_reaches_exactly_its_pages(app_factory, user, spec):
    at = app_factory(user=user, page=spec.file)
    assert not at.exception, at.exception
    forbidden = i18n.PAGE_FORBIDDEN in [e.value for e in at.error]
    assert forbidden == (not navigation.allowed(spec, ROLES[user]))
    if forbidden:
        assert not _has_data(at)
    # Charts are drawn on the server: a Vega chart costs its page 0.25–0.6 s in the browser (docs/deployment.md).
    assert not at.get("vega_lite_chart")


def test_a_unit_user_asking_for_another_unit_in_the_url_is_refused(app_factory):
    at = app_factory(user="nhoquan", query={"unit": "369", "as_of": "2023-06"})
    errors = " ".join(e.value for e in at.error)
    assert "chỉ được xem dữ liệu của đơn vị mình" in errors
    text = _texts(at)
    assert "Huyện Nho Quan" in text or "Nho Quan" in text
    assert "Thành phố Ninh Bình" not in text.replace(errors, "")


@pytest.mark.parametrize(
    ("user", "target", "opens"),
    [
        ("lanhdao", "nhiem_vu", "tasks"),  # the page of the link
        ("nhoquan", "quan_tri_nguoi_dung", None),  # a page the role may not use: dropped
        ("lanhdao", "https://example.com", None),  # not a page of the app: dropped
    ],
)
def test_next_after_sign_in_opens_only_an_allowed_page(app_factory, user, target, opens):
    at = app_factory(user=user, query={"next": target, "as_of": "2023-06"})
    assert "next" in at.query_params  # the run that signed in ends normally (the cookie gets written)
    at.run()
    assert not at.exception, at.exception
    assert "next" not in at.query_params
    titles = [t.value for t in at.title]
    if opens:
        assert navigation.page(opens).title in titles and at.query_params["as_of"] == "2023-06"
    else:  # stays on the page it was on (the default one), without opening or refusing the named one
        assert not [e for e in at.error if i18n.PAGE_FORBIDDEN in e.value]
        assert i18n.KIOSK_SLIDES["overview"] in titles


def test_reload_keeps_the_viewer_signed_in_and_on_the_page(app_factory):
    at = app_factory(user="lanhdao", page="pages/nhiem_vu.py")
    at.run()  # a rerun (what a reload does on the server side when the cookie is present)
    assert not at.text_input or i18n.LOGIN_FIELDS["Username"] not in [t.label for t in at.text_input]
    assert i18n.PAGE_FORBIDDEN not in [e.value for e in at.error]


@pytest.mark.parametrize("username", ["nhoquan", "khongtontai"])
def test_five_wrong_passwords_lock_the_name_without_saying_whether_it_exists(app_factory, username):
    at = app_factory()
    for _ in range(5):
        sign_in_app(at, username, "sai-mat-khau")
    errors = [e.value for e in at.error]
    assert any("tạm khóa 15 phút" in e for e in errors)
    sign_in_app(at, username, "demo")
    assert any("tạm khóa 15 phút" in e.value for e in at.error)
    assert not _has_data(at)
    # Another name is not affected.
    sign_in_app(at, "lanhdao", "demo")
    assert _has_data(at)


def test_a_wrong_password_says_only_that_the_pair_is_wrong(app_factory):
    at = app_factory()
    sign_in_app(at, "khongtontai", "x")
    unknown = [e.value for e in at.error]
    sign_in_app(at, "nhoquan", "x")
    wrong = [e.value for e in at.error]
    assert unknown == wrong == [i18n.LOGIN_FAILED]


def test_a_real_database_refuses_to_start_without_a_cookie_key(tmp_path, monkeypatch, navigation_mode):
    from tests.conftest import run_cli

    url = f"sqlite:///{tmp_path / 'real.db'}"
    assert run_cli("init", url=url).returncode == 0
    assert (
        run_cli(
            "users", "add", "gdsyt", "--role", "leader", "--password-stdin", url=url, stdin="Hanh-Chinh#2023\n"
        ).returncode
        == 0
    )
    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    monkeypatch.delenv("DTPLAN_COOKIE_KEY", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert any("DTPLAN_COOKIE_KEY" in e.value for e in at.error)
    assert not at.text_input  # no sign-in form without a real secret

    monkeypatch.setenv("DTPLAN_COOKIE_KEY", "a-real-secret-for-this-test-only-32-bytes-or-more")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    sign_in_app(at, "gdsyt", "Hanh-Chinh#2023")
    assert not at.error
    at.run()  # the form drawn before the submit disappears on the next run
    assert i18n.LOGIN_FIELDS["Username"] not in [t.label for t in at.text_input]
    # Demo accounts do not exist in a database that is not a demo.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    sign_in_app(at, "lanhdao", "demo")
    assert [e.value for e in at.error] == [i18n.LOGIN_FAILED]
