"""Sign-out is enforced on the server: a sign-in cookie copied before signing out (or left behind by a tab
closed before the cookie component deleted it) no longer signs anyone in, in a real browser."""

from __future__ import annotations

import pytest

from dtplan import i18n
from dtplan.web import auth
from tests.e2e.conftest import LOGOUT_BUTTON, goto, sign_in, wait_ready

pytestmark = pytest.mark.browser


def _sign_in_cookie(context) -> dict:
    for _ in range(100):  # the authenticator writes its cookie in a rerun after the sign-in
        cookies = [c for c in context.cookies() if c["name"] == auth.COOKIE_NAME and c["value"]]
        if cookies:
            return cookies[0]
        context.pages[0].wait_for_timeout(100)
    raise AssertionError("no sign-in cookie was written")


def _shows_sign_in_form(page) -> bool:
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()
    return page.locator(LOGOUT_BUTTON).count() == 0


def test_a_cookie_copied_before_sign_out_does_not_sign_in_after_it(app_server, new_context, own_account):
    context = new_context()
    page = context.new_page()
    goto(page, app_server.url + "/", signed_in=False)
    sign_in(page, own_account(like="nhoquan"))
    copied = _sign_in_cookie(context)

    # The copy works while the user is signed in (the check has teeth) ...
    thief = new_context()
    thief.add_cookies([copied])
    stolen = thief.new_page()
    goto(stolen, app_server.url + "/")  # waits for the logout button: signed in by the cookie
    thief.close()

    # ... and no longer once the user has signed out, even though the browser still holds it.
    page.locator(LOGOUT_BUTTON).click()
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for()
    later = new_context()
    later.add_cookies([copied])
    replay = later.new_page()
    goto(replay, app_server.url + "/", signed_in=False)
    replay.wait_for_timeout(1000)  # a cookie sign-in would come with the cookie component's rerun
    wait_ready(replay)
    assert _shows_sign_in_form(replay)
    assert i18n.LOGIN_FIELDS["Password"] in replay.locator("[data-testid=stMain]").inner_text()
    replay.reload()
    wait_ready(replay)
    assert _shows_sign_in_form(replay)
