"""With the database down, a page says so in Vietnamese with a retry button — never Streamlit's English
exception box — and comes back by itself (or on "Thử lại") once the database is up again."""

from __future__ import annotations

import contextlib
import subprocess
import time

import pytest
from streamlit.testing.v1 import AppTest

from dtplan import i18n
from dtplan.web import resources, signed_in
from tests.conftest import ROOT, PostgresServer, _pg_bin, count_tiles, free_port, missing, run_cli, sign_in_app


def assert_database_down_message(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [i18n.DB_UNAVAILABLE]
    assert i18n.DB_RETRY in [b.label for b in at.button]


def test_unreachable_postgresql_shows_the_vietnamese_message_and_a_retry(navigation_mode, monkeypatch):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/dtplan?connect_timeout=2"
    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert_database_down_message(at)
    at.button(key="db_retry").click().run()  # still down: the same message, again no exception box
    assert_database_down_message(at)


class RestartablePostgres(PostgresServer):
    def halt(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def stop(self) -> None:
        # Halted by the test and not resumed (it failed in between): the folder is removed all the same.
        with contextlib.suppress(subprocess.CalledProcessError):
            super().stop()

    def resume(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.base / "log")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", log, "start")


@pytest.fixture
def own_postgres():
    """A server of this test's own: it is stopped and started again in the middle of the test."""
    bindir = _pg_bin()
    if bindir is None:
        missing("PostgreSQL không có trên máy (apt-get install postgresql)")
    server = RestartablePostgres(bindir)
    try:
        server.start()
    except (OSError, subprocess.CalledProcessError) as exc:
        server.stop()
        missing(f"không khởi động được PostgreSQL: {exc}")
    yield server
    server.stop()


@pytest.mark.postgres
def test_postgresql_stopped_under_a_signed_in_page_then_back(navigation_mode, monkeypatch, own_postgres):
    url = own_postgres.url(own_postgres.create_database())
    assert run_cli("init", "--demo", url=url).returncode == 0
    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["as_of"] = "2023-06"
    at.run()
    sign_in_app(at, "lanhdao")
    at.switch_page("pages/tong_quan.py").run()
    assert not at.exception and count_tiles(at)

    own_postgres.halt()
    # A signed-in page reads the database at most every VERSION_SECONDS (data version) and ACCOUNT_SECONDS
    # (the sign-in check), serving the shared read models in between: let that time pass.
    later = time.monotonic() + 60
    monkeypatch.setattr(resources, "_clock", lambda: later)
    monkeypatch.setattr(signed_in, "_clock", lambda: later)
    at.run()
    assert_database_down_message(at)
    assert not count_tiles(at)

    own_postgres.resume()
    at.button(key="db_retry").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.DB_UNAVAILABLE not in [e.value for e in at.error]
    assert count_tiles(at)
