"""The sign-in cookie, set by the server with HttpOnly: no script in the page can read or copy it.

Streamlit speaks to the browser over a websocket, and a websocket message cannot set a cookie; only an
HTTP response can. So the run that signs someone in leaves the signed token here under a one-time ticket,
a small component in the page posts the ticket to SESSION_PATH, and that route answers with Set-Cookie.
A ticket works once, for TICKET_SECONDS, in this process only (nginx keeps a browser on one replica).
Sign-out sends DELETE to the same path; the revocation itself is on the server (accounts.revoke_sessions).
The routes are served by serve.py (`streamlit run serve.py`), which runs app.py with them.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable

COOKIE_NAME = "dtplan_auth"
SESSION_PATH = "/dtplan-session"
TICKET_SECONDS = 60.0
# Asked of every request: a cross-site form cannot send a custom header, and fetch() can only with CORS,
# which this server never grants.
REQUEST_HEADER = "X-Dtplan-Session"
MAX_TICKET_CHARS = 128


def cookie_days() -> float:
    """How long a sign-in lasts; a wall-screen kiosk needs days, not hours (DTPLAN_COOKIE_DAYS)."""
    try:
        return max(0.01, float(os.environ.get("DTPLAN_COOKIE_DAYS", "7")))
    except ValueError:
        return 7.0


def cookie_secure() -> bool:
    """DTPLAN_COOKIE_SECURE=1 behind HTTPS: the browser then sends the cookie over HTTPS only."""
    return os.environ.get("DTPLAN_COOKIE_SECURE", "").strip().lower() in ("1", "true", "yes")


class Tickets:
    """Tokens waiting for the browser to fetch them as a cookie: each ticket once, before it expires."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, lifetime: float = TICKET_SECONDS) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._lock = threading.Lock()
        self._waiting: dict[str, tuple[str, float]] = {}

    def issue(self, token: str) -> str:
        ticket = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._waiting = {t: item for t, item in self._waiting.items() if item[1] > now}
            self._waiting[ticket] = (token, now + self._lifetime)
        return ticket

    def redeem(self, ticket: str) -> str | None:
        """The token, the first time a live ticket is shown; None otherwise (used, expired, unknown)."""
        with self._lock:
            item = self._waiting.pop(ticket, None)
        if item is None or item[1] <= self._clock():
            return None
        return item[0]

    def __len__(self) -> int:
        with self._lock:
            return len(self._waiting)


TICKETS = Tickets()


def cookie_attributes() -> dict:
    """Starlette's set_cookie/delete_cookie arguments besides name and value."""
    return {"path": "/", "secure": cookie_secure(), "httponly": True, "samesite": "strict"}


async def _session(request):
    from starlette.responses import Response

    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if request.headers.get(REQUEST_HEADER) != "1":
        response.status_code = 403
        return response
    if request.method == "DELETE":
        response.delete_cookie(COOKIE_NAME, **cookie_attributes())
        return response
    body = b""
    async for chunk in request.stream():  # never more than a ticket's length in memory, whatever is sent
        body += chunk
        if len(body) > MAX_TICKET_CHARS:
            break
    token = None if len(body) > MAX_TICKET_CHARS else TICKETS.redeem(body.decode("ascii", "replace"))
    if token is None:
        response.status_code = 403
        return response
    response.set_cookie(COOKIE_NAME, token, max_age=int(cookie_days() * 86400), **cookie_attributes())
    return response


def routes() -> list:
    """The routes serve.py adds to Streamlit's own."""
    from starlette.routing import Route

    return [Route(SESSION_PATH, _session, methods=["POST", "DELETE"])]


# The browser side: posts the ticket (or DELETE) once per write key and reports the answer, which a rerun
# reads. A module loaded once per page: a write drawn again by later runs is not sent twice.
BROWSER_JS = """
const sent = new Set();
export default function (component) {
  const { data, setStateValue } = component;
  if (!data || sent.has(data.key)) return;
  sent.add(data.key);
  fetch(data.url, {
    method: data.method,
    body: data.method === "POST" ? data.ticket : undefined,
    credentials: "same-origin",
    cache: "no-store",
    headers: { "X-Dtplan-Session": "1" },
  }).then(
    (answer) => setStateValue("done", answer.ok ? "ok" : "refused " + answer.status),
    () => setStateValue("done", "failed"),
  );
}
"""
