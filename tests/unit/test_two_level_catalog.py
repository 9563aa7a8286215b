"""Two-level plans (contract §1.5): communes directly under the province load; a plan mixing that shape
with districts is refused naming the first unit that breaks the rule; the catalogue says which kind of
local unit reports beside the agencies."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dtplan.domain.access import province_scope, unit_scope, units_in_scope
from dtplan.domain.catalog import CatalogError, load_catalog, parse_catalog

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "data" / "plans" / "demo-hai-cap-2025.yaml"


def plan(units: list[dict], levels=("agency", "commune")) -> dict:
    return {
        "plan": {"code": "P", "title": "t", "province": "01", "year": 2025},
        "reporting": {"monthly_due_day": 25, "quarterly_due_day": 25, "half_year_due": "06-25", "year_due": "12-15"},
        "units": [{"code": "01", "name": "Tỉnh T", "kind": "province", "parent": None}, *units],
        "kpis": [
            {
                "code": "K1",
                "name": "k",
                "text": "k",
                "unit": "percent",
                "op": "ge",
                "target": 50,
                "aggregation": "flow",
                "levels": list(levels),
                "lead": "SA",
            }
        ],
    }


AGENCY = {"code": "SA", "name": "Sở A", "kind": "agency", "parent": "01"}


def commune(code: str, parent: str = "01") -> dict:
    return {"code": code, "name": f"Xã {code}", "kind": "commune", "parent": parent}


def district(code: str) -> dict:
    return {"code": code, "name": f"Huyện {code}", "kind": "district", "parent": "01"}


def test_a_two_level_plan_loads_and_its_communes_report():
    cat = parse_catalog(plan([AGENCY, commune("00001"), commune("00002")]))
    assert cat.local_kind == "commune"
    assert [u.code for u in cat.reporting_units()] == ["SA", "00001", "00002"]
    assert cat.kpis[0].sent_by("commune") and cat.kpis[0].reported_by("commune")


def test_the_2023_plan_keeps_its_districts():
    cat = load_catalog()
    assert cat.local_kind == "district"
    assert {u.kind for u in cat.reporting_units()} == {"agency", "district"}


def test_a_plan_without_local_units_has_no_local_kind():
    cat = parse_catalog(plan([AGENCY], levels=("agency",)))
    assert cat.local_kind is None
    assert [u.code for u in cat.reporting_units()] == ["SA"]


@pytest.mark.parametrize(
    ("units", "named"),
    [
        # districts first: the first commune under the province breaks the rule
        ([AGENCY, district("001"), commune("00001", "001"), commune("00002"), commune("00003")], "units[4] (00002)"),
        # communes under the province first: the district that comes after breaks it
        ([AGENCY, commune("00001"), commune("00002"), district("001")], "units[4] (001)"),
        # a commune under a district after communes under the province
        ([AGENCY, commune("00001"), district("001"), commune("00002", "001")], "units[3] (001)"),
    ],
)
def test_a_mixed_plan_is_refused_naming_the_first_unit_that_breaks_the_rule(units, named):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(plan(units, levels=("agency",)))
    message = str(caught.value)
    assert message.startswith(named)
    assert "trộn hai mô hình" in message


def test_a_two_level_plan_cannot_ask_districts_for_a_kpi():
    with pytest.raises(CatalogError, match=r"kpis\[0\] \(K1\)\.levels: kế hoạch hai cấp"):
        parse_catalog(plan([AGENCY, commune("00001")], levels=("agency", "district")))


def test_units_in_scope_of_a_kind():
    cat = parse_catalog(plan([AGENCY, commune("00001"), commune("00002")]))
    assert [u.code for u in units_in_scope(cat, province_scope(cat), "commune")] == ["00001", "00002"]
    assert [u.code for u in units_in_scope(cat, unit_scope(cat, "00002"), "commune")] == ["00002"]
    assert units_in_scope(cat, unit_scope(cat, "SA"), "commune") == []
    three = load_catalog()
    nho_quan = [u.code for u in units_in_scope(three, unit_scope(three, "372"), "commune")]
    assert nho_quan and all(three.unit(c).parent == "372" for c in nho_quan)
    assert [u.code for u in units_in_scope(three, unit_scope(three, "372"), "district")] == ["372"]


def test_the_two_level_demo_plan_is_generated_deterministically(tmp_path):
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "data" / "plans" / "build_demo_two_level.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "plan.yaml"
    out.write_text(module.dump(module.build()), encoding="utf-8")
    assert out.read_text(encoding="utf-8") == DEMO_PLAN.read_text(encoding="utf-8")
    cat = load_catalog(DEMO_PLAN)
    kinds = [u.kind for u in cat.units]
    assert cat.local_kind == "commune" and "district" not in kinds
    assert 15 <= kinds.count("agency") <= 25 and 90 <= kinds.count("commune") <= 150
    assert any("commune" in k.levels for k in cat.kpis) and any("agency" in k.levels for k in cat.kpis)
    assert "minh họa" in cat.plan.title


def test_commune_search_ignores_diacritics_and_case_and_filters_by_status():
    from dtplan.present.unit_filter import filter_units, folded

    rows = [
        {"code": "14320", "name": "Phường Đông Thành", "short": "Đông Thành", "overall": "off_track"},
        {"code": "14323", "name": "Phường Tân Thành", "short": "Tân Thành", "overall": "met"},
        {"code": "14668", "name": "Xã Tân Thành", "short": "Xã Tân Thành", "overall": "at_risk"},
    ]
    assert folded("  Phường ĐÔNG   Thành ") == "phuong dong thanh"
    assert [r["code"] for r in filter_units(rows, "dong thanh")] == ["14320"]
    assert [r["code"] for r in filter_units(rows, "TÂN THÀNH")] == ["14323", "14668"]
    assert [r["code"] for r in filter_units(rows, "tan thanh", ["at_risk"])] == ["14668"]
    assert [r["code"] for r in filter_units(rows, "1432")] == ["14320", "14323"]
    assert filter_units(rows) == rows and filter_units(rows, "không có") == []
