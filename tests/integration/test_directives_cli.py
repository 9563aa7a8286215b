"""`dtplan directives add|done|reopen|list` (contract §7) on SQLite and PostgreSQL: the JSON shape and order,
the status rule with DTPLAN_TODAY, every refusal with its exit code and nothing stored, the audit log,
the --meeting default, and the scope of a unit user (reads and updates only their own unit's)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dtplan import store
from dtplan.cli.main import main
from dtplan.domain.access import province_scope
from dtplan.store import audit
from dtplan.store.directives import directive_rows
from tests.conftest import run_cli

TODAY = {"DTPLAN_TODAY": "2023-07-10"}
KEYS = {"id", "meeting", "about", "to", "due", "text", "status", "done_at", "history"}


def _cli(monkeypatch, capsys, url: str, *args: str) -> tuple[int, str, str]:
    """The command in-process (the refusal table runs many): exit code, stdout, stderr."""
    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    monkeypatch.setenv("DTPLAN_TODAY", TODAY["DTPLAN_TODAY"])
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _stored(url: str) -> tuple[list[dict], list[dict]]:
    engine = store.make_engine(url)
    try:
        rows = directive_rows(engine, province_scope(store.read_catalog(engine)), dt.date(2023, 7, 10))
        entries = [r for r in audit.audit_rows(engine) if r["action"].startswith("directive_")]
    finally:
        engine.dispose()
    return rows, entries


def _lister(monkeypatch, capsys):
    def run(url: str, *args: str) -> list[dict]:
        code, out, err = _cli(monkeypatch, capsys, url, "directives", "list", *args, "--json")
        assert code == 0, err
        return json.loads(out)

    return run


def test_a_directives_life_on_the_command_line(demo_db_url, monkeypatch, capsys):
    _list = _lister(monkeypatch, capsys)
    add = run_cli(
        "directives", "add", "--about", "kpi:T12", "--to", "372", "--due", "2023-08-31",
        "--text", "Đẩy nhanh hồ sơ trực tuyến toàn trình", "--meeting", "2023-06", "--as", "lanhdao",
        url=demo_db_url,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    first = int(add.stdout.strip())
    second = run_cli(
        "directives", "add", "--about", "task:VI-01", "--to", "STTTT", "--due", "2023-06-30",
        "--text", "Hoàn thành trong tháng", "--meeting", "2023-06", url=demo_db_url,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    second_id = int(second.stdout.strip())
    rows = _list(demo_db_url)
    assert [set(r) for r in rows] == [KEYS, KEYS]
    assert [r["id"] for r in rows] == [second_id, first]  # by due date
    by_id = {r["id"]: r for r in rows}
    assert by_id[first] | {"history": None} == {
        "id": first, "meeting": "2023-06", "about": "kpi:T12", "to": "372", "due": "2023-08-31",
        "text": "Đẩy nhanh hồ sơ trực tuyến toàn trình", "status": "open", "done_at": None, "history": None,
    }  # fmt: skip
    assert by_id[second_id]["status"] == "overdue"  # due 30/06, today 10/07
    assert [(h["by"], h["action"], h["note"]) for h in by_id[first]["history"]] == [("lanhdao", "add", "")]

    done = run_cli("directives", "done", str(first), "--note", "Đã đạt 65%", "--as", "nhoquan", url=demo_db_url)
    assert done.returncode == 0, done.stderr
    row = next(r for r in _list(demo_db_url) if r["id"] == first)
    assert row["status"] == "done" and row["done_at"] is not None
    assert [(h["by"], h["action"], h["note"]) for h in row["history"]][1:] == [("nhoquan", "done", "Đã đạt 65%")]
    assert [r["id"] for r in _list(demo_db_url, "--status", "done")] == [first]
    assert [r["id"] for r in _list(demo_db_url, "--status", "overdue")] == [second_id]
    assert _list(demo_db_url, "--status", "open") == []

    reopen = run_cli("directives", "reopen", str(first), "--note", "Số liệu chưa đúng", url=demo_db_url)
    assert reopen.returncode == 0, reopen.stderr
    row = next(r for r in _list(demo_db_url) if r["id"] == first)
    assert row["status"] == "open" and row["done_at"] is None
    assert [h["action"] for h in row["history"]] == ["add", "done", "reopen"]

    # --unit: only directives to that unit; a unit user (--as) only their own
    assert [r["id"] for r in _list(demo_db_url, "--unit", "372")] == [first]
    assert [r["id"] for r in _list(demo_db_url, "--unit", "STTTT")] == [second_id]
    assert [r["id"] for r in _list(demo_db_url, "--as", "nhoquan")] == [first]
    assert [r["id"] for r in _list(demo_db_url, "--as", "sotttt")] == [second_id]
    assert _list(demo_db_url, "--unit", "VPUBND") == []

    _rows, entries = _stored(demo_db_url)
    assert [(e["actor"], e["action"], e["detail"]["id"]) for e in entries] == [
        ("lanhdao", "directive_add", first),
        (entries[1]["actor"], "directive_add", second_id),
        ("nhoquan", "directive_done", first),
        (entries[3]["actor"], "directive_reopen", first),
    ]
    assert entries[1]["actor"].startswith("cli")  # without --as: the operator


def test_meeting_defaults_to_the_latest_month_with_data(demo_db_url, monkeypatch, capsys):
    _list = _lister(monkeypatch, capsys)
    engine = store.make_engine(demo_db_url)
    catalog = store.read_catalog(engine)
    latest = store.latest_period_with_data(engine, province_scope(catalog), catalog.plan.year)
    engine.dispose()
    add = run_cli(
        "directives", "add", "--about", "unit:372", "--to", "372", "--due", f"{latest}-28", "--text", "Báo cáo",
        url=demo_db_url,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    assert [r["meeting"] for r in _list(demo_db_url)] == [latest]


# Each refusal of contract §7: (arguments after `directives`, exit code). Meeting 2023-06 unless said.
ADD = ("add", "--meeting", "2023-06")
VALID = {"--about": "kpi:T12", "--to": "372", "--due": "2023-07-31", "--text": "Làm ngay"}


def _add(**changes) -> tuple[str, ...]:
    options = VALID | {f"--{k}": v for k, v in changes.items()}
    return (*ADD, *(x for pair in options.items() for x in pair))


REFUSALS = [
    (_add(about="kpi:T99"), 2),
    (_add(about="task:PL09-99"), 2),
    (_add(about="unit:99999"), 2),
    (_add(about="T12"), 2),
    (_add(about="chi_tieu:T12"), 2),
    (_add(to="99999"), 2),
    (("add", "--meeting", "2024-01", *_add()[3:]), 2),
    (("add", "--meeting", "06/2023", *_add()[3:]), 2),
    (_add(to="37"), 1),  # the province
    (_add(to="14320"), 1),  # a commune of a district
    (_add(due="2023-13-01"), 1),
    (_add(due="31/07/2023"), 1),
    (_add(due="ngày mai"), 1),
    (_add(due="2023-05-31"), 1),  # before the meeting month's first day
    (_add(text=""), 1),
    (_add(text="   "), 1),
    ((*_add(), "--as", "nhoquan"), 1),
    ((*_add(), "--as", "sotttt"), 1),
    ((*_add(), "--as", "khongco"), 1),
    (("done", "999"), 2),
    (("reopen", "999"), 2),
    (("done", "abc"), 2),
    (("list", "--unit", "99999", "--json"), 2),
    (("list", "--status", "late", "--json"), 2),
    (("list", "--as", "nhoquan", "--unit", "STTTT", "--json"), 2),
]


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_refusal_has_its_exit_code_one_vietnamese_line_and_stores_nothing(db, request, monkeypatch, capsys):
    url = request.getfixturevalue("demo_sqlite_url" if db == "sqlite" else "demo_pg_url")
    code, out, err = _cli(monkeypatch, capsys, url, "directives", *_add())
    assert code == 0, err
    existing = int(out.strip())
    before = _stored(url)
    for args, expected in REFUSALS:
        code, out, err = _cli(monkeypatch, capsys, url, "directives", *args)
        assert code == expected, (args, err)
        assert out == "", args
        lines = [line for line in err.splitlines() if line.startswith("dtplan:")]
        assert len(lines) == 1, (args, err)  # argparse's usage lines aside
        assert "Traceback" not in err
        assert _stored(url) == before, args
    # Done/reopen: --as must be an admin or a user of the directive's own unit; state changes only once
    for args, expected in [
        (("done", str(existing), "--as", "sotttt"), 1),
        (("done", str(existing), "--as", "lanhdao"), 1),
        (("done", str(existing), "--as", "khongco"), 1),
        (("reopen", str(existing)), 1),  # open: nothing to reopen
    ]:
        code, _out, err = _cli(monkeypatch, capsys, url, "directives", *args)
        assert code == expected, (args, err)
        assert _stored(url) == before, args
    code, _out, err = _cli(monkeypatch, capsys, url, "directives", "done", str(existing), "--as", "nhoquan")
    assert code == 0, err
    after = _stored(url)
    code, _out, err = _cli(monkeypatch, capsys, url, "directives", "done", str(existing), "--as", "quantri")
    assert code == 1 and _stored(url) == after


def test_a_unit_user_cannot_read_or_update_another_units_directive(demo_sqlite_url, monkeypatch, capsys):
    """Scope as a property: for every directive and every unit account, --as reads it and updates it exactly
    when the directive is to that account's unit."""
    url = demo_sqlite_url
    ids = {}
    for to in ("372", "STTTT", "VPUBND", "373"):
        code, out, err = _cli(monkeypatch, capsys, url, "directives", *_add(to=to, text=f"Việc của {to}"))
        assert code == 0, err
        ids[to] = int(out.strip())
    for user, unit in (("nhoquan", "372"), ("sotttt", "STTTT")):
        code, out, _err = _cli(monkeypatch, capsys, url, "directives", "list", "--as", user, "--json")
        seen = json.loads(out)
        assert {r["to"] for r in seen} == {unit}
        assert all(f"Việc của {other}" not in out for other in ids if other != unit)
        for to, directive in ids.items():
            before = _stored(url)
            code, _out, _err = _cli(monkeypatch, capsys, url, "directives", "done", str(directive), "--as", user)
            if to == unit:
                assert code == 0
            else:
                assert code == 1 and _stored(url) == before
