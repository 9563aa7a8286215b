"""Accounts: hashing, strength, disabling, demo-only demo accounts, sign-in throttling."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import AccessDenied, Viewer
from dtplan.store import accounts
from dtplan.store.models import Meta, UserRow

STRONG = "Hanh-Chinh#2023"


@pytest.fixture
def engine(demo_sqlite_url):
    engine = store.make_engine(demo_sqlite_url)
    yield engine
    engine.dispose()


def test_passwords_are_stored_as_bcrypt_hashes_and_checked(engine):
    catalog = store.read_catalog(engine)
    with Session(engine) as session, session.begin():
        accounts.add_user(session, catalog, "gdsyt", "Giám đốc Sở Y tế", "unit", "SYT", STRONG, actor="t")
    with Session(engine) as session:
        row = session.get(UserRow, "gdsyt")
        assert row.password_hash.startswith("$2") and STRONG not in row.password_hash
        assert accounts.check_password(STRONG, row.password_hash)
        assert not accounts.check_password(STRONG + "x", row.password_hash)


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1A!", "10 ký tự"), ("alllowercaseletters", "3 trong 4"), ("Gdsyt-2023-ok", "tên đăng nhập")],
)
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    assert reason in accounts.password_problem(password, "gdsyt")


@pytest.mark.parametrize(
    ("role", "unit", "message"),
    [
        ("unit", None, "mã đơn vị"),
        ("unit", "14320", "không phải sở"),  # a commune is not an account's unit
        ("unit", "NOPE", "không phải sở"),
        ("leader", "STTTT", "không gắn với đơn vị"),
        ("boss", None, "Vai trò"),
    ],
)
def test_role_and_unit_must_fit(engine, role, unit, message):
    catalog = store.read_catalog(engine)
    with Session(engine) as session, pytest.raises(accounts.AccountError, match=message):
        accounts.add_user(session, catalog, "newuser", "N", role, unit, STRONG, actor="t")


def test_disabled_accounts_cannot_sign_in(engine):
    assert accounts.viewer_for(engine, "sotttt") is not None
    with Session(engine) as session, session.begin():
        accounts.disable_user(session, "sotttt", actor="t")
    assert accounts.viewer_for(engine, "sotttt") is None
    assert "sotttt" not in accounts.active_credentials(engine, include_demo=True)


def test_demo_accounts_are_refused_when_the_database_is_not_a_demo(engine):
    assert accounts.viewer_for(engine, "lanhdao").role == "leader"
    with Session(engine) as session, session.begin():
        session.execute(update(Meta).where(Meta.key == "demo").values(value="false"))
    assert accounts.viewer_for(engine, "lanhdao") is None
    assert accounts.active_credentials(engine, include_demo=False) == {}


def _fail(engine, name, at):
    with Session(engine) as session, session.begin():
        store.record_audit(session, name, "login_failed", {})
        session.flush()
    with Session(engine) as session, session.begin():
        from dtplan.store.models import AuditRow

        last = session.query(AuditRow).order_by(AuditRow.id.desc()).first()
        last.at = at


@pytest.mark.parametrize("name", ["nhoquan", "khong-ton-tai"])
def test_five_failures_in_15_minutes_lock_the_name_for_15_minutes(engine, name):
    start = dt.datetime(2026, 1, 1, 8, 0)
    for minute in range(4):
        _fail(engine, name, start + dt.timedelta(minutes=minute * 3))
    assert accounts.locked_until(engine, name, now=start + dt.timedelta(minutes=10)) is None
    fifth = start + dt.timedelta(minutes=12)
    _fail(engine, name, fifth)
    assert accounts.locked_until(engine, name, now=fifth) == fifth + dt.timedelta(minutes=15)
    assert accounts.locked_until(engine, name, now=fifth + dt.timedelta(minutes=14)) is not None
    assert accounts.locked_until(engine, name, now=fifth + dt.timedelta(minutes=15, seconds=1)) is None
    assert accounts.locked_until(engine, "other", now=fifth) is None


def test_failures_spread_over_more_than_15_minutes_do_not_lock(engine):
    start = dt.datetime(2026, 1, 1, 8, 0)
    for minute in (0, 5, 10, 16, 21):
        _fail(engine, "nhoquan", start + dt.timedelta(minutes=minute))
    assert accounts.locked_until(engine, "nhoquan", now=start + dt.timedelta(minutes=22)) is None


def test_admin_operations_check_the_role_in_the_data_layer(engine):
    catalog = store.read_catalog(engine)
    leader = Viewer("lanhdao", "L", "leader")
    with pytest.raises(AccessDenied):
        accounts.admin_add_user(
            engine, catalog, leader, username="x12", full_name="X", role="leader", unit_code=None, password=STRONG
        )
    with pytest.raises(AccessDenied):
        accounts.admin_list_users(engine, Viewer("nhoquan", "N", "unit", "372"))
    admin = Viewer("quantri", "Q", "admin")
    accounts.admin_add_user(
        engine, catalog, admin, username="x12", full_name="X", role="leader", unit_code=None, password=STRONG
    )
    assert any(u["username"] == "x12" for u in accounts.admin_list_users(engine, admin))
    with pytest.raises(accounts.AccountError):
        accounts.admin_disable_user(engine, admin, "quantri")
