"""Sign-in with streamlit-authenticator 0.4: accounts from the database, throttled, audited.

Built once per run, in app.py only (a second Authenticate in a page raises a duplicate widget key).
The credentials handed to it are a fresh dict of bcrypt hashes (auto_hash=False), never a YAML file.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import Engine

from dtplan import accounts, i18n, state, store
from dtplan.access import Viewer

COOKIE_NAME = "dtplan_auth"
KEY_FILE = Path.home() / ".dtplan" / "cookie_key"


class ConfigurationError(RuntimeError):
    pass


def cookie_key(engine: Engine) -> str:
    """DTPLAN_COOKIE_KEY or Streamlit secrets; a demo database may use a random key kept outside the repo."""
    key = os.environ.get("DTPLAN_COOKIE_KEY", "").strip()
    if not key:
        try:
            key = str(st.secrets.get("cookie_key", "")).strip()
        except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
            key = ""
    if key:
        return key
    if not store.is_demo(engine):
        raise ConfigurationError(
            "Thiếu khóa cookie: đặt biến môi trường DTPLAN_COOKIE_KEY (hoặc cookie_key trong "
            ".streamlit/secrets.toml) trước khi chạy với dữ liệu thật."
        )
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_text(secrets.token_urlsafe(32), encoding="ascii")
        KEY_FILE.chmod(0o600)
    return KEY_FILE.read_text(encoding="ascii").strip()


def cookie_days() -> float:
    """How long a sign-in lasts; a wall-screen kiosk needs days, not hours (DTPLAN_COOKIE_DAYS)."""
    try:
        return max(0.01, float(os.environ.get("DTPLAN_COOKIE_DAYS", "7")))
    except ValueError:
        return 7.0


def _credentials(engine: Engine) -> dict:
    users = accounts.active_credentials(engine, include_demo=store.is_demo(engine))
    return {"usernames": users}


def _throttled_login(engine: Engine, original):
    """Wrap the controller's login: refuse locked names, record every attempt in the audit log."""

    def login(username=None, password=None, *args, **kwargs):
        if not (username and password):  # cookie re-authentication or an empty form
            return original(username, password, *args, **kwargs)
        name = username.lower().strip()
        until = accounts.locked_until(engine, name)
        if until is not None:
            st.session_state[state.LOGIN_LOCKED] = until
            st.session_state[state.AUTH_STATUS] = False
            return False
        ok = original(username, password, *args, **kwargs)
        accounts.record_sign_in(engine, name, bool(ok))
        if not ok:
            until = accounts.locked_until(engine, name)
            st.session_state[state.LOGIN_LOCKED] = until
        else:
            st.session_state.pop(state.LOGIN_LOCKED, None)
        return ok

    return login


def _authenticator(engine: Engine) -> stauth.Authenticate:
    """The library's object: built only when a form or a cookie write/delete is needed, because building it
    mounts its cookie component — an iframe that costs a page load about as much again as a bare page
    and asks for a second script run."""
    authenticator = stauth.Authenticate(
        _credentials(engine),
        COOKIE_NAME,
        cookie_key(engine),
        cookie_days(),
        auto_hash=False,
    )
    # The library sleeps on every signed-out run (0.7 s by default, even after reading the cookie); our own
    # lock after 5 failures guards against guessing, so the sleep would only slow every page load.
    authenticator.attrs["login_sleep_time"] = 0.0
    controller = authenticator.authentication_controller
    controller.login = _throttled_login(engine, controller.login)
    return authenticator


def cookie_username(token: str | None, key: str, now: dt.datetime | None = None) -> str | None:
    """The user named by a sign-in cookie the library issued (HS256 JWT {username, exp_date}), or None
    when it is missing, forged, malformed or expired — the same test as the library's CookieModel."""
    if not token:
        return None
    try:
        data = jwt.decode(token, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    username, expires = data.get("username"), data.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, int | float):
        return None
    if expires <= (now or dt.datetime.now()).timestamp():
        return None
    return username


def _signed_in_by_cookie(engine: Engine) -> bool:
    """Re-sign-in from the cookie read on the server (st.context.cookies), without the cookie component."""
    if st.session_state.get(state.AUTH_LOGGED_OUT):
        return False
    username = cookie_username(st.context.cookies.get(COOKIE_NAME), cookie_key(engine))
    if username is None:
        return False
    st.session_state[state.AUTH_STATUS] = True
    st.session_state[state.AUTH_USERNAME] = username
    return True


def sign_in(engine: Engine) -> Viewer | None:
    """Render the sign-in form when needed; return the signed-in viewer (or None)."""
    authenticator = None
    if st.session_state.pop(state.LOGOUT_REQUESTED, False):
        authenticator = _authenticator(engine)
        authenticator.logout(location="unrendered")  # clears the session and deletes the cookie
        st.session_state.pop(state.VIEWER, None)
    st.session_state[state.SIGNED_IN_BY_FORM] = False
    if not st.session_state.get(state.AUTH_STATUS) and not _signed_in_by_cookie(engine):
        authenticator = authenticator or _authenticator(engine)
        authenticator.login(location="main", fields=i18n.LOGIN_FIELDS, key="dtplan_login")
        st.session_state[state.SIGNED_IN_BY_FORM] = bool(st.session_state.get(state.AUTH_STATUS))
    if st.session_state.get(state.AUTH_STATUS):
        viewer = accounts.viewer_for(engine, st.session_state.get(state.AUTH_USERNAME) or "")
        if viewer is None:  # disabled since the cookie was issued, or a demo account in a real database
            authenticator = authenticator or _authenticator(engine)
            authenticator.logout(location="unrendered")
            st.session_state.pop(state.VIEWER, None)
            st.error(i18n.LOGIN_FAILED)
            return None
        st.session_state[state.VIEWER] = viewer
        return viewer
    st.session_state.pop(state.VIEWER, None)
    until = st.session_state.get(state.LOGIN_LOCKED)
    if until is not None and until > dt.datetime.now():
        st.error(i18n.LOGIN_LOCKED.format(until=i18n.datetime(until)))
    elif st.session_state.get(state.AUTH_STATUS) is False:
        st.error(i18n.LOGIN_FAILED)
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
