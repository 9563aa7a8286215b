"""Limits on the values a report file may carry, beyond contract §2's list: finite numbers within a sane
bound, a submission date not before its period, text that fits its database column, and one
(period, unit, KPI) — or (period, task, unit) — per import command. Pure: pandas in, problems out.

Each check takes validation's collector (`c.each` / `c.add` build FILE:ROW:COLUMN lines).
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from dtplan.domain.limits import MAX_FIGURE, MAX_FIGURE_TEXT, TASK_CODE_LENGTH
from dtplan.ingest.readers import CATALOGUE, KPI, PROGRESS, Problem

# Free-text and open-ended cells, by file kind -> the most characters their database column holds (None:
# unbounded text). Cells checked against a closed list (unit, KPI and task codes, periods, statuses,
# appendices) are refused by their own check, so only these can be too long for the database. The lengths
# are the schema's own (dtplan.domain.limits); MAX_FIGURE's reason is written there too.
STORED: dict[str, dict[str, int | None]] = {
    KPI: {"note": None},
    PROGRESS: {"note": None},
    CATALOGUE: {"code": TASK_CODE_LENGTH, "section": None, "title": None, "product": None},
}


def _shown(text: str, limit: int = 24) -> str:
    """A long cell is quoted by its start and its length, not in full."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} ký tự)"


def refuse_huge(c, values: pd.Series, raw: pd.Series, name: str, label: str) -> pd.Series:
    """Refuse values above MAX_FIGURE (a number of hundreds of digits parses as +Infinity); returns the
    values with those rows blanked, so later comparisons do not report them a second time."""
    huge = values > MAX_FIGURE
    c.each(
        huge,
        name,
        lambda v: f"{label} '{_shown(v)}' quá lớn: chỉ nhận số từ 0 đến {MAX_FIGURE_TEXT}",
        raw,
    )
    return values.where(~huge)


def refuse_before_period(c, submitted: pd.Series, periods: pd.Series) -> pd.Series:
    """A report of a period cannot be sent before the period starts (a backdated correction would
    otherwise rewrite the period's on-time record)."""
    first_day = periods + "-01"
    early = submitted.notna() & periods.notna() & (submitted < first_day)
    c.each(
        early,
        "submitted_at",
        lambda d, p: (
            f"ngày gửi {d[8:10]}/{d[5:7]}/{d[0:4]} ở trước kỳ báo cáo {p} (bắt đầu 01/{p[5:7]}/{p[0:4]}): "
            "báo cáo của một kỳ không thể gửi trước ngày đầu kỳ"
        ),
        submitted,
        periods,
    )
    return submitted.where(~early)


def refuse_too_long(c, raw: dict[str, pd.Series], kind: str) -> None:
    """Cells longer than their database column: refused the same way on SQLite (which would store
    them) and PostgreSQL (which would fail the whole import without saying where)."""
    for name, length in STORED[kind].items():
        if not length or name not in c.table.columns:
            continue
        cells = raw[name]
        c.each(
            cells.str.len() > length,
            name,
            lambda v, n=length: f"giá trị '{_shown(v)}' quá dài: tối đa {n} ký tự",
            cells,
        )


class Repeats:
    """The keys already given by earlier files of one import command: the same (period, unit, KPI) or
    (period, task, unit) in two files is an error naming both, never a silent "last file wins"."""

    KEYS: ClassVar[dict] = {
        KPI: (["period", "unit_code", "kpi_code"], "kpi_code", "kỳ {}, đơn vị {}, chỉ tiêu {}"),
        PROGRESS: (["period", "task_code", "unit_code"], "task_code", "kỳ {}, nhiệm vụ {}, đơn vị {}"),
    }

    def __init__(self):
        self.seen: dict[str, list[tuple[str, pd.DataFrame]]] = {KPI: [], PROGRESS: []}

    def check(self, name: str, table, frame: pd.DataFrame | None) -> list[Problem]:
        """Problems for `frame`'s rows whose key an earlier file gave; then remember `frame` (a reference:
        the clean rows are kept for loading anyway)."""
        if frame is None or table.kind not in self.KEYS:
            return []
        keys, column, describe = self.KEYS[table.kind]
        header = table.header(column) if column in table.columns else column
        order = table.columns.get(column, 0)
        problems = []
        reported: set[int] = set()
        for other, earlier in self.seen[table.kind]:
            hits = (
                frame[keys]
                .reset_index(names="row")
                .merge(earlier[keys].reset_index(names="row"), on=keys, suffixes=("", "_other"))
            )
            for row, other_row, *key in hits[["row", "row_other", *keys]].itertuples(index=False, name=None):
                if int(row) in reported:
                    continue
                reported.add(int(row))
                message = f"trùng {describe.format(*key)} với {other} dòng {int(other_row)}: mỗi bộ chỉ ghi một lần"
                problems.append(Problem(name, int(row), header, message, order))
        self.seen[table.kind].append((name, frame))
        return problems
