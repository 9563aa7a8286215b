"""Writing report figures. Every version of a (period, unit, KPI) figure is kept; the `is_current` mark
moves to the newest submitted_at — one rule, written once here (`write_kpi_rows`), for the demo's and the
callers' small writes (`add_kpi_reports`) and for imports of millions of rows alike.

A new version wins when its submitted_at is the same as or newer than the current one's: a tie goes to
the later write (the correction the office loaded last). Several versions of one key in the same write:
the newest wins, a tie to the later row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from dtplan.ingest.cells import distinct_pairs
from dtplan.ingest.quality import KEYS
from dtplan.store import bulk
from dtplan.store.engine import chunks
from dtplan.store.models import KpiReportRow, TaskReportRow


@dataclass(frozen=True)
class KpiReport:
    period: str
    unit_code: str
    kpi_code: str
    numerator: float
    denominator: float | None
    submitted_at: dt.date
    note: str = ""


@dataclass(frozen=True)
class TaskReport:
    period: str
    task_code: str
    unit_code: str
    status: str
    progress: float
    submitted_at: dt.date
    note: str = ""


def add_kpi_reports(session: Session, reports: list[KpiReport], import_id: int | None = None) -> None:
    """Write KPI reports as new versions (see the module docstring for which one becomes current)."""
    if not reports:
        return
    frame = pd.DataFrame(
        {
            "period": [r.period for r in reports],
            "unit_code": [r.unit_code for r in reports],
            "kpi_code": [r.kpi_code for r in reports],
            "numerator": [float(r.numerator) for r in reports],
            "denominator": [None if r.denominator is None else float(r.denominator) for r in reports],
            "submitted_at": [r.submitted_at.isoformat() for r in reports],
            "note": [r.note or "" for r in reports],
        }
    )
    for _written in write_kpi_rows(session, frame, import_id):
        pass


def write_kpi_rows(
    session: Session, frame: pd.DataFrame, import_id: int | None, *, unique_keys: bool = False
) -> Iterator[int]:
    """Append KPI rows (columns period, unit_code, kpi_code, numerator, denominator, submitted_at as
    YYYY-MM-DD text, note) as new versions and move `is_current` to the newest submitted_at.
    `unique_keys`: the caller vouches that no key repeats in `frame` (an import's check refuses a repeat),
    so no row of it loses to another.

    Yields the number of rows written after each chunk (for a progress bar).
    """
    yield from write_kpi_chunks(session, [frame], import_id, len(frame), unique_keys=unique_keys)


def write_kpi_chunks(
    session: Session, chunks: Iterable[pd.DataFrame], import_id: int | None, rows: int, *, unique_keys: bool = False
) -> Iterator[int]:
    """write_kpi_rows for rows that come a chunk at a time (`rows` of them in all), each written as it comes:
    an import's check hands over its clean rows while it judges the next ones. A key repeated in two chunks
    is not judged here: only unique keys may come in more than one chunk (the check refuses repeats)."""
    session.flush()
    conn = session.connection()
    current = _CurrentVersions(conn)
    superseded: list[int] = []

    def written() -> Iterator[pd.DataFrame]:
        for frame in chunks:
            wins = np.ones(len(frame), dtype=bool) if unique_keys else _newest_of_write(frame)
            old = current.of(frame)
            if not old.empty:
                merged = frame[[*KEYS, "submitted_at"]].reset_index(drop=True).merge(old, on=KEYS, how="left")
                has_old = merged["old_id"].notna().to_numpy()
                new_wins = ~has_old | (merged["submitted_at"] >= merged["old_submitted"].astype("str")).to_numpy()
                superseded.extend(merged.loc[has_old & new_wins & wins, "old_id"].astype("int64").tolist())
                wins = wins & new_wins
            yield _kpi_out(frame, import_id, wins)

    yield from bulk.insert_kpi_rows(conn, written(), rows, superseded)


def _kpi_out(frame: pd.DataFrame, import_id: int | None, wins) -> pd.DataFrame:
    """The rows as kpi_reports stores them (bulk.KPI_INSERT_COLUMNS)."""
    return pd.DataFrame(
        {
            "period": frame["period"],
            "unit_code": frame["unit_code"],
            "kpi_code": frame["kpi_code"],
            "numerator": frame["numerator"].astype("float64"),
            "denominator": frame["denominator"].astype("float64"),
            "submitted_at": frame["submitted_at"],
            "note": frame["note"],
            "import_id": pd.array([import_id] * len(frame), dtype="Int64"),
            "is_current": wins,
        },
        index=frame.index,
    )


def _newest_of_write(frame: pd.DataFrame):
    """Per row: whether it is the newest of its key within this write (a tie to the later row). An
    import's keys are unique (validation), so there this is all True without sorting anything."""
    if not frame.duplicated(KEYS).any():
        return pd.Series(True, index=range(len(frame))).to_numpy()
    positions = frame[[*KEYS, "submitted_at"]].reset_index(drop=True).rename_axis("position").reset_index()
    newest = positions.sort_values(["submitted_at", "position"], kind="stable").drop_duplicates(KEYS, keep="last")
    return positions["position"].isin(newest["position"]).to_numpy()


class _CurrentVersions:
    """The current version (id, submitted_at) of every key the written chunks touch, read once per
    (period, KPI) pair however many chunks name it."""

    COLUMNS = ("old_id", "period", "unit_code", "kpi_code", "old_submitted")

    def __init__(self, conn):
        self.conn = conn
        self.read: set[tuple[str, str]] = set()
        self.rows = pd.DataFrame(columns=list(self.COLUMNS))

    def of(self, frame: pd.DataFrame) -> pd.DataFrame:
        missing = sorted(set(distinct_pairs(frame["period"], frame["kpi_code"])) - self.read)
        if missing:
            self.read |= set(missing)
            r = KpiReportRow
            parts = [self.rows] if not self.rows.empty else []
            for chunk in chunks(missing, 500):
                query = select(r.id, r.period, r.unit_code, r.kpi_code, r.submitted_at).where(
                    r.is_current.is_(True), tuple_(r.period, r.kpi_code).in_(chunk)
                )
                found = pd.DataFrame(self.conn.execute(query).all(), columns=list(self.COLUMNS))
                if not found.empty:
                    found["old_submitted"] = found["old_submitted"].map(_iso)
                    parts.append(found)
            if parts:
                self.rows = pd.concat(parts, ignore_index=True)
        return self.rows


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_task_reports(session: Session, reports: list[TaskReport], import_id: int | None = None) -> None:
    """Append task progress reports (a task's reports are all kept and all read: no current mark)."""
    values = [
        {
            "period": r.period,
            "task_code": r.task_code,
            "unit_code": r.unit_code,
            "status": r.status,
            "progress": float(r.progress),
            "submitted_at": r.submitted_at,
            "note": r.note or "",
            "import_id": import_id,
        }
        for r in reports
    ]
    for chunk in chunks(values, 5000):
        session.execute(insert(TaskReportRow), chunk)


def write_progress_rows(session: Session, frame: pd.DataFrame, import_id: int) -> None:
    """An import's progress rows (submitted_at as YYYY-MM-DD text), written like `add_task_reports`."""
    columns = ["period", "task_code", "unit_code", "status", "progress", "submitted_at", "note"]
    reports = [
        TaskReport(p, t, u, s, float(g), dt.date.fromisoformat(d), n)
        for p, t, u, s, g, d, n in frame[columns].itertuples(index=False, name=None)
    ]
    add_task_reports(session, reports, import_id)
