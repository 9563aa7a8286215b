"""Sessions and sign-in hardening: revocation (valid_after), password policy and normalisation, the dummy
bcrypt check for unknown names, throttling by client address, `users unlock`, and the audit of locked
attempts and sign-outs — on real SQLite (and PostgreSQL where the CLI writes). What the app shows of
them (AppTest) is in tests/pages/test_session_pages.py."""

from __future__ import annotations

import datetime as dt
import time

import bcrypt
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain import passwords
from dtplan.store import accounts
from dtplan.store.models import AuditRow, UserRow
from dtplan.web import auth
from tests.conftest import run_cli

STRONG = "Hanh-Chinh#2023"
KEY = "k" * 40


@pytest.fixture
def engine(demo_sqlite_url):
    engine = store.make_engine(demo_sqlite_url)
    yield engine
    engine.dispose()


def _lookup(engine):
    return lambda name: accounts.valid_after(engine, name)


# --- revocation -------------------------------------------------------------------------------------------


def test_users_passwd_voids_every_cookie_issued_before_it(demo_db_url):
    engine = store.make_engine(demo_db_url)
    try:
        before = auth.issue_token("sotttt", KEY, dt.datetime.now() - dt.timedelta(seconds=1), 7)
        assert auth.cookie_username(before, KEY, valid_after=_lookup(engine)) == "sotttt"
        changed = run_cli("users", "passwd", "sotttt", "--password-stdin", url=demo_db_url, stdin=STRONG + "\n")
        assert changed.returncode == 0, changed.stderr
        assert auth.cookie_username(before, KEY, valid_after=_lookup(engine)) is None
        after = auth.issue_token("sotttt", KEY, dt.datetime.now(), 7)
        assert auth.cookie_username(after, KEY, valid_after=_lookup(engine)) == "sotttt"
        # An open session signed in before the change ends on its next run too.
        assert accounts.viewer_for(engine, "sotttt", dt.datetime.now() - dt.timedelta(minutes=1)) is None
        assert accounts.viewer_for(engine, "sotttt", dt.datetime.now()) is not None
    finally:
        engine.dispose()


def test_disabling_and_signing_out_revoke_too(engine):
    issued = auth.issue_token("nhoquan", KEY, dt.datetime.now() - dt.timedelta(seconds=1), 7)
    accounts.revoke_sessions(engine, "nhoquan")
    assert auth.cookie_username(issued, KEY, valid_after=_lookup(engine)) is None
    issued = auth.issue_token("lanhdao", KEY, dt.datetime.now() - dt.timedelta(seconds=1), 7)
    with Session(engine) as session, session.begin():
        accounts.disable_user(session, "lanhdao", actor="t")
    assert auth.cookie_username(issued, KEY, valid_after=_lookup(engine)) is None
    # Other users' cookies are untouched.
    other = auth.issue_token("quantri", KEY, dt.datetime.now() - dt.timedelta(seconds=1), 7)
    assert auth.cookie_username(other, KEY, valid_after=_lookup(engine)) == "quantri"


# --- password policy and normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Password12", "Admin12345", "Qwerty1234", "P@ssw0rd2023", "Matkhau@2023", "1Qaz2wsx!!", "Aaaaaaaa1!"]
)
def test_common_words_and_keyboard_runs_with_digits_are_refused(password):
    assert accounts.password_problem(password, "gdsyt") == passwords.TOO_COMMON


@pytest.mark.parametrize("password", [STRONG, "Moi-Mat-Khau#9", "Khoa-thu-2023!", "Trâu.Vàng-Gia-Viễn7"])
def test_strong_passwords_still_pass(password):
    assert accounts.password_problem(password, "gdsyt") is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (" " + STRONG, passwords.EDGE_SPACE),
        (STRONG + " ", passwords.EDGE_SPACE),
        (STRONG + "\r", passwords.EDGE_SPACE),
        ("Đường-" + "ả" * 30 + "#1", passwords.TOO_LONG),  # 37 characters, 97 bytes
        ("Aa1#" + "x" * 69, passwords.TOO_LONG),  # 73 bytes
    ],
)
def test_spaces_at_the_ends_and_more_than_72_bytes_are_refused(password, message):
    assert accounts.password_problem(password, "gdsyt") == message
    with pytest.raises(accounts.AccountError, match="72 byte"):
        accounts.hash_password("a" * 73)  # never bcrypt's ValueError


def test_a_password_of_exactly_72_bytes_is_accepted_and_checks():
    password = "Aa1#" + "x" * 68
    assert accounts.password_problem(password) is None
    assert accounts.check_password(password, accounts.hash_password(password))


@pytest.mark.parametrize(
    ("stdin", "typed"),
    [(STRONG + "\n", STRONG), (STRONG + "\r\n", STRONG), (STRONG, STRONG), (STRONG + " \n", STRONG + " ")],
)
def test_stdin_drops_only_the_line_end(stdin, typed):
    assert passwords.from_stdin_line(stdin) == typed


def test_cli_windows_pipe_signs_in_and_bad_passwords_get_a_message_not_a_traceback(demo_sqlite_url):
    engine = store.make_engine(demo_sqlite_url)
    try:
        added = run_cli(
            "users", "add", "gdsyt", "--role", "leader", "--password-stdin", url=demo_sqlite_url, stdin=STRONG + "\r\n"
        )
        assert added.returncode == 0, added.stderr
        with Session(engine) as session:
            stored = session.get(UserRow, "gdsyt").password_hash
        assert accounts.credentials_match({"gdsyt": {"password": stored}}, "gdsyt", STRONG)
        for stdin, message in (("Aa1#" + "é" * 40 + "\n", "72 byte"), (" " + STRONG + "\n", "khoảng trắng")):
            result = run_cli("users", "passwd", "gdsyt", "--password-stdin", url=demo_sqlite_url, stdin=stdin)
            assert result.returncode == 1 and message in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
        weak = run_cli("users", "passwd", "gdsyt", "--password-stdin", url=demo_sqlite_url, stdin="Password12\n")
        assert weak.returncode == 1 and "dễ đoán" in weak.stderr
    finally:
        engine.dispose()


# --- an unknown name costs a bcrypt check ---------------------------------------------------------------------


def test_an_unknown_name_is_checked_against_a_dummy_hash_taking_as_long(monkeypatch):
    real = {"nhoquan": {"password": accounts.hash_password(STRONG)}}
    calls = []
    original = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: calls.append(h) or original(pw, h))
    assert not accounts.credentials_match(real, "khongtontai", STRONG)
    assert calls == [passwords.DUMMY_HASH]

    def seconds(name):
        start = time.perf_counter()
        accounts.credentials_match(real, name, "sai-mat-khau")
        return time.perf_counter() - start

    # Interleaved, fastest of four each (the machine is shared): the leak was an unknown name answered in
    # microseconds against ≈ 0.2 s of bcrypt for a known one.
    runs = [(seconds("nhoquan"), seconds("khongtontai")) for _ in range(4)]
    known, unknown = min(k for k, _ in runs), min(u for _, u in runs)
    assert unknown / known > 0.5, (known, unknown)


# --- throttling by client address, unlock, audit ------------------------------------------------------------


def _refused(engine, name, client, at, action=accounts.FAILED):
    accounts.record_sign_in(engine, name, action, client)
    with Session(engine) as session, session.begin():
        row = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).one()
        row.at = at


def test_twenty_refusals_from_one_address_block_that_address_for_15_minutes(engine):
    start = dt.datetime(2026, 1, 1, 8, 0)
    for i in range(19):  # spraying: a different name each time, so no name gets locked
        _refused(engine, f"ten{i}", "203.0.113.7", start + dt.timedelta(seconds=20 * i))
    assert accounts.address_blocked_until(engine, "203.0.113.7", now=start + dt.timedelta(minutes=7)) is None
    _refused(engine, "quantri", "203.0.113.7", start + dt.timedelta(minutes=7), accounts.LOCKED)
    blocked = accounts.address_blocked_until(engine, "203.0.113.7", now=start + dt.timedelta(minutes=7))
    assert blocked == start + dt.timedelta(minutes=15)
    assert accounts.address_blocked_until(engine, "198.51.100.2", now=start + dt.timedelta(minutes=7)) is None
    assert accounts.address_blocked_until(engine, None, now=start + dt.timedelta(minutes=7)) is None
    # Attempts refused because the address is blocked do not extend the block.
    _refused(engine, "quantri", "203.0.113.7", start + dt.timedelta(minutes=8), accounts.BLOCKED)
    assert accounts.address_blocked_until(engine, "203.0.113.7", now=start + dt.timedelta(minutes=16)) is None


def store_audit(engine):
    from dtplan.store import audit

    return audit.audit_rows(engine)


def test_users_unlock_lifts_the_lock_and_is_audited(demo_sqlite_url):
    engine = store.make_engine(demo_sqlite_url)
    try:
        for _ in range(accounts.LOCK_AFTER_FAILURES):
            accounts.record_sign_in(engine, "nhoquan", False, None)
        assert accounts.locked_until(engine, "nhoquan") is not None
        result = run_cli("users", "unlock", "nhoquan", url=demo_sqlite_url)
        assert result.returncode == 0, result.stderr
        assert accounts.locked_until(engine, "nhoquan") is None
        entry = [r for r in store_audit(engine) if r["action"] == "user_unlock"]
        assert len(entry) == 1 and entry[0]["detail"] == {"username": "nhoquan"}
        assert entry[0]["actor"].startswith("cli")
        # Five new failures lock it again.
        for _ in range(accounts.LOCK_AFTER_FAILURES):
            accounts.record_sign_in(engine, "nhoquan", False, None)
        assert accounts.locked_until(engine, "nhoquan") is not None
        bad = run_cli("users", "unlock", "Tên Sai!", url=demo_sqlite_url)
        assert bad.returncode == 1 and "Traceback" not in bad.stderr
    finally:
        engine.dispose()
