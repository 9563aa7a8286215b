"""Parsing the text cells of report files, a whole column at a time (pandas): numbers, dates, months,
codes and status words. A value that does not parse becomes NaN; the checks turn NaN into messages.

A report file of a million rows holds a few hundred distinct numbers, months and dates, so parsers run
on the distinct values only (`per_distinct`).
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np
import pandas as pd

from dtplan import i18n
from dtplan.ingest.tables import Table


def fold(text: str) -> str:
    """Case-, space- and accent-insensitive form of a word ("Hoàn thành" == "hoan thanh")."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("_", " ").split()).casefold()


# Status words of contract §2.2: the codes and the Vietnamese words (with or without accents).
STATUS_WORDS: dict[str, str] = {}
for _code, _word in i18n.PROGRESS_STATUS.items():
    STATUS_WORDS[fold(_code)] = _code
    STATUS_WORDS[fold(_word)] = _code


def column(table: Table, name: str) -> pd.Series:
    """The cells of a canonical column as text; a column the table lacks reads as empty cells."""
    if name in table.columns:
        return table.frame[table.columns[name]].astype("str")
    return pd.Series("", index=table.frame.index, dtype="str")


def as_codes(cells: pd.Series) -> pd.Series:
    """Unit, KPI and task codes are compared upper-case."""
    return cells.str.upper()


def per_distinct(parse):
    """Run a column parser on the column's distinct values only, then spread the results back: a report
    file of a million rows holds a few hundred distinct numbers, months and dates."""

    @functools.wraps(parse)
    def wrapper(cells: pd.Series) -> pd.Series:
        codes, distinct = pd.factorize(cells, use_na_sentinel=False)
        if len(distinct) * 2 > len(cells):
            return parse(cells)
        parsed = parse(pd.Series(distinct, dtype=cells.dtype))
        return pd.Series(parsed.take(codes).array, index=cells.index, dtype=parsed.dtype)

    return wrapper


def per_pair(left: pd.Series, right: pd.Series, rule, left_as=None) -> np.ndarray:
    """rule(left value, right value) for every row, judged once per distinct pair. `left_as` maps a left
    value to what the rule needs of it (a unit code to its kind), once per distinct left value: a
    million rows name thousands of units but a handful of kinds, so the rule runs a few dozen times.
    Mapping each row's unit to its kind, then judging each row, took a quarter of the check."""
    left_codes, left_values = pd.factorize(left, use_na_sentinel=False)
    lefts = left_values.tolist()
    if left_as is not None:
        seen: dict = {}  # not pd.factorize: it would make None a NaN
        mapped_codes = np.array([seen.setdefault(left_as(v), len(seen)) for v in lefts], dtype=np.int64)
        left_codes, lefts = mapped_codes[left_codes], list(seen)
    pair_codes, pairs = _pairs(left_codes, lefts, right)
    return np.array([rule(a, b) for a, b in pairs], dtype=bool)[pair_codes]


def distinct_pairs(left: pd.Series, right: pd.Series) -> list[tuple]:
    """The distinct (left, right) pairs of two columns, found by codes rather than by the strings
    (drop_duplicates on two text columns took a tenth of a second per half a million rows)."""
    left_codes, left_values = pd.factorize(left, use_na_sentinel=False)
    return _pairs(left_codes, left_values.tolist(), right)[1]


def _pairs(left_codes: np.ndarray, lefts: list, right: pd.Series) -> tuple[np.ndarray, list[tuple]]:
    """Each row's pair number, and the pairs (left value, right value) in that order."""
    right_codes, right_values = pd.factorize(right, use_na_sentinel=False)
    width = max(1, len(right_values))
    pair_codes, pairs = pd.factorize(left_codes.astype(np.int64) * width + right_codes)
    rights = right_values.tolist()
    return pair_codes, [(lefts[p // width], rights[p % width]) for p in pairs.tolist()]


@per_distinct
def parse_numbers(cells: pd.Series) -> pd.Series:
    """'12', '12,5', '12.5', '1.234', '1.234,5', '75%' -> float; anything else -> NaN (negatives kept).

    Vietnamese convention: a comma is the decimal mark, dots group thousands — so '1.234' is 1234 (a
    count typed by a clerk), while '12.5' or '0.125' (not groups of three) keep the dot as decimal mark.
    """
    text = cells.str.replace(" ", "", regex=False).str.removesuffix("%")
    grouped = text.str.fullmatch(r"-?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")  # Vietnamese thousands: 1.234,5
    simple = text.str.fullmatch(r"-?\d+(?:[.,]\d+)?") & ~grouped
    normal = text.where(simple, text.str.replace(".", "", regex=False).where(grouped))
    normal = normal.str.replace(",", ".", regex=False)
    return _to_float(normal)


def _to_float(text: pd.Series) -> pd.Series:
    """Text already matched as a plain decimal (or missing) -> float64; Arrow's cast is ~50× faster
    than pd.to_numeric on a million cells."""
    arrow = getattr(text.array, "_pa_array", None)
    if arrow is not None:
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            values = pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False)
            return pd.Series(values, index=text.index, dtype="float64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return pd.to_numeric(text, errors="coerce").astype("float64")


@per_distinct
def parse_dates(cells: pd.Series) -> pd.Series:
    """'2023-05-20' (a time after it is ignored) or '20/05/2023' -> ISO text; anything else -> NaN."""
    iso = cells.str.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
    dmy = cells.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}")
    result = pd.Series(np.nan, index=cells.index, dtype="str")
    if iso.any():
        head = cells.where(iso).str.slice(0, 10)
        valid = pd.to_datetime(head, format="%Y-%m-%d", errors="coerce").notna()
        result = result.where(~valid, head)
    if dmy.any():
        parsed = pd.to_datetime(cells.where(dmy), format="%d/%m/%Y", errors="coerce")
        ok = parsed.notna()
        result = result.where(~ok, parsed.dt.strftime("%Y-%m-%d").where(ok))
    return result


@per_distinct
def parse_periods(cells: pd.Series) -> pd.Series:
    """'2023-05' or '05/2023' -> '2023-05'; anything else -> NaN."""
    iso = cells.str.fullmatch(r"\d{4}-(?:0[1-9]|1[0-2])")
    result = cells.where(iso)
    my = cells.str.fullmatch(r"(?:0?[1-9]|1[0-2])/\d{4}")
    if my.any():
        parts = cells.where(my).str.split("/", n=1)
        result = result.where(~my, parts.str[1] + "-" + parts.str[0].str.zfill(2))
    return result


def vn_date(iso: str) -> str:
    """'2023-05-20' -> '20/05/2023', as dates are written in messages."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
