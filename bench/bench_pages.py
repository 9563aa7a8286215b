"""Page speed: the round trip of a rerun as a client sees it, and each page's time in Chromium from
navigation to fully drawn, next to a bare one-line Streamlit page measured in the same run; and the
server-side time of the rerun that follows a change of the as-of month.

    .venv/bin/python bench/bench_pages.py [--quick] [--rounds 5] [--reruns 20] [--round-trip-only]

Round trip (first, without Chromium): one websocket session per page (bench/ws_client.py, Streamlit's
protocol, signed in by the app's cookie), warmed by three runs, then --reruns reruns of every page
interleaved with the bare page's: from `rerun_script` sent to `script_finished` received — the script
and everything Streamlit does after it (its post-run garbage collection, the messages). "script" is the
page script's own time as bench/timed_streamlit.py logged it, "elements" the delta messages of one rerun.

How it measures
- Four `streamlit run` processes on this machine, started here on a fresh demo SQLite database: app.py,
  bench/bare_app.py (one st.write line), bench/auth_app.py (dtplan's sign-in and one line: what every
  page pays before its own content) and bench/reference_app.py (the bare page plus one five-bar chart,
  one five-row table, or both: what Streamlit's browser side charges for the least content a dashboard
  page has, with no dtplan code). All go through bench/timed_streamlit.py, which logs the
  server time of every script execution (a JSON line each) without changing the app.
- "Fully drawn": `[data-testid=stApp][data-test-script-state=notRunning]`, no spinner, every chart (Vega
  or drawn on the server) and every table drawn (a canvas/svg with a size), the page menu and the page
  title present (the kiosk: its charts) — and it stays so, with no element added, for 1 s (charts and
  tables are loaded lazily and may appear after the script has ended). The time is the page's
  performance.now() when that final quiet state began (i.e. since the navigation started).
- "× bare": the page's median over the bare page's median; "paired": the median of each page load over
  the bare load measured just before it — the two meet the same moment of a shared machine, whose speed
  drifts by a quarter within a run (the goal is read on this one).
- Each page is opened with a full navigation (a new Streamlit session, as a reload or a link does),
  signed in by the authenticator's cookie (lanhdao; quantri for the admin pages). One warm-up round,
  then --rounds rounds, pages and bare page interleaved; medians are printed.
- "runs": script executions the server logged for one page load (1 when signed in by the cookie);
  "server/load": their summed server time.
- Rerun: on each data page, the sidebar's as-of selectbox is changed in the browser; the server time is
  the sum of the script executions logged between the click and the quiet state (normally one). "new"
  is a month not yet shown on that page (its views are not cached), "seen" a month shown before.

Goals (the dashboard's speed targets): each page ≤ 1.5× the bare page; the as-of rerun ≤ 150 ms on the
server. The reference rows show how much of the 1.5× one chart or one table already takes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

import ws_client  # noqa: E402

from dtplan import i18n  # noqa: E402
from dtplan.web import navigation  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, server_flags  # noqa: E402

QUIET_MS = 1000
READY_JS = """(markers) => {
    const app = document.querySelector('[data-testid=stApp]');
    const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid=stSpinner]')
        && !document.querySelector('[data-testid=stStatusWidgetRunningIcon]');
    const sized = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart], [data-dt-chart]')];
    const tables = [...document.querySelectorAll('[data-testid=stDataFrame]')];
    const drawn = charts.every(c => [...c.querySelectorAll('canvas, svg.marks')].some(sized))
        && tables.every(t => [...t.querySelectorAll('canvas')].some(sized));
    const ready = idle && drawn && markers.every(m => !!document.querySelector(m));
    // What is on screen: a lazily loaded element (a chart, a table) may appear after the script ended.
    const shape = document.querySelectorAll('[data-testid=stElementContainer]').length
        + '/' + charts.length + '/' + tables.length;
    return [performance.now(), ready, shape];
}"""
# Signed in and drawn: the page menu and the page's title (the kiosk has neither: its charts instead).
APP_MARKER = ["[data-testid=stSidebarNav]", "[data-testid=stMain] h1"]
KIOSK_MARKER = ["[data-testid=stVegaLiteChart], [data-dt-chart]"]
BARE_MARKER = ["[data-testid=stMarkdown]"]
REFERENCE_CONTENT = ("chart", "table", "chart+table")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, app: str, database_url: str, workdir: Path, name: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}-runs.jsonl"
        self.log.touch()
        home = workdir / "home"
        home.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DTPLAN_DATABASE_URL": database_url,
            "HOME": str(home),
            "BENCH_TIMING_LOG": str(self.log),
            "DTPLAN_COOKIE_KEY": ws_client.COOKIE_KEY,  # so the websocket client can sign its own cookie
        }
        self.output = (workdir / f"{name}.out").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "timed_streamlit.py"),
                app,
                *server_flags(self.port),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            ws_client.wait_healthy(self.url)
        except SystemExit:
            self.stop()
            raise

    def runs_since(self, since: float) -> list[dict]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [r for r in map(json.loads, lines) if r["at"] >= since]

    def stop(self) -> None:
        ws_client.stop_process(self.process, self.output)


def drawn_at(page, marker: list[str], timeout: float = 60) -> float:
    """performance.now() (ms since the navigation started) when the final quiet, drawn state began: the
    script finished, every chart and table drawn, and nothing added to the page for QUIET_MS."""
    deadline = time.monotonic() + timeout
    streak_start = None
    streak_shape = None
    while time.monotonic() < deadline:
        now, ready, shape = page.evaluate(READY_JS, marker)
        if ready and shape == streak_shape:
            if now - streak_start >= QUIET_MS:
                return streak_start
        elif ready:
            streak_start, streak_shape = now, shape
        else:
            streak_start = streak_shape = None
        page.wait_for_timeout(25)
    raise RuntimeError(f"{page.url} was never fully drawn")


def load(page, url: str, marker: list[str], leave: bool = False) -> float:
    """Navigate, and time until drawn. With `leave`, the tab then goes to the server's tiny health page:
    a Streamlit page left open keeps working behind the others (the kiosk reruns on its timer), and the
    teardown of a page (its session, its charts) would be charged to the next navigation's clock."""
    # The tab in front, as a screen shows it: Chromium throttles the drawing of a tab behind another one
    # of the same window (several tabs are open here: one per account, the sign-in frame, the bare page).
    page.bring_to_front()
    page.goto(url, wait_until="commit")
    seconds = drawn_at(page, marker) / 1000
    if leave:
        parts = urllib.parse.urlsplit(url)
        page.goto(f"{parts.scheme}://{parts.netloc}/_stcore/health")
    return seconds


def sign_in(browser, base: str, user: str) -> dict:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label(i18n.LOGIN_FIELDS["Username"]).fill(user)
    page.get_by_label(i18n.LOGIN_FIELDS["Password"]).fill("demo")
    page.get_by_role("button", name=i18n.LOGIN_FIELDS["Login"]).click()
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=300_000)  # a loaded shared machine is slow
    drawn_at(page, APP_MARKER)
    state = context.storage_state()
    context.close()
    return state


def page_url(spec: navigation.PageSpec) -> str:
    path = "/" if spec.default else f"/{navigation.url_path(spec)}"
    return path + ("?kiosk=1&rotate=600" if spec.key == "kiosk" else "")


def change_as_of(page, month_label: str) -> None:
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=i18n.SIDEBAR_AS_OF).first
    box.click()
    page.get_by_role("option", name=month_label, exact=True).click()


def round_trips(
    app: Server, bare: Server, reruns: int, pages: list[navigation.PageSpec]
) -> tuple[dict[str, tuple[float, float, int]], float]:
    """The round trip a client sees for a rerun of each page (`rerun_script` sent → `script_finished`
    received over /_stcore/stream, bench/ws_client.py), and the script's own time as the server logged it,
    next to the bare page's round trip, pages and bare page interleaved. Returns {page: (median round
    trip s, median script s, elements)}, bare median s."""

    async def measure():
        bare_session = ws_client.Session(bare.url)
        await bare_session.connect()
        sessions = {}
        for spec in pages:
            user = "lanhdao" if "leader" in spec.roles else "quantri"
            session = ws_client.Session(app.url, username=user)
            await session.connect()
            path, _, query = page_url(spec).lstrip("/").partition("?")
            for _ in range(3):  # warm: the first run imports modules and fills the shared caches
                await session.rerun(path, query)
            sessions[spec.key] = (session, path, query)
        for _ in range(3):
            await bare_session.rerun()
        trips: dict[str, list[float]] = {key: [] for key in sessions}
        scripts: dict[str, list[float]] = {key: [] for key in sessions}
        bare_trips: list[float] = []
        for _ in range(reruns):
            bare_trips.append(await bare_session.rerun())
            for key, (session, path, query) in sessions.items():
                since = time.time()
                trips[key].append(await session.rerun(path, query))
                runs = [r for r in app.runs_since(since) if r["session"]] or [{"seconds": float("nan")}]
                scripts[key].append(runs[-1]["seconds"])
        elements = {key: session.deltas for key, (session, _, _) in sessions.items()}
        for session, _, _ in sessions.values():
            await session.close()
        await bare_session.close()
        result = {key: (statistics.median(trips[key]), statistics.median(scripts[key]), elements[key]) for key in trips}
        return result, statistics.median(bare_trips)

    return asyncio.run(measure())


def print_round_trips(trips: dict[str, tuple[float, float, int]], bare_trip: float) -> None:
    print(
        f"\nround trip of a rerun (websocket client), bare page {bare_trip * 1000:.1f} ms; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    header = f"{'page':<12}{'round trip ms':>15}{'× bare':>8}{'script ms':>11}{'after script ms':>17}{'elements':>10}"
    print(header)
    print("-" * len(header))
    for key, (trip, script, elements) in trips.items():
        print(
            f"{key:<12}{trip * 1000:>15.1f}{trip / bare_trip:>8.1f}{script * 1000:>11.1f}"
            f"{(trip - script) * 1000:>17.1f}{elements:>10}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds, 2 month changes")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reruns", type=int, default=20, help="websocket reruns per page for the round trip")
    parser.add_argument("--round-trip-only", action="store_true", help="no Chromium: the websocket round trips only")
    parser.add_argument("--pages", help="page keys to measure, comma-separated (default: every page)")
    args = parser.parse_args()
    rounds = 2 if args.quick else args.rounds
    changes = 2 if args.quick else 4

    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="dtplan-bench-pages-"))
    database_url = f"sqlite:///{workdir / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "dtplan", "init", "--demo"],
        cwd=ROOT,
        env={**os.environ, "DTPLAN_DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )
    app = Server("serve.py", database_url, workdir, "app")
    bare = Server(str(ROOT / "bench" / "bare_app.py"), database_url, workdir, "bare")
    frame = Server(str(ROOT / "bench" / "auth_app.py"), database_url, workdir, "frame")
    reference = Server(str(ROOT / "bench" / "reference_app.py"), database_url, workdir, "reference")
    chosen = set(args.pages.split(",")) if args.pages else None
    pages = [s for s in navigation.PAGES if chosen is None or s.key in chosen]
    loads: dict[str, list[float]] = {s.key: [] for s in pages}
    server_load: dict[str, list[float]] = {s.key: [] for s in pages}
    run_counts: dict[str, list[int]] = {s.key: [] for s in pages}
    paired: dict[str, list[float]] = {s.key: [] for s in pages}  # each load ÷ the bare load just before it
    bare_loads: list[float] = []
    bare_server: list[float] = []
    frame_loads: list[float] = []
    reference_loads: dict[str, list[float]] = {content: [] for content in REFERENCE_CONTENT}
    reruns: dict[str, dict[str, list[float]]] = {}
    trips, bare_trip = round_trips(app, bare, args.reruns, pages)
    print_round_trips(trips, bare_trip)
    if args.round_trip_only:
        for server in (app, bare, frame, reference):
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        return 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            states = {"lanhdao": sign_in(browser, app.url, "lanhdao"), "quantri": sign_in(browser, app.url, "quantri")}
            contexts = {
                user: browser.new_context(viewport={"width": 1920, "height": 1080}, storage_state=state)
                for user, state in states.items()
            }
            tabs = {user: context.new_page() for user, context in contexts.items()}
            bare_tab = browser.new_page(viewport={"width": 1920, "height": 1080})
            reference_tab = browser.new_page(viewport={"width": 1920, "height": 1080})
            # Cookies ignore the port: the frame server (same HOME, so the same demo cookie key) accepts
            # lanhdao's sign-in cookie.
            frame_tab = contexts["lanhdao"].new_page()
            for round_no in range(rounds + 1):  # round 0 warms caches (browser and server) and is dropped
                since = time.time()
                seconds = load(bare_tab, bare.url + "/", BARE_MARKER, leave=True)
                if round_no:
                    bare_loads.append(seconds)
                    bare_server.append(sum(r["seconds"] for r in bare.runs_since(since)))
                seconds = load(frame_tab, frame.url + "/", ["[data-testid=stMain] h1"], leave=True)
                if round_no:
                    frame_loads.append(seconds)
                for content in REFERENCE_CONTENT:
                    url = f"{reference.url}/?content={urllib.parse.quote(content)}"
                    seconds = load(reference_tab, url, BARE_MARKER, leave=True)
                    if round_no:
                        reference_loads[content].append(seconds)
                for spec in pages:
                    user = "lanhdao" if "leader" in spec.roles else "quantri"
                    # A bare load right before each page: the pair meets the same moment of a shared machine.
                    neighbour = load(bare_tab, bare.url + "/", BARE_MARKER, leave=True)
                    since = time.time()
                    marker = KIOSK_MARKER if spec.key == "kiosk" else APP_MARKER
                    seconds = load(tabs[user], app.url + page_url(spec), marker, leave=True)
                    if round_no:
                        loads[spec.key].append(seconds)
                        paired[spec.key].append(seconds / neighbour)
                        runs = app.runs_since(since)
                        server_load[spec.key].append(sum(r["seconds"] for r in runs))
                        run_counts[spec.key].append(len(runs))
                print(f"round {round_no}/{rounds} done", file=sys.stderr)

            # Reruns after a change of the as-of month, on every page with the sidebar.
            tab = tabs["lanhdao"]
            months = [f"2023-{m:02d}" for m in range(1, 12)]
            for spec in pages:
                if spec.key == "kiosk" or "leader" not in spec.roles:
                    continue
                load(tab, app.url + page_url(spec), APP_MARKER)
                times = {"new": [], "seen": []}
                shown = []
                plan = months[:changes] + months[: changes // 2 + 1]
                for month in plan:
                    kind = "seen" if month in shown else "new"
                    since = time.time()
                    change_as_of(tab, i18n.month(month))
                    drawn_at(tab, APP_MARKER)
                    runs = [r for r in app.runs_since(since) if not r["fragment"]]
                    times[kind].append(sum(r["seconds"] for r in runs))
                    shown.append(month)
                reruns[spec.key] = times
            browser.close()
    finally:
        app.stop()
        bare.stop()
        frame.stop()
        reference.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    base = statistics.median(bare_loads)
    load_avg = os.getloadavg()[0]
    print(f"\nbench_pages: {rounds} rounds, demo data, Chromium {1920}x{1080}; load average {load_avg:.1f}")
    print(
        f"bare page (bench/bare_app.py): {base:.2f} s to drawn, server {statistics.median(bare_server) * 1000:.0f} ms"
    )
    framed = statistics.median(frame_loads)
    print(f"sign-in frame only (bench/auth_app.py, signed in): {framed:.2f} s = {framed / base:.2f}× bare")
    for content, seconds in reference_loads.items():
        median = statistics.median(seconds)
        print(f"reference_app.py, bare + {content:<12}: {median:.2f} s = {median / base:.2f}× bare")
    header = (
        f"{'page':<12}{'drawn (s)':>10}{'× bare':>8}{'paired':>8}{'≤1.5×':>7}{'runs':>6}{'server/load (ms)':>18}"
        f"{'as-of rerun new (ms)':>22}{'seen (ms)':>11}{'≤150':>6}"
    )
    print(header)
    print("-" * len(header))
    for spec in pages:
        median = statistics.median(loads[spec.key])
        ratio = median / base
        pair = statistics.median(paired[spec.key])
        server = statistics.median(server_load[spec.key]) * 1000
        runs = statistics.median(run_counts[spec.key])
        line = (
            f"{spec.key:<12}{median:>10.2f}{ratio:>8.2f}{pair:>8.2f}{'yes' if pair <= 1.5 else 'NO':>7}{runs:>6.0f}"
            f"{server:>18.0f}"
        )
        if spec.key in reruns:
            new = statistics.median(reruns[spec.key]["new"]) * 1000
            seen = statistics.median(reruns[spec.key]["seen"]) * 1000
            line += f"{new:>22.0f}{seen:>11.0f}{'yes' if max(new, seen) <= 150 else 'NO':>6}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
