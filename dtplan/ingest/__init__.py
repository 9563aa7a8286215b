"""Importing report files (contract §2): check every file of an import, then load them all in one
transaction — or nothing at all.

    batch = check_files([(name, data), ...], catalog, today, known=previous_imports(engine))
    if batch.ok: result = load(engine, batch, actor="quantri")

`check_files` is pure (readers + validation); `load` is the only writer. KPI rows go in with set-based
inserts (executemany of plain tuples on SQLite, COPY on PostgreSQL); every version is kept and the
`is_current` mark moves to the newest `submitted_at` of each (period, unit, KPI).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import Viewer, require_admin
from dtplan.domain.catalog import Catalog, Task
from dtplan.ingest import bounds
from dtplan.ingest.file_limits import MAX_ERRORS_PER_FILE
from dtplan.ingest.readers import (
    CATALOGUE,
    KPI,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    PROGRESS,
    FileRefused,
    Problem,
    bind_columns,
    check_size,
    detect_kind,
    read_tables,
)
from dtplan.ingest.validation import Checked, check_catalogue, check_kpi, check_progress, tag
from dtplan.store.models import ImportRow, KpiReportRow, TaskReportRow

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_MB", "Batch", "FileCheck", "check_files", "load"]

ACCEPTED = "accepted"
CHUNK = 50_000  # rows per insert batch: bounded memory whatever the file size


@dataclass
class FileCheck:
    """One file of an import, judged."""

    name: str
    data: bytes
    sha256: str
    parts: list[Checked] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicate_of: dict | None = None  # the earlier accepted import of the same bytes
    unfilled: int = 0  # template rows (XLSX) left blank by the unit: not reported, skipped
    unlisted: int = 0  # errors beyond the per-file cap: counted in the last problem line, not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def error_count(self) -> int:
        """Every error of the file, the unlisted ones included (the cap line itself is not one)."""
        return len(self.problems) - (1 if self.unlisted else 0) + self.unlisted

    @property
    def kpi(self) -> pd.DataFrame | None:
        frames = [p.kpi for p in self.parts if p.kpi is not None]
        return pd.concat(frames) if len(frames) > 1 else (frames[0] if frames else None)

    @property
    def progress(self) -> pd.DataFrame | None:
        frames = [p.progress for p in self.parts if p.progress is not None]
        return pd.concat(frames) if len(frames) > 1 else (frames[0] if frames else None)

    @property
    def tasks(self) -> list[Task]:
        return [t for p in self.parts for t in p.tasks]

    @property
    def kinds(self) -> list[str]:
        return [p.kind for p in self.parts]

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts)

    def counts(self) -> dict[str, int]:
        out = {KPI: 0, PROGRESS: 0, CATALOGUE: 0}
        for p in self.parts:
            out[p.kind] += p.rows
        return out


@dataclass
class Batch:
    files: list[FileCheck]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    def error_lines(self) -> list[str]:
        return [p.line() for p in self.problems]

    @property
    def error_count(self) -> int:
        return sum(f.error_count for f in self.files)

    @property
    def new_files(self) -> list[FileCheck]:
        return [f for f in self.files if f.duplicate_of is None]

    def counts(self) -> dict[str, int]:
        out = {KPI: 0, PROGRESS: 0, CATALOGUE: 0}
        for f in self.new_files:
            for k, v in f.counts().items():
                out[k] += v
        return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def previous_imports(engine: Engine) -> dict[str, dict]:
    """Checksum -> the accepted import that brought those bytes (to detect a file imported twice)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(ImportRow.sha256, ImportRow.id, ImportRow.filename, ImportRow.imported_at).where(
                ImportRow.outcome == ACCEPTED
            )
        )
        return {s: {"id": i, "filename": f, "imported_at": at} for s, i, f, at in rows}


# --- checking (pure) --------------------------------------------------------------------------------------


def check_files(
    files: Iterable[tuple[str, bytes]],
    catalog: Catalog,
    today: dt.date,
    known: dict[str, dict] | None = None,
) -> Batch:
    """Read and judge every file; catalogue files first, so progress rows may name the tasks they add."""
    known = dict(known or {})
    checks: list[FileCheck] = []
    tables: list[tuple[FileCheck, object]] = []
    for name, data in files:
        digest = sha256(data)
        check = FileCheck(name=name, data=data, sha256=digest)
        checks.append(check)
        if digest in known:
            check.duplicate_of = known[digest]
            continue
        known[digest] = {"id": None, "filename": name, "imported_at": None}
        try:
            for table in read_tables(name, data):
                tables.append((check, table))
        except FileRefused as exc:
            check.problems.append(Problem(name, None, None, str(exc)))
    # Kinds and columns.
    bound = []
    for check, table in tables:
        kind = detect_kind(table.headers, table.allowed)
        if kind is None:
            expected = " / ".join("(" + ", ".join(cols) + ")" for cols in (_english(k) for k in table.allowed) if cols)
            check.problems += tag(
                table,
                [
                    Problem(
                        check.name,
                        1,
                        None,
                        "không nhận ra loại số liệu từ dòng tiêu đề "
                        f"({', '.join(h for h in table.headers if h) or 'trống'}); cần các cột {expected}",
                    )
                ],
            )
            continue
        check.problems += tag(table, table.problems + bind_columns(table, kind))
        bound.append((check, table))
    # Catalogue tables first.
    tasks = {t.code: t for t in catalog.tasks}
    for check, table in bound:
        if table.kind == CATALOGUE:
            part = check_catalogue(table, catalog)
            check.problems += part.problems
            check.parts.append(part)
            tasks.update({t.code: t for t in part.tasks})
    repeats = bounds.Repeats()
    for check, table in bound:
        if table.kind in (KPI, PROGRESS) and table.sheet is not None:
            check.unfilled += drop_unfilled(table)
            if table.frame.empty:
                continue
        if table.kind == KPI:
            part = check_kpi(table, catalog, today)
        elif table.kind == PROGRESS:
            part = check_progress(table, catalog, tasks, today)
        else:
            continue
        check.problems += part.problems
        check.problems += tag(table, repeats.check(check.name, table, part.kpi if table.kind == KPI else part.progress))
        check.parts.append(part)
    for check, table in tables:
        check.unlisted += table.unlisted  # problems counted, not built, while reading and validating
    for check in checks:
        if check.duplicate_of is None and not check.problems and not check.parts:
            check.problems.append(
                Problem(
                    check.name, None, None, "chưa điền dòng số liệu nào (các dòng mẫu còn trống): không có gì để nhập"
                )
            )
        check.problems.sort(key=lambda p: (p.row or 0, p.order))
        cap_problems(check)
        if check.problems:
            check.parts = []
    return Batch(checks)


def cap_problems(check: FileCheck, limit: int = MAX_ERRORS_PER_FILE) -> None:
    """Keep the first `limit` problems of a file and one line counting the rest: a file with a million
    bad rows is refused just the same, and neither the terminal nor the admin page holds a million lines."""
    hidden = max(0, len(check.problems) - limit) + check.unlisted
    if not hidden:
        return
    del check.problems[limit:]
    check.unlisted = hidden
    shown = f"{hidden:,}".replace(",", ".")
    check.problems.append(
        Problem(check.name, None, None, f"… và {shown} lỗi khác (chỉ liệt kê {len(check.problems)} lỗi đầu tiên)")
    )


# The cells a unit fills in on a template row; the others (period, codes) come pre-listed.
_FILLED = {
    KPI: ("numerator", "denominator", "submitted_at", "note"),
    PROGRESS: ("status", "progress", "submitted_at", "note"),
}


def drop_unfilled(table) -> int:
    """Drop the template rows (XLSX) whose every fill-in cell is blank: the unit did not report them.
    A row with any of those cells written is judged in full (a missing cell is then an error)."""
    positions = [table.columns[n] for n in _FILLED[table.kind] if n in table.columns]
    if len(positions) < len(_FILLED[table.kind]):
        return 0
    blank = (table.frame[positions] == "").all(axis=1)
    count = int(blank.sum())
    if count:
        table.frame = table.frame[~blank]
    return count


def _english(kind: str) -> list[str]:
    from dtplan.ingest.readers import COLUMNS

    return list(COLUMNS[kind].values())


def check_upload(name: str, size: int) -> str | None:
    """For the page: the one-line refusal of a file before its bytes are read, or None."""
    try:
        check_size(size)
    except FileRefused as exc:
        return f"{name}:-:-: {exc}"
    return None


# --- loading -------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    imports: list[int]
    counts: dict[str, int]
    skipped: list[FileCheck]

    unfilled: int = 0

    def summary(self, dry_run: bool = False) -> str:
        return summary_line(self.counts, len(self.imports), self.skipped, dry_run, self.unfilled)


def summary_line(
    counts: dict[str, int], files: int, skipped: list[FileCheck], dry_run: bool = False, unfilled: int = 0
) -> str:
    if files == 0 and skipped:
        names = "; ".join(_skipped_text(f) for f in skipped)
        return f"Không có gì mới, không thay đổi gì: {names}."
    head = "Kiểm tra xong, không có lỗi (chạy thử, chưa ghi gì)" if dry_run else "Đã nhập"
    parts = [
        f"{head}: {files} tệp",
        f"{counts[KPI]:,} dòng số liệu chỉ tiêu".replace(",", "."),
        f"{counts[PROGRESS]:,} dòng tiến độ nhiệm vụ".replace(",", "."),
        f"{counts[CATALOGUE]:,} nhiệm vụ trong danh mục".replace(",", "."),
    ]
    line = ", ".join(parts)
    if unfilled:
        line += f" (bỏ qua {unfilled} dòng mẫu chưa điền)"
    if skipped:
        names = "; ".join(_skipped_text(f) for f in skipped)
        line += f"; bỏ qua: {names}"
    return line + "."


def _skipped_text(check: FileCheck) -> str:
    """Why a file was skipped: the same bytes were imported before (or twice in this command)."""
    earlier = check.duplicate_of or {}
    when = earlier.get("imported_at")
    if earlier.get("id") is not None and when is not None:
        return (
            f"tệp {check.name} đã được nhập trước đây (lần nhập số {earlier['id']}, tệp '{earlier['filename']}', "
            f"lúc {when:%H:%M %d/%m/%Y})"
        )
    return f"tệp {check.name} giống hệt tệp '{earlier.get('filename', '?')}' đã nhập"


class ImportRefused(RuntimeError):
    """A batch with problems was handed to `load`."""


def load(
    engine: Engine,
    batch: Batch,
    actor: str,
    *,
    now: dt.datetime | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> LoadResult:
    """Write every new file of a checked batch in one transaction (all or nothing)."""
    if not batch.ok:
        raise ImportRefused("tệp có lỗi: không ghi gì")
    now = now or dt.datetime.now().replace(microsecond=0)
    report = progress or (lambda _f, _m: None)
    new = batch.new_files
    total_rows = max(1, sum(f.rows for f in new))
    done = 0
    ids: list[int] = []
    skipped = [f for f in batch.files if f.duplicate_of is not None]
    with Session(engine) as session, session.begin():
        conn = session.connection()
        postgres = conn.dialect.name == "postgresql"
        # Imports run one at a time: two loads must not both think they hold the current version, nor
        # both pass the duplicate check below. PostgreSQL: a self-excluding table lock. SQLite: take the
        # write lock now (BEGIN IMMEDIATE) — the driver would begin only at the first INSERT, after the
        # check had read the database outside any transaction.
        if postgres:
            conn.execute(text("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE"))
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        # Checked again inside the transaction: another import may have brought the same bytes meanwhile.
        earlier = {
            s
            for (s,) in conn.execute(
                select(ImportRow.sha256).where(
                    ImportRow.sha256.in_([f.sha256 for f in new] or [""]), ImportRow.outcome == ACCEPTED
                )
            )
        }
        for check in new:
            if check.sha256 in earlier:
                check.duplicate_of = {"id": None, "filename": check.name, "imported_at": None}
                skipped.append(check)
                continue
            row = ImportRow(
                filename=Path(check.name).name[-255:],  # the file's name, not the operator's folders
                sha256=check.sha256,
                kind="+".join(dict.fromkeys(check.kinds)) or "empty",
                imported_by=actor[:64],
                imported_at=now,
                outcome=ACCEPTED,
                rows=check.rows,
                content=check.data,
                summary=_file_summary(check),
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
            if check.tasks:
                store.save_tasks(session, check.tasks)
                done += len(check.tasks)
                report(done / total_rows, check.name)
            for part in check.parts:
                if part.kpi is not None:
                    for n in write_kpi_rows(session, part.kpi, row.id):
                        done += n
                        report(done / total_rows, check.name)
                if part.progress is not None:
                    write_progress_rows(session, part.progress, row.id)
                    done += len(part.progress)
                    report(done / total_rows, check.name)
        loaded = [f for f in new if f.duplicate_of is None]
        counts = {KPI: 0, PROGRESS: 0, CATALOGUE: 0}
        for f in loaded:
            for k, v in f.counts().items():
                counts[k] += v
        store.record_audit(
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
    report(1.0, "")
    return LoadResult(ids, counts, skipped, sum(f.unfilled for f in loaded))


def _file_summary(check: FileCheck) -> str:
    c = check.counts()
    return f"{c[KPI]} dòng chỉ tiêu, {c[PROGRESS]} dòng tiến độ, {c[CATALOGUE]} nhiệm vụ"


def record_refusal(engine: Engine, actor: str, files: list[str], errors: int) -> None:
    """A refused import leaves the figures untouched but is kept in the audit log (who tried what, how
    many errors), in its own transaction after the refusal."""
    with Session(engine) as session, session.begin():
        store.record_audit(session, actor, "import_refused", {"files": files, "errors": errors})


def write_progress_rows(session: Session, frame: pd.DataFrame, import_id: int) -> None:
    values = [
        {
            "period": p,
            "task_code": t,
            "unit_code": u,
            "status": s,
            "progress": float(g),
            "submitted_at": dt.date.fromisoformat(d),
            "note": n,
            "import_id": import_id,
        }
        for p, t, u, s, g, d, n in frame[
            ["period", "task_code", "unit_code", "status", "progress", "submitted_at", "note"]
        ].itertuples(index=False, name=None)
    ]
    for start in range(0, len(values), 5000):
        session.execute(insert(TaskReportRow), values[start : start + 5000])


_KPI_INSERT_COLUMNS = (
    "period",
    "unit_code",
    "kpi_code",
    "numerator",
    "denominator",
    "submitted_at",
    "note",
    "import_id",
    "is_current",
)


def write_kpi_rows(session: Session, frame: pd.DataFrame, import_id: int):
    """Append a file's KPI rows as new versions; move `is_current` to the newest submitted_at.

    A new row wins over the current version when its submitted_at is the same or newer (a tie goes to
    the later import, as store.add_kpi_reports does). Keys are unique within a file (validation).
    Yields the number of rows written after each chunk (for a progress bar).
    """
    conn = session.connection()
    keys = ["period", "unit_code", "kpi_code"]
    current = _current_versions(conn, frame)
    wins = pd.Series(True, index=frame.index)
    superseded: list[int] = []
    if not current.empty:
        merged = frame[[*keys, "submitted_at"]].reset_index().merge(current, on=keys, how="left")
        has_old = merged["old_id"].notna()
        new_wins = ~has_old | (merged["submitted_at"] >= merged["old_submitted"].astype("str"))
        wins = pd.Series(new_wins.to_numpy(), index=frame.index)
        superseded = merged.loc[has_old & new_wins, "old_id"].astype("int64").tolist()
    _mark_superseded(conn, superseded)
    out = pd.DataFrame(
        {
            "period": frame["period"],
            "unit_code": frame["unit_code"],
            "kpi_code": frame["kpi_code"],
            "numerator": frame["numerator"].astype("float64"),
            "denominator": frame["denominator"].astype("float64"),
            "submitted_at": frame["submitted_at"],
            "note": frame["note"],
            "import_id": import_id,
            "is_current": wins,
        }
    )
    with _bulk_mode(conn, len(out)):
        if conn.dialect.name == "postgresql":
            yield from _copy_postgres(conn, out)
        else:
            yield from _executemany(conn, out)


BULK_ROWS = 100_000  # from this many rows (and a quarter of the table), load in bulk mode


def _use_bulk(rows: int, existing: float) -> bool:
    """Rebuilding is worth it when the load is large, and large next to what the table holds."""
    return rows >= BULK_ROWS and rows >= existing / 4


def _table_rows(conn) -> float:
    """About how many rows kpi_reports holds, without counting them (the planner's estimate on
    PostgreSQL; the highest id on SQLite, whose ids only grow)."""
    if conn.dialect.name == "postgresql":
        sql = "SELECT reltuples FROM pg_class WHERE relname = 'kpi_reports'"
    else:
        sql = "SELECT max(id) FROM kpi_reports"
    return max(0.0, float(conn.exec_driver_sql(sql).scalar() or 0))


@contextlib.contextmanager
def _bulk_mode(conn, rows: int):
    """For a large load: drop the table's indexes (and on PostgreSQL its foreign key), insert, then build
    them again — in the same transaction, so the schema is unchanged when it commits (or rolls back).

    Row by row, index upkeep costs about as much as the insert itself (and on PostgreSQL the foreign-key
    check as much again); rebuilt, each is one sorted pass. On PostgreSQL the ACCESS EXCLUSIVE lock this
    takes makes readers wait until the import commits; SQLite readers (WAL) keep their snapshot.
    """
    if not _use_bulk(rows, _table_rows(conn)):
        yield
        return
    postgres = conn.dialect.name == "postgresql"
    keys = []
    if postgres:
        from sqlalchemy import inspect

        keys = [
            fk for fk in inspect(conn).get_foreign_keys("kpi_reports") if fk["constrained_columns"] == ["import_id"]
        ]
    indexes = list(KpiReportRow.__table__.indexes)
    for fk in keys:
        conn.exec_driver_sql(f'ALTER TABLE kpi_reports DROP CONSTRAINT "{fk["name"]}"')
    for index in indexes:
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
    yield
    if postgres:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")  # index builds sort in memory
    for index in indexes:
        index.create(conn)
    for fk in keys:
        conn.exec_driver_sql(
            f'ALTER TABLE kpi_reports ADD CONSTRAINT "{fk["name"]}" FOREIGN KEY (import_id) REFERENCES imports (id)'
        )


def _current_versions(conn, frame: pd.DataFrame) -> pd.DataFrame:
    """The current version of every key the frame touches (id, submitted_at), as a frame."""
    r = KpiReportRow
    periods = sorted(frame["period"].unique().tolist())
    kpis = sorted(frame["kpi_code"].unique().tolist())
    parts = []
    for start in range(0, len(periods), 100):
        query = select(r.id, r.period, r.unit_code, r.kpi_code, r.submitted_at).where(
            r.is_current.is_(True), r.period.in_(periods[start : start + 100]), r.kpi_code.in_(kpis)
        )
        rows = conn.execute(query).all()
        if rows:
            parts.append(pd.DataFrame(rows, columns=["old_id", "period", "unit_code", "kpi_code", "old_submitted"]))
    if not parts:
        return pd.DataFrame(columns=["old_id", "period", "unit_code", "kpi_code", "old_submitted"])
    current = pd.concat(parts, ignore_index=True)
    current["old_submitted"] = current["old_submitted"].map(lambda d: d.isoformat() if hasattr(d, "isoformat") else d)
    return current


def _mark_superseded(conn, ids: list[int]) -> None:
    if not ids:
        return
    if conn.dialect.name == "postgresql":
        for start in range(0, len(ids), 100_000):
            conn.exec_driver_sql(
                "UPDATE kpi_reports SET is_current = false WHERE id = ANY(%s)", (ids[start : start + 100_000],)
            )
        return
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        conn.execute(update(KpiReportRow).where(KpiReportRow.id.in_(chunk)).values(is_current=False))


def _rows(out: pd.DataFrame, start: int, stop: int) -> list[tuple]:
    """Plain tuples for executemany, column by column (NaN becomes NULL only where it may occur)."""
    part = out.iloc[start:stop]
    columns = []
    for name in _KPI_INSERT_COLUMNS:
        values = part[name]
        if name == "denominator":
            columns.append([None if v != v else v for v in values.tolist()])
        elif name == "import_id":
            columns.append(itertools.repeat(int(values.iloc[0])) if len(part) else [])
        else:
            columns.append(values.tolist())
    return list(zip(*columns, strict=False))  # import_id repeats; the others have len(part) values


def _executemany(conn, out: pd.DataFrame):
    columns = ", ".join(_KPI_INSERT_COLUMNS)
    marks = ", ".join("?" for _ in _KPI_INSERT_COLUMNS)
    sql = f"INSERT INTO kpi_reports ({columns}) VALUES ({marks})"
    cursor = conn.connection.driver_connection.cursor()
    try:
        for start in range(0, len(out), CHUNK):
            rows = _rows(out, start, start + CHUNK)
            cursor.executemany(sql, rows)
            yield len(rows)
    finally:
        cursor.close()


def _copy_postgres(conn, out: pd.DataFrame):
    """COPY in CSV written by Arrow (~15× pandas' to_csv). Every present value is quoted, so an empty
    note stays an empty string, while a missing denominator (NaN) is an unquoted empty field: NULL."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    columns = ", ".join(_KPI_INSERT_COLUMNS)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY kpi_reports ({columns}) FROM STDIN (FORMAT csv)") as copy:
            for start in range(0, len(out), CHUNK):
                part = out.iloc[start : start + CHUNK]
                table = pa.Table.from_pandas(part[list(_KPI_INSERT_COLUMNS)], preserve_index=False)
                buffer = io.BytesIO()
                pa_csv.write_csv(table, buffer, options)
                copy.write(buffer.getvalue())
                yield len(part)
    finally:
        cursor.close()


# --- history (admin page) ---------------------------------------------------------------------------------


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
        row = conn.execute(select(ImportRow.filename, ImportRow.content).where(ImportRow.id == import_id)).first()
    if row is None or row.content is None:
        return None
    return row.filename, bytes(row.content)


# --- what the admin page shows (pure: frames with Vietnamese column labels) -------------------------------


@dataclass(frozen=True)
class Refusal:
    """What the admin page keeps of a refused batch: the capped error table, the count, the skipped
    files' names — not the files' bytes nor their tables."""

    frame: pd.DataFrame
    error_count: int
    skipped_names: tuple[str, ...]

    @classmethod
    def of(cls, batch: Batch) -> Refusal:
        skipped = tuple(f.name for f in batch.files if f.duplicate_of is not None)
        return cls(problems_frame(batch), batch.error_count, skipped)


def problems_frame(batch: Batch) -> pd.DataFrame:
    from dtplan import i18n

    labels = i18n.IMPORT_COLUMNS
    return pd.DataFrame(
        {
            labels["file"]: [p.file for p in batch.problems],
            labels["row"]: ["—" if p.row is None else str(p.row) for p in batch.problems],
            labels["column"]: [p.column or "—" for p in batch.problems],
            labels["message"]: [p.message for p in batch.problems],
        }
    )


def preview_frames(batch: Batch, limit: int = 1000) -> dict[str, tuple[pd.DataFrame, int]]:
    """Per kind of rows: the first `limit` clean rows (Vietnamese headers, file and row number first)
    and the total count."""
    from dtplan.ingest.readers import COLUMNS

    out: dict[str, tuple[pd.DataFrame, int]] = {}
    for kind, attr in ((KPI, "kpi"), (PROGRESS, "progress")):
        frames = []
        total = 0
        for check in batch.new_files:
            frame = getattr(check, attr)
            if frame is None:
                continue
            total += len(frame)
            if sum(len(f) for f in frames) < limit:
                head = frame.head(limit).reset_index()
                head.insert(0, "file", check.name)
                frames.append(head)
        if frames:
            view = pd.concat(frames, ignore_index=True).head(limit)
            names = {"file": "Tệp", "row": "Dòng", **COLUMNS[kind]}
            if kind == PROGRESS:
                from dtplan import i18n

                view["status"] = view["status"].map(i18n.PROGRESS_STATUS)
            out[kind] = (view.rename(columns=names), total)
    tasks = [(check.name, t) for check in batch.new_files for t in check.tasks]
    if tasks:
        names = COLUMNS[CATALOGUE]
        view = pd.DataFrame(
            {
                "Tệp": [n for n, _ in tasks],
                names["code"]: [t.code for _, t in tasks],
                names["appendix"]: [t.appendix for _, t in tasks],
                names["title"]: [t.title for _, t in tasks],
                names["lead"]: [t.lead for _, t in tasks],
                names["partners"]: ["; ".join(t.partners) for _, t in tasks],
                names["start"]: [t.start for _, t in tasks],
                names["due"]: [t.due for _, t in tasks],
            }
        )
        out[CATALOGUE] = (view.head(limit), len(view))
    return out


def history_frame(rows: list[dict]) -> pd.DataFrame:
    from dtplan import i18n

    labels = i18n.IMPORT_COLUMNS
    return pd.DataFrame(
        {
            labels["id"]: [r["id"] for r in rows],
            labels["imported_at"]: [i18n.datetime(r["imported_at"]) for r in rows],
            labels["imported_by"]: [r["imported_by"] for r in rows],
            labels["filename"]: [r["filename"] for r in rows],
            labels["kind"]: [", ".join(i18n.IMPORT_KIND.get(k, k) for k in str(r["kind"]).split("+")) for r in rows],
            labels["rows"]: [r["rows"] for r in rows],
            labels["outcome"]: [i18n.IMPORT_OUTCOME.get(r["outcome"], r["outcome"]) for r in rows],
            labels["summary"]: [r["summary"] for r in rows],
        }
    )
