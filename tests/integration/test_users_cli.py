"""`dtplan users ...` and `dtplan audit --json` on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from tests.conftest import run_cli

STRONG = "Hanh-Chinh#2023"


def test_users_add_list_disable_passwd_and_audit(demo_db_url):
    added = run_cli(
        "users",
        "add",
        "gdsyt",
        "--role",
        "unit",
        "--unit",
        "SYT",
        "--name",
        "Giám đốc Sở Y tế",
        "--password-stdin",
        url=demo_db_url,
        stdin=STRONG + "\n",
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_cli("users", "list", "--json", url=demo_db_url).stdout)
    row = next(u for u in listed if u["username"] == "gdsyt")
    assert row == {
        "username": "gdsyt",
        "full_name": "Giám đốc Sở Y tế",
        "role": "unit",
        "unit": "SYT",
        "disabled": False,
        "demo": False,
    }

    assert (
        run_cli("users", "passwd", "gdsyt", "--password-stdin", url=demo_db_url, stdin="Moi-Mat-Khau#9\n").returncode
        == 0
    )
    assert run_cli("users", "disable", "gdsyt", url=demo_db_url).returncode == 0
    listed = json.loads(run_cli("users", "list", "--json", url=demo_db_url).stdout)
    assert next(u for u in listed if u["username"] == "gdsyt")["disabled"] is True

    log = json.loads(run_cli("audit", "--json", url=demo_db_url).stdout)
    actions = [(e["action"], e["detail"].get("username")) for e in log]
    assert ("user_add", "gdsyt") in actions and ("user_passwd", "gdsyt") in actions
    assert ("user_disable", "gdsyt") in actions
    assert all(set(e) == {"at", "actor", "action", "detail"} for e in log)
    future = json.loads(run_cli("audit", "--since", "2999-01-01", "--json", url=demo_db_url).stdout)
    assert future == []


def test_weak_password_duplicate_name_and_bad_unit_are_refused(demo_sqlite_url):
    weak = run_cli("users", "add", "abc", "--role", "leader", "--password-stdin", url=demo_sqlite_url, stdin="123\n")
    assert weak.returncode == 1 and "10 ký tự" in weak.stderr
    dup = run_cli(
        "users", "add", "lanhdao", "--role", "leader", "--password-stdin", url=demo_sqlite_url, stdin=STRONG + "\n"
    )
    assert dup.returncode == 1 and "đã tồn tại" in dup.stderr
    bad = run_cli(
        "users",
        "add",
        "abc",
        "--role",
        "unit",
        "--unit",
        "999",
        "--password-stdin",
        url=demo_sqlite_url,
        stdin=STRONG + "\n",
    )
    assert bad.returncode == 1 and "999" in bad.stderr
    missing_user = run_cli("users", "disable", "khongco", url=demo_sqlite_url)
    assert missing_user.returncode == 1 and "khongco" in missing_user.stderr
    bad_since = run_cli("audit", "--since", "hôm qua", "--json", url=demo_sqlite_url)
    assert bad_since.returncode == 2 and "YYYY-MM-DD" in bad_since.stderr
    for result in (weak, dup, bad, missing_user, bad_since):
        assert "Traceback" not in result.stderr
    names = [u["username"] for u in json.loads(run_cli("users", "list", "--json", url=demo_sqlite_url).stdout)]
    assert "abc" not in names
