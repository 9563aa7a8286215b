"""The HTML of each page's address (dtplan.web.entry_page): Streamlit's own, in Vietnamese, with the server's
base URL set before Streamlit's script reads its configuration."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit
from starlette.routing import Match

from dtplan.web import entry_page, navigation

INDEX = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "base"), [(None, "/"), ("", "/"), ("dtplan", "/dtplan/"), ("/a/b/", "/a/b/")])
def test_base_path(option, base):
    assert entry_page.base_path(option) == base


def test_the_page_is_vietnamese_and_names_its_server_before_streamlits_script():
    html = entry_page.entry_html(INDEX, "/")
    assert '<html lang="vi">' in html and 'lang="en"' not in html
    start = html.index('<script>window.__streamlit={BACKEND_BASE_URL:window.location.origin+"/"}</script>')
    assert start < html.index('<script type="module"')  # read once, when Streamlit's script loads
    script = html[start : html.index("</script>", start) + len("</script>")]
    assert html.replace(script, "").replace('<html lang="vi">', '<html lang="en">') == INDEX  # nothing else


def test_a_changed_index_html_is_refused_not_served_half_changed():
    with pytest.raises(ValueError, match=r"index\.html has changed"):
        entry_page.entry_html(INDEX.replace('<html lang="en">', "<html>"), "/")


def _matched(path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return any(route.matches(scope)[0] == Match.FULL for route in entry_page.routes())


def test_every_page_address_is_served_and_nothing_else():
    assert _matched("/")
    for spec in navigation.PAGES:
        assert _matched(f"/{navigation.url_path(spec)}"), spec.key
    for path in ("/_stcore/health", "/_stcore/stream", "/static/js/index.js", "/chi_tieu/_stcore/health"):
        assert not _matched(path), path  # Streamlit's own
    # In a thread of its own: a browser test in the same worker may have left this thread's event loop running.
    with ThreadPoolExecutor(1) as pool:
        response = pool.submit(asyncio.run, entry_page._entry(None)).result()
    assert response.headers["cache-control"] == "no-cache" and b'lang="vi"' in response.body
