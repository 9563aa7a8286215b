"""Bảng tổng hợp through app.py (AppTest): the table is the read model's scorecard worded by the one builder,
the kind and the sort live in the URL, a cell links to the unit's KPI on Chỉ tiêu, the picker opens it with the
cell's figure, and a unit account sees its own row only (a district its own), no other unit's name."""

from __future__ import annotations

import urllib.parse

from dtplan import i18n
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import scorecard as sc
from dtplan.read import views
from dtplan.read.scorecard import scorecard
from dtplan.web import state
from tests.pages.conftest import link_tables, metrics_of

PAGE = "pages/bang_tong_hop.py"
AS_OF = "2023-06"


def shown(at) -> list[list[str]]:
    frame = link_tables(at)[0]["frame"]
    return [list(map(str, row)) for row in frame.itertuples(index=False)]


def everything_on_screen(at) -> str:
    parts = [str(o) for box in at.selectbox for o in box.options]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return " | ".join(parts)


def test_leader_grid_sort_and_open(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": AS_OF})
    assert not at.exception, at.exception
    kind_box = at.selectbox(key="dtplan_url_kind")
    assert kind_box.options == [i18n.SCORECARD_KIND["agency"], i18n.SCORECARD_KIND["district"]]
    card = scorecard(engine, cat, province_scope(cat), AS_OF, "agency")
    assert shown(at) == sc.scorecard_table(card, cat, province_scope(cat)).rows
    (table,) = link_tables(at)
    assert list(table["frame"].columns) == [i18n.COL["unit"], *card["kpis"], i18n.SCORECARD_MET]
    assert table["titles"] == {code: cat.kpis_by_code[code].name for code in card["kpis"]}  # a code's hover
    # Each cell opens that unit's KPI on Chỉ tiêu, a unit's name its page; "Đạt/Áp dụng" opens nothing.
    for position, row in enumerate(card["rows"]):
        links = table["links"].iloc[position]
        assert links[i18n.COL["unit"]] == f"don_vi?as_of={AS_OF}&unit={row['unit']}"
        for code in card["kpis"]:
            want = f"chi_tieu?as_of={AS_OF}&kpi={code}&unit={row['unit']}" if code in row["cells"] else None
            assert links[code] == want, (row["unit"], code)
        assert links[i18n.SCORECARD_MET] is None

    kind_box.select("district").run()
    assert at.query_params[state.Q_KIND] == "district"
    districts = scorecard(engine, cat, province_scope(cat), AS_OF, "district")
    assert [r[0] for r in shown(at)] == [cat.unit(r["unit"]).name for r in districts["rows"]]

    # Sort by a KPI column, downwards: the order of sorted_rows, kept in the URL.
    at.selectbox(key="dtplan_url_sort").select("T02").run()
    at.toggle(key="dtplan_scorecard_desc").set_value(True).run()
    assert at.query_params[state.Q_SORT] == "T02" and at.query_params[state.Q_ORDER] == "desc"
    want = sc.sorted_rows(districts, cat, province_scope(cat), "T02", descending=True)
    assert [r[0] for r in shown(at)] == [cat.unit(r["unit"]).name for r in want]
    figures = [r["cells"]["T02"]["actual"] for r in want]
    assert figures == sorted(figures, reverse=True) and len(set(figures)) > 1

    # Open one unit's KPI: the Chỉ tiêu page of that unit shows the cell's figure and status.
    target = want[-1]["unit"]
    at.selectbox(key="dtplan_scorecard_open_unit").select(target)
    at.selectbox(key="dtplan_scorecard_open_kpi").select("T09")
    at.button(key="dtplan_scorecard_open_go").click().run()
    assert not at.exception, at.exception
    assert at.query_params[state.Q_UNIT] == target and at.query_params[state.Q_KPI] == "T09"
    own = next(k for k in views.kpi_table(engine, cat, unit_scope(cat, target), AS_OF) if k["code"] == "T09")
    metrics = metrics_of(at)
    assert metrics[i18n.COL["actual"]] == i18n.kpi_value(own["actual"], own["kpi_unit"])
    assert metrics[i18n.COL["status"]] == i18n.kpi_status_label(own["status"])
    cell = next(r for r in districts["rows"] if r["unit"] == target)["cells"]["T09"]
    assert sc.cell_text(cell, "percent").startswith(metrics[i18n.COL["actual"]])


def test_district_head_sees_own_district_only(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="nhoquan", page=PAGE, query={"as_of": AS_OF})
    assert not at.exception, at.exception
    assert at.selectbox(key="dtplan_url_kind").options == [i18n.SCORECARD_KIND["district"]]
    card = scorecard(engine, cat, unit_scope(cat, "372"), AS_OF, "district")
    assert shown(at) == sc.scorecard_table(card, cat, unit_scope(cat, "372")).rows
    assert [r[0] for r in shown(at)] == [cat.unit("372").name]
    links = [h for h in link_tables(at)[0]["links"].to_numpy().ravel() if h]
    units = [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(h).query))[state.Q_UNIT] for h in links]
    assert links and set(units) == {"372"}  # nothing opens another unit
    screen = everything_on_screen(at)
    for unit in cat.units:
        if unit.kind in ("agency", "district") and unit.code != "372":
            assert unit.name not in screen, unit.name
    # Asking for agencies or another district by URL gives nothing more.
    at.query_params[state.Q_KIND] = "agency"
    at.run()
    assert at.selectbox(key="dtplan_url_kind").value == "district"


def test_agency_head_sees_own_row_only(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="sotttt", page=PAGE, query={"as_of": AS_OF})
    assert not at.exception, at.exception
    assert at.selectbox(key="dtplan_url_kind").options == [i18n.SCORECARD_KIND["agency"]]
    assert [r[0] for r in shown(at)] == [cat.unit("STTTT").name]
    card = scorecard(engine, cat, unit_scope(cat, "STTTT"), AS_OF, "agency")
    assert shown(at)[0][-1] == f"{card['rows'][0]['met']}/{card['rows'][0]['applicable']}"
    screen = everything_on_screen(at)
    for unit in cat.units:
        if unit.kind in ("agency", "district") and unit.code != "STTTT":
            assert unit.name not in screen, unit.name
    # Another unit by URL is refused (the guard's rule), the table stays the account's own.
    at.query_params[state.Q_UNIT] = "SYT"
    at.run()
    assert at.error and [r[0] for r in shown(at)] == [cat.unit("STTTT").name]
