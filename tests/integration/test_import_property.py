"""Property: random corruption of a valid file (byte flips, dropped cells, swapped columns) is either
accepted with exactly the figures the file says, or refused whole — never half-loaded, never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtplan import ingest, store
from dtplan.ingest.readers import COLUMNS
from tests.import_files import KPI_EN, dump

TODAY = dt.date(2024, 1, 31)
ROWS = [
    ["2023-05", "372", "T12", "50", "100", "20/05/2023", "a"],
    ["2023-05", "STTTT", "T12", "12,5", "100", "2023-05-20", ""],
    ["2023-06", "373", "T13", "7", "9", "2023-06-20", "b"],
    ["2023-06", "37", "T18", "2", "", "2023-06-21", ""],
    ["2022-12", "SNV", "T05", "30", "60", "2022-12-15", ""],
]


def _valid_bytes() -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([KPI_EN, *ROWS])
    return out.getvalue().encode()


def _number(text: str) -> float:
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+(,\d+)?", text):  # Vietnamese thousands: 1.234,5
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def _oracle(data: bytes) -> set[tuple]:
    """What an accepted file must have loaded, read independently of dtplan's readers."""
    text = data.decode("utf-8-sig")
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    records = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if any(c.strip() for c in r)]
    names = {}
    for i, h in enumerate(records[0]):
        for name, label in COLUMNS["kpi"].items():
            if h.strip().casefold() in (name, label.casefold()):
                names[name] = i
    out = set()
    for r in records[1:]:
        cell = {n: r[i].strip() if i < len(r) else "" for n, i in names.items()}
        day = cell["submitted_at"]
        if "/" in day:
            d, m, y = day.split("/")
            day = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        den = cell["denominator"]
        out.add(
            (
                cell["period"],
                cell["unit_code"].upper(),
                cell["kpi_code"].upper(),
                _number(cell["numerator"]),
                _number(den) if den else None,
                day[:10],
            )
        )
    return out


def _corrupt(data: bytes, op: str, a: int, b: int) -> bytes:
    if op == "flip":
        i = a % len(data)
        return data[:i] + bytes([data[i] ^ (1 << (b % 8))]) + data[i + 1 :]
    lines = data.decode().split("\n")
    rows = [line.split(",") for line in lines if line]
    if op == "drop_cell":
        row = rows[1 + a % (len(rows) - 1)]
        del row[b % len(row)]
    elif op == "swap_columns":
        i, j = a % 7, b % 7
        for row in rows:
            row[i], row[j] = row[j], row[i]
    elif op == "swap_values":
        row = rows[1 + a % (len(rows) - 1)]
        i, j = b % 7, (b // 7) % 7
        row[i], row[j] = row[j], row[i]
    elif op == "delete_byte":
        i = a % len(data)
        return data[:i] + data[i + 1 :]
    return ("\n".join(",".join(r) for r in rows) + "\n").encode()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(["flip", "drop_cell", "swap_columns", "swap_values", "delete_byte"]),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_corruption_is_accepted_right_or_refused_whole(plan_sqlite_template, tmp_path, ops):
    data = _valid_bytes()
    for op, a, b in ops:
        try:
            data = _corrupt(data, op, a, b)
        except (UnicodeDecodeError, IndexError, ZeroDivisionError):
            continue
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    shutil.copy(plan_sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    try:
        catalog = store.read_catalog(engine)
        before = dump(url)
        batch = ingest.check_files([("f.csv", data)], catalog, TODAY)  # must never raise
        if not batch.ok:
            assert batch.error_lines() and all(line.startswith("f.csv:") for line in batch.error_lines())
            assert dump(url) == before
            return
        store.load_batch(engine, batch, "test")
        after = dump(url)
        loaded = {(r[1], r[2], r[3], r[4], r[5], str(r[6])) for r in after["kpi"]}
        assert loaded == _oracle(data)
        assert len(after["kpi"]) == batch.counts()["kpi"]
    finally:
        engine.dispose()


def test_uncorrupted_file_loads_what_the_oracle_reads(plan_url):
    engine = store.make_engine(plan_url)
    try:
        batch = ingest.check_files([("f.csv", _valid_bytes())], store.read_catalog(engine), TODAY)
        assert batch.ok, batch.error_lines()
        store.load_batch(engine, batch, "test")
    finally:
        engine.dispose()
    loaded = {(r[1], r[2], r[3], r[4], r[5], str(r[6])) for r in dump(plan_url)["kpi"]}
    assert loaded == _oracle(_valid_bytes()) and len(loaded) == len(ROWS)
