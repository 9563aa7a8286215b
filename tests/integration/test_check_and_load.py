"""`dtplan import` on PostgreSQL loads a large KPI file while it is checked (store.check_and_load): the same
figures, import record and refusals as checking first and loading after, and nothing of a refused file is
ever committed. "Large" is made small here (pipeline.STREAM_ROWS), so a file of 60 rows goes in three chunks
(ingest.kpi_rows.CHUNK_SHARES: a fifth, then two fifths twice)."""

from __future__ import annotations

import pytest

from dtplan.ingest import pipeline
from dtplan.store import bulk
from dtplan.store import checked_load as overlap
from tests.import_files import KPI_EN, dump, run, write_csv

pytestmark = pytest.mark.postgres

UNITS = ("369", "370", "372", "STTTT", "SNV")
ROWS = [[f"2023-{m:02d}", u, "T12", str(m), "20", "2023-12-30", f"ghi chú {m}"] for m in range(1, 13) for u in UNITS]


@pytest.fixture
def two_demo_dbs(postgres_server, demo_pg_template) -> tuple[str, str]:
    return tuple(postgres_server.url(postgres_server.create_database(demo_pg_template)) for _ in range(2))


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The row count of every chunk the check hands to the writer."""
    chunks: list[int] = []
    original = overlap._Writer.send

    def send(self, frame, total):
        chunks.append(len(frame))
        original(self, frame, total)

    monkeypatch.setattr(overlap._Writer, "send", send)
    return chunks


def _without_times(state: dict) -> dict:
    """The imports' rows without imported_at (the two loads run at different seconds)."""
    return {**state, "imports": [row[:5] + row[6:] for row in state["imports"]]}


@pytest.mark.parametrize("bulk_mode", [False, True], ids=["in place", "bulk"])
def test_loaded_while_checked_as_if_checked_first(two_demo_dbs, tmp_path, monkeypatch, sent, bulk_mode):
    streamed, classic = two_demo_dbs
    path = write_csv(tmp_path / "bao-cao.csv", KPI_EN, ROWS)
    monkeypatch.setattr(bulk, "_use_bulk", lambda rows, existing: bulk_mode)
    code, out, err = run("import", str(path), url=classic)
    assert code == 0, err
    assert sent == [], "a small file is checked, then loaded"
    monkeypatch.setattr(pipeline, "STREAM_ROWS", 10)
    code, out_streamed, err = run("import", str(path), url=streamed)
    assert code == 0, err
    assert sent == [12, 24, 24], "three chunks, each sent once judged"
    assert out_streamed == out
    after = dump(streamed)
    assert _without_times(after) == _without_times(dump(classic))
    superseded = [r for r in after["kpi"] if r[1] == "2023-05" and r[2] == "369" and r[3] == "T12" and not r[9]]
    assert superseded, "the demo's own version of a key the file brings is no longer current"


def _refused_the_same(two_demo_dbs, path, monkeypatch, sent) -> str:
    streamed, classic = two_demo_dbs
    before = dump(streamed)
    code, _, err_classic = run("import", str(path), url=classic)
    assert code == 1
    monkeypatch.setattr(pipeline, "STREAM_ROWS", 10)
    code, _, err = run("import", str(path), url=streamed)
    assert code == 1
    assert err == err_classic, "the same error lines, in the same order"
    assert dump(streamed) == before, "nothing of the refused file stays"
    return err


def test_an_error_in_the_last_chunk_refuses_what_was_already_loaded(two_demo_dbs, tmp_path, monkeypatch, sent):
    rows = [*ROWS[:-1], ["2023-12", "SNV", "T12", "mười", "20", "2023-12-30", ""]]
    err = _refused_the_same(two_demo_dbs, write_csv(tmp_path / "loi.csv", KPI_EN, rows), monkeypatch, sent)
    assert sent == [12, 24], "the first chunks were sent (and loaded) before the last was judged"
    assert "bao-cao" not in err and "loi.csv:61:numerator: tử số 'mười' không phải là số" in err


def test_a_key_in_two_chunks_is_refused_as_a_repeat(two_demo_dbs, tmp_path, monkeypatch, sent):
    rows = [*ROWS[:-1], ROWS[0]]
    err = _refused_the_same(two_demo_dbs, write_csv(tmp_path / "trung.csv", KPI_EN, rows), monkeypatch, sent)
    assert sent == [12, 24, 24]
    assert "trung.csv:61:" in err


def test_a_writer_that_fails_fails_the_import_and_writes_nothing(two_demo_dbs, tmp_path, monkeypatch, sent):
    streamed, _ = two_demo_dbs
    before = dump(streamed)

    def broken(conn, frames, table):
        for _frame in frames:
            raise RuntimeError("the server went away")
        yield 0

    monkeypatch.setattr(bulk, "_copy_postgres", broken)
    monkeypatch.setattr(pipeline, "STREAM_ROWS", 10)
    path = write_csv(tmp_path / "bao-cao.csv", KPI_EN, ROWS)
    with pytest.raises(RuntimeError, match="the server went away"):
        run("import", str(path), url=streamed)
    assert len(sent) == 3, "the check went on to its end (the failed writer took its chunks)"
    assert dump(streamed) == before
