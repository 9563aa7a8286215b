"""The cell parsers of dtplan.ingest.cells and the header vocabulary of dtplan.ingest.readers (pure functions)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtplan.ingest.cells import STATUS_WORDS, fold, parse_dates, parse_numbers, parse_periods
from dtplan.ingest.readers import FileRefused, read_tables


def _one(parser, text: str):
    value = parser(pd.Series([text], dtype="str")).iloc[0]
    return None if isinstance(value, float) and math.isnan(value) else value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1.234", 1234.0),
        ("1.234,5", 1234.5),
        ("0.125", 0.125),
        ("75%", 75.0),
        ("-3", -3.0),
        ("1 234", 1234.0),
        ("abc", None),
        ("1e5", None),
        ("inf", None),
        ("", None),
        ("12,5,1", None),
    ],
)
def test_numbers(text, expected):
    assert _one(parse_numbers, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-20", "2023-05-20"),
        ("20/05/2023", "2023-05-20"),
        ("5/6/2023", "2023-06-05"),
        ("2023-05-20 00:00:00", "2023-05-20"),
        ("31/02/2023", None),
        ("2023-13-01", None),
        ("20-05-2023", None),
        ("May 20, 2023", None),
    ],
)
def test_dates(text, expected):
    assert _one(parse_dates, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-05", "2023-05"), ("05/2023", "2023-05"), ("5/2023", "2023-05"), ("2023-13", None), ("2023-5", None)],
)
def test_periods(text, expected):
    assert _one(parse_periods, text) == expected


def test_status_words_with_or_without_accents():
    for text, code in [
        ("Hoàn thành", "hoan_thanh"),
        ("hoan thanh", "hoan_thanh"),
        ("ĐANG THỰC HIỆN", "dang_thuc_hien"),
    ]:
        assert STATUS_WORDS[fold(text)] == code


def test_semicolon_csv_with_bom_and_crlf():
    data = "\ufeffKỳ báo cáo;Mã đơn vị\r\n2023-05;372\r\n".encode()
    (table,) = read_tables("a.csv", data)
    assert table.headers == ["Kỳ báo cáo", "Mã đơn vị"]
    assert table.frame.loc[2].tolist() == ["2023-05", "372"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.csv", b""),
        ("a.csv", b"\n\n"),
        ("a.csv", b"period,unit_code\n"),
        ("a.pdf", b"%PDF-1.4"),
        ("a.xlsx", b"PK\x03\x04broken"),
        ("a.csv", b"PK\x03\x04" + bytes(100)),
    ],
)
def test_unusable_files_are_refused_with_one_line(name, data):
    with pytest.raises(FileRefused) as info:
        read_tables(name, data)
    assert "\n" not in str(info.value) and str(info.value)


_CELLS = ["12", "12,5", "1.234", "abc", "", "2023-05", "05/2023", "13/2023", "20/05/2023", "2023-02-30", "75%", " 7 "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=60))
@pytest.mark.parametrize("parser", [parse_numbers, parse_dates, parse_periods])
def test_parsing_distinct_values_once_gives_what_parsing_every_cell_gives(parser, cells):
    column = pd.Series(cells, index=range(5, 5 + len(cells)), dtype="str")  # row numbers, not 0..n
    once = parser(column)
    every = parser.__wrapped__(column)
    assert once.index.equals(column.index)
    assert once.dtype == every.dtype
    assert once.isna().tolist() == every.isna().tolist()
    assert once.dropna().tolist() == every.dropna().tolist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["A1", "A2", "B1", "", "X9"]), st.sampled_from(["T01", "T02", "T03", ""]))),
)
def test_per_pair_judges_every_row_as_the_rule_would(rows):
    """The level rule judged once per distinct (kind, KPI) pair gives each row the verdict the rule gives it;
    distinct_pairs lists each pair of the rows once."""
    from dtplan.ingest.cells import distinct_pairs, per_pair

    kind_of = {"A1": "agency", "A2": "agency", "B1": "commune"}
    sent_by = {("agency", "T01"), ("agency", "T02"), ("commune", "T02"), ("commune", "T03")}

    def rule(kind, kpi):
        return kind is None or (kind, kpi) in sent_by

    left = pd.Series([u for u, _ in rows], dtype="str")
    right = pd.Series([k for _, k in rows], dtype="str")
    assert sorted(distinct_pairs(left, right)) == sorted(set(rows))
    verdicts = per_pair(left, right, rule, left_as=kind_of.get)
    assert verdicts.tolist() == [rule(kind_of.get(u), k) for u, k in rows]
    assert per_pair(left, right, lambda u, k: (u, k) < ("B", "T02")).tolist() == [
        (u, k) < ("B", "T02") for u, k in rows
    ]


def test_an_import_process_is_set_up_as_a_batch_job():
    """`dtplan import` lowers its priority and swaps Arrow's allocator (dtplan.ingest.process): in a process
    of its own here, as there."""
    import subprocess
    import sys

    code = "import os; from dtplan.ingest.process import set_up_import_process as s; import pyarrow as pa; "
    code += "before = os.nice(0); n = s(); print(n, pa.default_memory_pool().backend_name, os.nice(0) - before)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert shown[0] == shown[1] == "system"
    assert int(shown[2]) > 0
    # glibc took the setting to keep freed memory (False: the call found no glibc, or glibc refused it).
    code = "from dtplan.ingest.process import keep_freed_memory as k; print(k())"
    kept = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert kept.split() == ["True"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(["a", "Đ", " ", "\t", "\u00a0", "\u2003", "\x1f", "1", "ệ", "\n"]))))
def test_strip_cells_is_str_strip(texts):
    """The shortcut of tables.strip_cells (no strip where no cell can need one) gives str.strip's cells."""
    from dtplan.ingest.tables import strip_cells

    for dtype in ("str", pd.StringDtype("pyarrow"), object):
        cells = pd.Series(texts, dtype=dtype)
        assert strip_cells(cells).tolist() == cells.str.strip().tolist()
    sliced = pd.Series(["x", *texts, "y"], dtype="str").iloc[1:-1]  # an Arrow array with an offset
    assert strip_cells(sliced).tolist() == sliced.str.strip().tolist()
