"""The KPI rows' bulk writer stores every value as given, on both databases: PostgreSQL's binary COPY
(dtplan.store.copy_binary) and SQLite's executemany — text of any kind, missing denominators, dates, the
import and the current mark."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtplan import store
from dtplan.domain.limits import MAX_FIGURE
from dtplan.store import bulk

READ = "SELECT period, unit_code, kpi_code, numerator, denominator, submitted_at, note, import_id, is_current"


def _frame(rows: list[tuple], import_id: int | None) -> pd.DataFrame:
    """The writer's input as dtplan.store.reports.write_kpi_rows makes it."""
    columns = ["period", "unit_code", "kpi_code", "numerator", "denominator", "submitted_at", "note", "is_current"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["numerator"] = frame["numerator"].astype("float64")
    frame["denominator"] = frame["denominator"].astype("float64")
    frame["import_id"] = pd.array([import_id] * len(frame), dtype="Int64")
    frame["is_current"] = frame["is_current"].astype(bool).to_numpy()
    return frame[list(bulk.KPI_INSERT_COLUMNS)]


def _write_and_read(engine, frame: pd.DataFrame) -> list[tuple]:
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM kpi_reports")
        for _ in bulk.insert_kpi_rows(conn, [frame], len(frame), []):
            pass
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(f"{READ} FROM kpi_reports ORDER BY id")]


def _expected(frame: pd.DataFrame) -> list[tuple]:
    out = []
    for r in frame.itertuples(index=False):
        denominator = None if math.isnan(r.denominator) else r.denominator
        import_id = None if pd.isna(r.import_id) else int(r.import_id)
        out.append(
            (
                r.period,
                r.unit_code,
                r.kpi_code,
                r.numerator,
                denominator,
                r.submitted_at,
                r.note,
                import_id,
                r.is_current,
            )
        )
    return out


def _normalised(rows: list[tuple]) -> list[tuple]:
    """SQLite gives dates as text and booleans as 0/1; PostgreSQL as date and bool."""
    return [(*r[:5], str(r[5]), r[6], r[7], bool(r[8])) for r in rows]


def _upgraded(url: str):
    engine = store.make_engine(url)
    store.upgrade(engine)
    return engine


@pytest.fixture
def engine(empty_db_url):
    engine = _upgraded(empty_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_url):
    engine = _upgraded(pg_url)
    yield engine
    engine.dispose()


def test_every_kind_of_value_is_stored_as_given(engine):
    rows = [
        ("2023-01", "369", "T01", 0.0, 10.0, "2023-01-20", "", True),
        ("2023-02", "SNV", "T12", 12.5, float("nan"), "2000-01-01", 'dấu "ngoặc", phẩy; và\nxuống dòng', False),
        ("2023-12", "37", "T05", 1e12, 1e12, "1999-12-31", "\\N \\ \t tab ≥ ✓ 🙂", True),
        ("2024-02", "07", "T16", 3.0, float("nan"), "2024-02-29", "Ghi chú tiếng Việt: Đạt, chưa đạt", True),
    ]
    for import_id in (None, 7):
        if import_id is not None:
            with engine.begin() as conn:  # the row the foreign key names
                conn.exec_driver_sql(
                    "INSERT INTO imports (id, filename, sha256, kind, imported_by, imported_at, outcome, rows, summary)"
                    " VALUES (7, 'a.csv', 'x', 'kpi', 'quantri', '2024-01-31 08:00:00', 'accepted', 4, '')"
                )
        frame = _frame(rows, import_id)
        assert _normalised(_write_and_read(engine, frame)) == _expected(frame)


@pytest.mark.postgres
def test_a_load_larger_than_a_chunk_keeps_every_row_in_order(pg_engine, monkeypatch):
    """Chunks follow one another in one COPY, between one header and one trailer."""
    monkeypatch.setattr(bulk, "CHUNK", 3)
    rows = [(f"2023-{m:02d}", str(300 + m), "T01", float(m), float(m + 1), f"2023-{m:02d}-15", f"n{m}", m % 2 == 0)
            for m in range(1, 13)]  # fmt: skip
    frame = _frame(rows, None)
    assert _normalised(_write_and_read(pg_engine, frame)) == _expected(frame)


_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40)
_ROW = st.tuples(
    st.sampled_from(["2022-12", "2023-06"]),
    st.text("0123456789ABC", min_size=1, max_size=16),
    st.text("T0123456789.", min_size=1, max_size=16),
    st.floats(0, MAX_FIGURE, allow_nan=False),
    st.one_of(st.just(float("nan")), st.floats(0, MAX_FIGURE, allow_nan=False)),
    st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)).map(dt.date.isoformat),
    _TEXT,
    st.booleans(),
)


@pytest.mark.postgres
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=1, max_size=30))
def test_binary_copy_round_trips_whatever_is_written(pg_engine, rows):
    frame = _frame(rows, None)
    assert _normalised(_write_and_read(pg_engine, frame)) == _expected(frame)
