"""The sign-in cookie is written and deleted by a browser component that acts only once it has mounted.

AppTest has no browser, so the component never answers here: exactly the case of a rerun arriving
before the iframe mounted, which on a loaded machine left the cookie in place after "Đăng xuất".
"""

from __future__ import annotations

import json

import pytest

from dtplan.web import auth


def cookie_writes(at) -> list[dict]:
    """The arguments of every cookie set/delete component drawn in the last run."""
    writes = []
    for element in at.get("component_instance"):
        args = json.loads(element.proto.json_args or "{}")
        if args.get("method") in {"set", "delete"} and args.get("cookie") == auth.COOKIE_NAME:
            writes.append(args)
    return writes


def test_the_sign_out_asks_the_browser_to_delete_the_cookie_until_it_confirms(app_factory):
    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    assert [w["method"] for w in cookie_writes(at)] == ["delete"]
    # Another run before the component answered (the cookie reader's first value asks for one): the
    # deletion must still be on the page, or the browser keeps the cookie.
    at.run()
    assert [w["method"] for w in cookie_writes(at)] == ["delete"]


def test_a_confirmed_write_is_not_drawn_again(app_factory):
    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    pending = at.session_state[auth.state.PENDING_COOKIE]
    at.session_state[pending["key"]] = True  # what the component sends once it has deleted the cookie
    at.run()
    at.run()
    assert cookie_writes(at) == []


def test_signing_in_again_replaces_a_pending_deletion(app_factory):
    from tests.conftest import sign_in_app

    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    sign_in_app(at, "nhoquan")
    assert [w["method"] for w in cookie_writes(at)] == ["set"]


@pytest.mark.parametrize(("setting", "secure"), [("1", True), ("", None)])
def test_the_cookie_is_secure_when_the_setting_says_so(app_factory, monkeypatch, setting, secure):
    monkeypatch.setenv("DTPLAN_COOKIE_SECURE", setting)
    at = app_factory(user="lanhdao")
    writes = cookie_writes(at)
    assert len(writes) == 1 and writes[0]["options"].get("secure") is secure
