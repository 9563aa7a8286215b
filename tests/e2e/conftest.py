"""Browser fixtures: a real `streamlit run serve.py` (app.py with the cookie route) on a private demo
database, and Debian's Chromium driven by Playwright's sync API (pytest-playwright is not used: one browser
per worker, started here).

Costs on 2 cores: a server start ≈ 3–4 s, a Chromium context ≈ 130 MB; so one shared server per
worker, fresh servers only where the test is about a fresh server, and at most 3 contexts at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from dtplan import i18n
from dtplan.present import heatmap
from tests.conftest import ROOT, free_port, missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
FULL_HD = {"width": 1920, "height": 1080}
SHOTS = Path(os.environ.get("DTPLAN_SHOTS", "/tmp/dtplan-shots"))
LOGOUT_BUTTON = f"button:has-text('{i18n.LOGOUT}')"


# --- the server ---------------------------------------------------------------------------------------


@dataclass
class StreamlitServer:
    """One `streamlit run` subprocess (own process group, so stopping it leaves nothing behind)."""

    process: subprocess.Popen
    url: str
    database_url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def server_flags(port: int) -> list[str]:
    """The options of every test or benchmark server beyond .streamlit/config.toml (headless, no file
    watcher, no statistics, as in production): its port, on the loopback only."""
    return ["--server.port", str(port), "--server.address", "127.0.0.1"]


def start_server(workdir: Path, database_url: str, app: str = "serve.py", timeout: float = 60) -> StreamlitServer:
    """Start Streamlit on a free port and wait until /_stcore/health answers "ok"."""
    home = workdir / "home"  # whatever Streamlit writes under $HOME stays private to the test
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "DTPLAN_DATABASE_URL": database_url, "HOME": str(home)}
    env.pop("DTPLAN_COOKIE_KEY", None)
    log = workdir / f"streamlit-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                app,
                *server_flags(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = StreamlitServer(process, f"http://127.0.0.1:{port}", database_url, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}", pytrace=False)


def _private_demo_db(template: Path, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def app_server(demo_sqlite_template, tmp_path_factory, browser):
    """One server per worker on its own copy of the demo database (tests must not lock its accounts).

    Opened once at "/" before any test uses it, as a deployment's first visit does: until app.py has run
    once, Streamlit serves page URLs in its page-directory mode (tested on its own with fresh_server), and
    a test that happened to come first on a worker would see that mode instead of the app."""
    workdir = tmp_path_factory.mktemp("e2e-server")
    server = start_server(workdir, _private_demo_db(demo_sqlite_template, workdir))
    context = browser.new_context(viewport=FULL_HD)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for(timeout=60_000)
    finally:
        context.close()
    yield server
    server.stop()


@pytest.fixture
def fresh_server(demo_sqlite_template, tmp_path):
    """A server no session has visited yet (Streamlit is still in page-directory mode), own database."""
    server = start_server(tmp_path, _private_demo_db(demo_sqlite_template, tmp_path))
    yield server
    server.stop()


# --- the browser --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing("Chromium không có trên máy (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("thiếu gói playwright (pip install -r requirements-dev.txt)")
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken Chromium install is "missing", not a test failure
            missing(f"không khởi động được Chromium: {exc}")
        yield instance
        instance.close()


@pytest.fixture
def new_context(browser):
    """Factory of browser contexts, all closed at the end of the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", FULL_HD)
        options.setdefault("locale", "vi-VN")
        context = browser.new_context(**options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def signed_in_state(browser, app_server, tmp_path_factory):
    """storage_state (the authenticator's cookie) of a user signed in once on the shared server."""
    cache: dict[str, dict] = {}

    def get(user: str) -> dict:
        if user not in cache:
            context = browser.new_context(viewport=FULL_HD)
            try:
                page = context.new_page()
                goto(page, app_server.url + "/", signed_in=False)
                sign_in(page, user)
                cache[user] = context.storage_state()
            finally:
                context.close()
        return cache[user]

    return get


@pytest.fixture
def own_account(app_server):
    """A new account on the shared server, like a demo one, for a test that signs out: signing out ends every
    session of the account, so doing it with a demo account would sign out the other tests using it."""
    from dtplan import store
    from dtplan.store import accounts

    engine = store.make_engine(app_server.database_url)
    made = []

    def make(like: str) -> str:
        template = next(u for u in accounts.list_users(engine) if u["username"] == like)
        username = f"{like}-{len(made)}-{os.getpid()}-{time.monotonic_ns() % 100_000}"
        with store.transaction(engine) as session:
            accounts.add_user(
                session,
                store.read_catalog(engine),
                username,
                template["full_name"],
                template["role"],
                template["unit"],
                "demo",
                actor="pytest",
                is_demo=True,
                check_strength=False,
            )
        made.append(username)
        return username

    yield make
    engine.dispose()


# --- helpers ------------------------------------------------------------------------------------------


def wait_ready(page, timeout: float = 30, settle: float = 0.4) -> None:
    """Wait until the script has finished and stayed finished for `settle` seconds.

    Around sign-in and sign-out the authenticator's cookie component triggers a second run a moment
    after the first one ends, so "notRunning" once is not enough.
    """
    deadline = time.monotonic() + timeout
    while True:
        page.wait_for_selector(READY, timeout=max(1, deadline - time.monotonic()) * 1000)
        page.wait_for_timeout(settle * 1000)
        quiet = page.evaluate(
            """() => !!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')
                && !document.querySelector('[data-testid=stSpinner]')
                && !document.querySelector('[data-testid=stStatusWidgetRunningIcon]')
                && !document.querySelector('[data-testid=stStatusWidgetRunningManIcon]')"""
        )
        if quiet:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"page never settled: {page.url}")


def wait_signed_in(page, timeout: float = 30) -> None:
    """Signed in: the logout button is drawn (app.py draws it only for a signed-in viewer; the kiosk
    with ?kiosk=1 has none: wait for its charts instead). A timeout says what the page showed instead."""
    try:
        page.wait_for_selector(LOGOUT_BUTTON, state="attached", timeout=timeout * 1000)
    except Exception as exc:
        raise AssertionError(
            f"not signed in after {timeout:g} s on {page.url}: {error_texts(page)} "
            f"{body_text(page)[:800]!r} {failure_shot(page)}"
        ) from exc
    wait_ready(page, timeout)


def sign_in(page, user: str, password: str = "demo", expect_success: bool = True, timeout: float = 30) -> None:
    """Fill streamlit-authenticator's form (labels from dtplan.i18n.LOGIN_FIELDS) and submit, once the page's
    runs have ended. A click sent before the cookie component's rerun can be lost: that rerun interrupts the
    submit's run before it reads the button, and Streamlit does not replay a form's button into the next run,
    so the form stays filled and nothing happens."""
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).wait_for(timeout=timeout * 1000)
    wait_ready(page, timeout)
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).fill(user)
    page.get_by_label(i18n.LOGIN_FIELDS["Password"]).fill(password)
    page.get_by_role("button", name=i18n.LOGIN_FIELDS["Login"]).click()
    if expect_success:
        wait_signed_in(page, timeout)
    else:
        page.wait_for_timeout(150)
        wait_ready(page, settle=0.25)


def page_path(spec) -> str:
    """The URL path of a page on a server that runs app.py: the default page lives at "/"."""
    from dtplan.web import navigation

    return "" if spec.default else navigation.url_path(spec)


def goto(page, url: str, signed_in: bool = True) -> None:
    page.goto(url)
    try:
        if signed_in:
            wait_signed_in(page)
        else:
            wait_ready(page)
    except Exception as exc:
        raise AssertionError(f"{url} never became ready: {failure_shot(page)}\n{body_text(page)[:1500]}") from exc


def failure_shot(page) -> Path:
    """A screenshot of the page as it was when a wait failed (path in the assertion message)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"failure-{time.strftime('%H%M%S')}-{os.getpid()}.png"
    with contextlib.suppress(Exception):  # a courtesy: never hide the real failure behind it
        page.screenshot(path=path, full_page=True)
    return path


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def body_text(page) -> str:
    return page.locator("body").inner_text()


def error_texts(page) -> list[str]:
    """Exceptions and error boxes on screen (warnings and infos are not errors)."""
    exceptions = page.locator("[data-testid=stException]").all_inner_texts()
    errors = page.locator("[data-testid=stAlertContentError]").all_inner_texts()
    return exceptions + errors


def selectbox_values(page) -> dict[str, str]:
    """{label: shown value} of every selectbox (the value is an input's value, not text)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-testid=stSelectbox] input')]
            .map(i => [i.getAttribute('aria-label'), i.value]))"""
    )


def choose_option(page, label: str, option: str, typed: str | None = None, attempts: int = 3) -> None:
    """Pick an option of the selectbox labelled `label`, typing `typed` (or the option) to filter it first:
    a long list draws only the options in view.

    The menu can close again right after the click that opened it: under a two-core load Chromium moved
    the focus from the input to the form's container and back, with no script run, in 3 of 12 tries, and
    text typed into a closed menu filters nothing. A person clicks again; so does this."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator(f"[data-testid=stSelectbox] input[aria-label='{label}']")
    name = re.compile("^" + re.escape(option)) if typed else option
    wanted = page.get_by_role("option", name=name, exact=typed is None or None)
    for attempt in range(1, attempts + 1):
        box.click()
        box.fill(typed or option)
        try:
            wanted.click(timeout=10_000)
            return
        except PlaywrightTimeout as exc:
            if attempt == attempts:
                shot = failure_shot(page)
                raise AssertionError(f"{label}: no option {option!r} after {attempts} tries: {shot}") from exc
            page.keyboard.press("Escape")


# A chart: every chart is drawn on the server as SVG (web.picture); no page draws one with Vega.
CHART = "[data-dt-chart]"


def charts_drawn(page) -> tuple[int, int]:
    """(charts on the page, charts whose SVG is drawn with a non-zero size)."""
    return page.evaluate(
        """(selector) => {
            const charts = [...document.querySelectorAll(selector)];
            const drawn = charts.filter(c => [...c.querySelectorAll('svg.marks')]
                .some(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }));
            return [charts.length, drawn.length];
        }""",
        CHART,
    )


HEATMAP_CELL = f"[{heatmap.MARK}] td[{heatmap.CELL_ATTR}]"  # a cell of the reporting heat map (an HTML table)


def heatmap_cell_heights(page) -> list[float]:
    """The drawn height of each cell of the page's reporting heat maps."""
    return page.evaluate(
        "(cell) => [...document.querySelectorAll(cell)].map(c => c.getBoundingClientRect().height)", HEATMAP_CELL
    )


def chart_texts(page) -> list[str]:
    """Every text drawn in the page's charts."""
    return page.locator(f"{CHART} svg text").all_text_contents()


def wait_charts(page, timeout: float = 20, at_least: int = 0) -> int:
    """Wait until every chart on the page (and at least `at_least`) is drawn; return how many there are."""
    deadline = time.monotonic() + timeout
    while True:
        total, drawn = charts_drawn(page)
        if total == drawn >= at_least:
            return total
        if time.monotonic() > deadline:
            raise AssertionError(f"{total - drawn} of {total} charts not drawn on {page.url}")
        page.wait_for_timeout(100)


class FrameLog:
    """Everything the server sent over the websocket, as bytes (names hidden in selectbox options,
    chart data and tables are in here even when they are not on screen)."""

    def __init__(self, page):
        self.frames: list[bytes] = []
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framereceived", self._received)

    def _received(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else str(payload).encode())

    def clear(self) -> None:
        self.frames.clear()

    def around(self, text: str, width: int = 300) -> str:
        """The bytes around the first occurrence of `text` (for the assertion message)."""
        needle = text.encode("utf-8")
        for frame in self.frames:
            at = frame.find(needle)
            if at >= 0:
                return frame[max(0, at - width) : at + width].decode("utf-8", "replace")
        return ""

    def contains(self, text: str) -> bool:
        needle = text.encode("utf-8")
        return any(needle in frame for frame in self.frames)
