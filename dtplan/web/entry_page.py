"""The HTML page a browser first loads at each page's address: Streamlit's own index.html with two changes.

- It tells Streamlit's client where the server is (`window.__streamlit.BACKEND_BASE_URL`). Without it, a
  page opened at its own address (/chi_tieu) first asks /chi_tieu/_stcore/health, gets a 404, and asks the
  root again only after a 100 ms retry delay: every page but Tổng quan paid that on every load, a fifth of
  a page's time in Chromium (bench/bench_pages.py).
- It says the page is in Vietnamese (`lang="vi"`), so a screen reader reads it with a Vietnamese voice
  and the browser does not offer to translate it from English.

Only the pages' own addresses are served here; everything else (scripts, health, the websocket) stays
Streamlit's.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from dtplan.web import navigation

_HEAD = "<head>"


def base_path(option: str | None) -> str:
    """The server's path as the client must see it: "/" or "/prefix/" (server.baseUrlPath)."""
    prefix = (option or "").strip("/")
    return f"/{prefix}/" if prefix else "/"


def entry_html(index_html: str, base: str) -> str:
    """Streamlit's index.html in Vietnamese and with the server's base URL set before its script runs."""
    if _HEAD not in index_html or '<html lang="en">' not in index_html:
        raise ValueError("Streamlit's index.html has changed: check dtplan/web/entry_page.py")
    # Before Streamlit's module script: its configuration is read (and frozen) when that script loads.
    script = f"<script>window.__streamlit={{BACKEND_BASE_URL:window.location.origin+{json.dumps(base)}}}</script>"
    return index_html.replace('<html lang="en">', '<html lang="vi">', 1).replace(_HEAD, _HEAD + script, 1)


def _index_html() -> str:
    import streamlit

    return (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")


@functools.cache
def _page_bytes() -> bytes:
    """Made at the first request, when every configuration option (file, command line) is in."""
    from streamlit import config

    return entry_html(_index_html(), base_path(config.get_option("server.baseUrlPath"))).encode()


async def _entry(_request):
    from starlette.responses import Response

    # As Streamlit serves its index.html: never cached, so a new version of the app is picked up at once.
    return Response(_page_bytes(), media_type="text/html", headers={"Cache-Control": "no-cache"})


def routes() -> list:
    """One route per page address ("/", "/chi_tieu", …), ahead of Streamlit's own."""
    from starlette.routing import Route

    entry_html(_index_html(), "/")  # at start-up: a changed index.html stops the server, not every page
    paths = ["/", *(f"/{navigation.url_path(spec)}" for spec in navigation.PAGES)]
    return [Route(path, _entry, methods=["GET", "HEAD"]) for path in dict.fromkeys(paths)]
