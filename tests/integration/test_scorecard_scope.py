"""Scope property of the scorecard (hypothesis, demo data): whatever unit an account is bound to and whatever
kind it asks for, the read model's rows and the tables built from them (page and brief text, workbook sheet)
hold no other unit's name, code or figure."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtplan import store
from dtplan.domain.access import Viewer, scope_for_request
from dtplan.present import scorecard as sc
from dtplan.present.tables import PLAIN, TEXT
from dtplan.read.scorecard import KINDS, scorecard, scorecards

AS_OF = "2023-06"


@pytest.fixture(scope="module")
def demo(demo_sqlite_template):
    engine = store.make_engine(f"sqlite:///{demo_sqlite_template}")  # read only
    yield engine, store.read_catalog(engine)
    engine.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), kind=st.sampled_from(KINDS), requested=st.booleans())
def test_a_unit_user_gets_only_their_own_units(demo, pick, kind, requested):
    engine, catalog = demo
    units = [u for u in catalog.units if u.kind != "province"]
    unit = units[pick % len(units)]
    viewer = Viewer("u", "U", "unit", unit.code)
    scope = scope_for_request(catalog, viewer, unit.code if requested else None)
    card = scorecard(engine, catalog, scope, AS_OF, kind)
    assert card["scope"] == unit.code
    mine = {u.code for u in catalog.units if scope.allows(u.code)}
    assert {r["unit"] for r in card["rows"]} <= mine
    # Every unit of the kind in scope has its row (a district's communes, or the unit itself).
    assert {r["unit"] for r in card["rows"]} == {u.code for u in catalog.units if u.kind == kind and u.code in mine}
    own_names = {catalog.unit(c).name for c in mine} | {catalog.unit(c).short for c in mine}
    others = [u for u in catalog.units if u.code not in mine and u.kind != "province"]
    for cells in (TEXT, PLAIN):
        table = sc.scorecard_table(card, catalog, scope, cells)
        values = [str(v) for row in table.rows for v in row]
        text = " | ".join(values)
        for other in others:
            assert other.code not in values, other.code
            if other.name not in own_names and not any(other.name in n for n in own_names):
                assert other.name not in text, other.name


def test_a_unit_users_meeting_scorecards_are_their_own(demo):
    engine, catalog = demo
    for code in ("STTTT", "372"):
        scope = scope_for_request(catalog, Viewer("u", "U", "unit", code), None)
        cards = scorecards(engine, catalog, scope, AS_OF)
        assert cards, code
        for card in cards.values():
            assert card["rows"] and all(scope.allows(r["unit"]) for r in card["rows"])
