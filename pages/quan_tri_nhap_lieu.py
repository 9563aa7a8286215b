"""Quản trị — nhập số liệu: upload, preview every row, error and data-quality warning, then commit; import
history; the data-quality section of the stored figures (admin only)."""

import hashlib

import streamlit as st

from dtplan import i18n, ingest, store, web
from dtplan.domain.periods import today
from dtplan.ingest.readers import MAX_FILE_MB
from dtplan.present import template
from dtplan.read.quality import import_warnings
from dtplan.web import quality, state

ctx = web.guard("import")
st.title(i18n.IMPORT_TITLE)
st.caption(i18n.IMPORT_HELP.format(mb=MAX_FILE_MB))

if state.IMPORT_DONE in st.session_state:
    st.success(st.session_state.pop(state.IMPORT_DONE), icon=":material/check_circle:")

round_ = st.session_state.setdefault(state.IMPORT_UPLOADER_ROUND, 0)
uploads = st.file_uploader(
    i18n.IMPORT_UPLOAD, type=["csv", "xlsx"], accept_multiple_files=True, key=f"dtplan_import_files_{round_}"
)

if uploads:
    files = [(u.name, u.getvalue()) for u in uploads]
    key = tuple((name, hashlib.sha256(data).hexdigest()) for name, data in files)
    cached = st.session_state.get(state.IMPORT_BATCH)
    if cached is None or cached[0] != key:
        with st.spinner(i18n.IMPORT_CHECKING):
            checked = ingest.check_files(files, ctx.catalog, today(), known=store.previous_imports(ctx.engine))
            import_warnings(ctx.engine, ctx.catalog, checked)  # kept in checked.warnings
        if checked.ok:
            st.session_state[state.IMPORT_BATCH] = (key, checked)
        else:
            # A refused batch is not kept (its files and tables can be large): only the capped error list.
            store.record_refusal(ctx.engine, ctx.viewer.username, [name for name, _ in files], checked.error_count)
            refusal = ingest.Refusal.of(checked)
            st.session_state[state.IMPORT_BATCH] = (key, refusal)
        del checked
    del files
    batch = st.session_state[state.IMPORT_BATCH][1]

    if isinstance(batch, ingest.Refusal):
        for name in batch.skipped_names:
            st.info(i18n.IMPORT_SKIPPED.format(name=web.plain_markdown(name)), icon=":material/content_copy:")
        st.error(i18n.IMPORT_ERRORS.format(count=batch.error_count), icon=":material/error:")
        web.grid(batch.frame, hide_index=True, width="stretch")
        quality.import_warnings(batch.warnings, batch.warning_count)
    else:
        for check in batch.files:
            if check.duplicate_of is not None:
                st.info(i18n.IMPORT_SKIPPED.format(name=web.plain_markdown(check.name)), icon=":material/content_copy:")
        skipped = [f for f in batch.files if f.duplicate_of is not None]
        unfilled = sum(f.unfilled for f in batch.new_files)
        summary = ingest.summary_line(batch.counts(), len(batch.new_files), skipped, dry_run=True, unfilled=unfilled)
        st.success(i18n.IMPORT_OK.format(summary=summary), icon=":material/task_alt:")
        st.subheader(i18n.IMPORT_PREVIEW)
        titles = {
            "kpi": i18n.IMPORT_PREVIEW_KPI,
            "progress": i18n.IMPORT_PREVIEW_PROGRESS,
            "catalogue": i18n.IMPORT_PREVIEW_CATALOGUE,
        }
        for kind, (frame, total) in ingest.preview_frames(batch).items():
            st.markdown(f"**{titles[kind]}**")
            web.grid(frame, hide_index=True, width="stretch")
            if total > len(frame):
                st.caption(i18n.IMPORT_PREVIEW_LIMIT.format(shown=len(frame), total=total))
        # Before the button: read, then commit.
        quality.import_warnings(ingest.warnings_frame(batch.warnings), ingest.warning_count(batch.warnings))
        if batch.new_files and st.button(i18n.IMPORT_COMMIT, type="primary", key="dtplan_import_commit"):
            bar = st.progress(0.0, text=i18n.IMPORT_LOADING.format(file=""))
            result = store.load_batch(
                ctx.engine,
                batch,
                ctx.viewer.username,
                progress=lambda share, name: bar.progress(min(1.0, share), text=i18n.IMPORT_LOADING.format(file=name)),
            )
            bar.progress(1.0, text=i18n.IMPORT_DONE)
            web.data_changed()  # no page may show cached figures; a task catalogue may have been imported
            st.session_state.pop(state.IMPORT_BATCH, None)
            st.session_state[state.IMPORT_UPLOADER_ROUND] = round_ + 1
            st.session_state[state.IMPORT_DONE] = result.summary()
            st.rerun()

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

st.subheader(i18n.IMPORT_HISTORY)
history = store.import_history(ctx.engine, ctx.viewer)
web.grid(ingest.history_frame(history), hide_index=True, width="stretch")
if history:
    labels = {r["id"]: f"#{r['id']} — {r['filename']} — {i18n.datetime(r['imported_at'])}" for r in history}
    chosen = st.selectbox(i18n.IMPORT_PICK, list(labels), format_func=labels.get, key="dtplan_import_pick")
    raw = store.import_content(ctx.engine, ctx.viewer, chosen)
    if raw is None:
        st.caption(i18n.IMPORT_NO_RAW)
    else:
        name, data = raw
        web.download(
            ctx,
            i18n.IMPORT_DOWNLOAD,
            lambda: data,
            name.rsplit("/", 1)[-1],
            "application/octet-stream",
            {"kind": "raw_file", "import_id": chosen},
            key="dtplan_import_raw",
        )
