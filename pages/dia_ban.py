"""Địa bàn: a tile map of the districts laid out roughly as on the map, coloured by the status of a
chosen KPI (?color=CODE) or overall; with ?unit=CODE one district's page — its KPIs and, where
communes report on their own, its communes. A unit user sees only their own district.
In a two-level plan (communes under the province) the province sees a searchable commune ranking
(dtplan.web.communes) and ?unit=CODE opens one commune's page; a plan with no local units says so."""

import streamlit as st

from dtplan import i18n, web
from dtplan.present import charts, tables
from dtplan.present.xlsx import Sheet
from dtplan.read.tiles import OVERALL, district_tiles
from dtplan.read.units import commune_kpis, unit_ranking
from dtplan.web import state
from dtplan.web.communes import commune_ranking

ctx = web.guard("districts")
kind = "province" if ctx.scope.is_all else ctx.catalog.unit(ctx.scope.code).kind
local = ctx.catalog.local_kind

if local is None:
    web.page_header(ctx, ctx.page.title)
    st.info(i18n.NO_LOCAL_UNITS)
    kind = "none"

elif kind == "province" and local == "commune":
    sheets = commune_ranking(ctx)

elif kind == "commune" and local == "commune":
    unit, parts = web.unit_page_top(ctx, "commune", "pages/dia_ban.py", i18n.COMMUNE_RANKING)
    web.show_notes(ctx, "unit", unit.code)

    def sheets() -> list[Sheet]:
        return tables.unit_sheets(parts, ctx.catalog, ctx.scope)

elif kind == "province":
    kpis = {k.code: k for k in ctx.catalog.kpis if k.reported_by("district")}
    options = [OVERALL, *kpis]
    overall = web.url_choice(state.Q_TILE, options, default=OVERALL) == OVERALL  # (the selectbox below is its widget)
    web.page_header(ctx, i18n.DISTRICT_MAP, note=i18n.OVERALL_RULE if overall else None)
    colour = web.url_selectbox(
        i18n.TILE_COLOUR_BY,
        state.Q_TILE,
        options,
        lambda c: i18n.OVERALL if c == OVERALL else f"{c} · {kpis[c].name}",
        default=OVERALL,
    )
    tiles = web.view(district_tiles, ctx.scope, ctx.as_of, colour)
    # Drawn on the server (no Vega to load in the browser); each tile links to its district's page.
    links = web.unit_links(ctx, [t["code"] for t in tiles])
    web.picture(web.derived(charts.tile_map_svg, tiles, links=links))
    names = {t["code"]: t["name"] for t in sorted(tiles, key=lambda t: t["name"])}
    choice = st.selectbox(
        i18n.CHOOSE_UNIT, list(names), index=None, format_func=names.get, placeholder=i18n.CHOOSE, key="district_open"
    )
    if choice:
        web.set_scope(choice)
        st.rerun()
    ranking = web.view(unit_ranking, ctx.scope, ctx.as_of, "district")
    web.table(web.derived(tables.ranking_frame, ranking))

    def sheets() -> list[Sheet]:
        frame = tables.ranking_frame(ranking)
        return [
            Sheet(
                i18n.DISTRICT_MAP,
                [i18n.COL["unit_code"], i18n.COL["unit"], i18n.COL["value"], i18n.COL["status"]],
                [[t["code"], t["name"], t["value"], i18n.kpi_status_label(t["status"])] for t in tiles],
            ),
            Sheet(
                i18n.SHEET["kpis"],
                [i18n.COL["unit_code"], *frame.columns],
                [[r["code"], *values] for r, values in zip(ranking, frame.values.tolist(), strict=True)],
            ),
        ]

elif kind == "district":
    unit, parts = web.unit_page_top(ctx, "district", "pages/dia_ban.py", i18n.DISTRICT_MAP)
    st.subheader(i18n.COMMUNES)
    communes = web.view(commune_kpis, ctx.scope, ctx.as_of)
    if communes:
        web.table(web.derived(tables.unit_kpi_frame, communes))
    else:
        st.info(i18n.NO_COMMUNE_REPORTS)
    web.show_notes(ctx, "unit", unit.code)

    def sheets() -> list[Sheet]:
        communes_sheet = tables.kpi_results(communes, tables.UNIT_KPI_IDS).sheet(i18n.COMMUNES)
        return [*tables.unit_sheets(parts, ctx.catalog, ctx.scope), communes_sheet]

else:
    web.page_header(ctx, i18n.DISTRICT_MAP)
    st.info(i18n.DISTRICT_PAGE_FOR_AGENCY)
    web.page_link(ctx, "agencies", i18n.KIOSK_SLIDES["agencies"])

    def sheets() -> list[Sheet]:
        return []


if kind in ("province", "district") or (kind == "commune" and local == "commune"):
    web.download_xlsx(ctx, sheets, "dia-ban")
