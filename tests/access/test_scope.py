"""Scope is enforced in the data layer: a unit scope never returns a row of another unit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtplan import store, views
from dtplan.access import AccessDenied, Scope, Viewer, scope_for_request, unit_scope
from dtplan.periods import months_of_year


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
