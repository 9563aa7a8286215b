"""A click on a unit's bar (Chỉ tiêu) opens that unit's page: an agency's Đơn vị, a district's Địa bàn and, in a
two-level plan, a commune's Địa bàn; the province and the communes of a district have no page of their own."""

from __future__ import annotations

from dtplan.domain.catalog import DEFAULT_PLAN_PATH, load_catalog
from dtplan.web.navigation import page, unit_page
from tests.conftest import TWO_LEVEL_PLAN


def test_each_kind_of_unit_opens_its_page_in_both_plan_shapes():
    with_districts, two_level = load_catalog(DEFAULT_PLAN_PATH), load_catalog(TWO_LEVEL_PLAN)
    for catalog in (with_districts, two_level):
        assert {unit_page(catalog, u.code) for u in catalog.units_of_kind("agency")} == {"agencies"}
        assert unit_page(catalog, catalog.province.code) is None
        assert unit_page(catalog, "không-có") is None and unit_page(catalog, None) is None
    assert {unit_page(with_districts, u.code) for u in with_districts.units_of_kind("district")} == {"districts"}
    assert {unit_page(with_districts, u.code) for u in with_districts.units_of_kind("commune")} == {None}
    assert {unit_page(two_level, u.code) for u in two_level.units_of_kind("commune")} == {"districts"}
    assert page("districts").file == "pages/dia_ban.py"  # the page that opens one commune by ?unit=CODE
