"""Many officials at once: reruns of a page by N websocket sessions (bench/ws_client.py speaks Streamlit's
protocol, signed in by the app's cookie), with the round trip each client sees (`rerun_script` sent →
`script_finished` received).

    .venv/bin/python bench/bench_load.py                       # all scenarios on one process started here
    .venv/bin/python bench/bench_load.py --scenarios closed10,open30 --duration 30
    .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8080 --pid 1234,1235   # e.g. nginx of `make cluster`
    .venv/bin/python bench/bench_load.py --soak 10000          # memory over 10,000 reruns by 30 sessions

Scenarios
- closedN: N sessions, each rerunning again as soon as its rerun finished (throughput: reruns/s).
- openN: N sessions, each rerunning every ~--interval s (6 s, a random phase, ±10 % jitter): p50/p95.
- soak: 30 sessions in a closed loop until --soak reruns; the server's RSS every tenth of the way
  (memory must stay flat: no growth per rerun).

The floor, measured in the same run: bench/bare_app.py (one st.write line) on its own server, one session
rerunning in a closed loop — every figure is also printed as a ratio to it, since this machine is shared.
Memory: the server's RSS (from /proc; with --url, of the --pid processes) after the warm sessions (one; four per
replica with several --pid), and with all N sessions open after the scenario: (after − before) per extra session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ws_client import ROOT, Server, Session, demo_database, percentile, rss_mb

DEFAULT_SCENARIOS = "closed10,open30,open100,open300"


async def open_sessions(base: str, count: int, path: str, query: str, spread: float) -> list[Session]:
    """Connect `count` sessions and run the page once in each, over about `spread` seconds."""
    sessions = [Session(base) for _ in range(count)]

    async def start(index: int, session: Session) -> None:
        await asyncio.sleep(spread * index / max(1, count))
        await session.connect()
        await session.rerun(path, query)

    await asyncio.gather(*(start(i, s) for i, s in enumerate(sessions)))
    return sessions


async def closed_loop(sessions: list[Session], path: str, query: str, duration: float) -> tuple[list[float], float]:
    times: list[float] = []
    stop = time.perf_counter() + duration

    async def loop(session: Session) -> None:
        while time.perf_counter() < stop:
            times.append(await session.rerun(path, query))

    started = time.perf_counter()
    await asyncio.gather(*(loop(s) for s in sessions))
    return times, len(times) / (time.perf_counter() - started)


async def open_loop(
    sessions: list[Session], path: str, query: str, duration: float, interval: float
) -> tuple[list[float], float]:
    times: list[float] = []
    stop = time.perf_counter() + duration

    async def loop(session: Session) -> None:
        await asyncio.sleep(random.uniform(0, interval))
        while time.perf_counter() < stop:
            began = time.perf_counter()
            times.append(await session.rerun(path, query))
            wait = interval * random.uniform(0.9, 1.1) - (time.perf_counter() - began)
            await asyncio.sleep(max(0.0, wait))

    started = time.perf_counter()
    await asyncio.gather(*(loop(s) for s in sessions))
    return times, len(times) / (time.perf_counter() - started)


async def close_all(sessions: list[Session]) -> None:
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


def memory(pids: list[int]) -> float:
    return sum(rss_mb(pid) for pid in pids)


async def floor(base: str, duration: float) -> float:
    """The bare page: one session in a closed loop, median round trip (s)."""
    (session,) = await open_sessions(base, 1, "", "", 0)
    await closed_loop([session], "", "", 1)  # warm
    times, _ = await closed_loop([session], "", "", duration)
    await session.close()
    return statistics.median(times)


async def scenario(name: str, args, base: str, pids: list[int], floor_s: float) -> str:
    kind, count = ("closed", int(name[6:])) if name.startswith("closed") else ("open", int(name[4:]))
    # Warm every replica before the first memory reading (nginx spreads new sessions at random: 4 per replica
    # miss one with probability 2^-7 for two), so "per extra session" is not the later replicas' warm-up.
    warm = await open_sessions(base, min(count, 4 * len(pids) if len(pids) > 1 else 1), args.path, args.query, 0)
    await closed_loop(warm, args.path, args.query, 2)
    before = memory(pids)
    others = await open_sessions(base, count - len(warm), args.path, args.query, min(args.interval, 0.05 * count))
    sessions = warm + others
    if kind == "closed":
        times, rate = await closed_loop(sessions, args.path, args.query, args.duration)
    else:
        times, rate = await open_loop(sessions, args.path, args.query, args.duration, args.interval)
    after = memory(pids)
    await close_all(sessions)
    per_session = (after - before) / max(1, count - len(warm))
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    return (
        f"{name:<10}{len(times):>8}{rate:>10.1f}{p50 * 1000:>9.0f}{p95 * 1000:>9.0f}"
        f"{p50 / floor_s:>10.1f}{p95 / floor_s:>10.1f}{before:>9.0f}{after:>9.0f}{per_session:>10.2f}"
    )


async def soak(args, base: str, pids: list[int]) -> None:
    sessions = await open_sessions(base, 30, args.path, args.query, 3)
    step = max(1, args.soak // 10)
    done = 0
    print(f"soak: 30 sessions, {args.soak} reruns of {args.path or '/'}; RSS (MB) of the server:")
    print(f"  after opening: {memory(pids):.1f}")
    started = time.perf_counter()
    count = [0]
    marks: list[float] = []

    async def loop(session: Session) -> None:
        while count[0] < args.soak:
            count[0] += 1
            await session.rerun(args.path, args.query)

    async def report() -> None:
        nonlocal done
        while done < args.soak:
            await asyncio.sleep(0.2)
            while count[0] >= done + step and done < args.soak:
                done += step
                rss = memory(pids)
                marks.append(rss)
                print(
                    f"  {done:>6} reruns: {rss:.1f}  ({done / (time.perf_counter() - started):.1f} reruns/s)",
                    flush=True,
                )

    await asyncio.gather(report(), *(loop(s) for s in sessions))
    await close_all(sessions)
    if len(marks) >= 4:
        half = len(marks) // 2
        growth = (marks[-1] - marks[half - 1]) / (step * (len(marks) - half)) * 1000
        print(f"  second half: {marks[half - 1]:.1f} → {marks[-1]:.1f} MB, {growth:.2f} MB per 1000 reruns")


async def run(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dtplan-bench-load-"))
    servers: list[Server] = []
    try:
        database_url = args.database_url or demo_database(workdir)
        bare = Server(str(ROOT / "bench" / "bare_app.py"), database_url, workdir, "bare")
        servers.append(bare)
        if args.url:
            base, pids = args.url, [int(p) for p in args.pid.split(",") if p]
        else:
            flags = tuple(args.flag or ())
            app = Server("serve.py", database_url, workdir, "app", flags)
            servers.append(app)
            base, pids = app.url, [app.process.pid]
        floor_s = await floor(bare.url, 5)
        print(
            f"bench_load: page {args.path or '/'}{'?' + args.query if args.query else ''} at {base}; "
            f"load average {os.getloadavg()[0]:.1f}; floor (bare page, 1 session) {floor_s * 1000:.1f} ms"
        )
        if args.soak:
            await soak(args, base, pids)
            return 0
        header = (
            f"{'scenario':<10}{'reruns':>8}{'per s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p50/floor':>10}{'p95/floor':>10}"
            f"{'RSS0 MB':>9}{'RSS1 MB':>9}{'MB/sess':>10}"
        )
        print(header)
        print("-" * len(header))
        for name in args.scenarios.split(","):
            print(await scenario(name.strip(), args, base, pids, floor_s), flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an app already running (e.g. nginx in front of replicas)")
    parser.add_argument("--pid", default="", help="with --url: server process ids for RSS, comma-separated")
    parser.add_argument("--database-url", help="with --url: the database it serves (for the bare page's server)")
    parser.add_argument("--scenarios", default=DEFAULT_SCENARIOS)
    parser.add_argument("--duration", type=float, default=40, help="seconds per scenario")
    parser.add_argument("--interval", type=float, default=6.0)
    parser.add_argument("--path", default="", help='page url path ("" is Tổng quan)')
    parser.add_argument("--query", default="")
    parser.add_argument("--soak", type=int, default=0, help="reruns by 30 sessions, RSS every tenth")
    parser.add_argument(
        "--flag", action="append", help="extra `streamlit run` option, e.g. --flag=--runner.postScriptGC=false"
    )
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
