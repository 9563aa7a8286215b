"""Shared fixtures: databases (SQLite files and a real PostgreSQL server on loopback) and demo data.

A missing PostgreSQL or Chromium is a visible skip locally and a failure under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str):
    """Skip locally; fail under CI, where everything the suite needs must be there."""
    if IN_CI:
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(*args: str, url: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m dtplan ...` in a real subprocess against the given database."""
    full_env = {**os.environ, "DTPLAN_DATABASE_URL": url, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "dtplan", *args],
        cwd=ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


class PostgresServer:
    """A throwaway cluster under a temporary folder, on 127.0.0.1 and a free port."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="dtplan-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.base / "log"),
            "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{clause}")
        return name


@pytest.fixture(scope="session")
def postgres_server():
    bindir = _pg_bin()
    if bindir is None:
        missing("PostgreSQL không có trên máy (apt-get install postgresql)")
    server = PostgresServer(bindir)
    try:
        server.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        server.stop()
        missing(f"không khởi động được PostgreSQL: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server) -> str:
    """A fresh, empty PostgreSQL database."""
    return postgres_server.url(postgres_server.create_database())


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'dtplan.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dtplan.db'}"
    return request.getfixturevalue("pg_url")


# --- demo databases (built once per session, copied per test) ----------------------------------------


def _init(url: str, *args: str) -> None:
    """`dtplan init ARGS --demo` on a template database (every test copies the template)."""
    result = run_cli("init", *args, "--demo", url=url)
    assert result.returncode == 0, result.stderr


def _sqlite_copy(template: Path, folder: Path, name: str) -> str:
    path = folder / name
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _init(f"sqlite:///{path}")
    return path


@pytest.fixture
def demo_sqlite_url(demo_sqlite_template, tmp_path) -> str:
    """A private copy of the demo database (SQLite)."""
    return _sqlite_copy(demo_sqlite_template, tmp_path, "demo.db")


@pytest.fixture(scope="session")
def demo_pg_template(postgres_server) -> str:
    name = postgres_server.create_database()
    _init(postgres_server.url(name))
    return name


@pytest.fixture
def demo_pg_url(postgres_server, demo_pg_template) -> str:
    """A private copy of the demo database (PostgreSQL, CREATE DATABASE ... TEMPLATE)."""
    return postgres_server.url(postgres_server.create_database(template=demo_pg_template))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_db_url(request) -> str:
    """A demo database of each kind."""
    if request.param == "sqlite":
        return request.getfixturevalue("demo_sqlite_url")
    return request.getfixturevalue("demo_pg_url")


@pytest.fixture
def demo_engine(demo_sqlite_url):
    from dtplan import store

    engine = store.make_engine(demo_sqlite_url)
    yield engine
    engine.dispose()


# --- Streamlit AppTest --------------------------------------------------------------------------------


@pytest.fixture
def navigation_mode(monkeypatch):
    """Make AppTest behave like a server on which st.navigation has been called once.

    With a pages/ folder beside app.py, AppTest (1.67) switches to the legacy page-directory mode on
    every run and reruns the page file without app.py. A real server leaves that mode as soon as any
    session calls st.navigation; this fixture does the same. The guard's behaviour *in* the legacy
    mode is tested separately (tests/pages/test_app_access.py).
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def count_tiles(at) -> dict[str, str]:
    """{label: value} of the counts drawn as tiles (dtplan.present.count_tiles) on an AppTest page."""
    from html import unescape

    from dtplan.present.count_tiles import LABEL_ATTR, TILES_ATTR, VALUE_ATTR

    found = {}
    for block in at.html:
        if TILES_ATTR in block.value:
            pairs = re.findall(f"{LABEL_ATTR}[^>]*>([^<]*)<.*?{VALUE_ATTR}[^>]*>([^<]*)<", block.value)
            found.update((unescape(label), unescape(value)) for label, value in pairs)
    return found


def sign_in_app(at, username: str, password: str = "demo"):
    """Type into streamlit-authenticator's form and submit (AppTest)."""
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


@pytest.fixture
def app_factory(navigation_mode, monkeypatch, demo_sqlite_url):
    """Build an AppTest of app.py on a private demo database, optionally signed in and on a page."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DTPLAN_DATABASE_URL", demo_sqlite_url)

    def make(user: str | None = None, page: str | None = None, query: dict | None = None, password: str = "demo"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        if query:
            at.query_params.update(query)
        at.run()
        if user:
            sign_in_app(at, user, password)
        if page:
            at.switch_page(page)
            at.run()
        return at

    make.database_url = demo_sqlite_url
    return make


# --- the two-level demo plan (communes under the province, contract §1.5) ------------------------------

TWO_LEVEL_PLAN = ROOT / "data" / "plans" / "demo-hai-cap-2025.yaml"
TWO_LEVEL_TODAY = "2025-11-20"  # DTPLAN_TODAY for the two-level demo (plan year 2025)


@pytest.fixture(scope="session")
def two_level_sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("two_level") / "demo.db"
    _init(f"sqlite:///{path}", "--plan", str(TWO_LEVEL_PLAN))
    return path


@pytest.fixture
def two_level_sqlite_url(two_level_sqlite_template, tmp_path) -> str:
    """A private copy of the two-level demo database (SQLite)."""
    return _sqlite_copy(two_level_sqlite_template, tmp_path, "two_level.db")


@pytest.fixture(scope="session")
def two_level_pg_template(postgres_server) -> str:
    name = postgres_server.create_database()
    _init(postgres_server.url(name), "--plan", str(TWO_LEVEL_PLAN))
    return name


@pytest.fixture
def two_level_pg_url(postgres_server, two_level_pg_template) -> str:
    return postgres_server.url(postgres_server.create_database(template=two_level_pg_template))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_level_db_url(request) -> str:
    """A two-level demo database of each kind."""
    if request.param == "sqlite":
        return request.getfixturevalue("two_level_sqlite_url")
    return request.getfixturevalue("two_level_pg_url")


@pytest.fixture
def two_level_app(navigation_mode, monkeypatch, two_level_sqlite_url):
    """app_factory on the two-level demo database (today inside its plan year)."""
    return _two_level_app(monkeypatch, two_level_sqlite_url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_level_app_db(request, navigation_mode, monkeypatch):
    """two_level_app on SQLite and on PostgreSQL: for the few page runs checked on both (each costs a run)."""
    url = request.getfixturevalue("two_level_sqlite_url" if request.param == "sqlite" else "two_level_pg_url")
    return _two_level_app(monkeypatch, url)


def _two_level_app(monkeypatch, url: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    monkeypatch.setenv("DTPLAN_TODAY", TWO_LEVEL_TODAY)

    def make(user: str | None = None, page: str | None = None, query: dict | None = None, password: str = "demo"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if query:
            at.query_params.update(query)
        at.run()
        if user:
            sign_in_app(at, user, password)
        if page:
            at.switch_page(page)
            at.run()
        return at

    make.database_url = url
    return make
