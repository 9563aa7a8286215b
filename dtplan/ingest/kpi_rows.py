"""Judging KPI report rows (contract §2.1): period, unit, KPI, numerator and denominator, submission
date. Pure: a table of text cells in, clean rows or every problem out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pandas as pd

from dtplan import i18n
from dtplan.domain.catalog import Catalog
from dtplan.ingest import bounds
from dtplan.ingest.cells import as_codes, column, parse_numbers, parse_periods, per_pair
from dtplan.ingest.collector import Checked, Collector, duplicates, period_checks, required, submitted_checks
from dtplan.ingest.quality import KEYS
from dtplan.ingest.tables import KPI, Table

KPI_COLUMNS = ("period", "unit_code", "kpi_code", "numerator", "denominator", "submitted_at", "note")

_KPI_WHAT = {
    "period": "kỳ báo cáo (YYYY-MM)",
    "unit_code": "mã đơn vị",
    "kpi_code": "mã chỉ tiêu",
    "numerator": "tử số (số ≥ 0)",
    "denominator": "mẫu số (số > 0)",
    "submitted_at": "ngày gửi (dd/mm/yyyy)",
}


def check_kpi(table: Table, catalog: Catalog, today: dt.date) -> Checked:
    c = Collector(table)
    raw = {name: column(table, name) for name in KPI_COLUMNS}
    units = catalog.units_by_code
    kpis = catalog.kpis_by_code
    required(c, raw, ("period", "unit_code", "kpi_code", "numerator", "submitted_at"), _KPI_WHAT)

    periods = period_checks(c, raw["period"], parse_periods(raw["period"]), catalog)

    unit = as_codes(raw["unit_code"])
    unknown_unit = (unit != "") & ~unit.isin(list(units))
    c.each(unknown_unit, "unit_code", lambda v: f"mã đơn vị '{v}' không có trong danh mục đơn vị của kế hoạch", unit)
    kpi = as_codes(raw["kpi_code"])
    unknown_kpi = (kpi != "") & ~kpi.isin(list(kpis))
    codes = ", ".join(kpis)
    c.each(unknown_kpi, "kpi_code", lambda v: f"mã chỉ tiêu '{v}' không có trong kế hoạch (các mã: {codes})", kpi)

    known = (unit != "") & (kpi != "") & ~unknown_unit & ~unknown_kpi
    sends = per_pair(
        unit,
        kpi,
        lambda kind, k: kind is None or k not in kpis or kpis[k].sent_by(kind),
        left_as=lambda u: units[u].kind if u in units else None,
    )
    wrong_level = known & ~sends

    def _level_message(u: str, k: str) -> str:
        levels = ", ".join(i18n.UNIT_KIND_LABEL.get(lvl, lvl) for lvl in kpis[k].levels)
        own = i18n.UNIT_KIND_LABEL.get(units[u].kind, units[u].kind)
        extra = f" (ghi mã tỉnh {catalog.plan.province})" if kpis[k].sent_by("province") else ""
        return f"đơn vị '{u}' ({own}) không báo cáo chỉ tiêu {k}: chỉ tiêu này do {levels} báo cáo{extra}"

    c.each(wrong_level, "unit_code", _level_message, unit, kpi)

    is_count = kpi.isin([code for code, k in kpis.items() if k.unit == "count"])
    is_percent = kpi.isin([code for code, k in kpis.items() if k.unit == "percent"])

    numerator = parse_numbers(raw["numerator"])
    c.each(
        (raw["numerator"] != "") & numerator.isna(),
        "numerator",
        lambda v: f"tử số '{v}' không phải là số (ghi số, ví dụ 125 hoặc 12,5)",
        raw["numerator"],
    )
    numerator = bounds.refuse_huge(c, numerator, raw["numerator"], "numerator", "tử số")
    c.each(numerator < 0, "numerator", lambda v: f"tử số '{v}' là số âm: phải ≥ 0", raw["numerator"])
    for name, what in (("numerator", "tử số"), ("denominator", "mẫu số")):  # counts, never a rate
        c.each(
            raw[name].str.endswith("%"),  # cells come stripped (tables.finish)
            name,
            lambda v, what=what: f"{what} '{v}' có dấu %: ghi số đếm (ví dụ 30 hồ sơ trên 120), không ghi tỷ lệ",
            raw[name],
        )

    denominator = parse_numbers(raw["denominator"])
    den_given = raw["denominator"] != ""
    c.each(
        is_percent & ~den_given & (raw["denominator"] == ""),
        "denominator",
        lambda k: f"ô trống: chỉ tiêu {k} tính theo tỷ lệ (%), cần ghi mẫu số (số > 0)",
        kpi,
    )
    c.each(
        den_given & denominator.isna(),
        "denominator",
        lambda v: f"mẫu số '{v}' không phải là số (ghi số, ví dụ 400 hoặc 12,5)",
        raw["denominator"],
    )
    denominator = bounds.refuse_huge(c, denominator, raw["denominator"], "denominator", "mẫu số")
    c.each(denominator < 0, "denominator", lambda v: f"mẫu số '{v}' là số âm: phải > 0", raw["denominator"])
    c.each(
        is_percent & (denominator == 0),
        "denominator",
        lambda v: f"mẫu số bằng 0 ('{v}'): phải lớn hơn 0",
        raw["denominator"],
    )
    c.each(
        is_count & den_given,
        "denominator",
        lambda k, v: f"chỉ tiêu {k} là chỉ tiêu đếm (số lượng), không có mẫu số: để trống ô này (đang ghi '{v}')",
        kpi,
        raw["denominator"],
    )
    c.each(
        is_percent & (numerator > denominator) & (denominator > 0),
        "numerator",
        lambda n, d: f"tử số {n} lớn hơn mẫu số {d}: tử số phải ≤ mẫu số",
        raw["numerator"],
        raw["denominator"],
    )

    submitted = bounds.refuse_before_period(c, submitted_checks(c, raw["submitted_at"], today), periods)
    bounds.refuse_too_long(c, raw, KPI)

    frame = pd.DataFrame(
        {
            "period": periods,
            "unit_code": unit.where(known & ~wrong_level),
            "kpi_code": kpi.where(known & ~wrong_level),
        }
    )
    duplicates(
        c,
        frame,
        KEYS,
        "kpi_code",
        lambda p, u, k: f"kỳ {p}, đơn vị {u}, chỉ tiêu {k}",
    )
    problems = c.sorted()
    frame["numerator"] = numerator
    frame["denominator"] = denominator.where(is_percent)
    frame["submitted_at"] = submitted
    frame["note"] = raw["note"]
    frame.index.name = "row"
    if problems:
        return Checked(KPI, problems=problems, sound=frame[~c.bad])
    return Checked(KPI, kpi=frame, sound=frame)


STREAM_ROWS = 100_000  # a KPI table from this many rows may be judged, and its clean rows handed on, in chunks
# The chunks' shares of such a table: a small first one, so the writer starts early, then larger ones (each
# chunk's check has a fixed cost). 1 M rows on two cores, in a warm process: halves 1.79 s to the commit, these
# 1.67 s (medians of five); in bench_import's fresh processes 0.2/0.4/0.4, 0.15/0.35/0.3/0.2 and 0.2/0.5/0.3 all
# came out at 0.414× of a plain COPY (four pairs each): what is left is the CPU's work, not its order.
CHUNK_SHARES = (0.2, 0.4, 0.4)


def check_kpi_in_chunks(table: Table, catalog: Catalog, today: dt.date, send) -> Checked:
    """check_kpi, a chunk of rows at a time (CHUNK_SHARES): each clean chunk goes to send(rows, total rows)
    before the next is judged, so a writer can load it meanwhile.

    Every rule but one looks at a row alone, so the chunks are clean exactly when the table is, unless a
    key repeats across chunks; at the first problem, or such a repeat, the whole table is judged again by
    check_kpi, so a refusal reads the same either way (the rows already sent are refused with the batch).
    """
    total = len(table.frame)
    cuts = sorted({0, total, *(round(total * sum(CHUNK_SHARES[:i])) for i in range(1, len(CHUNK_SHARES)))})
    frames = []
    for start, stop in itertools.pairwise(cuts):
        part = check_kpi(replace(table, frame=table.frame.iloc[start:stop], problems=[]), catalog, today)
        if part.problems:
            return check_kpi(table, catalog, today)
        send(part.kpi, total)
        frames.append(part.kpi)
    whole = pd.concat(frames)
    if whole.duplicated(KEYS).any():
        return check_kpi(table, catalog, today)
    return Checked(KPI, kpi=whole, sound=whole)
