"""Checking the files of an import (contract §2), pure: readers and validation judge every file, nothing
is written. The store loads a clean batch (dtplan.store.imports.load_batch) in one transaction.

    batch = check_files([(name, data), ...], catalog, today, known=store.previous_imports(engine))
    if batch.ok: result = store.load_batch(engine, batch, actor="quantri")
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from dtplan.domain.catalog import Catalog, Task
from dtplan.ingest import bounds
from dtplan.ingest.file_limits import MAX_ERRORS_PER_FILE
from dtplan.ingest.kpi_rows import STREAM_ROWS, check_kpi_in_chunks
from dtplan.ingest.quality import NUMERATOR, KpiRows, QualityWarning
from dtplan.ingest.readers import (
    CATALOGUE,
    COLUMNS,
    KPI,
    PROGRESS,
    FileRefused,
    Problem,
    bind_columns,
    detect_kind,
    read_tables,
)
from dtplan.ingest.validation import Checked, check_catalogue, check_kpi, check_progress, tag


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
    sound: list[KpiRows] = field(default_factory=list)  # error-free KPI rows, for the data-quality warnings

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
    warnings: list[QualityWarning] = field(default_factory=list)  # filled by the caller (needs the store)

    @property
    def sound(self) -> list[KpiRows]:
        return [rows for f in self.new_files for rows in f.sound]

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


def check_files(
    files: Iterable[tuple[str, bytes]],
    catalog: Catalog,
    today: dt.date,
    known: dict[str, dict] | None = None,
    send_rows: Callable[[pd.DataFrame, int], None] | None = None,
) -> Batch:
    """Read and judge every file; catalogue files first, so progress rows may name the tasks they add.

    `known`: checksum -> the earlier accepted import of those bytes (the store's previous_imports): such a
    file is a duplicate, skipped. `send_rows`: a batch of one large KPI table is judged in chunks, and each
    clean chunk handed to send_rows(rows, total rows) as soon as it is judged (check_kpi_in_chunks); what
    was sent counts only if the batch comes out clean."""
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
    judged: list[tuple[FileCheck, object, Checked]] = []
    for check, table in bound:
        if table.kind in (KPI, PROGRESS) and table.sheet is not None:
            check.unfilled += drop_unfilled(table)
            if table.frame.empty:
                continue
        if (
            table.kind == KPI
            and send_rows
            and len(tables) == 1
            and not check.problems
            and len(table.frame) >= STREAM_ROWS
        ):
            part = check_kpi_in_chunks(table, catalog, today, send_rows)
        elif table.kind == KPI:
            part = check_kpi(table, catalog, today)
        elif table.kind == PROGRESS:
            part = check_progress(table, catalog, tasks, today)
        else:
            continue
        check.problems += part.problems
        check.problems += tag(table, repeats.check(check.name, table, part.kpi if table.kind == KPI else part.progress))
        check.parts.append(part)
        if part.sound is not None:
            judged.append((check, table, part))
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
    for check, table, part in judged:
        keep_sound(check, table, part)
    for check in checks:
        if check.problems:
            check.parts = []
    return Batch(checks)


def keep_sound(check: FileCheck, table, part: Checked) -> None:
    """Keep a KPI table's error-free rows for the warnings: not the rows any problem names, nothing of a
    file with a problem about the whole file or its header, nor of one with more errors than are listed."""
    rows = {p.row for p in check.problems}
    if check.unlisted or None in rows or 1 in rows:
        return
    frame = part.sound[~part.sound.index.isin(list(rows))]
    frame = frame.dropna(subset=["period", "unit_code", "kpi_code", "numerator"])
    positions = {name: table.columns.get(name, len(table.headers)) for name in (NUMERATOR, "denominator")}
    headers = {name: table.header(name) if name in table.columns else COLUMNS[KPI][name] for name in positions}
    prefix = f"[trang {table.sheet}] " if table.sheet else ""
    check.sound.append(KpiRows(table.label, prefix, headers, positions, frame))


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
    return list(COLUMNS[kind].values())


class ImportRefused(RuntimeError):
    """A batch with problems was handed to the store's load."""
