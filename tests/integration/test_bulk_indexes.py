"""PostgreSQL's bulk load builds kpi_reports' indexes after its commit (store.bulk.restore_indexes):
the rows are visible at the commit, the schema is whole again afterwards, and whatever an interrupted
build leaves — a missing or invalid index, a primary key not yet added, a foreign key not yet validated —
is mended by the next start of the app."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy

from dtplan import ingest, store
from dtplan.store import bulk
from tests.import_files import BULK_ROWS, KPI_EN, run, write_csv

pytestmark = pytest.mark.postgres


def _shape(engine) -> dict:
    """Each index of kpi_reports with its columns and validity, and each constraint with its validation."""
    with engine.connect() as conn:
        indexes = conn.exec_driver_sql(
            "SELECT c.relname, i.indisvalid, i.indisunique, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'kpi_reports'::regclass"
        ).all()
        constraints = conn.exec_driver_sql(
            "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = 'kpi_reports'::regclass"
        ).all()
    return {"indexes": sorted(indexes), "constraints": sorted(constraints)}


@pytest.fixture
def engine(demo_pg_url, monkeypatch):
    monkeypatch.setattr(bulk, "_use_bulk", lambda rows, existing: True)
    engine = store.make_engine(demo_pg_url)
    yield engine
    engine.dispose()


def _load(engine, tmp_path, **options) -> None:
    path = write_csv(tmp_path / "bulk.csv", KPI_EN, BULK_ROWS)
    batch = ingest.check_files([(path.name, path.read_bytes())], store.read_catalog(engine), dt.date(2024, 1, 31))
    assert batch.ok, batch.error_lines()
    store.load_batch(engine, batch, "test", **options)


def _loaded(engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM kpi_reports WHERE period = '2023-08' AND kpi_code = 'T12' AND numerator = 3"
            " AND is_current"
        ).scalar()


def test_rows_are_seen_at_the_commit_and_the_indexes_follow(engine, tmp_path):
    before = _shape(engine)
    assert len(before["indexes"]) == 3 and all(valid for _, valid, _, _ in before["indexes"])
    assert _loaded(engine) == 0
    _load(engine, tmp_path, build_indexes=False)
    assert _loaded(engine) == len(BULK_ROWS), "every reader sees the rows once the load has committed"
    half = _shape(engine)
    assert half["indexes"] == [], "no index was built inside the load"
    assert ("kpi_reports_import_id_fkey", "f", False) in half["constraints"]
    assert store.restore_indexes(engine) is True
    assert _shape(engine) == before
    assert store.restore_indexes(engine) is True and _shape(engine) == before  # nothing left to do


def test_a_load_builds_its_indexes_itself_unless_told_not_to(engine, tmp_path):
    before = _shape(engine)
    _load(engine, tmp_path)
    assert _shape(engine) == before and _loaded(engine) == len(BULK_ROWS)


def test_the_next_start_mends_what_an_interrupted_build_left(engine, tmp_path):
    before = _shape(engine)
    _load(engine, tmp_path, build_indexes=False)
    with engine.begin() as conn:  # as if the process had died part-way through restore_indexes
        conn.exec_driver_sql('CREATE UNIQUE INDEX "kpi_reports_pkey" ON kpi_reports (id)')
        conn.exec_driver_sql('CREATE INDEX "ix_kpi_reports_key" ON kpi_reports (period, unit_code, kpi_code)')
        conn.exec_driver_sql(  # what a CREATE INDEX CONCURRENTLY that stopped leaves behind
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_kpi_reports_key'::regclass"
        )
    store.upgrade(engine)  # every start of the app runs it
    assert _shape(engine) == before
    assert _loaded(engine) == len(BULK_ROWS)


def test_only_one_process_builds_them(engine, demo_pg_url, tmp_path):
    _load(engine, tmp_path, build_indexes=False)
    half = _shape(engine)
    other = sqlalchemy.create_engine(demo_pg_url)
    try:
        with other.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({bulk.RESTORE_LOCK})")
            assert store.restore_indexes(engine) is False, "another process is building them"
            assert _shape(engine) == half
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({bulk.RESTORE_LOCK})")
            conn.commit()
    finally:
        other.dispose()
    assert store.restore_indexes(engine) is True
    assert len(_shape(engine)["indexes"]) == 3


def test_an_index_build_that_fails_does_not_fail_the_import(engine, demo_pg_url, tmp_path, monkeypatch):
    """The rows are committed before the indexes are built: the import reports success, and the next
    start builds them."""
    import dtplan.store.imports as imports

    before = _shape(engine)

    def fail(_engine):
        raise sqlalchemy.exc.OperationalError("CREATE INDEX CONCURRENTLY", {}, OSError("đĩa đầy"))

    monkeypatch.setattr(imports, "restore_indexes", fail)
    path = write_csv(tmp_path / "bulk.csv", KPI_EN, BULK_ROWS)
    code, _, err = run("import", str(path), url=demo_pg_url)
    assert code == 0, err
    assert _loaded(engine) == len(BULK_ROWS) and _shape(engine)["indexes"] == []
    store.upgrade(engine)
    assert _shape(engine) == before
