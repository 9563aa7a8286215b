"""Tổng quan: where the plan stands at the as-of month."""

import pandas as pd
import streamlit as st

from dtplan import i18n, ui, views

ctx = ui.guard("overview")
st.title(ctx.catalog.plan.title)
st.caption(f"{i18n.month(ctx.as_of)} · phạm vi: {ctx.catalog.unit(ctx.scope.code).name}")

rows = views.kpi_table(ctx.engine, ctx.catalog, ctx.scope, ctx.as_of)
table = pd.DataFrame(
    {
        "Mã": [r["code"] for r in rows],
        "Chỉ tiêu": [r["name"] for r in rows],
        "Thực hiện": [i18n.kpi_value(r["actual"], r["unit"]) for r in rows],
        "Mục tiêu": [i18n.kpi_value(r["target"], r["unit"]) for r in rows],
        "Trạng thái": [i18n.kpi_status(r["status"]) for r in rows],
    }
)
st.dataframe(table, hide_index=True, width="stretch")
