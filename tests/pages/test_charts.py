"""dtplan.charts without Streamlit: what each chart encodes, and the cached gauge spec."""

from __future__ import annotations

import json

from dtplan import charts, i18n, views
from dtplan.access import province_scope
from dtplan.store import read_catalog


def _without_data(spec: dict) -> tuple[str, list]:
    spec = dict(spec)
    (rows,) = spec.pop("datasets").values()
    spec.pop("data", None)
    return json.dumps(spec, sort_keys=True), rows


def test_gauge_spec_with_swapped_data_equals_a_fresh_build(demo_engine):
    cat = read_catalog(demo_engine)
    scope = province_scope(cat)
    june = views.kpi_table(demo_engine, cat, scope, "2023-06")
    march = views.kpi_table(demo_engine, cat, scope, "2023-03")
    charts.gauges_spec(june, columns=7, cell=200)  # builds the template from June
    swapped = charts.gauges_spec(march, columns=7, cell=200)
    fresh = charts.gauges(march, columns=7, cell=200).to_dict(validate=False)
    assert _without_data(swapped) == _without_data(fresh)
    assert [r["value_label"] for r in _without_data(swapped)[1]] == [
        i18n.kpi_value(r["actual"], r["unit"]) if r["actual"] is not None else i18n.NO_DATA for r in march
    ]


def test_bullets_draw_target_tick_and_status_words_worst_first(demo_engine):
    cat = read_catalog(demo_engine)
    rows = views.kpi_breakdown(demo_engine, cat, province_scope(cat), "T05", "2023-06")
    spec = charts.bullets(rows, "percent").to_dict(validate=False)
    layers = spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "bar", "tick", "text"]
    assert layers[2]["encoding"]["x"]["field"] == "target"
    assert layers[0]["encoding"]["y"]["sort"] == [r["short"] for r in rows]
    data = next(d for d in spec["datasets"].values() if d and "label" in d[0])
    assert [d["label"] for d in data] == [
        f"{i18n.kpi_value(r['actual'], 'percent')} · {i18n.kpi_status(r['status'])}" for r in rows
    ]


def test_tile_map_writes_status_words_on_tiles(demo_engine):
    cat = read_catalog(demo_engine)
    tiles = views.district_tiles(demo_engine, cat, province_scope(cat), "2023-06")
    spec = charts.tile_map(tiles).to_dict(validate=False)
    (data,) = spec["datasets"].values()
    assert {d["code"]: d["status_label"] for d in data} == {t["code"]: i18n.kpi_status(t["status"]) for t in tiles}
    assert charts.TILE_SELECTION in {p["name"] for p in spec["params"]}
