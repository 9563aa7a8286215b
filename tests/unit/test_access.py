"""Scopes (contract §4): a district brings its communes; no scope, no rows."""

from __future__ import annotations

import pytest

from dtplan.domain import access
from dtplan.domain.access import AccessDenied, Scope, Viewer
from dtplan.domain.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_district_scope_holds_its_communes_only(catalog):
    scope = access.unit_scope(catalog, "372")
    communes = {u.code for u in catalog.units if u.parent == "372"}
    assert len(communes) == 27
    assert scope.units == frozenset({"372"} | communes)
    assert scope.code == "372"
    assert not scope.allows("373") and not scope.allows("14320")  # another district, a commune of 369


def test_agency_scope_is_itself(catalog):
    assert access.unit_scope(catalog, "STTTT").units == frozenset({"STTTT"})


def test_province_code_means_everything(catalog):
    scope = access.unit_scope(catalog, "37")
    assert scope.is_all and scope.code == "37" and scope.allows("14320")


def test_unknown_unit_is_refused(catalog):
    with pytest.raises(AccessDenied):
        access.unit_scope(catalog, "XYZ")


@pytest.mark.parametrize("value", [None, "37", {"STTTT"}, ("STTTT",)])
def test_require_scope_refuses_anything_but_a_scope(value):
    with pytest.raises(AccessDenied):
        access.require_scope(value)


def test_scope_units_must_be_frozen():
    with pytest.raises(TypeError):
        Scope(code="X", units={"X"})


def test_unit_viewer_cannot_widen_their_scope(catalog):
    viewer = Viewer("nhoquan", "Nho Quan", access.UNIT, "372")
    assert access.viewer_scope(catalog, viewer).code == "372"
    assert access.scope_for_request(catalog, viewer, None).code == "372"
    assert access.scope_for_request(catalog, viewer, "14383").units == frozenset({"14383"})  # own commune
    for other in ("373", "STTTT", "37", "14320"):
        with pytest.raises(AccessDenied):
            access.scope_for_request(catalog, viewer, other)


def test_leader_reads_everything(catalog):
    viewer = Viewer("lanhdao", "Lãnh đạo", access.LEADER)
    assert access.scope_for_request(catalog, viewer, None).is_all
    assert access.scope_for_request(catalog, viewer, "373").code == "373"


def test_unit_role_without_unit_sees_nothing(catalog):
    with pytest.raises(AccessDenied):
        access.viewer_scope(catalog, Viewer("x", "x", access.UNIT, None))
