"""Every page on the two-level demo plan (communes under the province, contract §1.5), through app.py
(AppTest): as a leader, an admin and a commune user, who sees no other commune's name or figure (text,
tables, widget options and chart data); the Địa bàn ranking searched and filtered; the overview's
communes needing attention; compliance worst first; and a plan without local units showing no section
or page about them."""

from __future__ import annotations

import pytest

from dtplan import i18n, store, web
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import scorecard as sc
from dtplan.read import views
from dtplan.read.compliance import worst_first
from dtplan.read.scorecard import scorecard
from dtplan.web import navigation, state
from tests.conftest import count_tiles, run_cli
from tests.pages.conftest import heatmaps, link_tables, pictures, texts

AS_OF = "2025-10"
PAGES = [spec.file for spec in navigation.PAGES]


@pytest.fixture
def two_level(two_level_app):
    engine = store.make_engine(two_level_app.database_url)
    yield two_level_app, engine, store.read_catalog(engine)
    engine.dispose()


@pytest.fixture
def two_level_db(two_level_app_db):
    """`two_level` on SQLite and on PostgreSQL (the overview, the scorecard, a commune's scope)."""
    engine = store.make_engine(two_level_app_db.database_url)
    yield two_level_app_db, engine, store.read_catalog(engine)
    engine.dispose()


def everything_shown(at) -> str:
    """Text, tables, widget options and chart data: whatever a viewer can read on the page."""
    parts = [texts(at)]
    for widget in [*at.selectbox, *at.multiselect]:
        parts.append(" ".join(str(o) for o in widget.options))  # AppTest holds the options as drawn
    parts.extend(" ".join(p["texts"] + p["titles"]) for p in pictures(at))
    parts.extend(h["text"] for h in heatmaps(at))
    for kind in ("metric", "text"):
        parts.extend(f"{getattr(e, 'label', '')} {getattr(e, 'value', '')}" for e in getattr(at, kind))
    parts.extend(f"{label} {value}" for label, value in count_tiles(at).items())
    return "\n".join(parts)


def visit(at, page: str):
    at.query_params[state.Q_AS_OF] = AS_OF
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
    return at


@pytest.mark.parametrize("user", ["lanhdao", "quantri"])
def test_every_page_for_leader_and_admin(two_level, user):
    make, _engine, _cat = two_level
    role = {"lanhdao": "leader", "quantri": "admin"}[user]
    at = make(user=user)
    for page in PAGES:
        visit(at, page)
        spec = next(s for s in navigation.PAGES if s.file == page)
        assert (i18n.PAGE_FORBIDDEN in [e.value for e in at.error]) == (not navigation.allowed(spec, role))
        shown = everything_shown(at)
        assert "Huyện, thành phố cần chú ý" not in shown and i18n.DISTRICT_MAP not in shown
        assert not [t for t in at.table if t.value.empty], page  # no empty table ("empty" in a browser)


def test_commune_user_sees_no_other_commune_on_any_page(two_level):
    make, _engine, cat = two_level
    own = cat.unit("14320")
    allowed_text = f"{own.name} {cat.plan.title} {cat.province.name}"
    others = [u for u in cat.units if u.kind == "commune" and u.code != own.code]
    at = make(user="capxa")
    for page in PAGES:
        visit(at, page)
        shown = everything_shown(at)
        leaked = [u.name for u in others if u.name in shown]
        leaked += [u.short for u in others if u.short in shown and u.short not in allowed_text]
        assert leaked == [], (page, leaked[:5])
        if page in ("pages/tong_quan.py", "pages/dia_ban.py"):
            assert own.name in shown or own.short in shown
    # a link naming another commune is refused, not answered
    at.query_params[state.Q_UNIT] = others[0].code
    at.switch_page("pages/dia_ban.py").run()
    at.run()
    assert any("chỉ được xem dữ liệu của đơn vị mình" in e.value for e in at.error)
    assert others[0].name not in everything_shown(at).replace(f"'{others[0].code}'", "")


def test_commune_ranking_searched_and_filtered(two_level):
    make, engine, cat = two_level
    at = make(user="lanhdao", page="pages/dia_ban.py", query={state.Q_AS_OF: AS_OF})
    assert not at.exception, at.exception
    ranking = views.unit_ranking(engine, cat, province_scope(cat), AS_OF, "commune")
    assert len(ranking) == len([u for u in cat.units if u.kind == "commune"]) >= 90
    # ~100 communes, PAGE_ROWS at a time; each name links to the commune's page (month kept)
    for page in (1, 2):
        if page > 1:
            at.number_input(key="dtplan_commune_page").set_value(page).run()
        (table,) = link_tables(at)
        want = ranking[(page - 1) * web.PAGE_ROWS : page * web.PAGE_ROWS]
        assert list(table["frame"][i18n.COL["unit"]]) == [r["name"] for r in want]
        hrefs = [f"dia_ban?{state.Q_AS_OF}={AS_OF}&{state.Q_UNIT}={r['code']}" for r in want]
        assert list(table["links"][i18n.COL["unit"]]) == hrefs
    at.number_input(key="dtplan_commune_page").set_value(1).run()
    assert not pictures(at)  # no tile map of ~100 communes
    assert i18n.COMMUNE_RANKING in texts(at)

    at.text_input(key="commune_search").input("dong thanh").run()  # without diacritics
    assert list(link_tables(at)[0]["frame"][i18n.COL["unit"]]) == ["Phường Đông Thành"]
    at.text_input(key="commune_search").input("").run()
    status = next(r["overall"] for r in ranking[::-1])
    at.multiselect(key="commune_status").select(status).run()
    kept = [r["name"] for r in ranking if r["overall"] == status]
    assert list(link_tables(at)[0]["frame"][i18n.COL["unit"]]) == kept[: web.PAGE_ROWS]
    assert 0 < len(kept) < len(ranking)
    at.text_input(key="commune_search").input("không có xã này").run()
    assert i18n.NO_COMMUNE_MATCH in [i.value for i in at.info]

    # one commune's page (?unit=CODE): its KPIs, as the views compute them
    code = ranking[3]["code"]
    at = make(user="lanhdao", page="pages/dia_ban.py", query={state.Q_AS_OF: AS_OF, state.Q_UNIT: code})
    assert not at.exception, at.exception
    kpis = views.unit_kpis(engine, cat, unit_scope(cat, code), AS_OF, code)
    assert list(at.table[0].value[i18n.COL["code"]]) == [r["kpi"] for r in kpis]
    assert cat.unit(code).name in texts(at)


def test_overview_lists_the_communes_that_need_attention(two_level_db):
    make, engine, cat = two_level_db
    at = make(user="lanhdao", page="pages/tong_quan.py", query={state.Q_AS_OF: AS_OF})
    assert not at.exception, at.exception
    subheaders = [s.value for s in at.subheader]
    assert i18n.WORST_COMMUNES in subheaders and i18n.WORST_DISTRICTS not in subheaders
    ranking = views.unit_ranking(engine, cat, province_scope(cat), AS_OF, "commune")
    worst = [r["name"] for r in reversed(ranking)][:5]
    tables = [t["frame"] for t in link_tables(at) if i18n.COL["unit"] in t["frame"].columns]
    assert any(list(t[i18n.COL["unit"]]) == worst for t in tables)


def test_scorecard_of_communes_for_the_leader_and_the_commune(two_level_db):
    make, engine, cat = two_level_db
    page, province = "pages/bang_tong_hop.py", province_scope(cat)
    at = make(user="lanhdao", page=page, query={state.Q_AS_OF: AS_OF, state.Q_KIND: "commune"})
    assert not at.exception, at.exception
    options = at.selectbox(key="dtplan_url_kind").options
    assert options == [i18n.SCORECARD_KIND["agency"], i18n.SCORECARD_KIND["commune"]]  # no district
    card = scorecard(engine, cat, province, AS_OF, "commune")
    assert len(card["rows"]) == len(cat.units_of_kind("commune"))
    shown = [list(map(str, row)) for row in link_tables(at)[0]["frame"].itertuples(index=False)]
    assert shown == sc.scorecard_table(card, cat, province).rows[: web.PAGE_ROWS]  # the first page

    own = cat.unit("14320")
    at = make(user="capxa", page=page, query={state.Q_AS_OF: AS_OF})
    assert not at.exception, at.exception
    assert at.selectbox(key="dtplan_url_kind").options == [i18n.SCORECARD_KIND["commune"]]
    assert [str(r[0]) for r in link_tables(at)[0]["frame"].itertuples(index=False)] == [own.name]


def test_a_commune_user_on_the_key_pages_sees_only_its_commune(two_level_db):
    make, _engine, cat = two_level_db
    own = cat.unit("14320")
    others = [u for u in cat.units_of_kind("commune") if u.code != own.code]
    at = make(user="capxa")
    for page in ("pages/tong_quan.py", "pages/bang_tong_hop.py", "pages/dia_ban.py"):
        shown = everything_shown(visit(at, page))
        assert own.name in shown or own.short in shown, page
        assert [u.name for u in others if u.name in shown] == [], page
    at.query_params[state.Q_UNIT] = others[0].code  # another commune by its address: refused, not answered
    at.switch_page("pages/bang_tong_hop.py").run()
    assert any("chỉ được xem dữ liệu của đơn vị mình" in e.value for e in at.error)
    assert others[0].name not in everything_shown(at)


def test_compliance_heat_map_worst_first(two_level):
    make, engine, cat = two_level
    at = make(user="lanhdao", page="pages/bao_cao.py", query={state.Q_AS_OF: AS_OF})
    assert not at.exception, at.exception
    rows = worst_first(views.compliance_table(engine, cat, province_scope(cat), AS_OF))
    order = list(dict.fromkeys(cat.unit(r["unit"]).short for r in rows))
    (drawn,) = heatmaps(at)
    assert drawn["units"] == order and len(order) == len(cat.reporting_units())
    unit_line = f"{i18n.COL['unit']}: "  # each cell's title starts with its unit
    assert list(dict.fromkeys(t.split("\n")[0].removeprefix(unit_line) for _, _, t in drawn["cells"])) == order
    counts = views.compliance_counts(rows)
    missing = [c["missing"] for c in counts]
    assert missing == sorted(missing, reverse=True) and missing[0] > missing[-1]


@pytest.fixture
def agencies_only_url(tmp_path):
    """A plan with agencies and no local units at all (another province's province-level plan)."""
    import yaml

    from tests.conftest import ROOT

    raw = yaml.safe_load((ROOT / "data" / "plans" / "ninh-binh-2023.yaml").read_text(encoding="utf-8"))
    raw["units"] = [u for u in raw["units"] if u["kind"] in ("province", "agency")]
    raw["kpis"] = [{**k, "levels": ["agency"]} for k in raw["kpis"] if "agency" in k["levels"]]
    codes = {u["code"] for u in raw["units"]}
    raw["tasks"] = [
        {**t, "partners": [p for p in t["partners"] if p in codes]} for t in raw["tasks"] if t["lead"] in codes
    ]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run_cli("init", "--plan", str(plan), url=url).returncode == 0
    added = run_cli(
        "users", "add", "lanhdao2", "--role", "leader", "--password-stdin", url=url, stdin="Lanh-Dao#2025-x"
    )
    assert added.returncode == 0, added.stderr
    return url


def test_a_plan_without_local_units_shows_no_section_or_page_about_them(
    agencies_only_url, navigation_mode, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, sign_in_app

    monkeypatch.setenv("DTPLAN_DATABASE_URL", agencies_only_url)
    monkeypatch.setenv("DTPLAN_COOKIE_KEY", "a-real-secret-for-this-test-only-32-bytes-or-more")  # not a demo
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    sign_in_app(at, "lanhdao2", "Lanh-Dao#2025-x")
    at.switch_page("pages/tong_quan.py").run()
    assert not at.exception, at.exception
    subheaders = [s.value for s in at.subheader]
    assert i18n.WORST_AGENCIES in subheaders
    assert i18n.WORST_DISTRICTS not in subheaders and i18n.WORST_COMMUNES not in subheaders
    assert not [t for t in at.table if t.value.empty]
    spec = navigation.page("districts")
    assert not navigation.in_menu(spec, "leader", None) and navigation.in_menu(spec, "leader", "commune")
    at.switch_page("pages/dia_ban.py").run()  # opened by its address all the same: a sentence, no empty map
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [i18n.NO_LOCAL_UNITS]
    assert not pictures(at) and not at.table and not at.dataframe
