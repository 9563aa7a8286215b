"""Đơn vị: the ranking of agencies (share of KPIs met or on track, then lagging tasks); with
?unit=CODE one agency's page — its KPIs, its tasks as lead and as partner, its reporting record.
A unit user sees only their own agency and their own position in the ranking."""

import streamlit as st

from dtplan import i18n, web
from dtplan.present import charts, tables
from dtplan.present.xlsx import Sheet
from dtplan.read.units import unit_ranking

ctx = web.guard("agencies")
kind = "province" if ctx.scope.is_all else ctx.catalog.unit(ctx.scope.code).kind

if kind == "province":
    web.page_header(ctx, i18n.AGENCY_RANKING, note=i18n.OVERALL_RULE)
    ranking = web.view(unit_ranking, ctx.scope, ctx.as_of, "agency")
    # Drawn on the server (no Vega to load in the browser); each agency's bar links to its page.
    links = web.unit_links(ctx, [r["code"] for r in ranking])
    web.picture(web.derived(charts.ranking_svg, ranking, links=links))
    web.table(web.derived(tables.ranking_frame, ranking))
    names = {r["code"]: r["name"] for r in ranking}
    choice = st.selectbox(
        i18n.CHOOSE_UNIT, list(names), index=None, format_func=names.get, placeholder=i18n.CHOOSE, key="agency_open"
    )
    if choice:
        web.set_scope(choice)
        st.rerun()

    def sheets() -> list[Sheet]:
        frame = tables.ranking_frame(ranking)
        return [
            Sheet(
                i18n.AGENCY_RANKING,
                [i18n.COL["unit_code"], *frame.columns],
                [[r["code"], *values] for r, values in zip(ranking, frame.values.tolist(), strict=True)],
            )
        ]

elif kind == "agency":
    unit, parts = web.unit_page_top(ctx, "agency", "pages/don_vi.py", i18n.BACK_TO_RANKING)
    web.show_notes(ctx, "unit", unit.code)

    def sheets() -> list[Sheet]:
        return tables.unit_sheets(parts, ctx.catalog, ctx.scope)

else:
    web.page_header(ctx, i18n.AGENCY_RANKING)
    st.info(i18n.AGENCY_PAGE_FOR_COMMUNE if ctx.catalog.local_kind == "commune" else i18n.AGENCY_PAGE_FOR_DISTRICT)
    web.page_link(ctx, "districts", i18n.LOCAL_UNITS.get(ctx.catalog.local_kind, i18n.KIOSK_SLIDES["districts"]))

    def sheets() -> list[Sheet]:
        return []


if kind in ("province", "agency"):
    web.download_xlsx(ctx, sheets, "don-vi")
