"""Sign-in with streamlit-authenticator 0.4: accounts from the database, throttled, audited.

Built once per run, in app.py only (a second Authenticate in a page raises a duplicate widget key).
The credentials handed to it are a fresh dict of bcrypt hashes (auto_hash=False), never a YAML file.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from dtplan import i18n, store
from dtplan.domain.access import Viewer
from dtplan.store import accounts
from dtplan.web import session_cookie, signed_in, state
from dtplan.web.session_cookie import COOKIE_NAME, SESSION_PATH, TICKETS, cookie_days

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Asks the server (session_cookie's route) to set or delete the HttpOnly cookie; no iframe, no script access.
_cookie_request = st.components.v2.component("dtplan_session_cookie", js=session_cookie.BROWSER_JS)
DEMO_KEY_META = "demo_cookie_key"  # meta row of a demo database (a real one takes DTPLAN_COOKIE_KEY)
_DEMO_KEYS: dict[str, str] = {}  # database URL -> its demo key, read once per process


# HS256 signs with the key itself: a short key can be guessed offline from any cookie (RFC 7518 §3.2 asks
# for at least 256 bits).
MIN_KEY_BYTES = 32
KEY_TOO_SHORT = (
    "Khóa cookie quá ngắn ({length} byte): DTPLAN_COOKIE_KEY (hoặc cookie_key) phải dài ít nhất {minimum} byte, "
    'ví dụ tạo bằng: python -c "import secrets; print(secrets.token_urlsafe(32))"'
)
SESSION_ENDED = "Phiên đăng nhập đã kết thúc (đăng xuất, đổi mật khẩu hoặc khóa tài khoản): hãy đăng nhập lại."
ADDRESS_BLOCKED = "Quá nhiều lần đăng nhập sai từ địa chỉ này: tạm dừng đăng nhập đến {until}."
SIGNED_IN_AT = "dtplan_signed_in_at"  # session state: when this session's sign-in (form or cookie) was issued


class ConfigurationError(RuntimeError):
    pass


def cookie_key(engine: Engine) -> str:
    """DTPLAN_COOKIE_KEY or Streamlit secrets (at least 32 bytes); a demo database may use a random key
    kept outside the repo."""
    key = os.environ.get("DTPLAN_COOKIE_KEY", "").strip()
    if not key:
        try:
            key = str(st.secrets.get("cookie_key", "")).strip()
        except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
            key = ""
    if key:
        if len(key.encode("utf-8")) < MIN_KEY_BYTES:
            raise ConfigurationError(KEY_TOO_SHORT.format(length=len(key.encode("utf-8")), minimum=MIN_KEY_BYTES))
        return key
    if not store.is_demo(engine):
        raise ConfigurationError(
            "Thiếu khóa cookie: đặt biến môi trường DTPLAN_COOKIE_KEY (hoặc cookie_key trong "
            ".streamlit/secrets.toml) trước khi chạy với dữ liệu thật."
        )
    return _demo_key(engine)


def _demo_key(engine: Engine) -> str:
    """A demo database's random key, kept in the database itself: every replica on it signs with the same
    key, and replicas starting together agree on the first one written (store.meta_once)."""
    url = engine.url.render_as_string(hide_password=False)
    if url not in _DEMO_KEYS:
        _DEMO_KEYS[url] = store.meta_once(engine, DEMO_KEY_META, secrets.token_urlsafe(32))
    return _DEMO_KEYS[url]


def client_address() -> str | None:
    """The browser's address, for counting failed sign-ins per address. Streamlit gives the peer of the
    websocket (None on loopback). Behind a reverse proxy that peer is the proxy itself, so with
    DTPLAN_TRUSTED_PROXY=1 the last X-Forwarded-For entry is used instead: the one the proxy appended
    (entries before it come from the client and can be forged). Never set it without such a proxy."""
    if os.environ.get("DTPLAN_TRUSTED_PROXY", "").strip().lower() in ("1", "true", "yes"):
        return forwarded_client(st.context.headers.get("X-Forwarded-For"))
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # (AppTest gives a mock object)


def forwarded_client(header: str | None) -> str | None:
    """The last address of an X-Forwarded-For header (the one our own proxy appended)."""
    last = (header or "").split(",")[-1].strip()
    return last[:64] or None


def _credentials(engine: Engine) -> dict:
    users = accounts.active_credentials(engine, include_demo=store.is_demo(engine))
    return {"usernames": users}


def _throttled_login(engine: Engine, original):
    """Wrap the controller's login: refuse blocked addresses and locked names, record every attempt
    (with the client address) in the audit log."""

    def login(username=None, password=None, *args, **kwargs):
        if not (username and password):  # an empty form (cookie sign-in is dtplan's, see _signed_in_by_cookie)
            return original(username, password, *args, **kwargs)
        name = username.lower().strip()
        client = client_address()
        st.session_state.pop(state.LOGIN_LOCKED, None)
        st.session_state.pop(state.ADDRESS_BLOCKED, None)
        blocked = accounts.address_blocked_until(engine, client)
        until = None if blocked else accounts.locked_until(engine, name)
        if blocked or until:
            accounts.record_sign_in(engine, name, accounts.BLOCKED if blocked else accounts.LOCKED, client)
            st.session_state[state.ADDRESS_BLOCKED if blocked else state.LOGIN_LOCKED] = blocked or until
            st.session_state[state.AUTH_STATUS] = False
            return False
        ok = original(username, password, *args, **kwargs)
        accounts.record_sign_in(engine, name, bool(ok), client)
        if ok:
            st.session_state[SIGNED_IN_AT] = dt.datetime.now()
        else:
            st.session_state[state.LOGIN_LOCKED] = accounts.locked_until(engine, name)
        return ok

    return login


def issue_token(username: str, key: str, now: dt.datetime, days: float) -> str:
    """The sign-in cookie: the library's claims {username, exp_date} plus `iat`, the issue time that
    revocation (users.valid_after) is checked against."""
    expires = now + dt.timedelta(days=days)
    return jwt.encode({"username": username, "exp_date": expires.timestamp(), "iat": now.timestamp()}, key, "HS256")


def _authenticator(engine: Engine) -> stauth.Authenticate:
    """The library's object: built only when a form or a cookie write/delete is needed, because building it
    mounts its cookie component — an iframe that costs a page load about as much again as a bare page
    and asks for a second script run."""
    key, days = cookie_key(engine), cookie_days()
    authenticator = stauth.Authenticate(_credentials(engine), COOKIE_NAME, key, days, auto_hash=False)
    # The library sleeps on every signed-out run (0.7 s by default, even after reading the cookie); our own
    # lock after 5 failures guards against guessing, so the sleep would only slow every page load.
    authenticator.attrs["login_sleep_time"] = 0.0
    controller = authenticator.authentication_controller
    controller.login = _throttled_login(engine, controller.login)
    model = controller.authentication_model
    # bcrypt runs for unknown names too (the library returns at once for them: timing told names apart).
    model.check_credentials = lambda username, password: accounts.credentials_match(
        model.credentials["usernames"], username, password
    )
    cookies = authenticator.cookie_controller.cookie_model
    # The cookie is read on the server by _signed_in_by_cookie only (it checks revocation); the library's
    # own reading would sign a revoked cookie back in when the form is drawn.
    cookies.get_cookie = lambda: None

    def set_cookie() -> None:  # the library's token has no issue time, and its cookie is written by a script
        token = issue_token(st.session_state[state.AUTH_USERNAME], key, dt.datetime.now(), days)
        _queue_cookie_write(method="POST", ticket=TICKETS.issue(token))

    cookies.set_cookie = set_cookie
    cookies.delete_cookie = lambda: _queue_cookie_write(method="DELETE")
    return authenticator


def token_issued_at(claims: dict, days: float | None = None) -> float | None:
    """When a token was issued: its `iat`, or for tokens written by the library itself (no `iat`) its
    expiry minus the configured lifetime."""
    issued = claims.get("iat")
    if isinstance(issued, int | float) and not isinstance(issued, bool):
        return float(issued)
    expires = claims.get("exp_date")
    if isinstance(expires, int | float) and not isinstance(expires, bool):
        return float(expires) - (cookie_days() if days is None else days) * 86400
    return None


def cookie_claims(token: str | None, key: str, now: dt.datetime | None = None) -> tuple[str, float] | None:
    """(user, issue time) of a sign-in cookie we issued (HS256 JWT {username, exp_date[, iat]}), or None
    when it is missing, forged, malformed or expired — the library's CookieModel test, plus issue time."""
    if not token:
        return None
    try:
        data = jwt.decode(token, key, algorithms=["HS256"], options={"verify_iat": False})
    except jwt.PyJWTError:
        return None
    username, expires = data.get("username"), data.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, int | float):
        return None
    if expires <= (now or dt.datetime.now()).timestamp():
        return None
    issued = token_issued_at(data)
    return None if issued is None else (username, issued)


def cookie_username(
    token: str | None,
    key: str,
    now: dt.datetime | None = None,
    valid_after: Callable[[str], dt.datetime | None] | None = None,
) -> str | None:
    """The user a valid cookie names, or None; with `valid_after` (user -> time, one primary-key read),
    also None when the token was issued before that time (sign-out, new password, disabling)."""
    claims = cookie_claims(token, key, now)
    if claims is None:
        return None
    username, issued = claims
    if valid_after is not None:
        revoked = valid_after(username)
        if revoked is not None and issued < revoked.timestamp():
            return None
    return username


def _signed_in_by_cookie(engine: Engine) -> bool:
    """Re-sign-in from the cookie read on the server (st.context.cookies), without the cookie component."""
    if st.session_state.get(state.AUTH_LOGGED_OUT):
        return False
    token = st.context.cookies.get(COOKIE_NAME)
    key = cookie_key(engine)
    username = cookie_username(token, key, valid_after=lambda name: accounts.valid_after(engine, name))
    if username is None:
        return False
    st.session_state[state.AUTH_STATUS] = True
    st.session_state[state.AUTH_USERNAME] = username
    st.session_state[SIGNED_IN_AT] = dt.datetime.fromtimestamp(cookie_claims(token, key)[1])
    return True


def _sign_out(engine: Engine, authenticator: stauth.Authenticate | None) -> stauth.Authenticate:
    """Clear the session and have the cookie component delete the cookie."""
    authenticator = authenticator or _authenticator(engine)
    if st.session_state.get(state.AUTH_STATUS):
        authenticator.logout(location="unrendered")
    st.session_state.pop(state.VIEWER, None)
    st.session_state.pop(SIGNED_IN_AT, None)
    return authenticator


def _queue_cookie_write(**args) -> None:
    """Ask the browser to have the server set (POST a ticket) or delete (DELETE) the sign-in cookie; drawn
    by _draw_pending_cookie_write."""
    count = st.session_state.get(state.COOKIE_WRITES, 0) + 1
    st.session_state[state.COOKIE_WRITES] = count
    # A new key per write: a component's value stays in the session, so an old "done" must not answer.
    st.session_state[state.PENDING_COOKIE] = {"key": f"dtplan_cookie_{count}", **args}


def _draw_pending_cookie_write() -> None:
    """The request leaves only once the component has mounted, and a rerun before that (the library's
    component that reads all cookies asks for one as it mounts) removes it unmounted: on a loaded machine
    a sign-out then left the cookie in the browser. So the write is drawn again on every run until the
    component reports the server's answer."""
    pending = st.session_state.get(state.PENDING_COOKIE)
    if pending is None:
        return
    data = {**pending, "url": SESSION_PATH}
    result = _cookie_request(key=pending["key"], data=data, default={"done": None}, on_done_change=_ignore)
    if result.done:
        st.session_state.pop(state.PENDING_COOKIE, None)


def _ignore() -> None:
    """The component's answer needs a callback to be kept; reading it on the next run is all it takes."""


def sign_in(engine: Engine) -> Viewer | None:
    """Render the sign-in form when needed; return the signed-in viewer (or None)."""
    viewer = _sign_in(engine)
    _draw_pending_cookie_write()
    return viewer


def _sign_in_heading() -> None:
    """Above the form: which product this is and whose plan (the province), so nobody signs in to the
    wrong system. The plan comes from the database; without one, the product's name alone."""
    from dtplan.present.literal import plain_markdown
    from dtplan.web.resources import catalog

    st.title(i18n.APP_TITLE)
    try:
        plan = catalog()
    except Exception:  # no plan loaded yet, or the database is down (the form below says what to do)
        return
    st.markdown(f"**{plain_markdown(plan.province.name)}** · {plain_markdown(plan.plan.title)}")


def _sign_in(engine: Engine) -> Viewer | None:
    authenticator = None
    if st.session_state.pop(state.LOGOUT_REQUESTED, False):
        username = st.session_state.get(state.AUTH_USERNAME)
        if username:
            # First, on the server: every cookie issued so far is void even if the tab is closed before the
            # browser component deletes the cookie.
            accounts.revoke_sessions(engine, username)
            signed_in.forget(username)
            accounts.record_logout(engine, username, client_address())
        authenticator = _sign_out(engine, authenticator)
    st.session_state[state.SIGNED_IN_BY_FORM] = False
    ended = False
    if st.session_state.get(state.AUTH_STATUS) or _signed_in_by_cookie(engine):
        username = st.session_state.get(state.AUTH_USERNAME) or ""
        # Every run of a signed-in session checks the account (disabled, revoked): from a short-lived
        # shared copy, not a database read per run.
        viewer = signed_in.viewer_for(engine, username, st.session_state.get(SIGNED_IN_AT))
        if viewer is not None:
            st.session_state[state.VIEWER] = viewer
            return viewer
        # Disabled, revoked (signed out elsewhere, new password) or a demo account in a real database.
        authenticator = _sign_out(engine, authenticator)
        ended = True
    authenticator = authenticator or _authenticator(engine)
    _sign_in_heading()
    authenticator.login(location="main", fields=i18n.LOGIN_FIELDS, key="dtplan_login")
    if st.session_state.get(state.AUTH_STATUS):
        st.session_state[state.SIGNED_IN_BY_FORM] = True
        viewer = accounts.viewer_for(engine, st.session_state.get(state.AUTH_USERNAME) or "")
        if viewer is not None:
            st.session_state[state.VIEWER] = viewer
            return viewer
        _sign_out(engine, authenticator)
    st.session_state.pop(state.VIEWER, None)
    now = dt.datetime.now()
    blocked = st.session_state.get(state.ADDRESS_BLOCKED)
    until = st.session_state.get(state.LOGIN_LOCKED)
    if blocked is not None and blocked > now:
        st.error(ADDRESS_BLOCKED.format(until=i18n.datetime(blocked)))
    elif until is not None and until > now:
        st.error(i18n.LOGIN_LOCKED.format(until=i18n.datetime(until)))
    elif st.session_state.get(state.AUTH_STATUS) is False:
        st.error(i18n.LOGIN_FAILED)
    elif ended:
        st.info(SESSION_ENDED)
    return None


def signed_in_by_form_this_run() -> bool:
    """True on the run in which the form signed the user in: that run must end normally (no page switch),
    or the browser never mounts the component that writes the cookie."""
    return bool(st.session_state.get(state.SIGNED_IN_BY_FORM))


def _request_logout() -> None:
    st.session_state[state.LOGOUT_REQUESTED] = True


def logout_button() -> None:
    """A plain button: the sign-out itself runs at the top of the next run, where the library's object
    (and its cookie component, which deletes the cookie) is built only then."""
    if st.session_state.get(state.AUTH_STATUS):
        st.sidebar.button(i18n.LOGOUT, key="dtplan_logout", on_click=_request_logout)
