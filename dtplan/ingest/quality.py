"""Data-quality warnings (contract §2.4), the pure part: which rows of an import — or which units' newest
reports — look wrong against the same unit's and KPI's earlier reports. The rules themselves are in
dtplan.domain.quality; here they are applied to whole columns at once.

The earlier reports are the store's current versions (passed in, the store is not imported here) merged
with the import's own rows by the store's version rule (the newest submitted_at wins, a tie to the
import), so a row is compared with what the database will hold after the load — whether the earlier
month was stored before or comes in the same import, in any file or row order.

Which column a warning names: the numerator for a stock KPI's fall and for a copied-forward figure (the
figure itself), the denominator for a denominator's jump.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dtplan import i18n
from dtplan.domain import quality as rules
from dtplan.domain.catalog import Catalog
from dtplan.domain.quality import Thresholds

KEYS = ["period", "unit_code", "kpi_code"]
MAX_WARNINGS_PER_FILE = 100  # then one line counting the rest, as errors are capped per file
FIGURES = [*KEYS, "numerator", "denominator", "submitted_at"]
NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass
class KpiRows:
    """The error-free KPI rows of one table of an import, with what a warning line needs to name them."""

    file: str  # the FILE part of a line (the table's label)
    prefix: str  # "[trang kpi] " for an XLSX sheet, as in error lines
    headers: dict[str, str]  # numerator/denominator -> the column header as written in the file
    orders: dict[str, int]  # numerator/denominator -> the column's position (sorting)
    frame: pd.DataFrame  # index: the row number; columns FIGURES


@dataclass(frozen=True)
class QualityWarning:
    """One suspicious row: FILE:ROW:COLUMN: cảnh báo: message. The last line of a file with more warnings
    than are listed counts the rest (`hidden`; no row nor column: FILE:-:-)."""

    file: str
    row: int | None
    column: str | None
    message: str
    order: int = 0
    hidden: int = 0

    def line(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or '-'}: cảnh báo: {self.message}"


def warning_count(warnings: list[QualityWarning]) -> int:
    """Every warning, the ones counted in a file's last line included."""
    return sum(w.hidden if w.row is None else 1 for w in warnings)


def _vi(value: float, decimals: int) -> str:
    """1234.5 -> '1.234,5' — i18n.number's result without babel's cost per call (thousands of warnings)."""
    return f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _plain(value: float) -> str:
    """20.0 -> '20', 12.5 -> '12,5' (a threshold as the plan file wrote it)."""
    return _vi(value, 0 if float(value).is_integer() else 1)


def _beyond(value: float, limit: float) -> str:
    """A measure just past its threshold, with the decimals that show it is past (20,01, not 20,0)."""
    decimals = 1 if round(float(value), 1) > limit else 2
    return _vi(value, decimals)


def _rate(value: float) -> str:
    """A rate with up to two decimals (29,99%; 30%; 70,5%)."""
    text = _vi(value, 2).rstrip("0").rstrip(",")
    return f"{text}%"


def _months(periods: pd.Series) -> pd.Series:
    """'2023-06' -> a month number (year * 12 + month - 1), so 'the month before' is `- 1`."""
    text = periods.astype(str)
    return text.str[:4].astype("int64") * 12 + text.str[5:7].astype("int64") - 1


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[KEYS].copy()
    out["numerator"] = pd.to_numeric(frame["numerator"]).astype("float64")
    out["denominator"] = pd.to_numeric(frame["denominator"]).astype("float64")
    out["month"] = _months(out["period"])
    return out


def judge(rows: pd.DataFrame, state: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The warnings of `rows` (columns period, unit_code, kpi_code, numerator, denominator) against
    `state` (one report per (period, unit, KPI), the same columns): one line per warning with `at` (the
    index label of its row in `rows`), `column` (numerator/denominator) and `message`."""
    empty = pd.DataFrame({"at": pd.Series(dtype=object), "column": pd.Series(dtype=str), "message": []})
    if rows.empty or state.empty:
        return empty
    t: Thresholds = catalog.quality
    kpis = catalog.kpis_by_code
    left = _figures(rows)
    left["at"] = list(rows.index)
    left["position"] = np.arange(len(left))
    right = _figures(state).rename(
        columns={"period": "prev_period", "numerator": "prev_num", "denominator": "prev_den", "month": "prev_month"}
    )
    right["month"] = right["prev_month"]
    # The newest report of an earlier period: the nearest month strictly before, per (unit, KPI).
    merged = pd.merge_asof(
        left.sort_values("month"),
        right.sort_values("month")[["unit_code", "kpi_code", "month", "prev_period", "prev_num", "prev_den"]],
        on="month",
        by=["unit_code", "kpi_code"],
        allow_exact_matches=False,
        direction="backward",
    ).sort_values("position")
    merged.index = range(len(merged))
    unit = merged["kpi_code"].map({c: k.unit for c, k in kpis.items()})
    stock = merged["kpi_code"].map({c: k.aggregation == "stock" for c, k in kpis.items()}).fillna(False).astype(bool)
    has_prev = merged["prev_num"].notna()
    num, den = merged["numerator"].to_numpy(), merged["denominator"].to_numpy()
    prev_num, prev_den = merged["prev_num"].to_numpy(), merged["prev_den"].to_numpy()
    percent = (unit == "percent") & (merged["denominator"] > 0) & (merged["prev_den"] > 0) & has_prev
    with np.errstate(divide="ignore", invalid="ignore"):
        rate, prev_rate = rules.as_percent(num, den), rules.as_percent(prev_num, prev_den)
        fell_percent = percent.to_numpy() & stock.to_numpy() & rules.percent_fell(prev_rate, rate, t.stock_drop_points)
        count = ((unit == "count") & stock & has_prev).to_numpy()
        fell_count = count & rules.count_fell(prev_num, num)
        jumped = (
            (unit == "percent") & merged["prev_den"].notna() & merged["denominator"].notna()
        ).to_numpy() & rules.denominator_jumped(np.nan_to_num(prev_den), np.nan_to_num(den), t.denominator_change)
    repeated, earlier_months = _repeats(merged, right, t.repeat_months)

    out = []
    # Plain arrays: a row of a frame per warning (`iloc`) was most of an import's time.
    ats, codes, units = merged["at"].to_numpy(), merged["kpi_code"].to_numpy(), unit.to_numpy()
    earlier_periods = merged["prev_period"].to_numpy()
    for i in np.flatnonzero(fell_percent | fell_count | jumped | repeated):
        r = {"at": ats[i], "prev_period": earlier_periods[i]}
        k = codes[i]
        if fell_percent[i]:
            drop = prev_rate[i] - rate[i]
            out.append(
                (
                    r["at"],
                    NUMERATOR,
                    f"chỉ tiêu {k} giảm {_beyond(drop, t.stock_drop_points)} điểm phần trăm so với kỳ "
                    f"{r['prev_period']} ({_rate(prev_rate[i])} → {_rate(rate[i])}), quá {_plain(t.stock_drop_points)} "
                    "điểm: kiểm tra lại số liệu",
                )
            )
        if fell_count[i]:
            out.append(
                (
                    r["at"],
                    NUMERATOR,
                    f"chỉ tiêu {k} giảm từ {_vi(prev_num[i], 0)} (kỳ {r['prev_period']}) xuống "
                    f"{_vi(num[i], 0)}, mất hơn một nửa: kiểm tra lại số liệu",
                )
            )
        if jumped[i]:
            change = (den[i] - prev_den[i]) * 100 / prev_den[i]
            way = "tăng" if change > 0 else "giảm"
            out.append(
                (
                    r["at"],
                    DENOMINATOR,
                    f"mẫu số {way} {_beyond(abs(change), t.denominator_change * 100)}% so với kỳ {r['prev_period']} "
                    f"({_vi(prev_den[i], 0)} → {_vi(den[i], 0)}), quá "
                    f"{_vi(t.denominator_change * 100, 0)}%: kiểm tra lại số liệu",
                )
            )
        if repeated[i]:
            what = "tử số và mẫu số" if units[i] == "percent" else "số liệu"
            shown = ", ".join(earlier_months[i])
            out.append(
                (
                    r["at"],
                    NUMERATOR,
                    f"{what} giống hệt {len(earlier_months[i])} kỳ liền trước ({shown}): "
                    "có thể số liệu được chép lại từ kỳ trước, kiểm tra lại",
                )
            )
    if not out:
        return empty
    return pd.DataFrame(out, columns=["at", "column", "message"])


def _repeats(merged: pd.DataFrame, right: pd.DataFrame, months: int) -> tuple[np.ndarray, list[list[str]]]:
    """Per row: whether the months-1 months right before it carry the same numerator and denominator
    (months in a row, none missing), and those months' periods, newest first."""
    same = np.ones(len(merged), dtype=bool)
    num = merged["numerator"].to_numpy()
    den = np.nan_to_num(merged["denominator"].to_numpy())  # a count KPI has none: compared as 0
    earlier = right[["unit_code", "kpi_code", "prev_month", "prev_period", "prev_num", "prev_den"]]
    periods = []
    for back in range(1, months):
        target = merged[["unit_code", "kpi_code"]].assign(prev_month=merged["month"] - back)
        found = target.merge(earlier, on=["unit_code", "kpi_code", "prev_month"], how="left")
        present = found["prev_num"].notna().to_numpy()
        with np.errstate(invalid="ignore"):
            other = found["prev_num"].to_numpy(), np.nan_to_num(found["prev_den"].to_numpy())
            equal = rules.same_figures(num, den, *other)
        same &= present & equal
        periods.append(found["prev_period"].tolist())
    labels = [[p[i] for p in periods] for i in range(len(merged))] if months > 1 else [[] for _ in range(len(merged))]
    return same, labels


def merge_state(stored: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """The reports as they will stand after loading `incoming` over `stored` (the store's rule: the newest
    submitted_at wins, a tie to the later write — the import, and within it the later row)."""
    parts = []
    if not stored.empty:
        parts.append(stored[FIGURES].assign(source=0))
    if not incoming.empty:
        parts.append(incoming[FIGURES].assign(source=1))
    if not parts:
        return pd.DataFrame(columns=FIGURES)
    both = pd.concat(parts, ignore_index=True)
    both["submitted_at"] = both["submitted_at"].astype(str)
    both["position"] = np.arange(len(both))
    newest = both.sort_values(["submitted_at", "source", "position"], kind="stable").drop_duplicates(KEYS, keep="last")
    return newest[FIGURES].reset_index(drop=True)


def incoming_rows(tables: list[KpiRows]) -> pd.DataFrame:
    """Every error-free KPI row of an import, in order, with the table it came from."""
    frames = [
        t.frame[FIGURES].assign(table=i, row=t.frame.index.to_numpy()) for i, t in enumerate(tables) if len(t.frame)
    ]
    if not frames:
        return pd.DataFrame(columns=[*FIGURES, "table", "row"])
    return pd.concat(frames, ignore_index=True)


def import_warnings(tables: list[KpiRows], stored: pd.DataFrame, catalog: Catalog) -> list[QualityWarning]:
    """The warning lines of an import's rows: per file in the import's order, by row and column."""
    rows = incoming_rows(tables)
    if rows.empty:
        return []
    found = judge(rows, merge_state(stored, rows), catalog)
    out = []
    table_of, row_of = rows["table"].to_numpy(), rows["row"].to_numpy()  # `rows` has a 0..n-1 index
    for at, column, message in found.itertuples(index=False, name=None):
        table = tables[int(table_of[at])]
        row = int(row_of[at])
        out.append(QualityWarning(table.file, row, table.headers[column], table.prefix + message, table.orders[column]))
    order = {name: i for i, name in enumerate(dict.fromkeys(t.file for t in tables))}
    return _capped(sorted(out, key=lambda w: (order[w.file], w.row, w.order)))


def _capped(warnings: list[QualityWarning], limit: int = MAX_WARNINGS_PER_FILE) -> list[QualityWarning]:
    """The first `limit` warnings of each file and one line counting the rest: a file copied forward whole
    gives a warning per row, and neither the terminal nor the page needs thousands of the same line."""
    out: list[QualityWarning] = []
    for _file, group in itertools.groupby(warnings, key=lambda w: w.file):
        listed = list(group)
        out += listed[:limit]
        hidden = len(listed) - limit
        if hidden > 0:
            shown = f"{hidden:,}".replace(",", ".")
            message = f"… và {shown} cảnh báo khác (chỉ liệt kê {limit} cảnh báo đầu tiên)"
            out.append(QualityWarning(listed[0].file, None, None, message, hidden=hidden))
    return out


def current_warnings(stored: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """For each unit and KPI, its newest report against its earlier ones: columns unit_code, kpi_code,
    period, column, message — in the plan's unit and KPI order."""
    columns = ["unit_code", "kpi_code", "period", "column", "message"]
    if stored.empty:
        return pd.DataFrame(columns=columns)
    state = stored[FIGURES].reset_index(drop=True)
    newest = state.sort_values("period").drop_duplicates(["unit_code", "kpi_code"], keep="last")
    found = judge(newest, state, catalog)
    if found.empty:
        return pd.DataFrame(columns=columns)
    picked = newest.loc[found["at"].tolist(), KEYS].reset_index(drop=True)
    out = pd.concat([picked, found[["column", "message"]].reset_index(drop=True)], axis=1)
    unit_order = {u.code: i for i, u in enumerate(catalog.units)}
    kpi_order = {k.code: i for i, k in enumerate(catalog.kpis)}
    out = out.assign(_u=out["unit_code"].map(unit_order), _k=out["kpi_code"].map(kpi_order))
    return out.sort_values(["_u", "_k"], kind="stable")[columns].reset_index(drop=True)


def warnings_frame(warnings: list[QualityWarning]) -> pd.DataFrame:
    """The import preview's warning table (Vietnamese headers): the symbol and the word, not a colour."""
    labels = i18n.IMPORT_COLUMNS
    return pd.DataFrame(
        {
            i18n.QUALITY_KIND_COLUMN: [i18n.QUALITY_WARNING_WORD] * len(warnings),
            labels["file"]: [w.file for w in warnings],
            labels["row"]: ["—" if w.row is None else str(w.row) for w in warnings],
            labels["column"]: [w.column or "—" for w in warnings],
            i18n.QUALITY_COLUMNS["message"]: [w.message for w in warnings],
        }
    )
