"""The scorecard of contract §6 on SQLite and PostgreSQL: every cell of every kind equals the unit's own
`summary`, the JSON shape, the rows a scope gets (province, --unit, --as a unit account), the meeting
workbook's scorecard sheets, a plan without districts, and each invalid input (exit 2, one line)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from dtplan import i18n, store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.domain.catalog import Catalog, Kpi, PlanInfo, ReportingCalendar, Unit
from dtplan.read import views
from dtplan.read.scorecard import scorecard
from dtplan.store import KpiReport
from tests.conftest import run_cli
from tests.integration.test_cli import assert_one_clear_line, call

AS_OF = "2023-06"
ENV = {"DTPLAN_TODAY": "2024-01-15"}
ROW_KEYS = {"unit", "cells", "met", "applicable"}


def scorecard_json(url: str, *args: str) -> dict:
    result = run_cli("scorecard", "--as-of", AS_OF, *args, "--json", url=url, env=ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_cells_equal_summary(engine, catalog, card: dict) -> None:
    """Each cell is the KPI's actual and status in `summary --unit UNIT`; only KPIs that apply have one."""
    for row in card["rows"]:
        own = {k["code"]: k for k in views.summary(engine, catalog, unit_scope(catalog, row["unit"]), AS_OF)["kpis"]}
        assert set(row) == ROW_KEYS
        assert list(row["cells"]) == [c for c in card["kpis"] if own[c]["applies"]]
        for code, cell in row["cells"].items():
            assert cell == {"actual": own[code]["actual"], "status": own[code]["status"]}, (row["unit"], code)
        assert row["met"] == sum(1 for c in row["cells"].values() if c["status"] == "met")
        assert row["applicable"] == len(row["cells"])


@pytest.mark.parametrize("kind", ["agency", "district", "commune"])
def test_every_cell_equals_the_units_summary(demo_db_url, kind):
    card = scorecard_json(demo_db_url, "--kind", kind)
    engine = store.make_engine(demo_db_url)
    try:
        catalog = store.read_catalog(engine)
        assert set(card) == {"plan", "as_of", "kind", "scope", "kpis", "rows"}
        assert (card["plan"], card["as_of"], card["kind"], card["scope"]) == (
            catalog.plan.code,
            AS_OF,
            kind,
            catalog.plan.province,
        )
        assert card["kpis"] == [k.code for k in catalog.kpis if kind in k.levels]
        assert [r["unit"] for r in card["rows"]] == [u.code for u in catalog.units if u.kind == kind]
        assert_cells_equal_summary(engine, catalog, card)
        # The JSON is the read model's, and the read model is what the page and the files draw.
        assert card == json.loads(json.dumps(scorecard(engine, catalog, province_scope(catalog), AS_OF, kind)))
    finally:
        engine.dispose()
    if kind != "commune":  # at least one unit against the real `summary --unit` command, not only its function
        unit = card["rows"][0]["unit"]
        result = run_cli("summary", "--as-of", AS_OF, "--unit", unit, "--json", url=demo_db_url, env=ENV)
        own = {k["code"]: k for k in json.loads(result.stdout)["kpis"]}
        for code, cell in card["rows"][0]["cells"].items():
            assert cell == {"actual": own[code]["actual"], "status": own[code]["status"]}
        statuses = {c["status"] for r in card["rows"] for c in r["cells"].values()}
        assert len(statuses) >= 3  # the demo shows several statuses, so equality is not trivially met


def test_scope_rows(demo_db_url):
    engine = store.make_engine(demo_db_url)
    catalog = store.read_catalog(engine)
    engine.dispose()
    communes = [u.code for u in catalog.units if u.parent == "372"]
    assert [r["unit"] for r in scorecard_json(demo_db_url, "--kind", "district", "--unit", "372")["rows"]] == ["372"]
    assert [r["unit"] for r in scorecard_json(demo_db_url, "--kind", "commune", "--unit", "372")["rows"]] == communes
    as_nhoquan = scorecard_json(demo_db_url, "--kind", "commune", "--as", "nhoquan")
    assert as_nhoquan["scope"] == "372" and [r["unit"] for r in as_nhoquan["rows"]] == communes
    as_sotttt = scorecard_json(demo_db_url, "--kind", "agency", "--as", "sotttt")
    assert as_sotttt["scope"] == "STTTT" and [r["unit"] for r in as_sotttt["rows"]] == ["STTTT"]
    # A leader reads every unit, like the operator without --as.
    assert scorecard_json(demo_db_url, "--kind", "agency", "--as", "lanhdao") == scorecard_json(
        demo_db_url, "--kind", "agency"
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--kind", "huyen"), "--kind"),
        (("--kind", "province"), "--kind"),
        (("--kind", ""), "--kind"),
        (("--kind", "agency", "--unit", "KHONGCO"), "KHONGCO"),
        (("--kind", "commune", "--unit", "STTTT"), "--kind"),  # an agency has no communes
        (("--kind", "district", "--as", "sotttt"), "--kind"),  # an agency account has no district
        (("--kind", "agency", "--as", "sotttt", "--unit", "372"), "--unit"),  # another unit: out of scope
        (("--kind", "commune", "--as", "nhoquan", "--unit", "369"), "--unit"),
        (("--kind", "agency", "--as", "khongco"), "--as"),
    ],
)
def test_invalid_input_exit_2_one_line(demo_db_url, monkeypatch, capsys, args, needle):
    result = call(monkeypatch, capsys, demo_db_url, "scorecard", "--as-of", AS_OF, *args, "--json", env=ENV)
    assert_one_clear_line(result, 2, needle)


@pytest.mark.parametrize(
    "args", [("--as-of", "2022-06", "--kind", "agency"), ("--as-of", "06/2023", "--kind", "agency")]
)
def test_bad_month_and_missing_kind(demo_db_url, monkeypatch, capsys, args):
    result = call(monkeypatch, capsys, demo_db_url, "scorecard", *args, "--json", env=ENV)
    assert_one_clear_line(result, 2, "--as-of")
    missing = call(monkeypatch, capsys, demo_db_url, "scorecard", "--as-of", AS_OF, "--json", env=ENV)
    assert missing.returncode == 2 and "--kind" in missing.stderr and "Traceback" not in missing.stderr


def test_real_subprocess_refusal(demo_db_url):
    result = run_cli("scorecard", "--as-of", AS_OF, "--kind", "tinh", "--json", url=demo_db_url, env=ENV)
    assert_one_clear_line(result, 2, "--kind", "agency, district hoặc commune")


def _sheet_rows(workbook, title: str) -> list[list]:
    return [list(r) for r in workbook[title].iter_rows(values_only=True)]


def test_meeting_workbook_has_the_scorecards_scoped(demo_db_url, tmp_path):
    engine = store.make_engine(demo_db_url)
    catalog = store.read_catalog(engine)
    engine.dispose()
    out = tmp_path / "so-lieu.xlsx"
    assert run_cli("export", "xlsx", "--as-of", AS_OF, "--out", str(out), url=demo_db_url, env=ENV).returncode == 0
    book = load_workbook(io.BytesIO(out.read_bytes()))
    agencies = scorecard_json(demo_db_url, "--kind", "agency")
    for kind in ("agency", "district"):
        card = agencies if kind == "agency" else scorecard_json(demo_db_url, "--kind", kind)
        rows = _sheet_rows(book, i18n.SCORECARD_SHEET[kind])
        header = next(i for i, r in enumerate(rows) if r[0] == i18n.COL["unit_code"])
        assert rows[header][2 : 2 + len(card["kpis"])] == card["kpis"]
        body = rows[header + 1 :]
        assert [r[0] for r in body] == [r["unit"] for r in card["rows"]]
        assert [(r[-2], r[-1]) for r in body] == [(r["met"], r["applicable"]) for r in card["rows"]]
        assert body[0][1] == catalog.unit(card["rows"][0]["unit"]).name
    assert i18n.SCORECARD_SHEET["commune"] not in book.sheetnames  # no KPI is reported by communes themselves

    # A unit account's workbook: its own row only, no other unit's name or code in the scorecard sheets.
    mine = tmp_path / "sotttt.xlsx"
    args = ("export", "xlsx", "--as-of", AS_OF, "--out", str(mine), "--as", "sotttt")
    assert run_cli(*args, url=demo_db_url, env=ENV).returncode == 0
    book = load_workbook(io.BytesIO(mine.read_bytes()))
    assert i18n.SCORECARD_SHEET["district"] not in book.sheetnames
    text = " ".join(str(v) for r in _sheet_rows(book, i18n.SCORECARD_SHEET["agency"]) for v in r if v is not None)
    assert "STTTT" in text
    for unit in catalog.units:
        if unit.kind in ("agency", "district") and unit.code != "STTTT":
            assert unit.name not in text and f" {unit.code} " not in f" {text} ", unit.code


# --- a plan without districts (contract §1.5): communes directly under the province ------------------------

YEAR = 2025
TWO_LEVEL = Catalog(
    plan=PlanInfo(code="KH-2C", title="Kế hoạch hai cấp", province="P", year=YEAR, issued=None),
    reporting=ReportingCalendar(monthly_due_day=25, quarterly_due_day=25, half_year_due=(6, 25), year_due=(12, 15)),
    units=(
        Unit("P", "Tỉnh Hai Cấp", "Hai Cấp", "province", None),
        Unit("A1", "Sở Một", "Sở 1", "agency", "P"),
        Unit("X1", "Xã Một", "X1", "commune", "P"),
        Unit("X2", "Phường Hai", "X2", "commune", "P"),
        Unit("X3", "Đặc khu Ba", "X3", "commune", "P"),
    ),
    kpis=(
        Kpi("F", "Luồng", "F", "percent", "ge", 60.0, "flow", ("agency", "commune"), "A1", None, {}),
        Kpi("S", "Tích lũy", "S", "percent", "gt", 50.0, "stock", ("commune",), "A1", None, {}),
        Kpi("N", "Đếm", "N", "count", "ge", 3.0, "stock", ("agency",), "A1", None, {}),
    ),
    tasks=(),
)


def test_two_level_plan(empty_db_url):
    engine = store.make_engine(empty_db_url)
    try:
        store.upgrade(engine)
        day = dt.date(YEAR, 7, 1)
        with Session(engine) as session, session.begin():
            store.save_catalog(session, TWO_LEVEL)
            store.add_kpi_reports(
                session,
                [
                    KpiReport(f"{YEAR}-03", "X1", "F", 70, 100, day),
                    KpiReport(f"{YEAR}-05", "X1", "S", 60, 100, day),
                    KpiReport(f"{YEAR}-05", "X2", "S", 10, 100, day),
                    KpiReport(f"{YEAR}-04", "A1", "N", 4, None, day),
                ],
            )
        catalog = store.read_catalog(engine)
        province = province_scope(catalog)
        communes = scorecard(engine, catalog, province, f"{YEAR}-06", "commune")
        assert communes["kpis"] == ["F", "S"]
        assert [r["unit"] for r in communes["rows"]] == ["X1", "X2", "X3"]
        by_unit = {r["unit"]: r for r in communes["rows"]}
        assert by_unit["X1"]["cells"]["F"] == {"actual": 70.0, "status": "met"} and by_unit["X1"]["met"] == 2
        assert (
            by_unit["X2"]["cells"]["S"]["status"] == "off_track" and by_unit["X2"]["cells"]["F"]["status"] == "no_data"
        )
        assert by_unit["X3"] == {
            "unit": "X3",
            "cells": {c: {"actual": None, "status": "no_data"} for c in "FS"},
            "met": 0,
            "applicable": 2,
        }
        agencies = scorecard(engine, catalog, province, f"{YEAR}-06", "agency")
        assert agencies["kpis"] == ["F", "N"] and agencies["rows"][0]["cells"]["N"] == {"actual": 4.0, "status": "met"}
        assert scorecard(engine, catalog, province, f"{YEAR}-06", "district")["rows"] == []
        # A commune's user: its own row only.
        own = scorecard(engine, catalog, unit_scope(catalog, "X2"), f"{YEAR}-06", "commune")
        assert [r["unit"] for r in own["rows"]] == ["X2"]
        for card in (communes, agencies):
            for row in card["rows"]:
                mine = {
                    k["code"]: k
                    for k in views.summary(engine, catalog, unit_scope(catalog, row["unit"]), f"{YEAR}-06")["kpis"]
                }
                assert all(
                    c == {"actual": mine[k]["actual"], "status": mine[k]["status"]} for k, c in row["cells"].items()
                )
    finally:
        engine.dispose()
    refused = run_cli("scorecard", "--as-of", f"{YEAR}-06", "--kind", "district", "--json", url=empty_db_url)
    assert_one_clear_line(refused, 2, "--kind")
    ok = run_cli("scorecard", "--as-of", f"{YEAR}-06", "--kind", "commune", "--json", url=empty_db_url)
    assert ok.returncode == 0 and [r["unit"] for r in json.loads(ok.stdout)["rows"]] == ["X1", "X2", "X3"]


def test_in_the_final_month_the_cli_keeps_the_contract_and_screens_show_the_verdict(demo_sqlite_url):
    """December: `scorecard --json` keeps §6's statuses (= summary's), while the page, the workbook and the
    brief get the year-end verdict, cell by cell as the unit's own page shows it."""
    from dtplan.domain import metrics
    from dtplan.read.kpis import kpi_table

    result = run_cli("scorecard", "--as-of", "2023-12", "--kind", "district", "--json", url=demo_sqlite_url, env=ENV)
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    statuses = {c["status"] for r in card["rows"] for c in r["cells"].values()}
    assert statuses and statuses <= set(metrics.KPI_STATUSES)
    engine = store.make_engine(demo_sqlite_url)
    try:
        catalog = store.read_catalog(engine)
        shown = scorecard(engine, catalog, province_scope(catalog), "2023-12", "district")
        verdicts = set()
        for row in shown["rows"]:
            own = {r["code"]: r for r in kpi_table(engine, catalog, unit_scope(catalog, row["unit"]), "2023-12")}
            for code, cell in row["cells"].items():
                assert cell["status"] == own[code]["status"], (row["unit"], code)
                verdicts.add(cell["status"])
            assert row["met"] == sum(1 for c in row["cells"].values() if c["status"] in (metrics.VUOT, metrics.DAT))
        assert verdicts and verdicts <= set(metrics.YEAR_END_STATUSES)
    finally:
        engine.dispose()
