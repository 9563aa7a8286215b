"""The admin import page's glue: check the uploaded files, show the refusal or the preview with its
warnings, commit on the button, and the import history with its raw files. The page script lays these
out; the checking (dtplan.ingest) and the writing (dtplan.store) are called only from here."""

from __future__ import annotations

import hashlib
import threading

import streamlit as st

from dtplan import i18n, ingest, store
from dtplan.domain.periods import today
from dtplan.ingest.file_limits import MAX_FILE_MB
from dtplan.present.literal import plain_markdown
from dtplan.read.quality import import_warnings as stored_warnings
from dtplan.web import quality, state
from dtplan.web.guard import PageContext
from dtplan.web.resources import data_changed
from dtplan.web.widgets import download, table

__all__ = ["MAX_FILE_MB", "checked_batch", "history_section", "show_batch"]


def checked_batch(ctx: PageContext, uploads: list) -> ingest.Batch | ingest.Refusal:
    """The checked batch of the uploaded files, kept in the session while the same files stay uploaded.
    A refused batch is recorded (audit) and only its capped error list is kept."""
    files = [(u.name, u.getvalue()) for u in uploads]
    key = tuple((name, hashlib.sha256(data).hexdigest()) for name, data in files)
    cached = st.session_state.get(state.IMPORT_BATCH)
    if cached is None or cached[0] != key:
        with st.spinner(i18n.IMPORT_CHECKING):
            checked = ingest.check_files(files, ctx.catalog, today(), known=store.previous_imports(ctx.engine))
            stored_warnings(ctx.engine, ctx.catalog, checked)  # kept in checked.warnings
        if checked.ok:
            st.session_state[state.IMPORT_BATCH] = (key, checked)
        else:
            # A refused batch is not kept (its files and tables can be large): only the capped error list.
            store.record_refusal(ctx.engine, ctx.viewer.username, [name for name, _ in files], checked.error_count)
            st.session_state[state.IMPORT_BATCH] = (key, ingest.Refusal.of(checked))
        del checked
    del files
    return st.session_state[state.IMPORT_BATCH][1]


def show_batch(ctx: PageContext, batch: ingest.Batch | ingest.Refusal, round_: int) -> None:
    """A refusal's errors, or a good batch's preview, warnings and the commit button."""
    if isinstance(batch, ingest.Refusal):
        _show_refusal(batch)
    else:
        _show_preview(batch)
        if batch.new_files and st.button(i18n.IMPORT_COMMIT, type="primary", key="dtplan_import_commit"):
            _commit(ctx, batch, round_)


def _show_refusal(batch: ingest.Refusal) -> None:
    for name in batch.skipped_names:
        st.info(i18n.IMPORT_SKIPPED.format(name=plain_markdown(name)), icon=":material/content_copy:")
    st.error(i18n.IMPORT_ERRORS.format(count=batch.error_count), icon=":material/error:")
    table(batch.frame, key="dtplan_import_errors_page")
    quality.import_warnings(batch.warnings, batch.warning_count)


def _show_preview(batch: ingest.Batch) -> None:
    for check in batch.files:
        if check.duplicate_of is not None:
            st.info(i18n.IMPORT_SKIPPED.format(name=plain_markdown(check.name)), icon=":material/content_copy:")
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
        table(frame, key=f"dtplan_import_preview_{kind}_page")
        if total > len(frame):
            st.caption(i18n.IMPORT_PREVIEW_LIMIT.format(shown=len(frame), total=total))
    # Before the button: read, then commit.
    quality.import_warnings(ingest.warnings_frame(batch.warnings), ingest.warning_count(batch.warnings))


def _commit(ctx: PageContext, batch: ingest.Batch, round_: int) -> None:
    bar = st.progress(0.0, text=i18n.IMPORT_LOADING.format(file=""))
    result = store.load_batch(
        ctx.engine,
        batch,
        ctx.viewer.username,
        progress=lambda share, name: bar.progress(min(1.0, share), text=i18n.IMPORT_LOADING.format(file=name)),
        build_indexes=False,
    )
    # The figures are committed and every reader sees them; a bulk load's indexes follow in the background.
    threading.Thread(target=store.restore_indexes, args=(ctx.engine,), name="dtplan-indexes", daemon=True).start()
    bar.progress(1.0, text=i18n.IMPORT_DONE)
    data_changed()  # no page may show cached figures; a task catalogue may have been imported
    st.session_state.pop(state.IMPORT_BATCH, None)
    st.session_state[state.IMPORT_UPLOADER_ROUND] = round_ + 1
    st.session_state[state.IMPORT_DONE] = result.summary()
    st.rerun()


def history_section(ctx: PageContext) -> None:
    """The imports so far, and the raw file of the chosen one to download (audited)."""
    st.subheader(i18n.IMPORT_HISTORY)
    history = store.import_history(ctx.engine, ctx.viewer)
    table(ingest.history_frame(history), key="dtplan_import_history_page")
    if not history:
        return
    labels = {r["id"]: f"#{r['id']} — {r['filename']} — {i18n.datetime(r['imported_at'])}" for r in history}
    chosen = st.selectbox(i18n.IMPORT_PICK, list(labels), format_func=labels.get, key="dtplan_import_pick")
    raw = store.import_content(ctx.engine, ctx.viewer, chosen)
    if raw is None:
        st.caption(i18n.IMPORT_NO_RAW)
        return
    name, data = raw
    download(
        ctx,
        i18n.IMPORT_DOWNLOAD,
        lambda: data,
        name.rsplit("/", 1)[-1],
        "application/octet-stream",
        {"kind": "raw_file", "import_id": chosen},
        key="dtplan_import_raw",
    )
