"""Replicas of a demo started together (`make cluster`) must sign cookies with one key: each makes the key
if there is none, and all of them must end up with the first one written — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from dtplan import store
from dtplan.web.auth import DEMO_KEY_META
from tests.conftest import ROOT

PROCESSES = 4

# Each process loads everything first, says so, then waits for one "go" file: the key is asked for by all
# of them within a few milliseconds.
RACER = """
import pathlib, sys, time
from dtplan import store
from dtplan.web.auth import cookie_key
folder, number = pathlib.Path(sys.argv[1]), sys.argv[2]
engine = store.make_engine()
engine.connect().close()
(folder / f"ready-{number}").touch()
while not (folder / "go").exists():
    time.sleep(0.001)
print(cookie_key(engine))
"""


def test_replicas_starting_together_agree_on_one_demo_cookie_key(demo_db_url, tmp_path):
    engine = store.make_engine(demo_db_url)
    assert store.get_meta(engine, DEMO_KEY_META) is None  # a demo database as `init --demo` leaves it
    env = {**os.environ, "DTPLAN_DATABASE_URL": demo_db_url}
    env.pop("DTPLAN_COOKIE_KEY", None)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(tmp_path), str(n)],
            cwd=tmp_path,  # no .streamlit/secrets.toml here
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES:
        assert all(r.poll() is None for r in racers), [r.communicate() for r in racers]
        assert time.monotonic() < deadline, "the racers never got ready"
        time.sleep(0.05)
    (tmp_path / "go").touch()
    keys = []
    for racer in racers:
        out, err = racer.communicate(timeout=60)
        assert racer.returncode == 0, err
        keys.append(out.strip())
    stored = store.get_meta(engine, DEMO_KEY_META)
    engine.dispose()
    assert len(stored) >= 32
    assert keys == [stored] * PROCESSES


def test_a_stored_value_is_kept(empty_db_url):
    engine = store.make_engine(empty_db_url)
    store.upgrade(engine)
    assert store.meta_once(engine, "k", "first") == "first"
    assert store.meta_once(engine, "k", "second") == "first"
    assert store.get_meta(engine, "k") == "first"
    engine.dispose()
