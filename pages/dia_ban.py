"""Địa bàn: a tile map of the districts laid out roughly as on the map, coloured by the status of a
chosen KPI (?color=CODE) or overall; with ?unit=CODE one district's page — its KPIs and, where
communes report on their own, its communes. A unit user sees only their own district."""

import streamlit as st

from dtplan import charts, i18n, state, ui, views
from dtplan.xlsx import Sheet

ctx = ui.guard("districts")
kind = "province" if ctx.scope.is_all else ctx.catalog.unit(ctx.scope.code).kind

if kind == "province":
    ui.page_header(ctx, i18n.DISTRICT_MAP)
    kpis = {k.code: k for k in ctx.catalog.kpis if views.reports_kpi(k, "district")}
    options = [views.OVERALL, *kpis]
    colour = ui.url_selectbox(
        i18n.TILE_COLOUR_BY,
        state.Q_TILE,
        options,
        lambda c: i18n.OVERALL if c == views.OVERALL else f"{c} · {kpis[c].name}",
        default=views.OVERALL,
    )
    tiles = ui.view("district_tiles", ctx.scope, ctx.as_of, colour)
    if colour == views.OVERALL:
        st.caption(i18n.OVERALL_RULE)
    event = ui.chart("tile_map", tiles, on_select="rerun", selection_mode=charts.TILE_SELECTION, key="district_map")
    names = {t["code"]: t["name"] for t in sorted(tiles, key=lambda t: t["name"])}
    choice = st.selectbox(
        i18n.CHOOSE_UNIT, list(names), index=None, format_func=names.get, placeholder=i18n.CHOOSE, key="district_open"
    )
    picked = ui.selected(event, charts.TILE_SELECTION) or choice
    if picked:
        ui.set_scope(picked)
        st.rerun()
    ranking = ui.view("unit_ranking", ctx.scope, ctx.as_of, "district")
    ui.table(ui.ranking_frame(ranking))

    def sheets() -> list[Sheet]:
        frame = ui.ranking_frame(ranking)
        return [
            Sheet(
                i18n.DISTRICT_MAP,
                [i18n.COL["unit_code"], i18n.COL["unit"], i18n.COL["value"], i18n.COL["status"]],
                [[t["code"], t["name"], t["value"], i18n.kpi_status(t["status"])] for t in tiles],
            ),
            Sheet(
                i18n.SHEET["kpis"],
                [i18n.COL["unit_code"], *frame.columns],
                [[r["code"], *values] for r, values in zip(ranking, frame.values.tolist(), strict=True)],
            ),
        ]

elif kind == "district":
    unit, parts = ui.unit_page_top(ctx, "district", "pages/dia_ban.py", i18n.DISTRICT_MAP)
    st.subheader(i18n.COMMUNES)
    communes = ui.view("commune_kpis", ctx.scope, ctx.as_of)
    if communes:
        ui.table(ui.unit_kpi_frame(communes))
    else:
        st.info(i18n.NO_COMMUNE_REPORTS)
    ui.show_notes(ctx, "unit", unit.code)

    def sheets() -> list[Sheet]:
        frame = ui.unit_kpi_frame(communes)
        return [*ui.unit_sheets(ctx, parts), Sheet(i18n.COMMUNES, list(frame.columns), frame.values.tolist())]

else:
    ui.page_header(ctx, i18n.DISTRICT_MAP)
    st.info(i18n.DISTRICT_PAGE_FOR_AGENCY)
    ui.page_link(ctx, "agencies", i18n.KIOSK_SLIDES["agencies"])

    def sheets() -> list[Sheet]:
        return []


if kind in ("province", "district"):
    ui.download_xlsx(ctx, sheets, "dia-ban")
