"""PostgreSQL's binary COPY format, written a column at a time by NumPy and Arrow: no value goes through
Python one by one, and the server reads each field as it is stored instead of parsing text (a number, a
date). For 1 M KPI rows the COPY took about half as long as the same rows as CSV (1.75 s against 3.28 s,
medians of four pairs).

The format (PostgreSQL's documentation, "COPY: Binary Format"): a header, then per row a 16-bit count of
fields and per field a 32-bit length (-1: NULL) and its bytes, big-endian; a 16-bit -1 ends the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags 0, no header extension
TRAILER = b"\xff\xff"
_NULL = pa.scalar(b"\xff\xff\xff\xff", pa.large_binary())
_JOINED = pa.scalar(b"", pa.large_binary())  # the separator of a row's fields: none
_DATE_EPOCH = 10_957  # PostgreSQL counts days from 2000-01-01, Arrow's date32 from 1970-01-01

TEXT, FLOAT8, DATE, INT4, BOOL = "text", "float8", "date", "int4", "bool"
_FIXED = {FLOAT8: ">f8", DATE: ">i4", INT4: ">i4", BOOL: "u1"}


@dataclass(frozen=True)
class Field:
    """A column as COPY receives it: its name and its PostgreSQL type (TEXT, FLOAT8, DATE as 'YYYY-MM-DD'
    text, INT4, BOOL). A missing value (NaN, None) is NULL."""

    name: str
    kind: str


def encode(frame: pd.DataFrame, fields: tuple[Field, ...]) -> bytes:
    """The rows of `frame` in the binary COPY format, without the header and trailer: chunks of one COPY
    are written one after the other between HEADER and TRAILER."""
    if frame.empty:
        return b""
    count = np.full(len(frame), len(fields), dtype=">i2")
    parts = [_fixed(count)]
    for field in fields:
        parts += _field(frame[field.name], field.kind)
    rows = pc.binary_join_element_wise(*parts, _JOINED)
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64, count=len(rows) + 1, offset=rows.offset * 8)
    return rows.buffers()[2].to_pybytes()[offsets[0] : offsets[-1]]


def _field(values: pd.Series, kind: str) -> list[pa.Array]:
    """The field's bytes per row: its length and its value, as Arrow binary arrays joined row by row later."""
    if kind == TEXT:
        text = _arrow(values, pa.large_string()).cast(pa.large_binary())
        prefix = _fixed(pc.binary_length(text).fill_null(0).to_numpy().astype(">i4"))
        if not text.null_count:
            return [prefix, text]
        return [pc.if_else(pc.is_null(text), _NULL, pc.binary_join_element_wise(prefix, text, _JOINED))]
    if kind == DATE:
        days = _arrow(values, pa.large_string()).cast(pa.date32()).cast(pa.int32())
        missing = pc.is_null(days).to_numpy(zero_copy_only=False)
        numbers = days.fill_null(0).to_numpy() - _DATE_EPOCH
    else:
        series = values if kind == BOOL else pd.to_numeric(values)
        missing = series.isna().to_numpy()
        numbers = series.fillna(0).to_numpy(dtype="float64" if kind == FLOAT8 else "int64")
    record = np.empty(len(values), dtype=[("length", ">i4"), ("value", _FIXED[kind])])
    record["length"] = np.dtype(_FIXED[kind]).itemsize
    record["value"] = numbers
    fixed = _fixed(record)
    return [pc.if_else(pa.array(missing), _NULL, fixed)] if missing.any() else [fixed]


def _arrow(values: pd.Series, kind) -> pa.Array:
    array = pa.array(values, type=kind, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _fixed(records: np.ndarray) -> pa.Array:
    """A NumPy array of fixed-size records as an Arrow binary array of one value per record (no copy
    until the join)."""
    size = records.dtype.itemsize
    buffer = pa.py_buffer(np.ascontiguousarray(records).view(np.uint8))
    array = pa.FixedSizeBinaryArray.from_buffers(pa.binary(size), len(records), [None, buffer])
    return array.cast(pa.large_binary())
