"""An import whose check and load overlap, for one large KPI file on PostgreSQL: dtplan.ingest judges the
file a chunk of rows at a time (check_kpi_in_chunks), and a thread writes each clean chunk into the load's
transaction while the next is judged — the server loads while this process checks, on two cores instead
of one after the other. The transaction commits only once the whole batch has come out clean; a refused
batch rolls it back, so nothing of it is ever seen. Anything else (SQLite, several files, a small file, a
file already imported) is checked, then loaded by load_batch, as before.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import Engine

from dtplan.domain.catalog import Catalog
from dtplan.ingest import Batch, LoadResult, check_files, pipeline, sha256
from dtplan.store.engine import transaction
from dtplan.store.imports import (
    accepted_checksums,
    begin_import,
    describe,
    import_row,
    load_batch,
    record_import,
    restore_after_commit,
)
from dtplan.store.reports import write_kpi_chunks

_END = None  # on the rows queue: the check is over
# Bytes of the shortest KPI row a CSV can hold ("2023-01,1,T,0,,1/1/2023,"): a smaller file cannot reach
# pipeline.STREAM_ROWS rows, so it is not worth a writer (which stores the file's bytes before they are judged).
_SHORTEST_ROW = 24


def check_and_load(
    engine: Engine,
    files: list[tuple[str, bytes]],
    catalog: Catalog,
    today: dt.date,
    actor: str,
    *,
    known: dict[str, dict] | None = None,
    before_commit: Callable[[Batch], None] | None = None,
    build_indexes: bool = True,
) -> tuple[Batch, LoadResult | None]:
    """check_files, then, for a clean batch, load_batch: (the batch, the load's result or None when refused).
    `before_commit(batch)` runs once the check is over and before anything is committed (the data-quality
    warnings compare the rows with the data as it was); `build_indexes` as load_batch's."""

    def load(batch: Batch) -> LoadResult | None:
        return load_batch(engine, batch, actor, build_indexes=build_indexes) if batch.ok else None

    if (
        engine.dialect.name != "postgresql"
        or len(files) != 1
        or len(files[0][1]) < _SHORTEST_ROW * pipeline.STREAM_ROWS
    ):
        batch = check_files(files, catalog, today, known=known)
        if before_commit:
            before_commit(batch)
        return batch, load(batch)
    writer = _Writer(engine, *files[0], actor)
    writer.start()
    batch = None
    try:
        batch = check_files(files, catalog, today, known=known, send_rows=writer.send)
        writer.rows.put(_END)
        if before_commit:
            before_commit(batch)
    finally:
        if batch is None:  # the check itself failed: let the writer end (rolled back) before raising
            writer.rows.put(_END)
        writer.verdict.put(batch if batch is not None and batch.ok else None)
        writer.join()
    if writer.error is not None:
        raise writer.error
    if writer.result is None:  # nothing was sent (not one large KPI table), or the file came meanwhile
        return batch, load(batch)
    if build_indexes:
        restore_after_commit(engine)
    return batch, writer.result


class _Writer(threading.Thread):
    """Writes the chunks the check sends, in one transaction that waits for the batch's verdict."""

    def __init__(self, engine: Engine, name: str, data: bytes, actor: str):
        super().__init__(name="dtplan-import-writer", daemon=True)
        self.engine, self.file_name, self.data, self.actor = engine, name, data, actor
        self.rows: queue.Queue = queue.Queue(maxsize=2)  # a chunk or two ahead of the writer, no more
        self.verdict: queue.Queue = queue.Queue(maxsize=1)  # the clean batch, or None: roll back
        self.ended = False  # the check's _END was taken
        self.error: BaseException | None = None
        self.result: LoadResult | None = None

    def send(self, frame: pd.DataFrame, total: int) -> None:
        if self.error is None:  # a writer that failed takes nothing more; its error is raised after the check
            self.rows.put((frame, total))

    def run(self) -> None:
        try:
            self._write()
        except _Refused:
            pass  # rolled back: the caller has the refusal
        except BaseException as exc:  # raised in the caller's thread, after the check
            self.error = exc
        finally:
            while not self.ended:  # the check may still be sending: take it, so it never waits
                self._next()

    def _next(self):
        item = self.rows.get()
        self.ended = item is _END
        return item

    def _chunks(self, first: pd.DataFrame) -> Iterator[pd.DataFrame]:
        yield first
        while (item := self._next()) is not _END:
            yield item[0]

    def _write(self) -> None:
        now = dt.datetime.now().replace(microsecond=0)
        checksum = sha256(self.data)
        with transaction(self.engine) as session:
            conn = session.connection()
            begin_import(conn)
            if accepted_checksums(conn, [checksum]):
                return  # brought meanwhile by another import: load_batch says so (and writes nothing)
            # The file's bytes (compressed: import_row) go in while the check reads the file.
            row = import_row(self.file_name, checksum, self.data, self.actor, now)
            row.kind = "kpi"  # until the check is over (describe)
            session.add(row)
            session.flush()
            first = self._next()
            if first is _END:
                raise _Refused  # nothing was sent: load_batch loads the batch if it is clean
            written = sum(write_kpi_chunks(session, self._chunks(first[0]), row.id, first[1], unique_keys=True))
            batch = self.verdict.get()
            if batch is None:
                raise _Refused
            [check] = batch.new_files
            if written != check.rows:  # cannot be (a clean table was sent whole); then load_batch loads it
                raise _Refused
            describe(row, check)
            import_id = row.id
            counts = record_import(session, self.actor, [check], [import_id], [])
        self.result = LoadResult([import_id], counts, [], check.unfilled)


class _Refused(Exception):
    """Nothing of this transaction stays: the batch came out refused (or not as it was sent)."""
