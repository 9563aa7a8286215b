"""Sign-in hardening as the app shows it (AppTest): the dummy bcrypt check for an unknown name on the form,
a blocked address refused even with the right password, locked attempts and sign-outs audited, and the
admin page's "add user" form with no role chosen in advance. The store-level rules are in
tests/integration/test_sessions.py."""

from __future__ import annotations

import json

import bcrypt
from sqlalchemy.orm import Session

from dtplan import i18n, store
from dtplan.store import accounts
from dtplan.store.models import UserRow
from dtplan.web import auth
from tests.conftest import count_tiles, sign_in_app
from tests.integration.test_sessions import STRONG, store_audit


def test_the_sign_in_form_runs_bcrypt_for_an_unknown_name(app_factory, monkeypatch):
    at = app_factory()
    calls = []
    original = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: calls.append(h) or original(pw, h))
    sign_in_app(at, "khongtontai", "sai-mat-khau")
    assert [e.value for e in at.error] == [i18n.LOGIN_FAILED]
    assert calls, "no bcrypt check for an unknown name: the reply time tells which names exist"


def test_a_blocked_address_cannot_sign_in_even_with_the_right_password(app_factory, monkeypatch):
    monkeypatch.setattr(auth, "client_address", lambda: "203.0.113.7")
    at = app_factory()
    engine = store.make_engine(app_factory.database_url)
    try:
        for i in range(accounts.ADDRESS_FAILURES):
            accounts.record_sign_in(engine, f"ten{i}", False, "203.0.113.7")
        sign_in_app(at, "lanhdao", "demo")
        assert any("địa chỉ này" in e.value for e in at.error), [e.value for e in at.error]
        assert not at.dataframe and not at.metric and not count_tiles(at)
        log = [(r["actor"], r["action"], r["detail"]) for r in store_audit(engine)]
        assert ("lanhdao", "login_blocked", {"client": "203.0.113.7"}) in log
    finally:
        engine.dispose()


def test_attempts_on_a_locked_name_and_sign_outs_are_audited(app_factory):
    at = app_factory(user="lanhdao")
    engine = store.make_engine(app_factory.database_url)
    try:
        assert at.button(key="dtplan_logout")
        at.button(key="dtplan_logout").click()
        at.run()
        assert i18n.LOGIN_FIELDS["Username"] in [t.label for t in at.text_input]
        with Session(engine) as session:
            assert session.get(UserRow, "lanhdao").valid_after is not None
        for _ in range(accounts.LOCK_AFTER_FAILURES):
            accounts.record_sign_in(engine, "nhoquan", False, None)
        sign_in_app(at, "nhoquan", "demo")
        assert any("tạm khóa" in e.value for e in at.error)
        actions = [(r["actor"], r["action"]) for r in store_audit(engine)]
        assert ("lanhdao", "logout") in actions
        assert ("nhoquan", "login_locked") in actions
        assert all(json.dumps(r["detail"]) for r in store_audit(engine))
    finally:
        engine.dispose()


def test_the_add_user_form_starts_with_no_role(app_factory):
    at = app_factory(user="quantri", page="pages/quan_tri_nguoi_dung.py")
    role = next(s for s in at.selectbox if s.label == i18n.USERS_FORM["role"])
    assert role.value is None
    username = next(t for t in at.text_input if t.label == i18n.USERS_FORM["username"])
    username.input("taomoi")
    password = next(t for t in at.text_input if t.label == i18n.USERS_FORM["password"])
    password.input(STRONG)
    next(b for b in at.button if b.label == i18n.USERS_FORM["add"]).click()
    at.run()
    assert "Chưa chọn vai trò" in " ".join(e.value for e in at.error)
    engine = store.make_engine(app_factory.database_url)
    try:
        with Session(engine) as session:
            assert session.get(UserRow, "taomoi") is None
    finally:
        engine.dispose()
