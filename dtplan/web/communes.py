"""The Địa bàn page of a two-level plan (communes directly under the province): ~100–150 communes do
not fit a tile map, so the province sees a ranking it can search by name and filter by overall status,
with a count per status; a commune's name is a link to its page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.present import tables
from dtplan.present.count_tiles import CountTile
from dtplan.present.palette import KPI_COLOURS
from dtplan.present.unit_filter import filter_units
from dtplan.present.xlsx import Sheet
from dtplan.read.units import unit_ranking
from dtplan.web.cache import view
from dtplan.web.frame import page_header, unit_row_links
from dtplan.web.guard import PageContext
from dtplan.web.widgets import count_tiles, table

SEARCH_KEY = "commune_search"
STATUS_KEY = "commune_status"


def commune_ranking(ctx: PageContext) -> Callable[[], list[Sheet]]:
    """Draw the searchable commune ranking; return the page's XLSX sheets (the whole ranking in scope)."""
    page_header(ctx, i18n.COMMUNE_RANKING)
    ranking = view(unit_ranking, ctx.scope, ctx.as_of, "commune")
    st.caption(i18n.OVERALL_RULE)
    counts = metrics.status_counts([r["overall"] for r in ranking])
    count_tiles(
        [CountTile(i18n.kpi_status_label(s), i18n.number(counts[s], 0), KPI_COLOURS[s]) for s in metrics.KPI_STATUSES]
    )
    left, right = st.columns([3, 2])
    query = left.text_input(i18n.COMMUNE_SEARCH, key=SEARCH_KEY)
    statuses = right.multiselect(
        i18n.COMMUNE_STATUS_FILTER,
        list(metrics.KPI_STATUSES),
        format_func=i18n.kpi_status_label,
        key=STATUS_KEY,
        placeholder=i18n.CHOOSE,
    )
    shown = filter_units(ranking, query, statuses)
    st.caption(i18n.COMMUNES_SHOWN.format(shown=i18n.number(len(shown), 0), total=i18n.number(len(ranking), 0)))
    if shown:
        opens = {i18n.COL["unit"]: unit_row_links(ctx, [r["code"] for r in shown])}
        table(tables.ranking_frame(shown), key="dtplan_commune_page", links=opens)
    else:
        st.info(i18n.NO_COMMUNE_MATCH)

    def sheets() -> list[Sheet]:
        frame = tables.ranking_frame(ranking)
        return [
            Sheet(
                i18n.COMMUNE_RANKING,
                [i18n.COL["unit_code"], *frame.columns],
                [[r["code"], *values] for r, values in zip(ranking, frame.values.tolist(), strict=True)],
            )
        ]

    return sheets
