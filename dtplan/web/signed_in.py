"""The per-run sign-in check without a database round trip while nothing changed: an account's sign-in
state (its Viewer, disabled or not, its revocation time) is kept per (database, username) for
ACCOUNT_SECONDS, shared by the sessions of the process. A change made elsewhere (another replica, the
CLI's `users disable`) reaches every open session within that time; one made by this process (sign-out,
the admin page) at once, through `forget`."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

from dtplan.domain.access import Viewer
from dtplan.store import accounts

if TYPE_CHECKING:
    from sqlalchemy import Engine

ACCOUNT_SECONDS = 5.0  # a disabled account keeps an open session at most this long (plus one rerun)

_clock = time.monotonic  # (tests replace it)
_states: dict[tuple[str, str], tuple[float, accounts.SignInState]] = {}


def viewer_for(engine: Engine, username: str, signed_in_at: dt.datetime | None = None) -> Viewer | None:
    """accounts.viewer_for, from a state at most ACCOUNT_SECONDS old."""
    key = (str(engine.url), username)
    now = _clock()
    seen = _states.get(key)
    if seen is None or now - seen[0] >= ACCOUNT_SECONDS:
        seen = (now, accounts.sign_in_state(engine, username))
        _states[key] = seen
    return seen[1].viewer_signed_in_at(signed_in_at)


def forget(username: str | None = None) -> None:
    """After this process changed an account (or all of them): read it again on the next check."""
    for key in [k for k in _states if username is None or k[1] == username]:
        _states.pop(key, None)
