"""The route that sets the sign-in cookie (dtplan/web/session_cookie.py), called as Starlette serves it:
HttpOnly and SameSite=Strict always, Secure when configured, a ticket only once and only while fresh."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette

from dtplan.web import session_cookie
from dtplan.web.session_cookie import REQUEST_HEADER, SESSION_PATH, TICKETS, Tickets


def call(
    method: str, body: bytes = b"", header: bool = True, path: str = SESSION_PATH, parts: list[bytes] | None = None
) -> tuple[int, dict]:
    """(status, headers) of one request to the routes serve.py adds, through Starlette's own ASGI app. The body
    arrives in 4 KB parts (or `parts`, which is left holding what the route never read)."""
    app = Starlette(routes=session_cookie.routes())
    sent: list[dict] = []
    headers = [(REQUEST_HEADER.lower().encode(), b"1")] if header else []

    if parts is None:
        parts = [body[i : i + 4096] for i in range(0, len(body), 4096)] or [b""]

    async def receive():
        part = parts.pop(0)
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
    }
    # A thread of its own: in a worker that has run browser tests, Playwright's loop runs in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer: dict[str, list[str]] = {}
    for name, value in start["headers"]:
        answer.setdefault(name.decode().lower(), []).append(value.decode())
    return start["status"], answer


def attributes(set_cookie: str) -> dict[str, str]:
    name_value, *rest = [part.strip() for part in set_cookie.split(";")]
    found = {"": name_value}
    for part in rest:
        key, _, value = part.partition("=")
        found[key.lower()] = value
    return found


def test_a_fresh_ticket_sets_an_httponly_strict_cookie_once(monkeypatch):
    monkeypatch.setenv("DTPLAN_COOKIE_DAYS", "2")
    monkeypatch.delenv("DTPLAN_COOKIE_SECURE", raising=False)
    ticket = TICKETS.issue("the.signed.token")
    status, headers = call("POST", ticket.encode())
    assert status == 204 and headers["cache-control"] == ["no-store"]
    (cookie,) = headers["set-cookie"]
    found = attributes(cookie)
    assert found[""] == f"{session_cookie.COOKIE_NAME}=the.signed.token"
    assert "httponly" in found and found["samesite"].lower() == "strict" and found["path"] == "/"
    assert found["max-age"] == str(2 * 86400)
    assert "secure" not in found
    # Used once: the same ticket again sets nothing.
    status, headers = call("POST", ticket.encode())
    assert status == 403 and "set-cookie" not in headers


def test_the_cookie_is_secure_when_the_setting_says_so(monkeypatch):
    monkeypatch.setenv("DTPLAN_COOKIE_SECURE", "1")
    status, headers = call("POST", TICKETS.issue("t").encode())
    assert status == 204 and "secure" in attributes(headers["set-cookie"][0])


@pytest.mark.parametrize("body", [b"", b"not-a-ticket", b"x" * 10_000, "vé".encode()])
def test_an_unknown_ticket_sets_nothing(body):
    status, headers = call("POST", body)
    assert status == 403 and "set-cookie" not in headers


def test_a_live_ticket_with_more_after_it_sets_nothing_and_a_large_body_is_not_read_to_its_end():
    ticket = TICKETS.issue("t")
    parts = [ticket.encode()] + [b"x" * 4096] * 1000  # 4 MB
    assert call("POST", parts=parts)[0] == 403
    assert len(parts) > 990  # it stopped after a ticket's length, not at the end of the 4 MB


def test_a_request_without_the_header_sets_nothing_and_leaves_the_ticket_usable():
    ticket = TICKETS.issue("t")
    status, headers = call("POST", ticket.encode(), header=False)
    assert status == 403 and "set-cookie" not in headers
    assert call("DELETE", header=False)[0] == 403
    assert call("POST", ticket.encode())[0] == 204


def test_delete_clears_the_cookie_with_the_same_attributes():
    status, headers = call("DELETE")
    found = attributes(headers["set-cookie"][0])
    assert status == 204 and found["max-age"] == "0" and "httponly" in found and found["path"] == "/"
    assert found[""] in (f"{session_cookie.COOKIE_NAME}=", f'{session_cookie.COOKIE_NAME}=""')


def test_other_methods_are_refused():
    assert call("GET")[0] == 405


def test_a_ticket_expires_and_expired_ones_are_dropped():
    now = [1000.0]
    tickets = Tickets(clock=lambda: now[0], lifetime=60)
    old = tickets.issue("old")
    now[0] += 61
    assert tickets.redeem(old) is None
    stale = tickets.issue("stale")
    now[0] += 61
    fresh = tickets.issue("fresh")  # issuing drops what has expired: the waiting list cannot grow
    assert len(tickets) == 1
    assert tickets.redeem(stale) is None and tickets.redeem(fresh) == "fresh"
    assert tickets.issue("a") != tickets.issue("a")


def test_the_page_sends_the_header_the_route_asks_for():
    assert f'"{REQUEST_HEADER}": "1"' in session_cookie.BROWSER_JS
