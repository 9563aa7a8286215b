"""The shipped plan file against contract §1, and broken plan files against the loader.

The expected KPI table is the contract's (docs/data-contract.md §1.2), typed in here by hand; the rest
is read from files in the repository: the agencies from docs/units.md, the communes from the national
list data/reference/ninh_binh_dvhc_2023.csv, the KPI sentences from the plan text
data/reference/kh-194-ubnd-2022.txt. Nothing is read from outside the repository, and a missing
reference file is a failure, not a skip.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from dtplan.domain.catalog import DEFAULT_PLAN_PATH, CatalogError, load_catalog, parse_catalog

ROOT = Path(__file__).resolve().parents[2]
UNITS_MD = ROOT / "docs" / "units.md"
COMMUNES_CSV = ROOT / "data" / "reference" / "ninh_binh_dvhc_2023.csv"
PLAN_TEXT = ROOT / "data" / "reference" / "kh-194-ubnd-2022.txt"

# contract §1.2: code -> (op, target, unit, aggregation, levels)
CONTRACT_KPIS = {
    "T01.1": ("gt", 75, "percent", "stock", {"district"}),
    "T01.2": ("ge", 100, "percent", "stock", {"district"}),
    "T02": ("ge", 70, "percent", "stock", {"agency", "district"}),
    "T03": ("ge", 100, "percent", "stock", {"agency", "district"}),
    "T04": ("ge", 30, "percent", "stock", {"province"}),
    "T05": ("ge", 50, "percent", "stock", {"agency", "district"}),
    "T06": ("ge", 100, "percent", "stock", {"agency", "district"}),
    "T07": ("ge", 100, "percent", "stock", {"province"}),
    "T08.1": ("ge", 90, "percent", "flow", {"agency"}),
    "T08.2": ("ge", 70, "percent", "flow", {"district"}),
    "T08.3": ("ge", 50, "percent", "flow", {"district"}),
    "T09": ("ge", 100, "percent", "flow", {"agency", "district"}),
    "T10": ("ge", 90, "percent", "flow", {"agency", "district"}),
    "T11": ("ge", 50, "percent", "flow", {"province"}),
    "T12": ("ge", 60, "percent", "flow", {"agency", "district"}),
    "T13": ("ge", 100, "percent", "flow", {"agency", "district"}),
    "T14": ("ge", 55, "percent", "stock", {"agency", "district"}),
    "T15": ("ge", 50, "percent", "stock", {"agency", "district"}),
    "T16": ("ge", 30, "percent", "flow", {"agency", "district"}),
    "T17": ("ge", 50, "percent", "stock", {"district"}),
    "T18": ("ge", 3, "count", "stock", {"province"}),
}
CONTRACT_DISTRICTS = {
    "369": "Thành phố Ninh Bình",
    "370": "Thành phố Tam Điệp",
    "372": "Huyện Nho Quan",
    "373": "Huyện Gia Viễn",
    "374": "Huyện Hoa Lư",
    "375": "Huyện Yên Khánh",
    "376": "Huyện Kim Sơn",
    "377": "Huyện Yên Mô",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DEFAULT_PLAN_PATH)


# --- the shipped plan ------------------------------------------------------------------------------


def test_plan_header_and_calendar(catalog):
    assert catalog.plan.province == "37"
    assert catalog.plan.year == 2023
    assert catalog.plan.issued == dt.date(2022, 12, 15)
    assert catalog.province.name == "Tỉnh Ninh Bình" and catalog.province.kind == "province"
    cal = catalog.reporting
    assert (cal.monthly_due_day, cal.quarterly_due_day, cal.half_year_due, cal.year_due) == (25, 25, (6, 25), (12, 15))


def test_kpis_in_contract_order_with_contract_definitions(catalog):
    assert [k.code for k in catalog.kpis] == list(CONTRACT_KPIS)
    for k in catalog.kpis:
        op, target, unit, aggregation, levels = CONTRACT_KPIS[k.code]
        assert (k.op, k.target, k.unit, k.aggregation, set(k.levels)) == (op, target, unit, aggregation, levels), k.code
        assert catalog.unit(k.lead).kind == "agency", k.code


@pytest.fixture(scope="module")
def plan_text() -> str:
    return nfc(PLAN_TEXT.read_text(encoding="utf-8"))


def test_kpi_texts_are_verbatim_sentences_of_the_plan(catalog, plan_text):
    for k in catalog.kpis:
        assert k.text and nfc(k.text) in plan_text, k.code


def test_kpi_texts_follow_the_order_of_section_ii2(catalog, plan_text):
    section = plan_text[plan_text.index("2. Mục tiêu cụ thể") : plan_text.index("III. CÁC NHIỆM VỤ")]
    positions = [section.index(nfc(k.text)) for k in catalog.kpis]
    assert positions == sorted(positions)


def test_t12_lead_as_in_contract_example(catalog):
    assert catalog.kpis_by_code["T12"].lead == "VPUBND"


def test_eight_districts_with_contract_codes(catalog):
    districts = {u.code: u for u in catalog.units if u.kind == "district"}
    assert {c: u.name for c, u in districts.items()} == CONTRACT_DISTRICTS
    assert all(u.parent == "37" for u in districts.values())


def test_communes_match_the_national_list(catalog):
    with COMMUNES_CSV.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = {r["commune_code"]: (r["district_code"], nfc(r["commune_name"])) for r in rows}
    communes = {u.code: (u.parent, nfc(u.name)) for u in catalog.units if u.kind == "commune"}
    assert len(communes) == 143
    assert communes == expected


def test_agencies_are_those_of_units_md(catalog):
    text = UNITS_MD.read_text(encoding="utf-8")
    agencies_md = text.split("## Provincial agencies", 1)[1].split("\n## ", 1)[0]
    expected = dict(re.findall(r"^\| ([A-Z]+) \| ([^|]+?) \|$", agencies_md, flags=re.M))
    assert len(expected) == 20
    agencies = {u.code: u.name for u in catalog.units if u.kind == "agency"}
    assert {c: nfc(n) for c, n in agencies.items()} == {c: nfc(n) for c, n in expected.items()}
    assert all(u.parent == "37" for u in catalog.units if u.kind == "agency")


def test_every_unit_kind_and_count(catalog):
    kinds = [u.kind for u in catalog.units]
    assert (kinds.count("province"), kinds.count("agency"), kinds.count("district"), kinds.count("commune")) == (
        1,
        20,
        8,
        143,
    )
    assert len(catalog.reporting_units()) == 28


def test_tasks_reference_known_units_and_mark_illustrative(catalog):
    units = catalog.units_by_code
    codes = [t.code for t in catalog.tasks]
    assert len(codes) == len(set(codes))
    for t in catalog.tasks:
        assert t.lead in units and all(p in units for p in t.partners)
        assert t.start <= t.due
        assert t.appendix in ("01", "02", "03")
        # the appendices are not in the seed: every PLxx task is illustrative until imported
        assert t.illustrative == t.code.startswith("PL"), t.code
    assert sum(1 for t in catalog.tasks if t.code.startswith("VI-")) == 18


# --- broken plan files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_plan() -> dict:
    return yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _mutations():
    """(id, mutate(raw), words the message must contain)."""

    def drop(section, index, key):
        def f(raw):
            del raw[section][index][key]

        return f

    def put(section, index, key, value):
        def f(raw):
            raw[section][index][key] = value

        return f

    def dup_unit(raw):
        raw["units"].append(dict(raw["units"][3]))

    def dup_kpi(raw):
        raw["kpis"].append(dict(raw["kpis"][0]))

    def dup_task(raw):
        raw["tasks"].append(dict(raw["tasks"][0]))

    def no_section(name):
        def f(raw):
            del raw[name]

        return f

    def plan_key(key, value):
        def f(raw):
            raw["plan"][key] = value

        return f

    def reporting_key(key, value):
        def f(raw):
            if value is None:
                del raw["reporting"][key]
            else:
                raw["reporting"][key] = value

        return f

    return [
        ("kpi-missing-op", drop("kpis", 3, "op"), ["kpis[3]", "op"]),
        ("kpi-missing-target", drop("kpis", 0, "target"), ["kpis[0]", "target"]),
        ("kpi-bad-op", put("kpis", 2, "op", "gte"), ["kpis[2]", "op", "gte"]),
        ("kpi-bad-aggregation", put("kpis", 2, "aggregation", "sum"), ["aggregation", "sum"]),
        ("kpi-bad-unit", put("kpis", 2, "unit", "ratio"), ["kpis[2]", "unit"]),
        ("kpi-bad-level", put("kpis", 2, "levels", ["agency", "ward"]), ["levels", "ward"]),
        ("kpi-target-text", put("kpis", 1, "target", "bảy mươi"), ["target"]),
        ("kpi-unknown-lead", put("kpis", 5, "lead", "SXYZ"), ["kpis[5]", "lead", "SXYZ"]),
        ("kpi-bad-milestone", put("kpis", 5, "milestones", {"2023-6": 10}), ["milestones", "2023-6"]),
        ("task-unknown-lead", put("tasks", 0, "lead", "NOPE"), ["tasks[0]", "lead", "NOPE"]),
        ("task-unknown-partner", put("tasks", 0, "partners", ["STTTT", "NOPE"]), ["partners", "NOPE"]),
        ("task-bad-date", put("tasks", 1, "due", "2023-13-45"), ["tasks[1]", "due", "2023-13-45"]),
        ("task-due-before-start", put("tasks", 1, "due", dt.date(2022, 1, 1)), ["tasks[1]", "due"]),
        ("task-bad-appendix", put("tasks", 1, "appendix", "07"), ["appendix", "07"]),
        ("task-missing-title", drop("tasks", 2, "title"), ["tasks[2]", "title"]),
        ("unit-duplicate", dup_unit, ["code", "SKHDT"]),
        ("kpi-duplicate", dup_kpi, ["code", "T01.1"]),
        ("task-duplicate", dup_task, ["code", "VI-01"]),
        ("unit-bad-kind", put("units", 4, "kind", "ministry"), ["units[4]", "kind", "ministry"]),
        ("unit-unknown-parent", put("units", 40, "parent", "999"), ["units[40]", "parent", "999"]),
        ("unit-missing-name", drop("units", 2, "name"), ["units[2]", "name"]),
        ("plan-bad-date", plan_key("issued", "15/12/2022"), ["plan.issued", "15/12/2022"]),
        ("plan-bad-year", plan_key("year", "năm nay"), ["plan.year"]),
        ("plan-unknown-province", plan_key("province", "99"), ["plan.province", "99"]),
        ("no-kpis", no_section("kpis"), ["kpis"]),
        ("no-units", no_section("units"), ["units"]),
        ("no-reporting", no_section("reporting"), ["reporting"]),
        ("reporting-missing-day", reporting_key("monthly_due_day", None), ["reporting.monthly_due_day"]),
        ("reporting-bad-day", reporting_key("monthly_due_day", 40), ["reporting.monthly_due_day"]),
        ("reporting-bad-year-due", reporting_key("year_due", "12/15"), ["reporting.year_due", "12/15"]),
    ]


MUTATIONS = _mutations()


@pytest.mark.parametrize(("name", "mutate", "words"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_broken_plan_names_the_key(tmp_path, raw_plan, name, mutate, words):
    raw = copy.deepcopy(raw_plan)
    mutate(raw)
    path = _write(tmp_path, raw)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, f"{name}: '{word}' not in {message!r}"
    assert "\n" not in message


def test_not_yaml(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("plan: {code: [unclosed\nunits: -\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="YAML"):
        load_catalog(path)


def test_yaml_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="plan"):
        load_catalog(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("plan: {title: 'Kế hoạch'}\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(CatalogError, match="UTF-8"):
        load_catalog(path)


def test_file_missing(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert str(path) in str(info.value)


def test_parse_catalog_of_another_plan():
    """Nothing about Ninh Bình 2023 is hard-coded: a tiny plan of another province and year loads."""
    raw = {
        "plan": {"code": "P", "title": "Kế hoạch thử", "province": "01", "year": 2024},
        "reporting": {"monthly_due_day": 20, "quarterly_due_day": 18, "half_year_due": "06-15", "year_due": "12-10"},
        "units": [
            {"code": "01", "name": "Thành phố Hà Nội", "kind": "province", "parent": None},
            {"code": "STTTT", "name": "Sở TT&TT", "kind": "agency", "parent": "01"},
            {"code": "001", "name": "Quận Ba Đình", "kind": "district", "parent": "01"},
            {"code": "00001", "name": "Phường Phúc Xá", "kind": "commune", "parent": "001"},
        ],
        "kpis": [
            {
                "code": "K1",
                "name": "k",
                "text": "k",
                "unit": "percent",
                "op": "ge",
                "target": 50,
                "aggregation": "flow",
                "levels": ["district"],
                "lead": "STTTT",
                "baseline": 10,
                "milestones": {"2024-06": 30},
            }
        ],
    }
    catalog = parse_catalog(raw)
    assert catalog.plan.year == 2024 and catalog.province.code == "01"
    assert catalog.reporting.half_year_due == (6, 15)
    assert catalog.kpis[0].baseline == 10.0 and catalog.kpis[0].milestones == {"2024-06": 30.0}
    assert catalog.tasks == ()
    assert [u.code for u in catalog.reporting_units()] == ["STTTT", "001"]


def test_commune_must_hang_under_a_district():
    """In a plan with districts (a commune directly under the province is valid only in a two-level plan)."""
    raw = {
        "plan": {"code": "P", "title": "t", "province": "01", "year": 2024},
        "reporting": {"monthly_due_day": 20, "quarterly_due_day": 18, "half_year_due": "06-15", "year_due": "12-10"},
        "units": [
            {"code": "01", "name": "T", "kind": "province", "parent": None},
            {"code": "001", "name": "H", "kind": "district", "parent": "01"},
            {"code": "00001", "name": "P", "kind": "commune", "parent": "01"},
        ],
        "kpis": [],
    }
    with pytest.raises(CatalogError, match="parent"):
        parse_catalog(raw)
