"""Building the problem lines of one table, and the checks every kind of row shares (required cells,
the reporting period, the submission date, repeated keys), plus what a judged table yields (`Checked`).

Checks are column-wise (pandas), so a file of a million rows is judged in seconds; a message is built
only for the rows that fail. Every message says which value was found and what was expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dtplan.domain.catalog import Catalog, Task
from dtplan.domain.periods import period, previous_december
from dtplan.ingest.cells import parse_dates, vn_date
from dtplan.ingest.file_limits import MAX_ERRORS_PER_FILE
from dtplan.ingest.tables import COLUMNS, Problem, Table


@dataclass
class Checked:
    """What one table yields: clean rows (only when it has no problem) and every problem."""

    kind: str
    kpi: pd.DataFrame | None = None
    # KPI rows without an error of their own, also when others in the table have one: the rows the
    # data-quality warnings judge (a row that is an error is never also warned).
    sound: pd.DataFrame | None = None
    progress: pd.DataFrame | None = None
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        if self.kpi is not None:
            return len(self.kpi)
        if self.progress is not None:
            return len(self.progress)
        return len(self.tasks)


class Collector:
    """Builds Problem lines for one table; XLSX lines name the sheet at the start of the message."""

    def __init__(self, table: Table):
        self.table = table
        self.prefix = f"[trang {table.sheet}] " if table.sheet else ""
        self.problems: list[Problem] = []
        self.bad = pd.Series(False, index=table.frame.index)

    def header(self, name: str) -> str:
        return self.table.header(name) if name in self.table.columns else COLUMNS[self.table.kind][name]

    def add(self, row: int | None, name: str | None, message: str) -> None:
        column = self.header(name) if name else None
        order = self.table.columns.get(name, len(self.table.headers)) if name else -1
        self.problems.append(Problem(self.table.label, row, column, self.prefix + message, order))

    def each(self, mask: pd.Series, name: str, message, *values: pd.Series) -> None:
        """One problem per row where `mask` holds; `message(*row_values)` builds its text."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        self.bad |= mask
        rows = mask.index[mask.to_numpy()]
        if len(rows) > MAX_ERRORS_PER_FILE:  # the file is refused anyway: list the first rows, count the rest
            self.table.unlisted += len(rows) - MAX_ERRORS_PER_FILE
            rows = rows[:MAX_ERRORS_PER_FILE]
        picked = [v.loc[rows].tolist() for v in values]
        for i, row in enumerate(rows):
            self.add(int(row), name, message(*(p[i] for p in picked)))

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.row or 0, p.order))


def tag(table: Table, problems: list[Problem]) -> list[Problem]:
    """Name the sheet in problems found while reading an XLSX sheet (formula cells, bad headers)."""
    if not table.sheet:
        return list(problems)
    prefix = f"[trang {table.sheet}] "
    return [
        p if p.message.startswith(prefix) else Problem(p.file, p.row, p.column, prefix + p.message, p.order)
        for p in problems
    ]


def plan_periods(catalog: Catalog) -> list[str]:
    """The periods a report file may carry: the plan year's months and the December before (baseline)."""
    year = catalog.plan.year
    return [previous_december(year), *(period(year, m) for m in range(1, 13))]


def period_checks(c: Collector, raw: pd.Series, periods: pd.Series, catalog: Catalog) -> pd.Series:
    year = catalog.plan.year
    given = raw != ""
    c.each(
        given & periods.isna(),
        "period",
        lambda v: f"kỳ báo cáo '{v}' không đúng dạng YYYY-MM (ví dụ {year}-05)",
        raw,
    )
    outside = periods.notna() & ~periods.isin(plan_periods(catalog))
    c.each(
        outside,
        "period",
        lambda v: (
            f"kỳ báo cáo '{v}' nằm ngoài năm kế hoạch {year}: chỉ nhận {year}-01 đến {year}-12, "
            f"hoặc {previous_december(year)} (số liệu đầu kỳ)"
        ),
        periods,
    )
    return periods.where(~outside)


def submitted_checks(c: Collector, raw: pd.Series, today: dt.date) -> pd.Series:
    dates = parse_dates(raw)
    c.each(
        (raw != "") & dates.isna(),
        "submitted_at",
        lambda v: f"ngày gửi '{v}' không phải ngày hợp lệ: ghi dạng dd/mm/yyyy (20/05/2023) hoặc yyyy-mm-dd",
        raw,
    )
    future = dates.notna() & (dates > today.isoformat())
    c.each(
        future,
        "submitted_at",
        lambda v: f"ngày gửi {vn_date(v)} ở sau hôm nay ({vn_date(today.isoformat())}): không nhận ngày tương lai",
        dates,
    )
    return dates.where(~future)


def required(c: Collector, cells: dict[str, pd.Series], names: tuple[str, ...], what: dict[str, str]) -> None:
    for name in names:
        if name not in c.table.columns:
            continue
        c.each(cells[name] == "", name, lambda _v, n=name: f"ô trống: cần ghi {what[n]}", cells[name])


def duplicates(c: Collector, frame: pd.DataFrame, keys: list[str], column: str, describe) -> None:
    complete = frame[keys].notna().all(axis=1)
    if not complete.any():
        return
    sub = frame.loc[complete, keys]
    dup = sub.duplicated(keep="first")
    if not dup.any():
        return
    first = {
        tuple(k): int(r) for r, k in zip(sub.index[~dup], sub.loc[~dup].itertuples(index=False, name=None), strict=True)
    }
    for row, key in zip(sub.index[dup], sub.loc[dup].itertuples(index=False, name=None), strict=True):
        c.bad.loc[row] = True
        c.add(int(row), column, f"trùng {describe(*key)} với dòng {first[tuple(key)]}: mỗi bộ chỉ ghi một dòng")
