"""Importing report files (contract §2), the pure part: read the bytes, judge every row, say what came of
it. Nothing here touches the database; the store loads a clean batch in one transaction:

    batch = ingest.check_files([(name, data), ...], catalog, today, known=store.previous_imports(engine))
    if batch.ok: result = store.load_batch(engine, batch, actor="quantri")

readers (bytes → tables), validation and bounds (tables → checked frames), pipeline (a whole import
judged), report (its summary, refusal and frames for the admin page).
"""

from dtplan.ingest.pipeline import (
    Batch,
    FileCheck,
    ImportRefused,
    cap_problems,
    check_files,
    drop_unfilled,
    sha256,
)
from dtplan.ingest.quality import QualityWarning, warning_count, warnings_frame
from dtplan.ingest.readers import MAX_FILE_BYTES, MAX_FILE_MB
from dtplan.ingest.report import (
    LoadResult,
    Refusal,
    file_summary,
    history_frame,
    preview_frames,
    problems_frame,
    summary_line,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "Batch",
    "FileCheck",
    "ImportRefused",
    "LoadResult",
    "QualityWarning",
    "Refusal",
    "cap_problems",
    "check_files",
    "drop_unfilled",
    "file_summary",
    "history_frame",
    "preview_frames",
    "problems_frame",
    "sha256",
    "summary_line",
    "warning_count",
    "warnings_frame",
]
