"""dtplan.present.charts without Streamlit: what each chart encodes, and the cached gauge spec."""

from __future__ import annotations

import json
import re

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.domain.access import province_scope
from dtplan.present import charts
from dtplan.read import views
from dtplan.store import read_catalog


def _without_data(spec: dict) -> tuple[str, list]:
    """The spec without its data, and with Altair's random view names (selection targets) made equal."""
    spec = dict(spec)
    (rows,) = spec.pop("datasets").values()
    spec.pop("data", None)
    return re.sub(r"view_[0-9a-f]+_\d+", "view", json.dumps(spec, sort_keys=True)), rows


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
        i18n.kpi_value(r["actual"], r["kpi_unit"]) if r["actual"] is not None else i18n.NO_DATA for r in march
    ]


def test_each_gauge_notches_its_target_on_its_own_scale(demo_engine):
    cat = read_catalog(demo_engine)
    rows = [r for r in views.kpi_table(demo_engine, cat, province_scope(cat), "2023-06") if r["applies"]]
    frame = charts.gauge_frame(rows)
    for row, shown in zip(rows, frame.to_dict("records"), strict=True):
        top = 100.0 if row["kpi_unit"] == "percent" else max(row["target"], row["actual"] or 0, 1)
        assert (
            abs((shown["target_lo"] + shown["target_hi"]) / 2 - row["target"] / top) < 0.02 or shown["target_hi"] == 1
        )
        assert shown["scale_label"] == i18n.kpi_value(top, row["kpi_unit"])
    t18 = frame.set_index("code").loc["T18"]  # a count KPI on its own scale (0..3), not as a percentage
    assert "%" not in t18["value_label"] and t18["scale_label"] == i18n.number(3, 0)


def test_gauges_are_placed_in_reading_order_without_overlap_inside_the_chart(demo_engine):
    """One view, its gauges at computed places: seven a row in the KPIs' order, each cell (title, arc,
    status and target lines) clear of its neighbours and inside the chart's own size."""
    cat = read_catalog(demo_engine)
    rows = [r for r in views.kpi_table(demo_engine, cat, province_scope(cat), "2023-06") if r["applies"]]
    for columns, cell, font_scale in ((7, 200, 1.0), (7, 248, 2.0), (2, 168, 1.0)):
        frame, grid = charts.placed_frame(rows, columns, cell, font_scale)
        boxes = [
            (x - cell / 2, top, x + cell / 2, y + 46 * font_scale)
            for x, top, y in zip(frame.x, frame.top, frame.y, strict=True)
        ]
        assert [b[:2] for b in sorted(boxes, key=lambda b: (b[1], b[0]))] == [b[:2] for b in boxes]
        assert len({b[0] for b in boxes}) == min(columns, len(rows))
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[1] >= 0 and a[2] <= grid["width"] and a[3] <= grid["height"]
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        # Each title's lines fit between its cell's top and its arc.
        lines = frame.header.str.count("\n") + 1
        assert (frame.title_y >= frame.top).all()
        assert (frame.title_y + lines * grid["line"] <= frame.y - grid["outer"]).all()


def test_bullets_draw_target_tick_and_status_words_worst_first(demo_engine):
    cat = read_catalog(demo_engine)
    rows = views.kpi_breakdown(demo_engine, cat, province_scope(cat), "T05", "2023-06")
    spec = charts.bullets(rows, "percent").to_dict(validate=False)
    layers = spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "bar", "bar", "bar", "tick", "text"]
    assert [layer["mark"].get("color") for layer in layers[:3]] == list(charts.BAND_COLOURS.values())
    assert layers[4]["encoding"]["x"]["field"] == "target"
    assert {layer["encoding"]["y"]["sort"]["field"] for layer in layers} == {"rank"}
    (data,) = spec["datasets"].values()
    assert [d["unit"] for d in sorted(data, key=lambda d: d["rank"])] == [r["short"] for r in rows]
    assert [d["label"].split(" · ")[0] for d in data] == [i18n.kpi_value(r["actual"], "percent") for r in rows]
    assert [d["label"].split(" · ")[2] for d in data] == [i18n.kpi_status_label(r["status"]) for r in rows]
    expected = {r["short"]: r["expected"] or 0.0 for r in rows}
    assert all(d["risk_lo"] == 0.9 * expected[d["unit"]] and d["ok_lo"] == expected[d["unit"]] for d in data)


def test_equal_bars_in_the_demo_say_why_their_statuses_differ(demo_engine):
    """T05 in June 2023: Sở TN&MT and Sở NN&PTNT both stand at 35,7 % against a plan to date of 39,7 %, one
    behind schedule, the other at risk: their words give each one's share of its own plan (89,7 / 90,0 %)."""
    cat = read_catalog(demo_engine)
    rows = views.kpi_breakdown(demo_engine, cat, province_scope(cat), "T05", "2023-06")
    by_value: dict[str, set] = {}
    for r in rows:
        by_value.setdefault(i18n.kpi_value(r["actual"], "percent"), set()).add(r["status"])
    equal = {value for value, statuses in by_value.items() if len(statuses) > 1}
    assert equal, "the demo no longer has equal bars with different statuses"
    labels = {d["code"]: d["label"] for d in charts.bullet_frame(rows, "percent").to_dict("records")}
    for r in rows:
        if i18n.kpi_value(r["actual"], "percent") in equal:
            share = charts.plan_share(r["actual"], r["expected"])
            assert f"{i18n.percent(share)} KH đến kỳ ({i18n.kpi_value(r['expected'], 'percent')})" in labels[r["unit"]]
            assert (share >= 90.0) == (r["status"] == metrics.AT_RISK)
    # A unit with no report for months (BQL các KCN's last stock figure is older) is marked on its line.
    assert [code for code, label in labels.items() if i18n.STALE in label] == [r["unit"] for r in rows if r["stale"]]
    assert any(r["stale"] for r in rows)


def test_bullet_spec_with_swapped_data_equals_a_fresh_build(demo_engine):
    cat = read_catalog(demo_engine)
    scope = province_scope(cat)
    june = views.kpi_breakdown(demo_engine, cat, scope, "T05", "2023-06")
    march = views.kpi_breakdown(demo_engine, cat, scope, "T06", "2023-03")
    assert len(june) == len(march) and [r["short"] for r in june] != [r["short"] for r in march]
    charts.bullets_spec(june, "percent")  # builds the template from June
    swapped = charts.bullets_spec(march, "percent")
    fresh = charts.bullets(march, "percent").to_dict(validate=False)
    assert _without_data(swapped) == _without_data(fresh)
    assert _without_data(swapped)[1] == charts.bullet_frame(march, "percent").to_dict("records")


def test_tile_map_writes_status_words_on_tiles_each_a_link(demo_engine):
    cat = read_catalog(demo_engine)
    tiles = views.district_tiles(demo_engine, cat, province_scope(cat), "2023-06")
    links = {t["code"]: f"dia_ban?unit={t['code']}" for t in tiles[1:]}  # the first one without a page
    spec = charts.tile_map(tiles, links=links).to_dict(validate=False)
    (data,) = spec["datasets"].values()
    assert {d["code"]: d["status_label"] for d in data} == {
        t["code"]: i18n.kpi_status_label(t["status"]) for t in tiles
    }
    assert [(d["col"], d["row"]) for d in data] == [(t["col"], t["row"]) for t in tiles]
    # Every layer (the square and its three lines of words) links to the tile's district, named by its facts.
    assert [d["href"] for d in data] == [links.get(t["code"]) for t in tiles]
    assert all(layer["encoding"]["href"] == charts.LINK for layer in spec["layer"])
    assert [d["description"] for d in data] == [charts.tile_description(t) for t in tiles]


def test_tile_spec_with_swapped_data_equals_a_fresh_build(demo_engine):
    cat = read_catalog(demo_engine)
    scope = province_scope(cat)
    june = views.district_tiles(demo_engine, cat, scope, "2023-06")
    march = views.district_tiles(demo_engine, cat, scope, "2023-03", "T05")
    charts.tile_map_spec(june, font_scale=1.25, tile=170)  # builds the template from June, overall status
    swapped = charts.tile_map_spec(march, font_scale=1.25, tile=170)
    fresh = charts.tile_map(march, font_scale=1.25, tile=170).to_dict(validate=False)
    assert _without_data(swapped) == _without_data(fresh)
    assert _without_data(swapped)[1] == charts.tile_frame(march).to_dict("records")
    assert [r["status"] for r in _without_data(swapped)[1]] == [t["status"] for t in march]


def _every_chart(engine) -> dict:
    """Each chart builder with demo data, as the pages call it (the page builds without Altair's checks)."""
    cat = read_catalog(engine)
    scope = province_scope(cat)
    return {
        "gauges": charts.gauges(views.kpi_table(engine, cat, scope, "2023-06"), columns=7, cell=200),
        "bullets": charts.bullets(views.kpi_breakdown(engine, cat, scope, "T05", "2023-06"), "percent"),
        "trend": charts.trend(views.kpi_trend(engine, cat, scope, "T05", "2023-06"), "percent"),
        "tile_map": charts.tile_map(views.district_tiles(engine, cat, scope, "2023-06")),
        "ranking_bars": charts.ranking_bars(views.unit_ranking(engine, cat, scope, "2023-06", "agency")),
    }


def test_every_chart_is_valid_vega_lite(demo_engine):
    for name, chart in _every_chart(demo_engine).items():
        spec = chart.to_dict(validate=True)  # raises on anything the Vega-Lite schema refuses
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), name


def test_building_without_altair_checks_gives_the_same_specs(demo_engine):
    checked = {name: chart.to_dict(validate=False) for name, chart in _every_chart(demo_engine).items()}
    with charts.unchecked():
        unchecked = {name: chart.to_dict(validate=False) for name, chart in _every_chart(demo_engine).items()}
    assert json.dumps(unchecked, sort_keys=True, default=str) == json.dumps(checked, sort_keys=True, default=str)
