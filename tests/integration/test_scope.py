"""Scope is enforced in the data layer: a unit scope never returns a row of another unit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtplan import store
from dtplan.domain.access import AccessDenied, Scope, Viewer, province_scope, scope_for_request, unit_scope
from dtplan.domain.periods import months_of_year
from dtplan.read import views


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.conftest import run_cli

    path = tmp_path_factory.mktemp("scope") / "demo.db"
    assert run_cli("init", "--demo", url=f"sqlite:///{path}").returncode == 0
    engine = store.make_engine(f"sqlite:///{path}")
    yield engine, store.read_catalog(engine)
    engine.dispose()


def _reporting_codes(catalog):
    return [u.code for u in catalog.reporting_units()]


UNIT_CODES = st.sampled_from(
    ["STTTT", "VPUBND", "SYT", "CAT", "BQLKCN", "369", "370", "372", "373", "374", "375", "376", "377"]
)
MONTHS = st.integers(min_value=1, max_value=12).map(lambda m: f"2023-{m:02d}")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(unit=UNIT_CODES, as_of=MONTHS)
def test_row_level_reads_stay_inside_the_scope(demo, unit, as_of):
    engine, catalog = demo
    scope = unit_scope(catalog, unit)
    allowed = scope.units
    for kpi in catalog.kpis:
        for _period, reporter in store.kpi_month_sums(engine, scope, kpi.code, as_of):
            assert reporter in allowed
        for row in store.kpi_unit_rows(engine, scope, kpi.code, as_of):
            assert row.unit_code in allowed
    periods = months_of_year(catalog.plan.year, as_of)
    for reporter, _period in store.first_submissions(engine, scope, periods):
        assert reporter in allowed
    for row in views.compliance_table(engine, catalog, scope, as_of):
        assert row["unit"] in allowed
    for unit_row in views.reporting_units(catalog, scope):
        assert unit_row.code in allowed


@SETTINGS
@given(unit=UNIT_CODES, as_of=MONTHS)
def test_tasks_are_only_those_the_unit_leads_or_partners(demo, unit, as_of):
    engine, catalog = demo
    scope = unit_scope(catalog, unit)
    rows = views.task_table(engine, catalog, scope, as_of)
    for row in rows:
        assert scope.allows(row["lead"]) or any(scope.allows(p) for p in row["partners"])
    visible = {row["code"] for row in rows}
    # Asking the store for every task code still yields only the visible ones.
    progress = store.task_progress(engine, scope, [t.code for t in catalog.tasks], as_of)
    assert set(progress) <= visible
    hidden = [t.code for t in catalog.tasks if t.code not in visible]
    for code in hidden[:5]:
        assert store.task_history(engine, scope, code) == []


@SETTINGS
@given(unit=UNIT_CODES, as_of=MONTHS)
def test_unit_sums_equal_the_sums_of_that_units_rows_only(demo, unit, as_of):
    """Aggregates of a unit scope are made of that unit's rows: recomputed here from its own rows."""
    engine, catalog = demo
    scope = unit_scope(catalog, unit)
    sums = store.kpi_sums(engine, scope, catalog, as_of)
    for kpi in catalog.kpis:
        rows = [r for r in store.kpi_unit_rows(engine, scope, kpi.code, as_of)]
        if kpi.aggregation == "flow":
            rows = [r for r in rows if r.period >= f"{catalog.plan.year}-01"]
        else:
            latest = {}
            for r in rows:
                if r.unit_code not in latest or r.period > latest[r.unit_code].period:
                    latest[r.unit_code] = r
            rows = list(latest.values())
        expected = sum(r.numerator for r in rows)
        got = sums.get(kpi.code)
        assert (got.numerator if got else 0.0) == pytest.approx(expected)


def test_every_read_refuses_a_missing_scope(demo):
    engine, catalog = demo
    calls = [
        lambda s: store.kpi_sums(engine, s, catalog, "2023-06"),
        lambda s: store.december_sums(engine, s, catalog),
        lambda s: store.kpi_month_sums(engine, s, "T12", "2023-06"),
        lambda s: store.kpi_unit_rows(engine, s, "T12", "2023-06"),
        lambda s: store.task_progress(engine, s, ["VI-01"], "2023-06"),
        lambda s: store.task_history(engine, s, "VI-01"),
        lambda s: store.first_submissions(engine, s, ["2023-06"]),
        lambda s: store.latest_period_with_data(engine, s, 2023),
        lambda s: store.last_import_at(engine, s),
        lambda s: views.kpi_table(engine, catalog, s, "2023-06"),
        lambda s: views.task_table(engine, catalog, s, "2023-06"),
        lambda s: views.compliance_table(engine, catalog, s, "2023-06"),
    ]
    for call in calls:
        for bad in (None, "372", {"units": None}):
            with pytest.raises(AccessDenied):
                call(bad)


def test_a_district_scope_brings_its_communes_and_nothing_else(demo):
    _engine, catalog = demo
    scope = unit_scope(catalog, "372")
    communes = {u.code for u in catalog.units if u.parent == "372"}
    assert len(communes) == 27
    assert scope.units == frozenset({"372"} | communes)


@pytest.mark.parametrize(
    ("viewer", "requested", "expected"),
    [
        (Viewer("nhoquan", "x", "unit", "372"), None, "372"),
        (Viewer("nhoquan", "x", "unit", "372"), "372", "372"),
        (Viewer("lanhdao", "x", "leader"), "369", "369"),
        (Viewer("lanhdao", "x", "leader"), None, "37"),
        (Viewer("quantri", "x", "admin"), "STTTT", "STTTT"),
    ],
)
def test_scope_for_request_grants_what_the_role_allows(demo, viewer, requested, expected):
    _engine, catalog = demo
    assert scope_for_request(catalog, viewer, requested).code == expected


@pytest.mark.parametrize("requested", ["369", "STTTT", "37", "14320", "XYZ"])
def test_a_unit_user_asking_for_another_unit_is_refused(demo, requested):
    _engine, catalog = demo
    with pytest.raises(AccessDenied, match="đơn vị"):
        scope_for_request(catalog, Viewer("nhoquan", "x", "unit", "372"), requested)


def test_a_unit_user_may_open_a_commune_of_their_district(demo):
    _engine, catalog = demo
    commune = next(u.code for u in catalog.units if u.parent == "372")
    scope = scope_for_request(catalog, Viewer("nhoquan", "x", "unit", "372"), commune)
    assert scope.units == frozenset({commune})


def test_scope_rejects_non_frozenset_units():
    with pytest.raises(TypeError):
        Scope(code="372", units={"372"})


# --- every scoped data function (store and read level): no row, code or name of another unit ---------
# Keys whose values are catalogue facts about a visible item, not another unit's data: a task's lead
# and partners (a unit sees the tasks it partners, led by someone else), a KPI's lead agency, and free
# text from the plan (titles, target sentences, products; a note's target name is a task title or KPI
# name — a note on another unit is caught by its `code`).
CATALOGUE_KEYS = {"lead", "partners", "title", "text", "product", "section", "target_name"}
# Functions that take a scope but read nothing: they only shape data an already-scoped call returned.
NOT_READS = {"kpi_applies", "visible", "unit_label", "file_name", "tasks_in_scope", "reporting_units"}
# Modules whose data functions must be scope-tested (every module of dtplan.read is added to these); a
# function is named in _scoped_reads by its module's last name, or as views.NAME when dtplan.read.views
# re-exports it.
SCOPED_MODULES = ("dtplan.store", "dtplan.store.notes", "dtplan.present.export")


def _walk(value, key=None):
    """Every (key, string) in a result: dict keys and values, tuples, lists, dataclasses."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(k, key)
            if k not in CATALOGUE_KEYS:
                yield from _walk(v, k)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _walk(item, key)
    elif isinstance(value, str):
        yield key, value


def _foreign(catalog, scope):
    """Codes and names of the units a scope may not see (the province itself is public)."""
    mine = {u for u in catalog.units if scope.allows(u.code) or u.kind == "province"}
    own_names = {u.name for u in mine} | {u.short for u in mine}
    others = [u for u in catalog.units if u not in mine]
    codes = {u.code for u in others}
    names = {u.name for u in others if u.name not in own_names}
    shorts = {u.short for u in others if u.short not in own_names}
    return codes, names, shorts


def assert_no_foreign_unit(label, result, catalog, scope):
    codes, names, shorts = _foreign(catalog, scope)
    for key, text in _walk(result):
        assert text not in codes, f"{label}: mã đơn vị khác '{text}' (khóa {key})"
        assert text not in shorts, f"{label}: tên đơn vị khác '{text}' (khóa {key})"
        for name in names:
            assert name not in text, f"{label}: tên đơn vị khác '{name}' trong '{text}' (khóa {key})"


def _scoped_reads(engine, catalog, scope, as_of, kpi_code, task_code, unit_code):
    """Every data function of dtplan that takes the viewer's scope, called with it."""
    import datetime as dt

    from dtplan.domain.periods import shift
    from dtplan.read import changes, meeting, quality, reminders, scorecard, yearend
    from dtplan.read import directives as read_directives
    from dtplan.store import directives as store_directives
    from dtplan.store import notes

    compare = shift(as_of, -1) if not as_of.endswith("-01") else None
    periods = months_of_year(catalog.plan.year, as_of)
    reads = {
        "store.kpi_sums": lambda: store.kpi_sums(engine, scope, catalog, as_of),
        "store.december_sums": lambda: store.december_sums(engine, scope, catalog),
        "store.kpi_month_sums": lambda: store.kpi_month_sums(engine, scope, kpi_code, as_of),
        "store.kpi_unit_rows": lambda: store.kpi_unit_rows(engine, scope, kpi_code, as_of),
        "store.task_progress": lambda: store.task_progress(engine, scope, [t.code for t in catalog.tasks], as_of),
        "store.task_history": lambda: store.task_history(engine, scope, task_code),
        "store.first_submissions": lambda: store.first_submissions(engine, scope, periods),
        "store.latest_period_with_data": lambda: store.latest_period_with_data(engine, scope, catalog.plan.year),
        "store.last_import_at": lambda: store.last_import_at(engine, scope),
        "store.kpi_sums_by_unit": lambda: store.kpi_sums_by_unit(engine, scope, catalog, as_of),
        "store.december_sums_by_unit": lambda: store.december_sums_by_unit(engine, scope, catalog),
        "store.summary_sums": lambda: store.summary_sums(engine, scope, catalog, as_of),
        "store.latest_task_progress": lambda: store.latest_task_progress(
            engine, scope, [t.code for t in catalog.tasks], as_of
        ),
        "views.unit_rankings": lambda: views.unit_rankings(engine, catalog, scope, as_of, ("agency", "district")),
        "views.kpi_results": lambda: views.kpi_results(engine, catalog, scope, as_of),
        "views.kpi_table": lambda: views.kpi_table(engine, catalog, scope, as_of),
        "views.task_table": lambda: views.task_table(engine, catalog, scope, as_of),
        "views.summary": lambda: views.summary(engine, catalog, scope, as_of),
        "views.compliance_table": lambda: views.compliance_table(engine, catalog, scope, as_of),
        "views.compliance_counts": lambda: views.compliance_counts(
            views.compliance_table(engine, catalog, scope, as_of)
        ),
        "views.default_as_of": lambda: views.default_as_of(engine, catalog, scope),
        "views.unit_kpi_results": lambda: views.unit_kpi_results(engine, catalog, scope, as_of),
        "views.unit_ranking": lambda: [
            views.unit_ranking(engine, catalog, scope, as_of, k) for k in ("agency", "district")
        ],
        "views.kpi_trend": lambda: views.kpi_trend(engine, catalog, scope, kpi_code, as_of),
        "views.kpi_breakdown": lambda: views.kpi_breakdown(engine, catalog, scope, kpi_code, as_of),
        "views.unit_kpis": lambda: views.unit_kpis(engine, catalog, scope, as_of, unit_code),
        "views.commune_kpis": lambda: views.commune_kpis(engine, catalog, scope, as_of),
        "views.kpi_contributions": lambda: views.kpi_contributions(engine, catalog, scope, kpi_code, as_of),
        "views.task_list": lambda: views.task_list(engine, catalog, scope, as_of),
        "views.task_history": lambda: views.task_history(engine, catalog, scope, task_code),
        "views.district_tiles": lambda: [
            views.district_tiles(engine, catalog, scope, as_of, k) for k in (None, kpi_code)
        ],
        "meeting.monthly_sums": lambda: meeting.monthly_sums(engine, catalog, scope, as_of),
        "meeting.projection_table": lambda: meeting.projection_table(engine, catalog, scope, as_of),
        "meeting.meeting_data": lambda: meeting.meeting_data(engine, catalog, scope, as_of),
        "reminders.owed_reports": lambda: reminders.owed_reports(engine, catalog, scope, as_of),
        "notes.notes_for": lambda: notes.notes_for(engine, catalog, scope),
        "changes.changes": lambda: compare and changes.changes(engine, catalog, scope, as_of, compare),
        "yearend.yearend_table": lambda: yearend.yearend_table(engine, catalog, scope, as_of),
        "scorecard.scorecard": lambda: [scorecard.scorecard(engine, catalog, scope, as_of, k) for k in scorecard.KINDS],
        "scorecard.scorecards": lambda: scorecard.scorecards(engine, catalog, scope, as_of),
        "directives.directive_rows": lambda: store_directives.directive_rows(engine, scope, dt.date(2024, 1, 31)),
        "directives.directive_list": lambda: read_directives.directive_list(engine, catalog, scope),
        "store.current_reports": lambda: store.current_reports(engine, scope).to_dict("records"),
        "quality.data_quality": lambda: quality.data_quality(engine, catalog, scope).to_dict("records"),
    }
    return reads


def _extra_reads(engine, catalog, scope, as_of):
    """Reads whose output is a file, checked in its own way (text of the XLSX cells)."""
    from dtplan.present import export

    return {"export.render": lambda: export.render("xlsx", engine, catalog, scope, as_of)}


@pytest.fixture(scope="module")
def demo_with_notes(demo):
    """The module's demo database with a leader's note on every unit, KPI and some tasks, and directives
    to every agency and district (about a KPI, a task and the unit itself), some with a unit's progress
    note naming the unit and some done: a directive of another unit would show its `to` code or that name."""
    import datetime as dt

    from dtplan.domain import directives as rules
    from dtplan.store import directives as store_directives
    from dtplan.store import notes

    engine, catalog = demo
    leader = Viewer("lanhdao", "Lãnh đạo", "leader")
    for unit in catalog.reporting_units():
        notes.add_note(engine, catalog, leader, "unit", unit.code, "2023-05", f"Đôn đốc đơn vị {unit.code}")
    for kpi in catalog.kpis[:5]:
        notes.add_note(engine, catalog, leader, "kpi", kpi.code, "2023-05", "Theo dõi chỉ tiêu")
    for task in catalog.tasks[:10]:
        notes.add_note(engine, catalog, leader, "task", task.code, "2023-05", "Đẩy nhanh tiến độ")
    assignees = rules.assignees(catalog)
    assert {"STTTT", "SYT", "372", "377"} <= set(assignees)
    at = dt.datetime(2023, 5, 20, 9, 0)
    for index, code in enumerate(assignees):
        unit = catalog.units_by_code[code]
        kpi = catalog.kpis[index % len(catalog.kpis)]
        task = catalog.tasks[index % len(catalog.tasks)]
        abouts = (f"kpi:{kpi.code}", f"task:{task.code}", f"unit:{code}")
        for n, about in enumerate(abouts):
            meeting = f"2023-{4 + n:02d}"
            new_id = store_directives.add_directive(
                engine, catalog, leader, about, code, f"2023-{6 + n:02d}-15", "Khẩn trương thực hiện", meeting, at
            )
            if n >= 1:
                user = Viewer(f"user{code}", unit.name, "unit", code)
                note = f"{unit.name} ({unit.short}) đã triển khai"
                store_directives.update_directive(engine, user, new_id, rules.PROGRESS, note, at)
            if n == 2:
                store_directives.update_directive(engine, user, new_id, rules.DONE_ACTION, "", at)
    everything = store_directives.directive_rows(engine, province_scope(catalog), dt.date(2024, 1, 31))
    assert len(everything) == 3 * len(assignees)
    return engine, catalog


ALL_UNITS = st.sampled_from(
    ["STTTT", "VPUBND", "SYT", "CAT", "BQLKCN", "SNV", "369", "370", "372", "373", "374", "375", "376", "377"]
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=ALL_UNITS, as_of=MONTHS, data=st.data())
def test_every_scoped_read_shows_no_other_unit(demo_with_notes, unit, as_of, data):
    engine, catalog = demo_with_notes
    scope = unit_scope(catalog, unit)
    kpi_code = data.draw(st.sampled_from([k.code for k in catalog.kpis]), label="kpi")
    task_code = data.draw(st.sampled_from([t.code for t in catalog.tasks]), label="task")
    asked = data.draw(st.sampled_from([u.code for u in catalog.units]), label="unit asked for")
    for label, read in _scoped_reads(engine, catalog, scope, as_of, kpi_code, task_code, asked).items():
        try:
            result = read()
        except AccessDenied:
            continue  # refusing is allowed; returning another unit's rows is not
        assert_no_foreign_unit(label, result, catalog, scope)


def test_the_directive_reads_are_not_empty_for_a_unit_with_directives(demo_with_notes):
    """The property above has directives to check: a unit's own three, none of another unit's."""
    import datetime as dt

    from dtplan.read import directives as read_directives
    from dtplan.store import directives as store_directives

    engine, catalog = demo_with_notes
    for code in ("STTTT", "SYT", "372", "377"):
        scope = unit_scope(catalog, code)
        rows = store_directives.directive_rows(engine, scope, dt.date(2024, 1, 31))
        listed = read_directives.directive_list(engine, catalog, scope)
        assert [r["to"] for r in rows] == [code] * 3
        assert [r["id"] for r in listed] == [r["id"] for r in rows]
        assert {r["about"].partition(":")[0] for r in listed} == {"kpi", "task", "unit"}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=ALL_UNITS, as_of=MONTHS)
def test_the_xlsx_export_of_a_unit_shows_no_other_unit(demo_with_notes, unit, as_of):
    """Every cell of every sheet, except the task sheet's lead/partner columns (catalogue facts)."""
    import io

    import openpyxl

    engine, catalog = demo_with_notes
    scope = unit_scope(catalog, unit)
    data = _extra_reads(engine, catalog, scope, as_of)["export.render"]()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    codes, names, shorts = _foreign(catalog, scope)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header_row = next((r for r in rows if r and any(isinstance(c, str) for c in r)), ())
        for row in rows:
            for index, cell in enumerate(row):
                if not isinstance(cell, str):
                    continue
                header = str(header_row[index] if index < len(header_row) else "").lower()
                if any(word in header for word in ("chủ trì", "phối hợp", "tên nhiệm vụ", "nhiệm vụ", "sản phẩm")):
                    continue
                assert cell not in codes and cell not in shorts, (sheet.title, cell)
                assert not any(name in cell for name in names), (sheet.title, cell)


def test_every_function_that_takes_a_scope_and_an_engine_is_covered(demo_with_notes):
    """A new data function must join _scoped_reads (or NOT_READS) before it can ship."""
    import importlib
    import inspect

    engine, catalog = demo_with_notes
    covered = set(_scoped_reads(engine, catalog, unit_scope(catalog, "372"), "2023-06", "T12", "VI-01", "372"))
    covered |= set(_extra_reads(engine, catalog, unit_scope(catalog, "372"), "2023-06"))
    missing = []
    import pkgutil

    import dtplan.read
    import dtplan.store

    read_modules = [f"dtplan.read.{m.name}" for m in pkgutil.iter_modules(dtplan.read.__path__)]
    store_modules = [f"dtplan.store.{m.name}" for m in pkgutil.iter_modules(dtplan.store.__path__)]
    assert "dtplan.read.kpis" in read_modules and "dtplan.store.sums" in store_modules
    for path in (*SCOPED_MODULES, *store_modules, *read_modules):
        module = importlib.import_module(path)
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or fname.startswith("_") or fname in NOT_READS:
                continue
            if path.startswith("dtplan.read.") and hasattr(views, fname):
                name = "views"  # a read function is named as dtplan.read.views re-exports it
            elif path.startswith("dtplan.store.") and hasattr(store, fname):
                name = "store"  # a store function, as the store package exports it
            else:
                name = path.rsplit(".", 1)[1]
            params = inspect.signature(func).parameters
            if "scope" in params and "engine" in params and f"{name}.{fname}" not in covered:
                missing.append(f"{name}.{fname}")
    assert not missing, f"scoped reads without a scope test: {missing}"


def test_every_scoped_read_refuses_a_missing_scope(demo_with_notes):
    engine, catalog = demo_with_notes
    for bad in (None, "372", {"units": None}, frozenset({"372"})):
        reads = _scoped_reads(engine, catalog, bad, "2023-06", "T12", "VI-01", "372")
        reads |= _extra_reads(engine, catalog, bad, "2023-06")
        for label, read in reads.items():
            with pytest.raises(Exception) as info:
                read()
            assert info.type is AccessDenied, f"{label}: {info.value!r}"
