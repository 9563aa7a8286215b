"""Bảng tổng hợp (?kind=agency|district|commune&sort=…&order=desc): units × KPIs, each cell the unit's
actual with its status; a cell opens that unit's KPI. A unit head sees their own row, a district head
also their communes (the scope decides, in dtplan.read.scorecard)."""

import streamlit as st

from dtplan import i18n, web
from dtplan.present import scorecard as sc
from dtplan.present.tables import PLAIN
from dtplan.read.scorecard import scorecard, scorecard_kinds
from dtplan.web import state
from dtplan.web.scorecard import open_picker, scorecard_table, sort_controls

ctx = web.guard("scorecard")
web.page_header(ctx, i18n.SCORECARD_TITLE)
kinds = scorecard_kinds(ctx.catalog, ctx.scope)
if not kinds:
    st.info(i18n.SCORECARD_NONE)
    st.stop()

kind = web.url_selectbox(i18n.SCORECARD_KIND_LABEL, state.Q_KIND, kinds, i18n.SCORECARD_KIND.get, default=kinds[0])
card = web.view(scorecard, ctx.scope, ctx.as_of, kind)
sort, descending = sort_controls(ctx, card)
rows = sc.sorted_rows(card, ctx.catalog, ctx.scope, sort, descending)
st.caption(i18n.SCORECARD_HELP)
scorecard_table(ctx, card, rows)
open_picker(ctx, card, rows)


def sheets() -> list:
    table = sc.scorecard_table(card, ctx.catalog, ctx.scope, PLAIN, rows=rows)
    return [table.sheet(i18n.SCORECARD_SHEET[kind])]


web.download_xlsx(ctx, sheets, "bang-tong-hop")
