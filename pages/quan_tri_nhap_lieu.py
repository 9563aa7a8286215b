"""Quản trị — nhập số liệu: upload, preview every row, error and data-quality warning, then commit; import
history; the data-quality section of the stored figures (admin only)."""

import streamlit as st

from dtplan import i18n, web
from dtplan.present import template
from dtplan.web import imports, quality, state

ctx = web.guard("import")
st.title(i18n.IMPORT_TITLE)
st.caption(i18n.IMPORT_HELP.format(mb=imports.MAX_FILE_MB))

if state.IMPORT_DONE in st.session_state:
    st.success(st.session_state.pop(state.IMPORT_DONE), icon=":material/check_circle:")

round_ = st.session_state.setdefault(state.IMPORT_UPLOADER_ROUND, 0)
uploads = st.file_uploader(
    i18n.IMPORT_UPLOAD, type=["csv", "xlsx"], accept_multiple_files=True, key=f"dtplan_import_files_{round_}"
)
if uploads:
    imports.show_batch(ctx, imports.checked_batch(ctx, uploads), round_)

with st.expander(i18n.IMPORT_TEMPLATE, icon=":material/download:"):
    units = {u.code: f"{u.name} ({u.code})" for u in ctx.catalog.reporting_units()}
    unit = st.selectbox(i18n.IMPORT_TEMPLATE_UNIT, list(units), format_func=units.get, key="dtplan_template_unit")
    periods = template.plan_periods(ctx.catalog)
    period = st.selectbox(
        i18n.IMPORT_TEMPLATE_PERIOD, periods, index=periods.index(ctx.as_of) if ctx.as_of in periods else 1
    )
    web.download(  # built only when clicked, and audited then
        ctx,
        i18n.IMPORT_TEMPLATE_DOWNLOAD,
        lambda: template.build(ctx.catalog, unit, period),
        f"mau-nhap-lieu-{unit}-{period}.xlsx",
        web.XLSX_MIME,
        {"kind": "template", "unit": unit, "period": period},
        key="dtplan_template_download",
    )

quality.data_quality_section(ctx)
imports.history_section(ctx)
