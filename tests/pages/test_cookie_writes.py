"""The sign-in cookie is set and deleted by the server (HttpOnly), asked by a browser component that acts
only once it has mounted.

AppTest has no browser, so the component never answers here: exactly the case of a rerun arriving
before it mounted, which on a loaded machine left the cookie in place after "Đăng xuất".
"""

from __future__ import annotations

import json

import jwt

from dtplan.web import auth, session_cookie


def cookie_writes(at) -> list[dict]:
    """The data of every cookie request component drawn in the last run."""
    return [
        json.loads(element.proto.json or "{}")
        for element in at.get("bidi_component")
        if element.proto.component_name == "dtplan_session_cookie"
    ]


def test_the_sign_out_asks_the_browser_to_delete_the_cookie_until_it_confirms(app_factory):
    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    assert [(w["method"], w["url"]) for w in cookie_writes(at)] == [("DELETE", session_cookie.SESSION_PATH)]
    # Another run before the component answered (the cookie reader's first value asks for one): the
    # deletion must still be on the page, or the browser keeps the cookie.
    at.run()
    assert [w["method"] for w in cookie_writes(at)] == ["DELETE"]


def test_a_confirmed_write_is_not_drawn_again(app_factory):
    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    pending = at.session_state[auth.state.PENDING_COOKIE]
    at.session_state[pending["key"]] = {"done": "ok"}  # what the component sends once the server answered
    at.run()
    at.run()
    assert cookie_writes(at) == []


def test_signing_in_again_replaces_a_pending_deletion_with_a_ticket_for_the_new_token(app_factory):
    from tests.conftest import sign_in_app

    at = app_factory(user="nhoquan")
    at.button(key="dtplan_logout").click()
    at.run()
    sign_in_app(at, "nhoquan")
    writes = cookie_writes(at)
    assert [w["method"] for w in writes] == ["POST"]
    # The page carries a one-time ticket, never the token itself; the server trades it once for the token.
    assert "." not in writes[0]["ticket"]
    token = session_cookie.TICKETS.redeem(writes[0]["ticket"])
    assert jwt.decode(token, options={"verify_signature": False})["username"] == "nhoquan"
    assert session_cookie.TICKETS.redeem(writes[0]["ticket"]) is None
