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
