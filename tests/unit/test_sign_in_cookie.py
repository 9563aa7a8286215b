"""The sign-in cookie read on the server (dtplan.auth.cookie_username): only a token signed with our key,
naming a user and not yet expired, signs anyone in. (The browser test of a reload checks that the tokens
streamlit-authenticator writes are read back.)"""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from dtplan.auth import cookie_username

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
