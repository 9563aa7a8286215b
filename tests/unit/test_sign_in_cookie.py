"""The sign-in cookie read on the server (dtplan.web.auth.cookie_username): only a token signed with our key,
naming a user and not yet expired, signs anyone in. (The browser test of a reload checks that the tokens
streamlit-authenticator writes are read back.)"""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from dtplan.web.auth import ConfigurationError, cookie_key, cookie_username, forwarded_client, issue_token

KEY = "khoa-bi-mat-thu-cua-ban-chi-dao-tinh"
NOW = dt.datetime(2023, 6, 15, 9, 0)
TOMORROW = (NOW + dt.timedelta(days=1)).timestamp()
FORGER_KEY = "khoa-khac-cua-ke-gia-mao-dai-32-byte"


def token(payload: dict, key: str = KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def test_a_valid_token_names_its_user():
    assert cookie_username(token({"username": "lanhdao", "exp_date": TOMORROW}), KEY, NOW) == "lanhdao"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (None, "no cookie"),
        ("", "empty cookie"),
        ("not-a-jwt", "malformed"),
        (token({"username": "lanhdao", "exp_date": TOMORROW}, FORGER_KEY), "forged"),
        (token({"username": "lanhdao", "exp_date": (NOW - dt.timedelta(seconds=1)).timestamp()}), "expired"),
        (token({"username": "lanhdao", "exp_date": NOW.timestamp()}), "expires now"),
        (token({"username": "lanhdao"}), "no expiry"),
        (token({"exp_date": TOMORROW}), "no user"),
        (token({"username": ["lanhdao"], "exp_date": TOMORROW}), "user not text"),
        (token({"username": "lanhdao", "exp_date": "mai"}), "expiry not a number"),
    ],
)
def test_anything_else_signs_nobody_in(value, why):
    assert cookie_username(value, KEY, NOW) is None, why


def test_an_unsigned_token_is_refused():
    unsigned = jwt.encode({"username": "quantri", "exp_date": 4e9}, None, algorithm="none")
    assert cookie_username(unsigned, KEY, NOW) is None


# --- revocation: a token issued before the user's valid_after (sign-out, new password) signs nobody in ---

SIGNED_OUT = NOW + dt.timedelta(minutes=5)


def revoked_at(when: dt.datetime | None):
    return lambda username: when


def test_a_token_issued_before_the_sign_out_is_refused_and_one_issued_after_is_accepted():
    before = issue_token("lanhdao", KEY, NOW, 7)
    after = issue_token("lanhdao", KEY, SIGNED_OUT + dt.timedelta(seconds=1), 7)
    check_at = SIGNED_OUT + dt.timedelta(minutes=1)
    assert cookie_username(before, KEY, check_at, valid_after=revoked_at(SIGNED_OUT)) is None
    assert cookie_username(after, KEY, check_at, valid_after=revoked_at(SIGNED_OUT)) == "lanhdao"
    assert cookie_username(before, KEY, check_at, valid_after=revoked_at(None)) == "lanhdao"  # never revoked


def test_a_token_the_library_wrote_without_iat_is_dated_from_its_expiry(monkeypatch):
    """streamlit-authenticator 0.4.2 writes {username, exp_date} only: issued = exp_date − cookie days."""
    monkeypatch.setenv("DTPLAN_COOKIE_DAYS", "7")
    library_token = token({"username": "nhoquan", "exp_date": (NOW + dt.timedelta(days=7)).timestamp()})
    check_at = SIGNED_OUT + dt.timedelta(minutes=1)
    assert cookie_username(library_token, KEY, check_at, valid_after=revoked_at(SIGNED_OUT)) is None
    earlier = revoked_at(NOW - dt.timedelta(minutes=1))
    assert cookie_username(library_token, KEY, check_at, valid_after=earlier) == "nhoquan"


def test_issued_tokens_carry_the_issue_time_and_the_library_claims():
    claims = jwt.decode(issue_token("quantri", KEY, NOW, 2), KEY, algorithms=["HS256"], options={"verify_iat": False})
    assert claims == {
        "username": "quantri",
        "iat": NOW.timestamp(),
        "exp_date": (NOW + dt.timedelta(days=2)).timestamp(),
    }


# --- the cookie key: HS256 with a short key can be guessed offline from any cookie ---


@pytest.mark.parametrize("key", ["x", "k" * 31, "khóa-ngắn-dưới-32-byte"])
def test_a_cookie_key_under_32_bytes_is_refused(monkeypatch, key):
    monkeypatch.setenv("DTPLAN_COOKIE_KEY", key)
    with pytest.raises(ConfigurationError, match="ít nhất 32 byte"):
        cookie_key(None)


def test_a_cookie_key_of_32_bytes_is_accepted(monkeypatch):
    monkeypatch.setenv("DTPLAN_COOKIE_KEY", "k" * 32)
    assert cookie_key(None) == "k" * 32


@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the first entries come from the client: forgeable
        ("", None),
        (None, None),
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_last_forwarded_address(header, client):
    assert forwarded_client(header) == client
