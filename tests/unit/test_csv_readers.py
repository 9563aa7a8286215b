"""The two CSV readers agree: Arrow's fast reader gives the same cells and row numbers as pandas' reader
(a blank line stays a row), and hands ragged rows over to it."""

from __future__ import annotations

import pandas as pd
import pytest

from dtplan.ingest import csv_reader

HEADER = "period,unit_code,kpi_code,numerator,denominator,submitted_at,note\n"

WELL_FORMED = {
    "plain": HEADER + "2023-05,372,T01,3,4,20/05/2023,\n2023-05,370,T01,1,2,2023-05-21,ghi chú\n",
    "bom": "\ufeff" + HEADER + "2023-05,372,T01,3,4,20/05/2023,Đã rà soát\n",
    "semicolon": HEADER.replace(",", ";") + "2023-05;372;T01;3,5;4;20/05/2023;có dấu phẩy, ở đây\n",
    "quoted": HEADER + '2023-05,372,T01,"1.234,5","2.000",20/05/2023,"nói ""đúng hạn"", rồi"\n',
    "newline in a cell": HEADER + '2023-05,372,T01,3,4,20/05/2023,"dòng một\ndòng hai"\n2023-06,372,T01,3,4,,\n',
    "no final newline": HEADER + "2023-05,372,T01,3,4,20/05/2023,x",
    "blank line": HEADER + "2023-05,372,T01,3,4,20/05/2023,\n\n2023-05,370,T01,1,2,20/05/2023,\n",
    "numbers that look like numbers": HEADER + "2023-05,00372,T01,007,1e3,20/05/2023,TRUE\n",
}


def _cells(frame: pd.DataFrame) -> list[tuple[int, list[str]]]:
    return [(int(i), [str(v) for v in row]) for i, row in zip(frame.index, frame.itertuples(index=False), strict=True)]


@pytest.mark.parametrize("name", list(WELL_FORMED))
def test_arrow_reader_gives_what_the_pandas_reader_gives(name):
    data = WELL_FORMED[name].encode("utf-8")
    delimiter = csv_reader._sniff_delimiter(data.decode("utf-8-sig").splitlines()[0])
    fast = csv_reader._read_csv_arrow(data, delimiter)
    slow, problems = csv_reader._read_csv_pandas("t.csv", data, delimiter)
    assert fast is not None and not problems
    assert _cells(fast) == _cells(slow)
    assert fast.dtypes.tolist() == slow.dtypes.tolist()


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "2023-05,372,T01,3,4,20/05/2023\n",  # a cell short
        HEADER + "2023-05,372,T01,3,4,20/05/2023,,thừa\n",  # a cell too many
    ],
)
def test_arrow_reader_hands_ragged_rows_over(text):
    assert csv_reader._read_csv_arrow(text.encode(), ",") is None


def test_row_numbers_after_a_blank_line_are_the_file_s():
    text = HEADER + "2023-05,372,T01,3,4,20/05/2023,\n\n2023-05,370,T99,1,2,20/05/2023,\n"
    table = csv_reader.read_csv("t.csv", text.encode())
    assert list(table.frame.index) == [2, 4]
