"""Imports in the database: the checksums already loaded, loading a checked batch in one transaction (or
nothing at all), the audit of a refusal, and the import history the admin page lists.

KPI rows go in through the one version-wins writer (dtplan.store.reports.write_kpi_rows): every version
is kept and the `is_current` mark moves to the newest submitted_at of each (period, unit, KPI).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from dtplan.domain.access import Scope, Viewer, require_admin, require_scope
from dtplan.ingest import Batch, FileCheck, ImportRefused, LoadResult, file_summary
from dtplan.ingest.readers import CATALOGUE, KPI, PROGRESS
from dtplan.store.audit import record_audit
from dtplan.store.bulk import restore_indexes
from dtplan.store.engine import transaction
from dtplan.store.models import DirectiveEventRow, ImportRow
from dtplan.store.plan import save_tasks
from dtplan.store.reports import write_kpi_rows, write_progress_rows

ACCEPTED = "accepted"


def previous_imports(engine: Engine) -> dict[str, dict]:
    """Checksum -> the accepted import that brought those bytes (to detect a file imported twice)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(ImportRow.sha256, ImportRow.id, ImportRow.filename, ImportRow.imported_at).where(
                ImportRow.outcome == ACCEPTED
            )
        )
        return {s: {"id": i, "filename": f, "imported_at": at} for s, i, f, at in rows}


def load_batch(
    engine: Engine,
    batch: Batch,
    actor: str,
    *,
    now: dt.datetime | None = None,
    progress: Callable[[float, str], None] | None = None,
    build_indexes: bool = True,
) -> LoadResult:
    """Write every new file of a checked batch in one transaction (all or nothing).

    `progress(share, file name)` follows the rows written. From the commit on every reader sees the new
    figures; a bulk load's indexes are built after it (restore_indexes), here unless `build_indexes` is
    False — then the caller builds them (the web page, in the background: the user need not wait).
    """
    if not batch.ok:
        raise ImportRefused("tệp có lỗi: không ghi gì")
    now = now or dt.datetime.now().replace(microsecond=0)
    report = progress or (lambda _f, _m: None)
    new = batch.new_files
    total_rows = max(1, sum(f.rows for f in new))
    done = 0
    ids: list[int] = []
    skipped = [f for f in batch.files if f.duplicate_of is not None]
    with transaction(engine) as session:
        conn = session.connection()
        begin_import(conn)
        # Checked again inside the transaction: another import may have brought the same bytes meanwhile.
        earlier = accepted_checksums(conn, [f.sha256 for f in new])
        for check in new:
            if check.sha256 in earlier:
                check.duplicate_of = {"id": None, "filename": check.name, "imported_at": None}
                skipped.append(check)
                continue
            row = import_row(check.name, check.sha256, check.data, actor, now)
            describe(row, check)
            session.add(row)
            session.flush()
            ids.append(row.id)
            if check.tasks:
                save_tasks(session, check.tasks)
                done += len(check.tasks)
                report(done / total_rows, check.name)
            for part in check.parts:
                if part.kpi is not None:
                    for n in write_kpi_rows(session, part.kpi, row.id, unique_keys=True):
                        done += n
                        report(done / total_rows, check.name)
                if part.progress is not None:
                    write_progress_rows(session, part.progress, row.id)
                    done += len(part.progress)
                    report(done / total_rows, check.name)
        loaded = [f for f in new if f.duplicate_of is None]
        counts = record_import(session, actor, loaded, ids, skipped)
    report(1.0, "")
    if build_indexes:
        restore_after_commit(engine)
    return LoadResult(ids, counts, skipped, sum(f.unfilled for f in loaded))


def begin_import(conn) -> None:
    """Imports run one at a time: two loads must not both think they hold the current version, nor both
    pass the duplicate check. PostgreSQL: a self-excluding table lock. SQLite: take the write lock now
    (BEGIN IMMEDIATE) — the driver would begin only at the first INSERT, after the check had read the
    database outside any transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def accepted_checksums(conn, checksums: list[str]) -> set[str]:
    """Which of these checksums an accepted import already brought."""
    query = select(ImportRow.sha256).where(ImportRow.sha256.in_(checksums or [""]), ImportRow.outcome == ACCEPTED)
    return {s for (s,) in conn.execute(query)}


def import_row(name: str, checksum: str, data: bytes, actor: str, now: dt.datetime) -> ImportRow:
    """The accepted import of one file, with its bytes, compressed (what it holds: `describe`)."""
    return ImportRow(
        filename=Path(name).name[-255:],  # the file's name, not the operator's folders
        sha256=checksum,
        imported_by=actor[:64],
        imported_at=now,
        outcome=ACCEPTED,
        content=compress_file(data),
        content_codec=FILE_CODEC,
    )


# The raw files are kept compressed by dtplan, with Arrow's zstd (pyarrow is already needed): a 37 MB CSV of
# 1 M rows becomes 8 MB in 0.13 s, in the thread that writes it. Stored as they came, the server's own
# compression and the 37 MB of WAL took 0.24 s of its time alone and 0.6 s of an import's (see
# docs/deployment.md).
FILE_CODEC = "zstd"


def compress_file(data: bytes) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.CompressedOutputStream(sink, FILE_CODEC) as out:
        out.write(data)
    return sink.getvalue().to_pybytes()


def stored_file(content: bytes, codec: str | None) -> bytes:
    """An import's raw file as it came, from what the imports table holds (files stored before dtplan
    compressed them have no codec)."""
    if codec is None:
        return bytes(content)
    return pa.CompressedInputStream(pa.BufferReader(content), codec).read()


def describe(row: ImportRow, check: FileCheck) -> None:
    """What the checked file brought: its kinds of rows, their number, the one-line summary."""
    row.kind = "+".join(dict.fromkeys(check.kinds)) or "empty"
    row.rows = check.rows
    row.summary = file_summary(check)


def record_import(session, actor: str, loaded: list[FileCheck], ids: list[int], skipped: list[FileCheck]) -> dict:
    """The audit line of a load; returns its counts of rows by kind."""
    counts = {KPI: 0, PROGRESS: 0, CATALOGUE: 0}
    for f in loaded:
        for k, v in f.counts().items():
            counts[k] += v
    record_audit(
        session,
        actor[:64],
        "import",
        {
            "files": ", ".join(f.name for f in loaded) or "—",
            "imports": ", ".join(map(str, ids)) or "—",
            "kpi_rows": counts[KPI],
            "progress_rows": counts[PROGRESS],
            "tasks": counts[CATALOGUE],
            "skipped": ", ".join(f.name for f in skipped) or "—",
        },
    )
    return counts


def restore_after_commit(engine: Engine) -> None:
    """restore_indexes, whose failure must not read as a failed import: the rows are committed, and the
    next start or load builds what is missing."""
    try:
        restore_indexes(engine)
    except DBAPIError:
        logging.getLogger(__name__).exception("indexes of kpi_reports not restored; the next start retries")


def record_refusal(engine: Engine, actor: str, files: list[str], errors: int) -> None:
    """A refused import leaves the figures untouched but is kept in the audit log (who tried what, how
    many errors), in its own transaction after the refusal."""
    with transaction(engine) as session:
        record_audit(session, actor, "import_refused", {"files": files, "errors": errors})


def data_version(engine: Engine) -> tuple[int, int]:
    """(the number of the last accepted import, of the last change to a directive), (0, 0) before any.
    Every change of the figures, the task progress or the task catalogue is an import, and every change
    to a directive is an event, so a read model keyed by this pair is current; two primary-key lookups in
    one statement, cheap enough to ask every few seconds from every replica."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                select(func.max(ImportRow.id)).scalar_subquery(),
                select(func.max(DirectiveEventRow.id)).scalar_subquery(),
            )
        ).one()
        return (row[0] or 0, row[1] or 0)


def last_import_at(engine: Engine, scope: Scope) -> dt.datetime | None:
    """When data was last loaded (the time is not a unit's figure, so any scope may see it)."""
    require_scope(scope)
    with engine.connect() as conn:
        return conn.scalar(select(func.max(ImportRow.imported_at)))


def import_history(engine: Engine, viewer: Viewer, limit: int = 500) -> list[dict]:
    """Accepted imports, newest first (without the raw bytes)."""
    require_admin(viewer)
    r = ImportRow
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.id, r.filename, r.kind, r.imported_by, r.imported_at, r.outcome, r.rows, r.summary, r.sha256)
            .order_by(r.imported_at.desc(), r.id.desc())
            .limit(limit)
        )
        return [dict(row._mapping) for row in rows]


def import_content(engine: Engine, viewer: Viewer, import_id: int) -> tuple[str, bytes] | None:
    """The raw file of one import (None when it has none, e.g. the demo data)."""
    require_admin(viewer)
    with engine.connect() as conn:
        row = conn.execute(
            select(ImportRow.filename, ImportRow.content, ImportRow.content_codec).where(ImportRow.id == import_id)
        ).first()
    if row is None or row.content is None:
        return None
    return row.filename, stored_file(row.content, row.content_codec)
