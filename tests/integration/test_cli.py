"""The command line of contract §5 (`init`, `summary`, `tasks`, `compliance`) in a real subprocess, on
SQLite and on a real PostgreSQL server: JSON shapes, figures recomputed from the rows with plain SQL,
idempotent `init`, and every invalid input the contract implies (one clear line, no traceback).

Exit codes (dtplan/cli/main.py): 0 done; 1 refused input or an unreachable database; 2 a wrong call.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest
import yaml
from sqlalchemy import text

from dtplan import store
from dtplan.domain.catalog import DEFAULT_PLAN_PATH
from tests.conftest import free_port, run_cli

KPI_STATUSES = {"met", "on_track", "at_risk", "off_track", "no_data"}
TASK_STATUSES = {"done", "on_track", "behind", "overdue", "suspended", "no_report"}
ASSESSMENTS = {"vuot", "dat", "khong_dat", None}
SUMMARY_KEYS = {"plan", "as_of", "scope", "kpis", "tasks"}
KPI_KEYS = {"code", "actual", "target", "op", "expected", "status", "assessment", "numerator", "denominator"}
# Compatible extensions (documented in the README): a label and whether any unit in scope reports it.
KPI_EXTRA = {"name", "applies"}
TASK_COUNT_KEYS = {"total", "done", "on_track", "behind", "overdue", "suspended", "no_report"}
TASK_KEYS = {"code", "appendix", "title", "lead", "partners", "start", "due", "progress", "status"}
TASK_EXTRA = {"illustrative"}
COMPLIANCE_KEYS = {"unit", "period", "due", "submitted_at", "status"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def ok_json(*args: str, url: str, env: dict | None = None):
    result = run_cli(*args, url=url, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def call(monkeypatch, capsys, url: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`dtplan.cli.main` in this process: the same code path as the subprocess without the ~0.5 s
    interpreter start, for the large matrices of invalid input. Any exception other than argparse's
    SystemExit propagates and fails the test (a traceback for a user)."""
    from dtplan import cli

    monkeypatch.setenv("DTPLAN_DATABASE_URL", url)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out, err)


def assert_one_clear_line(result, code: int, *needles: str, stdout_empty: bool = True) -> None:
    """A refused call: the given exit code, one Vietnamese line naming the problem, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("usage:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    if stdout_empty:
        assert result.stdout.strip() == ""


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _meets(actual: float, op: str, target: float) -> bool:
    eps = 1e-9 * max(1.0, abs(target))
    return actual > target + eps if op == "gt" else actual >= target - eps


def _catalog(url: str):
    engine = store.make_engine(url)
    try:
        return store.read_catalog(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def readonly_demo_sqlite(demo_sqlite_template) -> str:
    """The session's demo database, for tests that only read and are refused before any write."""
    return f"sqlite:///{demo_sqlite_template}"


# --- init ------------------------------------------------------------------------------------------


def test_init_creates_the_plan_and_an_empty_summary(empty_db_url):
    result = run_cli("init", url=empty_db_url)
    assert result.returncode == 0, result.stderr
    data = ok_json("summary", "--as-of", "2023-06", "--json", url=empty_db_url)
    assert data["plan"] == "KH-194-UBND-2022" and data["scope"] == "37"
    assert len(data["kpis"]) == 21
    for kpi in data["kpis"]:
        assert kpi["status"] == "no_data"
        assert kpi["actual"] is None and kpi["assessment"] is None
        assert kpi["numerator"] is None and kpi["denominator"] is None
    tasks = data["tasks"]
    assert tasks["total"] > 0 and tasks["no_report"] == tasks["total"]
    assert ok_json("tasks", "--as-of", "2023-06", "--lagging", "--json", url=empty_db_url) == []
    engine = store.make_engine(empty_db_url)
    try:
        assert not store.is_demo(engine)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT COUNT(*) FROM users")) == 0  # no demo accounts outside a demo
    finally:
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: conn.scalar(text(f"SELECT COUNT(*) FROM {table}"))
                for table in ("kpi_reports", "task_reports", "units", "kpis", "tasks", "users", "imports")
            }
    finally:
        engine.dispose()


def test_init_twice_keeps_the_data(demo_db_url):
    before = ok_json("summary", "--as-of", "2023-09", "--json", url=demo_db_url)
    counts = _counts(demo_db_url)
    assert counts["kpi_reports"] > 0
    for args in (("init",), ("init", "--demo"), ("init", "--plan", str(DEFAULT_PLAN_PATH))):
        result = run_cli(*args, url=demo_db_url)
        assert result.returncode == 0, result.stderr
    assert _counts(demo_db_url) == counts
    assert ok_json("summary", "--as-of", "2023-09", "--json", url=demo_db_url) == before


def test_init_demo_is_refused_on_a_database_with_real_reports(empty_db_url):
    assert run_cli("init", url=empty_db_url).returncode == 0
    engine = store.make_engine(empty_db_url)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as session, session.begin():
            store.add_kpi_reports(session, [store.KpiReport("2023-01", "STTTT", "T12", 5, 10, dt.date(2023, 1, 20))])
    finally:
        engine.dispose()
    result = run_cli("init", "--demo", url=empty_db_url)
    # The plan part of init is done (and says so on stdout); the demo part is refused.
    assert_one_clear_line(result, 1, "demo", stdout_empty=False)
    counts = _counts(empty_db_url)
    assert counts["kpi_reports"] == 1 and counts["users"] == 0
    data = ok_json("summary", "--as-of", "2023-01", "--unit", "STTTT", "--json", url=empty_db_url)
    t12 = next(k for k in data["kpis"] if k["code"] == "T12")
    assert t12["actual"] == pytest.approx(50.0)


def _plan() -> dict:
    return yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))


def _broken_plans():
    def without_year(p):
        del p["plan"]["year"]

    def bad_op(p):
        p["kpis"][3]["op"] = "lt"

    def bad_target(p):
        p["kpis"][0]["target"] = "bảy lăm"

    def unknown_lead(p):
        p["kpis"][0]["lead"] = "KHONGCO"

    def duplicate_unit(p):
        p["units"].append(dict(p["units"][1]))

    def orphan_commune(p):
        commune = next(u for u in p["units"] if u["kind"] == "commune")
        commune["parent"] = "999"

    def bad_due_day(p):
        p["reporting"]["monthly_due_day"] = 40

    def no_kpis(p):
        p["kpis"] = []

    return [
        ("without_year", without_year, "plan.year"),
        ("bad_op", bad_op, ".op"),
        ("bad_target", bad_target, ".target"),
        ("unknown_lead", unknown_lead, ".lead"),
        ("duplicate_unit", duplicate_unit, ".code"),
        ("orphan_commune", orphan_commune, ".parent"),
        ("bad_due_day", bad_due_day, "reporting.monthly_due_day"),
        ("no_kpis", no_kpis, "kpis"),
    ]


@pytest.mark.parametrize(("name", "breaks", "key"), _broken_plans(), ids=[b[0] for b in _broken_plans()])
def test_init_with_a_broken_plan_names_the_key(monkeypatch, capsys, tmp_path, sqlite_url, name, breaks, key):
    plan = _plan()
    breaks(plan)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    assert_one_clear_line(call(monkeypatch, capsys, sqlite_url, "init", "--plan", str(path)), 1, key)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "không tìm thấy"),
        ("plan: [\n", "YAML"),
        ("", "plan"),
        ("- 1\n- 2\n", "plan"),
        (b"\xff\xfe\x00binary", ""),
    ],
    ids=["missing", "bad-yaml", "empty", "a-list", "binary"],
)
def test_init_with_an_unreadable_plan_file(monkeypatch, capsys, tmp_path, sqlite_url, content, needle):
    path = tmp_path / "plan.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert_one_clear_line(call(monkeypatch, capsys, sqlite_url, "init", "--plan", str(path)), 1, needle)


def test_init_with_a_broken_plan_leaves_an_existing_database_unchanged(demo_db_url, tmp_path):
    counts = _counts(demo_db_url)
    plan = _plan()
    plan["kpis"][0]["aggregation"] = "average"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    assert_one_clear_line(run_cli("init", "--plan", str(path), url=demo_db_url), 1, "aggregation")
    assert _counts(demo_db_url) == counts


def test_init_refuses_another_plan_in_the_same_database(demo_db_url, tmp_path):
    plan = _plan()
    plan["plan"]["code"] = "KH-KHAC-2023"
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    assert_one_clear_line(run_cli("init", "--plan", str(path), url=demo_db_url), 1, "KH-KHAC-2023")
    assert ok_json("summary", "--as-of", "2023-01", "--json", url=demo_db_url)["plan"] == "KH-194-UBND-2022"


# --- summary ---------------------------------------------------------------------------------------


def test_summary_json_shape_and_internal_consistency(demo_db_url):
    data = ok_json("summary", "--as-of", "2023-06", "--json", url=demo_db_url)
    assert set(data) == SUMMARY_KEYS
    assert data["plan"] == "KH-194-UBND-2022" and data["as_of"] == "2023-06" and data["scope"] == "37"
    catalog = _catalog(demo_db_url)
    assert [k["code"] for k in data["kpis"]] == [k.code for k in catalog.kpis]
    assert len(data["kpis"]) == 21
    seen = set()
    for row in data["kpis"]:
        assert KPI_KEYS <= set(row) <= KPI_KEYS | KPI_EXTRA, set(row) ^ KPI_KEYS
        kpi = catalog.kpis_by_code[row["code"]]
        assert row["op"] == kpi.op and row["target"] == kpi.target and _number(row["target"])
        assert _number(row["expected"])
        assert row["status"] in KPI_STATUSES and row["assessment"] in ASSESSMENTS
        seen.add(row["status"])
        if row["status"] == "no_data":
            assert row["actual"] is None and row["assessment"] is None
            continue
        assert _number(row["actual"]) and _number(row["numerator"])
        if kpi.unit == "count":
            assert row["denominator"] is None and row["actual"] == pytest.approx(row["numerator"])
        else:
            assert _number(row["denominator"]) and row["denominator"] > 0
            assert row["actual"] == pytest.approx(100 * row["numerator"] / row["denominator"])
        met = _meets(row["actual"], kpi.op, kpi.target)
        assert (row["status"] == "met") == met
        if not met:
            assert row["assessment"] == "khong_dat"
        else:
            assert row["assessment"] == ("dat" if row["actual"] == pytest.approx(kpi.target) else "vuot")
            continue
        if row["actual"] >= row["expected"] - 1e-9:
            assert row["status"] == "on_track"
        elif row["actual"] >= 0.9 * row["expected"] - 1e-9:
            assert row["status"] == "at_risk"
        else:
            assert row["status"] == "off_track"
    assert len(seen) >= 3, seen  # the demo spreads KPIs over statuses
    tasks = data["tasks"]
    assert set(tasks) == TASK_COUNT_KEYS and all(isinstance(v, int) for v in tasks.values())
    assert tasks["total"] == sum(v for k, v in tasks.items() if k != "total")


def test_summary_as_of_every_month_covers_every_status_over_the_year(monkeypatch, capsys, readonly_demo_sqlite):
    statuses, assessments = set(), set()
    for month in range(1, 13):
        result = call(monkeypatch, capsys, readonly_demo_sqlite, "summary", "--as-of", f"2023-{month:02d}", "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["as_of"] == f"2023-{month:02d}"
        statuses |= {k["status"] for k in data["kpis"]}
        assessments |= {k["assessment"] for k in data["kpis"]}
    assert statuses == KPI_STATUSES
    assert {"vuot", "khong_dat"} <= assessments


def test_summary_human_output_without_json(demo_sqlite_url):
    result = run_cli("summary", "--as-of", "2023-06", url=demo_sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "KH-194-UBND-2022" in result.stdout and "T18" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_summary_unit_of_the_province_is_the_province(demo_sqlite_url):
    whole = ok_json("summary", "--as-of", "2023-06", "--json", url=demo_sqlite_url)
    assert ok_json("summary", "--as-of", "2023-06", "--unit", "37", "--json", url=demo_sqlite_url) == whole


def test_summary_as_of_with_spaces_is_the_same_month(demo_sqlite_url):
    plain = ok_json("summary", "--as-of", "2023-06", "--json", url=demo_sqlite_url)
    assert ok_json("summary", "--as-of", " 2023-06 ", "--json", url=demo_sqlite_url) == plain


def _rows_of(url: str, units: set[str] | None) -> list[tuple]:
    """The current KPI rows (every unit when `units` is None), read with plain SQL."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT period, unit_code, kpi_code, numerator, denominator FROM kpi_reports "
                    "WHERE is_current = :yes"
                ),
                {"yes": True},
            ).all()
    finally:
        engine.dispose()
    return [r for r in rows if units is None or r[1] in units]


def _independent_figures(catalog, rows, as_of: str) -> dict[str, float | None]:
    """Contract §3 from raw rows: flow Σ Jan..M; stock each unit's latest ≤ M (from December)."""
    year = catalog.plan.year
    out = {}
    for kpi in catalog.kpis:
        mine = [r for r in rows if r[2] == kpi.code and r[0] <= as_of]
        if kpi.aggregation == "flow":
            chosen = [r for r in mine if r[0] >= f"{year}-01"]
        else:
            latest: dict[str, tuple] = {}
            for r in mine:
                if r[0] >= f"{year - 1}-12" and (r[1] not in latest or r[0] > latest[r[1]][0]):
                    latest[r[1]] = r
            chosen = list(latest.values())
        if not chosen:
            out[kpi.code] = None
            continue
        num = sum(r[3] for r in chosen)
        den = sum(r[4] or 0 for r in chosen)
        out[kpi.code] = num if kpi.unit == "count" else 100 * num / den
    return out


@pytest.mark.parametrize(
    ("unit", "as_of"), [(None, "2023-06"), ("372", "2023-06"), ("STTTT", "2023-11"), ("369", "2023-02")]
)
def test_summary_figures_equal_sums_over_the_scopes_rows(demo_db_url, unit, as_of):
    catalog = _catalog(demo_db_url)
    args = ["summary", "--as-of", as_of, "--json"] + (["--unit", unit] if unit else [])
    data = ok_json(*args, url=demo_db_url)
    members = None if unit is None else {unit} | {u.code for u in catalog.units if u.parent == unit}
    expected = _independent_figures(catalog, _rows_of(demo_db_url, members), as_of)
    assert data["scope"] == (unit or "37")
    assert any(v is not None for v in expected.values())
    for row in data["kpis"]:
        want = expected[row["code"]]
        if want is None:
            assert row["actual"] is None and row["status"] == "no_data", row
        else:
            assert row["actual"] == pytest.approx(want), row["code"]


def test_summary_of_a_unit_is_not_the_province(demo_sqlite_url):
    whole = ok_json("summary", "--as-of", "2023-06", "--json", url=demo_sqlite_url)
    district = ok_json("summary", "--as-of", "2023-06", "--unit", "372", "--json", url=demo_sqlite_url)
    assert district["scope"] == "372"
    assert [k["actual"] for k in whole["kpis"]] != [k["actual"] for k in district["kpis"]]
    assert district["tasks"]["total"] < whole["tasks"]["total"]


# --- tasks -----------------------------------------------------------------------------------------


def test_tasks_json_shape_and_counts_match_summary(demo_db_url):
    rows = ok_json("tasks", "--as-of", "2023-08", "--json", url=demo_db_url)
    summary = ok_json("summary", "--as-of", "2023-08", "--json", url=demo_db_url)
    catalog = _catalog(demo_db_url)
    assert isinstance(rows, list) and len(rows) == len(catalog.tasks) == summary["tasks"]["total"]
    for row in rows:
        assert TASK_KEYS <= set(row) <= TASK_KEYS | TASK_EXTRA, set(row) ^ TASK_KEYS
        assert row["status"] in TASK_STATUSES
        assert isinstance(row["partners"], list) and all(isinstance(p, str) for p in row["partners"])
        assert ISO_DATE.match(row["start"]) and ISO_DATE.match(row["due"]) and row["start"] <= row["due"]
        assert row["appendix"] in ("01", "02", "03")
        if row["status"] == "no_report":
            assert row["progress"] is None
        else:
            assert _number(row["progress"]) and 0 <= row["progress"] <= 100
        if row["status"] == "overdue":
            assert row["due"] < "2023-08-31"
    counts = {status: sum(r["status"] == status for r in rows) for status in TASK_STATUSES}
    assert sum(counts.values()) == len(rows)
    assert {k: summary["tasks"][k] for k in TASK_STATUSES} == counts


def test_tasks_lagging_is_the_overdue_and_behind_subset(demo_db_url):
    every = ok_json("tasks", "--as-of", "2023-10", "--json", url=demo_db_url)
    lagging = ok_json("tasks", "--as-of", "2023-10", "--lagging", "--json", url=demo_db_url)
    assert lagging == [r for r in every if r["status"] in ("overdue", "behind")]
    assert lagging, "the demo has lagging tasks in October"


def test_tasks_of_a_unit_are_those_it_leads_or_partners(demo_sqlite_url):
    rows = ok_json("tasks", "--as-of", "2023-06", "--unit", "STTTT", "--json", url=demo_sqlite_url)
    every = ok_json("tasks", "--as-of", "2023-06", "--json", url=demo_sqlite_url)
    mine = [r for r in every if r["lead"] == "STTTT" or "STTTT" in r["partners"]]
    assert rows == mine and 0 < len(rows) < len(every)


# --- compliance ------------------------------------------------------------------------------------


def test_compliance_json_shape_and_statuses(demo_db_url):
    catalog = _catalog(demo_db_url)
    rows = ok_json("compliance", "--as-of", "2023-12", "--json", url=demo_db_url, env={"DTPLAN_TODAY": "2023-12-10"})
    reporting = [u.code for u in catalog.units if u.kind in ("agency", "district")]
    assert {(r["unit"], r["period"]) for r in rows} == {(u, f"2023-{m:02d}") for u in reporting for m in range(1, 13)}
    assert len(rows) == len(reporting) * 12
    statuses = set()
    for row in rows:
        assert set(row) == COMPLIANCE_KEYS
        assert ISO_DATE.match(row["due"])
        statuses.add(row["status"])
        if row["submitted_at"] is None:
            assert row["status"] == ("missing" if row["due"] <= "2023-12-10" else "not_due")
        else:
            assert ISO_DATE.match(row["submitted_at"])
            assert row["status"] == ("on_time" if row["submitted_at"] < row["due"] else "late")
    assert {"on_time", "late", "missing", "not_due"} <= statuses
    december = {r["due"] for r in rows if r["period"] == "2023-12"}
    assert december == {"2023-12-15"}  # the yearly deadline comes first in December


def test_compliance_first_submission_is_the_earliest_of_any_version(demo_db_url):
    rows = ok_json("compliance", "--as-of", "2023-06", "--unit", "372", "--json", url=demo_db_url)
    catalog = _catalog(demo_db_url)
    assert {r["unit"] for r in rows} == {"372"}  # communes are not reporting units
    assert len(rows) == 6
    members = {"372"} | {u.code for u in catalog.units if u.parent == "372"}
    engine = store.make_engine(demo_db_url)
    try:
        with engine.connect() as conn:
            firsts: dict[str, str] = {}
            for table in ("kpi_reports", "task_reports"):
                for unit, p, submitted in conn.execute(text(f"SELECT unit_code, period, submitted_at FROM {table}")):
                    if unit == "372":
                        value = str(submitted)[:10]
                        firsts[p] = min(firsts.get(p, value), value)
    finally:
        engine.dispose()
    assert members  # (commune rows count for the commune, not the district's own record)
    for row in rows:
        assert row["submitted_at"] == firsts.get(row["period"])


def test_compliance_before_the_due_day_is_not_due(demo_sqlite_url):
    def unsubmitted(today: str) -> dict[tuple[str, str], str]:
        rows = ok_json("compliance", "--as-of", "2023-03", "--json", url=demo_sqlite_url, env={"DTPLAN_TODAY": today})
        return {(r["unit"], r["period"]): r["status"] for r in rows if r["submitted_at"] is None}

    before = unsubmitted("2023-01-01")  # before every due day of the quarter
    assert before, "no period without a report in the demo: this test would check nothing"
    assert set(before.values()) == {"not_due"}
    # The same periods, once their due day has passed, are missing.
    assert unsubmitted("2023-12-31") == dict.fromkeys(before, "missing")


# --- invalid input ---------------------------------------------------------------------------------

BAD_MONTHS = ["2023-13", "23-06", "", "2023-6", "2023-00", "06-2023", "2023/06", "abcd"]
COMMANDS = ["summary", "tasks", "compliance"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("as_of", BAD_MONTHS)
def test_malformed_as_of_is_a_usage_error(monkeypatch, capsys, readonly_demo_sqlite, command, as_of):
    result = call(monkeypatch, capsys, readonly_demo_sqlite, command, "--as-of", as_of, "--json")
    assert_one_clear_line(result, 2, "--as-of", "YYYY-MM")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("as_of", ["2022-12", "2024-01", "1999-06"])
def test_as_of_outside_the_plan_year_is_a_usage_error(monkeypatch, capsys, readonly_demo_sqlite, command, as_of):
    result = call(monkeypatch, capsys, readonly_demo_sqlite, command, "--as-of", as_of, "--json")
    assert_one_clear_line(result, 2, as_of, "2023")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("unit", ["XYZ", "stttt", "", "37 ", "'; DROP TABLE units; --"])
def test_unknown_unit_is_a_usage_error(monkeypatch, capsys, readonly_demo_sqlite, command, unit):
    result = call(monkeypatch, capsys, readonly_demo_sqlite, command, "--as-of", "2023-06", "--unit", unit, "--json")
    assert_one_clear_line(result, 2, "--unit")


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_as_of_is_a_usage_error(monkeypatch, capsys, readonly_demo_sqlite, command):
    assert_one_clear_line(call(monkeypatch, capsys, readonly_demo_sqlite, command, "--json"), 2, "--as-of")


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("summary", "--as-of", "2023-06", "--bogus")])
def test_wrong_call_exits_2(monkeypatch, capsys, sqlite_url, args):
    result = call(monkeypatch, capsys, sqlite_url, *args)
    assert result.returncode == 2 and result.stderr.strip()


def test_invalid_input_in_a_real_process_is_one_line_without_traceback(demo_db_url):
    """The in-process matrix above, sampled through the real entry point on both databases."""
    assert_one_clear_line(run_cli("summary", "--as-of", "2023-13", "--json", url=demo_db_url), 2, "--as-of")
    assert_one_clear_line(run_cli("tasks", "--as-of", "2024-01", "--json", url=demo_db_url), 2, "2024-01")
    assert_one_clear_line(
        run_cli("compliance", "--as-of", "2023-06", "--unit", "XYZ", "--json", url=demo_db_url), 2, "XYZ"
    )
    result = run_cli("summary", "--json", url=demo_db_url)
    assert result.returncode == 2 and "--as-of" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_reading_before_init_says_to_run_init(monkeypatch, capsys, sqlite_url, command):
    result = call(monkeypatch, capsys, sqlite_url, command, "--as-of", "2023-06", "--json")
    assert_one_clear_line(result, 2, "init")


def test_reading_an_empty_postgresql_says_to_run_init(pg_url):
    assert_one_clear_line(run_cli("summary", "--as-of", "2023-06", "--json", url=pg_url), 2, "init")


@pytest.mark.parametrize("command", [("init",), ("summary", "--as-of", "2023-06", "--json")])
def test_unreachable_postgresql_is_one_line(command):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    assert_one_clear_line(run_cli(*command, url=url), 1, "kết nối")


@pytest.mark.parametrize("url", ["mysql://x@127.0.0.1:1/x", "foo://bar", "not a url"])
@pytest.mark.parametrize("command", [("init",), ("summary", "--as-of", "2023-06", "--json")])
def test_unsupported_database_url_is_one_line(monkeypatch, capsys, url, command):
    assert_one_clear_line(call(monkeypatch, capsys, url, *command), 2, "DTPLAN_DATABASE_URL")


def test_unsupported_database_url_in_a_real_process():
    assert_one_clear_line(run_cli("init", url="mysql://x@127.0.0.1:1/x"), 2, "DTPLAN_DATABASE_URL")


def test_bad_dtplan_today_is_one_line(monkeypatch, capsys, readonly_demo_sqlite):
    result = call(
        monkeypatch,
        capsys,
        readonly_demo_sqlite,
        "compliance",
        "--as-of",
        "2023-06",
        "--json",
        env={"DTPLAN_TODAY": "hôm qua"},
    )
    assert_one_clear_line(result, 2, "DTPLAN_TODAY")
