"""Every command of contract §5 on the two-level demo plan (communes directly under the province,
contract §1.5), in a real subprocess on SQLite and PostgreSQL; and `init` refusing a plan that mixes
the two shapes, naming the unit, with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import openpyxl
import pytest
import yaml

from dtplan.domain.catalog import DEFAULT_PLAN_PATH, load_catalog
from tests.conftest import TWO_LEVEL_PLAN, TWO_LEVEL_TODAY, run_cli
from tests.import_files import KPI_EN, PROGRESS_EN, run, write_csv
from tests.integration.test_cli import _independent_figures, _rows_of

CATALOG = load_catalog(TWO_LEVEL_PLAN)
COMMUNES = [u for u in CATALOG.units if u.kind == "commune"]
AGENCIES = [u for u in CATALOG.units if u.kind == "agency"]
OWN = COMMUNES[0]  # the demo account `capxa` is bound to it
OTHER = COMMUNES[5]
ENV = {"DTPLAN_TODAY": TWO_LEVEL_TODAY}
STRONG = "Xa-Phuong#2025-an-toan"


def ok(*args: str, url: str, stdin: str | None = None):
    """The real CLI: in this process (dtplan.cli.main, no interpreter start), or as a subprocess when it
    reads a password from stdin."""
    if stdin is not None:
        result = run_cli(*args, url=url, env=ENV, stdin=stdin)
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        code, out, err = run(*args, url=url, today=TWO_LEVEL_TODAY)
    assert code == 0, err
    assert "Traceback" not in err
    return subprocess.CompletedProcess(list(args), code, out, err)


def ok_json(*args: str, url: str):
    return json.loads(ok(*args, url=url).stdout)


def strings_of(path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )


def test_every_command_on_the_two_level_plan(two_level_db_url, tmp_path):
    url = two_level_db_url
    assert "Đã khởi tạo" in ok("init", "--plan", str(TWO_LEVEL_PLAN), url=url).stdout  # idempotent

    # summary: the province's figures, and one commune's, each equal to sums over its own rows
    for unit in (None, OWN.code, AGENCIES[0].code):
        data = ok_json("summary", "--as-of", "2025-10", "--json", *(["--unit", unit] if unit else []), url=url)
        assert data["plan"] == CATALOG.plan.code and data["scope"] == (unit or "37")
        expected = _independent_figures(CATALOG, _rows_of(url, None if unit is None else {unit}), "2025-10")
        assert any(v is not None for v in expected.values())
        for row in data["kpis"]:
            want = expected[row["code"]]
            assert (row["actual"] is None) if want is None else row["actual"] == pytest.approx(want), row
    commune = ok_json("summary", "--as-of", "2025-10", "--unit", OWN.code, "--json", url=url)
    applies = {k["code"] for k in commune["kpis"] if k["applies"]}
    assert applies == {k.code for k in CATALOG.kpis if "commune" in k.levels}
    whole = ok_json("summary", "--as-of", "2025-10", "--json", url=url)
    assert len({k["status"] for k in whole["kpis"]}) >= 3

    # tasks: a commune sees the tasks it leads or partners
    tasks = ok_json("tasks", "--as-of", "2025-10", "--unit", OWN.code, "--json", url=url)
    assert tasks and all(t["lead"] == OWN.code or OWN.code in t["partners"] for t in tasks)

    # compliance: agencies and communes are the reporting units
    rows = ok_json("compliance", "--as-of", "2025-03", "--json", url=url)
    assert {r["unit"] for r in rows} == {u.code for u in AGENCIES + COMMUNES}
    assert {r["status"] for r in rows} >= {"on_time", "late"}
    mine = ok_json("compliance", "--as-of", "2025-03", "--unit", OWN.code, "--json", url=url)
    assert {r["unit"] for r in mine} == {OWN.code} and len(mine) == 3

    # template for a commune: its own commune-level KPIs
    out = tmp_path / "mau.xlsx"
    ok("template", "--unit", OTHER.code, "--period", "2025-11", "--out", str(out), url=url)
    text = strings_of(out)
    assert OTHER.name in text and all(k.code in text for k in CATALOG.kpis if "commune" in k.levels)

    # import: a commune reports KPI rows and task progress; a row for an agency-only KPI is refused
    kpi = next(k for k in CATALOG.kpis if k.levels == ("commune",) and k.unit == "percent" and k.aggregation == "stock")
    agency_only = next(k for k in CATALOG.kpis if k.levels == ("agency",))
    sent = dt.date(2025, 11, 20)
    good = write_csv(tmp_path / "kpi.csv", KPI_EN, [["2025-11", OTHER.code, kpi.code, 40, 50, sent.isoformat(), ""]])
    task = next(t for t in CATALOG.tasks if t.lead == OWN.code)
    progress = write_csv(
        tmp_path / "tien-do.csv",
        PROGRESS_EN,
        [["2025-11", task.code, OWN.code, "Đang thực hiện", 70, sent.isoformat(), ""]],
    )
    ok("import", str(good), str(progress), url=url)
    nov = {
        r["unit"]: r for r in ok_json("compliance", "--as-of", "2025-11", "--json", url=url) if r["period"] == "2025-11"
    }
    assert nov[OTHER.code]["submitted_at"] <= sent.isoformat() and nov[OTHER.code]["status"] in ("on_time", "late")
    figures = ok_json("summary", "--as-of", "2025-11", "--unit", OTHER.code, "--json", url=url)["kpis"]
    assert next(k for k in figures if k["code"] == kpi.code)["actual"] == pytest.approx(80.0)  # stock: 40 / 50
    tasks = ok_json("tasks", "--as-of", "2025-11", "--unit", OWN.code, "--json", url=url)
    assert next(t for t in tasks if t["code"] == task.code)["progress"] == pytest.approx(70.0)
    bad = write_csv(tmp_path / "sai.csv", KPI_EN, [["2025-11", OTHER.code, agency_only.code, 1, 2, "2025-11-20", ""]])
    code, _out, err = run("import", str(bad), url=url, today=TWO_LEVEL_TODAY)
    assert code == 1 and f"{bad}:2:" in err and "Traceback" not in err

    # users: a unit account bound to a commune
    ok("users", "add", "xaphuong2", "--role", "unit", "--unit", OTHER.code, "--password-stdin", url=url, stdin=STRONG)
    listing = ok("users", "list", url=url).stdout
    assert "xaphuong2" in listing and OTHER.code in listing and "capxa" in listing and "nhoquan" not in listing

    # export: the brief and the figures, as the commune's account, name no other commune
    brief = tmp_path / "brief.pdf"
    ok("export", "brief", "--as-of", "2025-10", "--as", "capxa", "--out", str(brief), url=url)
    assert brief.read_bytes().startswith(b"%PDF")
    figures = tmp_path / "so-lieu.xlsx"
    ok("export", "xlsx", "--as-of", "2025-10", "--as", "capxa", "--out", str(figures), url=url)
    text = strings_of(figures)
    assert OWN.name in text or OWN.short in text
    leaked = [u.name for u in COMMUNES if u is not OWN and u.name in text and u.name not in OWN.name]
    assert leaked == []
    foreign = ("--unit", OTHER.code, "--out", str(tmp_path / "x.xlsx"))
    code, _out, _err = run(
        "export", "xlsx", "--as-of", "2025-10", "--as", "capxa", *foreign, url=url, today=TWO_LEVEL_TODAY
    )
    assert code != 0 and not (tmp_path / "x.xlsx").exists()

    # audit: the import, the new account and the exports are on record
    audit = ok_json("audit", "--json", url=url)
    actions = {e["action"] for e in audit}
    assert {"import", "export"} <= actions and any("xaphuong2" in json.dumps(e, ensure_ascii=False) for e in audit)


def test_demo_accounts_of_a_two_level_plan(two_level_sqlite_url):
    listing = ok("users", "list", url=two_level_sqlite_url).stdout
    for name in ("quantri", "lanhdao", "sotttt", "capxa"):
        assert name in listing
    assert "nhoquan" not in listing
    line = next(line for line in listing.splitlines() if line.startswith("capxa"))
    assert OWN.code in line


def test_a_mixed_plan_is_refused_by_init_naming_the_unit(sqlite_url, tmp_path):
    raw = yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))
    index, unit = next((i, u) for i, u in enumerate(raw["units"]) if u["kind"] == "commune")
    raw["units"][index + 3]["parent"] = raw["plan"]["province"]  # one commune directly under the province
    bad = raw["units"][index + 3]
    path = tmp_path / "tron.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = run_cli("init", "--plan", str(path), url=sqlite_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"units[{index + 3}] ({bad['code']})" in result.stderr and "trộn hai mô hình" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    db = sqlite_url.removeprefix("sqlite:///")
    assert not __import__("pathlib").Path(db).exists() or "plan" not in _tables(sqlite_url)
    del unit


def _tables(url: str) -> set[str]:
    from sqlalchemy import inspect

    from dtplan import store

    engine = store.make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
