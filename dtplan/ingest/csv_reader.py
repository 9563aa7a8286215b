"""Reading a CSV report file (UTF-8, comma or semicolon): bytes -> one table of text cells, refusing with
one clear line what is not a usable CSV file. Arrow's reader first; pandas' and then Python's csv module
for files Arrow cannot take, the last naming each row with too many cells.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from dtplan.ingest import file_limits
from dtplan.ingest.file_limits import FileRefused
from dtplan.ingest.tables import ALL_KINDS, Problem, Table, finish


def _first_non_utf8(data: bytes, chunk: int = 1 << 20) -> int | None:
    """Offset of the first byte that is not UTF-8, or None. Checked in chunks: a 50 MB file is not
    decoded into one more 50 MB string just to be checked."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), chunk):
        try:
            decoder.decode(view[start : start + chunk], final=start + chunk >= len(data))
        except UnicodeDecodeError as exc:
            return max(0, start + exc.start)
    return None


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(name: str, data: bytes) -> Table:
    file_limits.check_csv_bytes(data)  # an Excel file or UTF-16/32 text named .csv: say which
    if b"\x00" in data:
        raise FileRefused("tệp nhị phân, không phải văn bản CSV (có byte 0); hãy lưu lại dạng CSV UTF-8")
    bad = _first_non_utf8(data)
    if bad is not None:
        line = data[:bad].count(b"\n") + 1
        raise FileRefused(f"tệp không phải văn bản UTF-8 (byte lạ ở dòng {line}); hãy lưu lại dạng 'CSV UTF-8'")
    text_head = data[:65536].decode("utf-8-sig", errors="ignore")
    if not text_head.strip():
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào")
    delimiter = _sniff_delimiter(text_head.splitlines()[0])
    file_limits.check_csv_header(data, delimiter)  # before any reader builds a column per header cell
    problems: list[Problem] = []
    raw = _read_csv_arrow(data, delimiter)
    if raw is None:
        file_limits.check_csv_lines(data, delimiter)  # the readers below list every cell of a row
        raw, problems = _read_csv_pandas(name, data, delimiter)
    headers = [str(h).strip() for h in raw.iloc[0].tolist()] if len(raw) else []
    return finish(name, None, headers, raw.iloc[1:], problems, ALL_KINDS)


_ARROW_COLUMNS = 64  # cells read as text, never typed; a wider file goes to the pandas reader


def _read_csv_arrow(data: bytes, delimiter: str) -> pd.DataFrame | None:
    """The fast reader (Arrow's, ~4× pandas' C parser on a million rows) for a file whose every row has the
    header's number of cells (a blank line stays a row of empty cells, so row numbers stay the file's).
    Anything else returns None and goes to the readers below, which name the ragged rows."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    try:
        # Arrow's own buffer, not a Python file: with a file object, a threaded read abandoned on a refused
        # row (millions of cells, little memory left) aborted the process at exit 3 times in 30.
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char='"', newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys((f"f{i}" for i in range(_ARROW_COLUMNS)), pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                true_values=[],
                false_values=[],
                auto_dict_encode=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows == 0 or any(not pa.types.is_large_string(t) for t in table.schema.types):
        return None
    # Read as large_string, the type pandas' Arrow strings hold: the frame then shares Arrow's buffers, where
    # casting from string copied every column (30–80 ms per million rows).
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)
    frame.columns = range(frame.shape[1])
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # row numbers as a spreadsheet shows them
    return frame


def _read_csv_pandas(name: str, data: bytes, delimiter: str) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    try:
        raw = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            quotechar='"',
        )
    except pd.errors.EmptyDataError:
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào") from None
    except (pd.errors.ParserError, ValueError):
        raw, problems = _read_csv_slowly(name, data, delimiter)
    else:
        raw.index = pd.RangeIndex(1, len(raw) + 1)  # row numbers as a spreadsheet shows them
    return raw, problems


def _read_csv_slowly(name: str, data: bytes, delimiter: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Fallback for rows with more cells than the header: name each such row, keep the others."""
    text = data.decode("utf-8-sig")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRefused(f"tệp CSV hỏng, không đọc được ({exc})") from None
    if not records:
        raise FileRefused("tệp rỗng: không có dòng tiêu đề nào")
    width = len(records[0])
    problems = []
    rows, index = [], []
    for number, record in enumerate(records, start=1):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            problems.append(
                Problem(name, number, None, f"dòng có {len(record)} ô nhưng tiêu đề chỉ có {width} cột (thừa ô)")
            )
            continue
        rows.append((record + [""] * width)[:width])
        index.append(number)
    return pd.DataFrame(rows, index=index, dtype=str), problems
