"""Dashboard pages through app.py (AppTest): the figures on screen equal dtplan.read.views/metrics for the
same as-of month and scope; charts carry the right marks, fields and targets; the view state lives in
the URL; a unit user sees only their own unit."""

from __future__ import annotations

from dtplan import i18n, web
from dtplan.domain import metrics
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import charts as dcharts
from dtplan.present.heatmap import heatmap_description
from dtplan.read import views
from dtplan.web import navigation, state
from tests.pages.conftest import heatmaps, link_tables, metrics_of, pictures, texts


def kpi_metrics(at) -> dict[str, str]:
    """The KPI status counts among the page's metrics (the overview also counts lagging tasks)."""
    labels = {i18n.kpi_status_label(s) for s in i18n.KPI_STATUS}
    return {k: v for k, v in metrics_of(at).items() if k in labels}


def test_overview_gauges_and_counts_equal_the_views(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    rows = views.kpi_table(engine, cat, province_scope(cat), "2023-06")
    counts = metrics.status_counts([r["status"] for r in rows])
    assert kpi_metrics(at) == {i18n.kpi_status_label(s): i18n.number(n, 0) for s, n in counts.items()}
    # The gauges, drawn on the server: one link a gauge, to its KPI's page in the same month, named by what it shows.
    (gauges,) = pictures(at)
    kpi_page = navigation.url_path(navigation.page("kpi"))
    assert [page for page, _, _ in gauges["links"]] == [kpi_page] * len(cat.kpis)
    drawn = {query[state.Q_KPI]: (query, label) for _, query, label in gauges["links"]}
    assert list(drawn) == [k.code for k in cat.kpis]  # all 21, in plan order
    for row in rows:
        query, label = drawn[row["code"]]
        assert query[state.Q_AS_OF] == "2023-06" and state.Q_UNIT not in query
        value = i18n.kpi_value(row["actual"], row["kpi_unit"]) if row["actual"] is not None else i18n.NO_DATA
        assert label == f"{row['code']} · {row['name']}: {value}, {i18n.kpi_status_label(row['status'])}, " + (
            f"Mục tiêu {'>' if row['op'] == 'gt' else '≥'} {i18n.kpi_value(row['target'], row['kpi_unit'])}"
        )
        assert value in gauges["texts"] and i18n.kpi_status_label(row["status"]) in gauges["texts"]
    assert "%" not in drawn["T18"][1].split(": ")[1].split(",")[0]  # a count KPI on its own scale, not a percentage
    # Freshness: N/M units have reported for the month.
    reported, total = views.reported_count(
        views.compliance_table(engine, cat, province_scope(cat), "2023-06"), "2023-06"
    )
    assert any(f"{reported}/{total} đơn vị đã báo cáo" in c.value for c in at.caption)
    # The five most lagging tasks.
    lagging = views.task_list(engine, cat, province_scope(cat), "2023-06", status=views.LAGGING_FILTER)[:5]
    # (its text wraps, so the deadline and the status are never cut; a task's code opens it on Nhiệm vụ)
    tasks, agencies, districts = link_tables(at)
    assert list(tasks["frame"][i18n.COL["code"]]) == [t["code"] for t in lagging]
    assert i18n.COL["task_due"] in tasks["frame"].columns and i18n.COL["status"] in tasks["frame"].columns
    assert list(tasks["links"][i18n.COL["code"]]) == [f"nhiem_vu?as_of=2023-06&task={t['code']}" for t in lagging]
    # The units that need attention: the five worst of each kind, each name a link to its page.
    rankings = views.unit_rankings(engine, cat, province_scope(cat), "2023-06")
    for table, kind, page in ((agencies, "agency", "don_vi"), (districts, "district", "dia_ban")):
        worst = list(reversed(rankings[kind]))[:5]
        assert list(table["frame"][i18n.COL["unit"]]) == [r["name"] for r in worst]
        assert list(table["links"][i18n.COL["unit"]]) == [f"{page}?as_of=2023-06&unit={r['code']}" for r in worst]


def test_gauge_shows_no_data_not_zero():
    rows = [
        {
            "code": "X",
            "name": "x",
            "kpi_unit": "percent",
            "actual": None,
            "target": 50.0,
            "op": "ge",
            "status": "no_data",
        }
    ]
    frame = dcharts.gauge_frame(rows)
    assert frame.loc[0, "value_label"] == i18n.NO_DATA and frame.loc[0, "status_label"] == i18n.kpi_status_label(
        "no_data"
    )


def test_as_of_and_scope_from_the_sidebar_go_to_the_url_and_follow_to_the_next_page(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    at.selectbox(key=state.SB_AS_OF).set_value("2023-03").run()
    assert at.query_params[state.Q_AS_OF] == "2023-03"
    at.selectbox(key=state.SB_SCOPE).set_value("STTTT").run()
    assert at.query_params[state.Q_UNIT] == "STTTT"
    rows = [r for r in views.kpi_table(engine, cat, unit_scope(cat, "STTTT"), "2023-03") if r["applies"]]
    counts = metrics.status_counts([r["status"] for r in rows])
    assert kpi_metrics(at) == {i18n.kpi_status_label(s): i18n.number(n, 0) for s, n in counts.items()}
    (gauges,) = pictures(at)
    assert [query[state.Q_KPI] for _, query, _ in gauges["links"]] == [r["code"] for r in rows]
    assert {(query[state.Q_AS_OF], query[state.Q_UNIT]) for _, query, _ in gauges["links"]} == {("2023-03", "STTTT")}
    # Opening another page from the menu (no query string) keeps the month and the scope.
    at.query_params.clear()
    at.switch_page("pages/bao_cao.py").run()
    assert not at.exception, at.exception
    assert at.query_params[state.Q_AS_OF] == "2023-03" and at.query_params[state.Q_UNIT] == "STTTT"
    shown = [title for _, _, title in heatmaps(at)[0]["cells"]]
    expected = views.compliance_table(engine, cat, unit_scope(cat, "STTTT"), "2023-03")
    assert shown == [heatmap_description(r, cat.unit("STTTT").short) for r in expected] and len(shown) == 3


def test_kpi_page_trend_bullets_and_contributions(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": "T02"})
    assert not at.exception, at.exception
    scope = province_scope(cat)
    row = next(r for r in views.kpi_table(engine, cat, scope, "2023-06") if r["code"] == "T02")
    shown = metrics_of(at)
    assert shown[i18n.COL["actual"]] == i18n.kpi_value(row["actual"], "percent")
    assert shown[i18n.COL["target"]] == i18n.kpi_value(row["target"], "percent")
    assert shown[i18n.COL["status"]] == i18n.kpi_status_label(row["status"])
    trend, bullets = pictures(at)[:2]  # both drawn on the server
    trend_rows = views.kpi_trend(engine, cat, scope, "T02", "2023-06")
    for r in trend_rows:  # each point named by its month, series and value (its hover title)
        for series in ("actual", "expected", "target"):
            if r[series] is not None:
                point = (
                    f"{i18n.month_short(r['period'])} · {i18n.SERIES[series]}: {i18n.kpi_value(r[series], 'percent')}"
                )
                assert point in trend["titles"]
    assert {i18n.SERIES[s] for s in ("actual", "expected", "target")} <= set(trend["texts"])  # the legend
    breakdown = views.kpi_breakdown(engine, cat, scope, "T02", "2023-06")
    names = [r["short"] for r in breakdown]
    assert [t for t in bullets["texts"] if t in names] == names  # worst first
    assert all(dcharts.bullet_label(r, "percent") in bullets["texts"] for r in breakdown)
    # Every unit with a page is a link to it, carrying the month.
    linked = {}
    for page, query, label in bullets["links"]:
        assert query[state.Q_AS_OF] == "2023-06"
        linked.setdefault((page, query[state.Q_UNIT]), []).append(label)
    want = {
        (navigation.url_path(navigation.page(target)), r["unit"]): dcharts.bullet_description(r, "percent")
        for r in breakdown
        if (target := navigation.unit_page(cat, r["unit"]))
    }
    assert set(linked) == set(want) and want
    # Six links a unit (three bands, the bar, the tick, the words); all but the words carry its facts as title.
    assert all(len(labels) == 6 and sum(want[key] in label for label in labels) == 5 for key, labels in linked.items())
    contributions = views.kpi_contributions(engine, cat, scope, "T02", "2023-06")
    frame = at.table[-1].value
    assert list(frame[i18n.COL["numerator"]]) == [i18n.number(c["numerator"], 0) for c in contributions]
    assert sum(c["numerator"] for c in contributions) == row["numerator"]


def test_agency_ranking_and_one_agency(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/don_vi.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    ranking = views.unit_ranking(engine, cat, province_scope(cat), "2023-06", "agency")
    assert list(at.table[0].value[i18n.COL["unit"]]) == [r["name"] for r in ranking]
    bars = pictures(at)[0]
    shorts = [r["short"] for r in ranking]
    assert [t for t in bars["texts"] if t in shorts] == shorts  # best first
    # Each agency's bar and words link to its page, this month.
    agencies = navigation.url_path(navigation.page("agencies"))
    assert {(page, q[state.Q_UNIT], q[state.Q_AS_OF]) for page, q, _ in bars["links"]} == {
        (agencies, r["code"], "2023-06") for r in ranking
    }
    at.query_params[state.Q_UNIT] = "SKHDT"
    at.run()
    assert not at.exception, at.exception
    text = texts(at)
    own = next(r for r in ranking if r["code"] == "SKHDT")
    assert i18n.OWN_POSITION.format(rank=own["rank"], total=own["total"]) in text
    kpis = views.unit_kpis(engine, cat, unit_scope(cat, "SKHDT"), "2023-06", "SKHDT")
    assert list(at.table[0].value[i18n.COL["code"]]) == [r["kpi"] for r in kpis]
    assert list(at.table[0].value[i18n.COL["actual"]]) == [i18n.kpi_value(r["actual"], r["kpi_unit"]) for r in kpis]


def test_unit_user_sees_only_own_agency_and_is_refused_another(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="sotttt", page="pages/don_vi.py", query={"as_of": "2023-06"})
    at.query_params[state.Q_UNIT] = "SNV"  # a link naming another agency
    at.run()
    assert not at.exception, at.exception
    assert any("chỉ được xem dữ liệu của đơn vị mình" in e.value for e in at.error)
    at.run()  # signing in takes several reruns: the refusal must not vanish after the first
    assert any("chỉ được xem dữ liệu của đơn vị mình" in e.value and "SNV" in e.value for e in at.error)
    text = texts(at)
    assert cat.unit("STTTT").name in text
    others = [u for u in cat.units if u.kind == "agency" and u.code != "STTTT"]
    # No other agency's figures or ranking: the position line, the KPI table and the reporting record
    # name only STTTT (task tables may name another lead unit: that is the plan, not a figure).
    figures = "\n".join(m.value for m in at.markdown) + at.table[0].value.to_string()
    figures += str([p["texts"] + p["titles"] for p in pictures(at)] + [h["text"] for h in heatmaps(at)])
    assert not [u.name for u in others if u.name in figures or u.short in figures]
    assert state.SB_SCOPE not in [s.key for s in at.selectbox]  # no scope selector for a unit user
    ranking = views.unit_ranking(engine, cat, unit_scope(cat, "STTTT"), "2023-06", "agency")
    assert len(ranking) == 1 and i18n.OWN_POSITION.format(rank=ranking[0]["rank"], total=20) in text


def test_districts_map_and_a_district_for_its_own_user(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/dia_ban.py", query={"as_of": "2023-06", "color": "T01.1"})
    assert not at.exception, at.exception
    tiles = views.district_tiles(engine, cat, province_scope(cat), "2023-06", "T01.1")
    drawn = pictures(at)[0]
    assert len(tiles) == 8
    assert all(tile["short"] in drawn["texts"] and dcharts.tile_description(tile) in drawn["titles"] for tile in tiles)
    # Each tile (its square and its words) opens its district's page, this month.
    districts = navigation.url_path(navigation.page("districts"))
    linked = {}
    for page, query, label in drawn["links"]:
        assert (page, query[state.Q_AS_OF]) == (districts, "2023-06")
        linked.setdefault(query[state.Q_UNIT], []).append(label)
    assert {code: len(labels) for code, labels in linked.items()} == {t["code"]: 4 for t in tiles}

    at = app_factory(user="nhoquan", page="pages/dia_ban.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    text = texts(at)
    assert cat.unit("372").name in text and "Thành phố Ninh Bình" not in text
    kpis = views.unit_kpis(engine, cat, unit_scope(cat, "372"), "2023-06", "372")
    assert list(at.table[0].value[i18n.COL["code"]]) == [r["kpi"] for r in kpis]


def test_tasks_filters_from_the_url_lagging_first_and_history(app_factory, engine_catalog):
    engine, cat = engine_catalog
    query = {"as_of": "2023-06", "appendix": "01", "status": "lagging", "task": "PL01-03"}
    at = app_factory(user="lanhdao", page="pages/nhiem_vu.py", query=query)
    assert not at.exception, at.exception
    scope = province_scope(cat)
    rows = views.task_list(engine, cat, scope, "2023-06", appendix="01", status=views.LAGGING_FILTER)
    (listed,) = link_tables(at)
    table = listed["frame"]
    assert list(table[i18n.COL["code"]]) == [r["code"] for r in rows] and rows
    # Each code opens its task on this page, the filters and the month kept.
    for code, href in zip(table[i18n.COL["code"]], listed["links"][i18n.COL["code"]], strict=True):
        assert href == f"nhiem_vu?as_of=2023-06&appendix=01&status=lagging&task={code}"
    for title, row in zip(table[i18n.COL["title"]], rows, strict=True):
        assert title.startswith(f"[{i18n.ILLUSTRATIVE}]") == row["illustrative"]
    history = views.task_history(engine, cat, scope, "PL01-03")
    assert len(at.table[0].value) == len(history) > 0
    assert i18n.ILLUSTRATIVE_TASK in [w.value for w in at.warning]
    assert at.selectbox(key=f"dtplan_url_{state.Q_APPENDIX}").value == "01"


def test_compliance_heat_map_and_counts(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/bao_cao.py", query={"as_of": "2023-04"})
    assert not at.exception, at.exception
    rows = views.compliance_table(engine, cat, province_scope(cat), "2023-04")
    (drawn,) = heatmaps(at)
    names = {u.code: u.short for u in cat.units}
    # Every cell, in reading order: its status, its symbol and its facts on hover.
    assert drawn["cells"] == [
        (r["status"], i18n.COMPLIANCE_SYMBOL[r["status"]], heatmap_description(r, names[r["unit"]])) for r in rows
    ]
    assert drawn["units"] == [names[u] for u in dict.fromkeys(r["unit"] for r in rows)]
    assert drawn["months"] == [i18n.month_short(f"2023-{m:02d}") for m in range(1, 5)]
    assert all(i18n.COMPLIANCE_STATUS[s] in drawn["text"] for s in metrics.COMPLIANCE_STATUSES)  # the legend
    counts = views.compliance_counts(rows)
    frame = at.table[0].value
    assert list(frame[i18n.compliance_status_label("on_time")]) == [c["on_time"] for c in counts]
    assert list(frame[i18n.compliance_status_label("missing")]) == [c["missing"] for c in counts]


def test_kiosk_renders_without_sidebar_and_rotates(app_factory, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="lanhdao", page="pages/trinh_chieu.py", query={"kiosk": "1", "rotate": "30"})
    assert not at.exception, at.exception
    assert not at.sidebar.selectbox  # no controls on the wall screen
    latest = views.default_as_of(engine, cat, province_scope(cat))
    order = ["overview", "agencies", "districts", "tasks"]

    def slide() -> str:
        headers = "\n".join(m.value for m in at.markdown)
        assert i18n.month(latest) in headers  # no month in the link: the latest month with data
        return next(s for s in order if f"### {i18n.KIOSK_SLIDES[s]}" in headers)

    seen = [slide()]
    at.run()  # a rerun soon after (the sign-in cookie's) keeps the slide
    assert slide() == seen[0]
    for _ in range(4):
        at.session_state[state.KIOSK_TURN_AT] = 0.0  # as if the rotation period had passed
        at.run()
        assert not at.exception, at.exception
        seen.append(slide())
        if seen[-1] == "overview":
            assert len(pictures(at)[0]["texts"]) >= 21 * 4 and not pictures(at)[0]["links"]  # a TV: no links
    start = order.index(seen[0])
    assert seen == [order[(start + i) % 4] for i in range(5)]
    assert i18n.LOGIN_FIELDS["Username"] not in [t.label for t in at.text_input]


def test_a_long_list_is_paged_and_its_pages_are_not_kept_in_the_shared_cache(app_factory, engine_catalog):
    """Chỉ tiêu's contributing figures (one row per unit and month) a page at a time; a page, a new frame on
    every run, must not pile up in the process-wide cache (it would push the shared charts out)."""
    from dtplan.web import cache

    engine, cat = engine_catalog
    code, rows = max(
        ((k.code, views.kpi_contributions(engine, cat, province_scope(cat), k.code, "2023-06")) for k in cat.kpis),
        key=lambda pair: len(pair[1]),
    )
    assert len(rows) > web.PAGE_ROWS
    at = app_factory(user="lanhdao", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": code})
    assert not at.exception, at.exception
    shown = [t.value for t in at.table if i18n.COL["submitted_at"] in t.value.columns]
    assert len(shown) == 1 and len(shown[0]) == web.PAGE_ROWS
    at.number_input(key="dtplan_contributions_page").set_value(2).run()
    kept = len(cache._derived)
    for page in (1, 2, 1):
        at.number_input(key="dtplan_contributions_page").set_value(page).run()
        assert not at.exception, at.exception
    assert len(cache._derived) == kept
