"""`scorecard` (contract §6) and `directives add|done|reopen|list` (§7) on the two-level demo plan
(communes directly under the province, §1.5), on SQLite and PostgreSQL, as a leader, an admin and the
commune account `capxa`: the commune sees only its own row and its own directives, and every refusal is an
exit code and one Vietnamese line with nothing stored."""

from __future__ import annotations

import datetime as dt
import json

from dtplan import store
from dtplan.domain.access import province_scope
from dtplan.store import audit
from dtplan.store.demo import COMMUNE_DEMO_USER
from dtplan.store.directives import directive_rows
from tests.conftest import TWO_LEVEL_TODAY
from tests.import_files import run
from tests.integration.test_two_level_cli import AGENCIES, CATALOG, COMMUNES, OTHER, OWN

AS_OF = "2025-10"
COMMUNE_KPIS = [k.code for k in CATALOG.kpis if "commune" in k.levels]
AGENCY_KPIS = [k.code for k in CATALOG.kpis if "agency" in k.levels]
LEADER, ADMIN, CAPXA = "lanhdao", "quantri", COMMUNE_DEMO_USER


def cli(url: str, *args: str) -> tuple[int, str, str]:
    code, out, err = run(*args, url=url, today=TWO_LEVEL_TODAY)
    assert "Traceback" not in err
    return code, out, err


def ok_json(url: str, *args: str):
    code, out, err = cli(url, *args, "--json")
    assert code == 0, (args, err)
    return json.loads(out)


def refused(url: str, expected: int, *args: str) -> str:
    """The command fails with `expected`, prints nothing, and says why in one Vietnamese line."""
    code, out, err = cli(url, *args)
    assert code == expected, (args, err)
    lines = [line for line in err.splitlines() if line.startswith("dtplan:")]
    assert out == "" and len(lines) == 1, (args, err)
    assert not lines[0].isascii(), lines  # Vietnamese, with its diacritics
    return lines[0]


def test_the_scorecard_of_the_two_level_plan_by_role(two_level_db_url):
    url = two_level_db_url
    for who in ((), ("--as", LEADER), ("--as", ADMIN)):
        card = ok_json(url, "scorecard", "--as-of", AS_OF, "--kind", "commune", *who)
        assert list(card) == ["plan", "as_of", "kind", "scope", "kpis", "rows"]
        assert (card["plan"], card["as_of"], card["kind"], card["scope"]) == (CATALOG.plan.code, AS_OF, "commune", "37")
        assert card["kpis"] == COMMUNE_KPIS  # catalogue order
        assert [r["unit"] for r in card["rows"]] == [u.code for u in COMMUNES]  # every commune, catalogue order
        for row in card["rows"]:
            assert set(row) == {"unit", "cells", "met", "applicable"}
            assert list(row["cells"]) == COMMUNE_KPIS
            assert all(set(c) == {"actual", "status"} for c in row["cells"].values())
            assert row["met"] == sum(c["status"] == "met" for c in row["cells"].values())
            assert row["applicable"] == len(row["cells"])
        agencies = ok_json(url, "scorecard", "--as-of", AS_OF, "--kind", "agency", *who)
        assert agencies["kpis"] == AGENCY_KPIS and [r["unit"] for r in agencies["rows"]] == [u.code for u in AGENCIES]
    # Each cell is that KPI's figure and status in `summary --unit` (no_data where the commune sent nothing).
    rows = {r["unit"]: r for r in card["rows"]}
    statuses = {c["status"] for r in card["rows"] for c in r["cells"].values()}
    assert len(statuses) >= 3  # the demo's spread, not one status everywhere
    for unit in (OWN, OTHER, COMMUNES[-1]):
        summary = {k["code"]: k for k in ok_json(url, "summary", "--as-of", AS_OF, "--unit", unit.code)["kpis"]}
        for code, cell in rows[unit.code]["cells"].items():
            assert (cell["actual"], cell["status"]) == (summary[code]["actual"], summary[code]["status"]), code
    one = ok_json(url, "scorecard", "--as-of", AS_OF, "--kind", "commune", "--unit", OTHER.code, "--as", LEADER)
    assert one["scope"] == OTHER.code and [r["unit"] for r in one["rows"]] == [OTHER.code]
    assert one["rows"][0] == rows[OTHER.code]
    refused(url, 2, "scorecard", "--as-of", AS_OF, "--kind", "district", "--json")  # no district in this plan
    refused(url, 2, "scorecard", "--as-of", AS_OF, "--kind", "xa", "--json")

    # The commune account: its own row only, the same figures; another commune or another kind is refused.
    mine = ok_json(url, "scorecard", "--as-of", AS_OF, "--kind", "commune", "--as", CAPXA)
    assert mine["scope"] == OWN.code and [r["unit"] for r in mine["rows"]] == [OWN.code]
    assert mine["rows"][0] == rows[OWN.code]
    code, out, _err = cli(url, "scorecard", "--as-of", AS_OF, "--kind", "commune", "--as", CAPXA)
    assert code == 0 and OWN.code in out and not any(u.code in out for u in COMMUNES if u is not OWN)
    line = refused(url, 2, "scorecard", "--as-of", AS_OF, "--kind", "commune", "--unit", OTHER.code, "--as", CAPXA)
    assert OTHER.name not in line
    refused(url, 2, "scorecard", "--as-of", AS_OF, "--kind", "agency", "--as", CAPXA, "--json")


def stored(url: str) -> tuple[list[dict], list[dict]]:
    engine = store.make_engine(url)
    try:
        scope = province_scope(store.read_catalog(engine))
        rows = directive_rows(engine, scope, dt.date.fromisoformat(TWO_LEVEL_TODAY))
        entries = [e for e in audit.audit_rows(engine) if e["action"].startswith("directive_")]
    finally:
        engine.dispose()
    return rows, entries


def test_directives_of_the_two_level_plan_by_role(two_level_db_url):
    url = two_level_db_url
    kpi = COMMUNE_KPIS[0]

    def add(to: str, due: str, text: str, *who: str) -> int:
        args = ("--about", f"kpi:{kpi}", "--to", to, "--due", due, "--text", text, "--meeting", AS_OF)
        code, out, err = cli(url, "directives", "add", *args, *who)
        assert code == 0, err
        return int(out.strip())

    own = add(OWN.code, "2025-12-31", "Xã đẩy nhanh hồ sơ trực tuyến", "--as", LEADER)
    other = add(OTHER.code, "2025-11-30", "Phường khác hoàn thành số hóa hồ sơ", "--as", ADMIN)
    agency = add(AGENCIES[0].code, "2025-11-10", "Sở hướng dẫn các xã", "--as", LEADER)  # overdue at 20/11
    listing = ok_json(url, "directives", "list", "--as", LEADER)
    assert [r["id"] for r in listing] == [agency, other, own]  # by due date
    assert [r["to"] for r in listing] == [AGENCIES[0].code, OTHER.code, OWN.code]
    assert [r["status"] for r in listing] == ["overdue", "open", "open"]
    assert [r["id"] for r in ok_json(url, "directives", "list", "--unit", OTHER.code)] == [other]
    assert [r["id"] for r in ok_json(url, "directives", "list", "--status", "overdue", "--as", ADMIN)] == [agency]

    # Refused, nothing stored: the commune may not add; the province is not a receiver; a commune's account
    # may neither read nor update another commune's directive.
    before = stored(url)
    refused(url, 1, "directives", "add", "--about", f"kpi:{kpi}", "--to", OWN.code, "--due", "2025-12-31",
            "--text", "Tự giao", "--meeting", AS_OF, "--as", CAPXA)  # fmt: skip
    refused(url, 1, "directives", "add", "--about", f"unit:{OWN.code}", "--to", "37", "--due", "2025-12-31",
            "--text", "Cả tỉnh", "--meeting", AS_OF)  # fmt: skip
    line = refused(url, 1, "directives", "done", str(other), "--as", CAPXA)
    assert OTHER.name not in line
    refused(url, 1, "directives", "done", str(agency), "--as", CAPXA)
    refused(url, 2, "directives", "list", "--unit", OTHER.code, "--as", CAPXA, "--json")
    refused(url, 2, "directives", "done", "999999", "--as", CAPXA)
    assert stored(url) == before

    # The commune's own: it reads only that one and closes and reopens it.
    code, out, _err = cli(url, "directives", "list", "--as", CAPXA, "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [own]
    assert OTHER.code not in out and "Phường khác" not in out and "Sở hướng dẫn" not in out
    code, _out, err = cli(url, "directives", "done", str(own), "--note", "Đã đạt 60%", "--as", CAPXA)
    assert code == 0, err
    assert [r["status"] for r in ok_json(url, "directives", "list", "--as", CAPXA)] == ["done"]
    code, _out, err = cli(url, "directives", "reopen", str(own), "--note", "Chưa đủ hồ sơ", "--as", CAPXA)
    assert code == 0, err
    code, _out, err = cli(url, "directives", "done", str(other), "--as", ADMIN)
    assert code == 0, err
    history = {r["id"]: r for r in ok_json(url, "directives", "list", "--as", LEADER)}
    assert [(h["by"], h["action"]) for h in history[own]["history"]] == [
        (LEADER, "add"),
        (CAPXA, "done"),
        (CAPXA, "reopen"),
    ]
    assert history[own]["status"] == "open" and history[other]["status"] == "done"
    _rows, entries = stored(url)
    assert [(e["actor"], e["action"]) for e in entries] == [
        (LEADER, "directive_add"),
        (ADMIN, "directive_add"),
        (LEADER, "directive_add"),
        (CAPXA, "directive_done"),
        (CAPXA, "directive_reopen"),
        (ADMIN, "directive_done"),
    ]
