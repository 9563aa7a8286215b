"""A small client of Streamlit's websocket protocol for the benchmarks: what a browser tab does on the wire,
without a browser. It connects to /_stcore/stream with the sign-in cookie, sends `rerun_script`
(BackMsg, streamlit.proto) and waits for `script_finished` (ForwardMsg): the round trip a user sees,
including Streamlit's work after the script (its post-run garbage collection, the message queue).

It reports the hashes of the cacheable messages it has received, as the browser does, so the server sends
references for unchanged elements, as it would to a real tab.

Also starts and measures the servers the benchmarks use (`start_server`, `rss_mb`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
COOKIE_NAME = "dtplan_auth"
# Every server started here gets it, and the client signs its own cookie; for a server started elsewhere
# (`make cluster`, then bench_load.py --url) export the same DTPLAN_COOKIE_KEY to both.
COOKIE_KEY = os.environ.get("DTPLAN_COOKIE_KEY") or secrets.token_urlsafe(32)


def sign_in_cookie(username: str, key: str = COOKIE_KEY) -> str:
    """The dtplan sign-in cookie (HS256 JWT {username, exp_date, iat}) as the app issues it."""
    import jwt

    now = dt.datetime.now()
    claims = {"username": username, "exp_date": (now + dt.timedelta(days=1)).timestamp(), "iat": now.timestamp() - 1}
    return jwt.encode(claims, key, "HS256")


@dataclass
class Session:
    """One browser tab: a websocket session of the app at `base` (http://host:port[/prefix])."""

    base: str
    username: str = "lanhdao"
    cookies: dict[str, str] = field(default_factory=dict)
    ws: object = None
    cached: set[str] = field(default_factory=set)
    deltas: int = 0

    async def connect(self) -> None:
        parts = urllib.parse.urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        uri = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        cookies = {COOKIE_NAME: sign_in_cookie(self.username), **self.cookies}
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": f"{parts.scheme}://{parts.netloc}",
        }
        self.ws = await websockets.connect(
            uri,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=120,
            ping_interval=None,  # a busy server answers pings late: that is the figure, not an error
        )

    async def rerun(self, path: str = "", query: str = "", timeout: float = 120) -> float:
        """Send rerun_script for the page at `path` ("" is the default page) and wait for script_finished;
        returns the seconds between the two."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = path
        state.cached_message_hashes.extend(sorted(self.cached))
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self.deltas = 0
        while True:
            data = await asyncio.wait_for(self.ws.recv(), timeout)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if forward.metadata.cacheable and forward.hash:
                self.cached.add(forward.hash)
            if kind in ("delta", "ref_hash"):
                self.deltas += 1
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return time.perf_counter() - started
            elif kind == "page_not_found":
                raise RuntimeError(f"page not found: {path!r}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run APP` on a free port (HOME, DTPLAN_DATABASE_URL, DTPLAN_COOKIE_KEY set), extra
    `--option value` flags passed on."""

    def __init__(self, app: str, database_url: str, workdir: Path, name: str, flags: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        home = workdir / "home"
        home.mkdir(exist_ok=True)
        env = {**os.environ, "DTPLAN_DATABASE_URL": database_url, "HOME": str(home), "DTPLAN_COOKIE_KEY": COOKIE_KEY}
        self.output = (workdir / f"{name}.out").open("wb")
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app,
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",  # the rest (headless, no file watcher, no statistics) is the project's config.toml
            *flags,
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_healthy(self.url)

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def stop(self) -> None:
        stop_process(self.process, self.output)


def stop_process(process: subprocess.Popen, output) -> None:
    """Stop a server started in its own session (its children too), then close its log."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    output.close()


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url}: no answer on /_stcore/health")


def rss_mb(pid: int) -> float:
    """Resident memory of a process (MB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def demo_database(workdir: Path) -> str:
    url = f"sqlite:///{workdir / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "dtplan", "init", "--demo"],
        cwd=ROOT,
        env={**os.environ, "DTPLAN_DATABASE_URL": url},
        check=True,
        capture_output=True,
    )
    return url


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]
