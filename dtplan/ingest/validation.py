"""Judging the rows of report files (contract §2): pure functions from text tables to clean frames and
a list of every problem found — no database, no Streamlit.

Checks are column-wise (pandas), so a file of a million rows is judged in seconds; a message is built
only for the rows that fail. Every message says which value was found and what was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dtplan import i18n
from dtplan.domain.catalog import APPENDICES, Catalog, Task
from dtplan.domain.periods import period, previous_december
from dtplan.ingest import bounds
from dtplan.ingest.file_limits import MAX_ERRORS_PER_FILE
from dtplan.ingest.readers import CATALOGUE, COLUMNS, KPI, PROGRESS, Problem, Table

KPI_COLUMNS = ("period", "unit_code", "kpi_code", "numerator", "denominator", "submitted_at", "note")
PROGRESS_COLUMNS = ("period", "task_code", "unit_code", "status", "progress", "submitted_at", "note")

UNIT_KIND_LABEL = {
    "province": "cấp tỉnh",
    "agency": "sở, ban, ngành",
    "district": "huyện, thành phố",
    "commune": "xã, phường, thị trấn",
}


def _fold(text: str) -> str:
    """Case-, space- and accent-insensitive form of a word ("Hoàn thành" == "hoan thanh")."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("_", " ").split()).casefold()


# Status words of contract §2.2: the codes and the Vietnamese words (with or without accents).
STATUS_WORDS: dict[str, str] = {}
for _code, _word in i18n.PROGRESS_STATUS.items():
    STATUS_WORDS[_fold(_code)] = _code
    STATUS_WORDS[_fold(_word)] = _code


@dataclass
class Checked:
    """What one table yields: clean rows (only when it has no problem) and every problem."""

    kind: str
    kpi: pd.DataFrame | None = None
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


class _Collector:
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


# --- cell parsers (vectorised) ------------------------------------------------------------------------


def _cells(table: Table, name: str) -> pd.Series:
    if name in table.columns:
        return table.frame[table.columns[name]].astype("str")
    return pd.Series("", index=table.frame.index, dtype="str")


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


def _codes(cells: pd.Series) -> pd.Series:
    return cells.str.upper()


def plan_periods(catalog: Catalog) -> list[str]:
    year = catalog.plan.year
    return [previous_december(year), *(period(year, m) for m in range(1, 13))]


def _period_checks(c: _Collector, raw: pd.Series, periods: pd.Series, catalog: Catalog) -> pd.Series:
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


def _submitted_checks(c: _Collector, raw: pd.Series, today: dt.date) -> pd.Series:
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
        lambda v: f"ngày gửi {_vn_date(v)} ở sau hôm nay ({_vn_date(today.isoformat())}): không nhận ngày tương lai",
        dates,
    )
    return dates.where(~future)


def _vn_date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def _required(c: _Collector, cells: dict[str, pd.Series], names: tuple[str, ...], what: dict[str, str]) -> None:
    for name in names:
        if name not in c.table.columns:
            continue
        c.each(cells[name] == "", name, lambda _v, n=name: f"ô trống: cần ghi {what[n]}", cells[name])


def _duplicates(c: _Collector, frame: pd.DataFrame, keys: list[str], column: str, describe) -> None:
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


# --- KPI rows (§2.1) ------------------------------------------------------------------------------------

_KPI_WHAT = {
    "period": "kỳ báo cáo (YYYY-MM)",
    "unit_code": "mã đơn vị",
    "kpi_code": "mã chỉ tiêu",
    "numerator": "tử số (số ≥ 0)",
    "denominator": "mẫu số (số > 0)",
    "submitted_at": "ngày gửi (dd/mm/yyyy)",
}


def check_kpi(table: Table, catalog: Catalog, today: dt.date) -> Checked:
    c = _Collector(table)
    raw = {name: _cells(table, name) for name in KPI_COLUMNS}
    units = catalog.units_by_code
    kpis = catalog.kpis_by_code
    _required(c, raw, ("period", "unit_code", "kpi_code", "numerator", "submitted_at"), _KPI_WHAT)

    periods = _period_checks(c, raw["period"], parse_periods(raw["period"]), catalog)

    unit = _codes(raw["unit_code"])
    unknown_unit = (unit != "") & ~unit.isin(list(units))
    c.each(unknown_unit, "unit_code", lambda v: f"mã đơn vị '{v}' không có trong danh mục đơn vị của kế hoạch", unit)
    kpi = _codes(raw["kpi_code"])
    unknown_kpi = (kpi != "") & ~kpi.isin(list(kpis))
    codes = ", ".join(kpis)
    c.each(unknown_kpi, "kpi_code", lambda v: f"mã chỉ tiêu '{v}' không có trong kế hoạch (các mã: {codes})", kpi)

    known = (unit != "") & (kpi != "") & ~unknown_unit & ~unknown_kpi
    kind = unit.map({code: u.kind for code, u in units.items()})
    pairs = [f"{lvl}|{k.code}" for k in kpis.values() for lvl in k.levels]
    wrong_level = known & ~(kind.fillna("") + "|" + kpi).isin(pairs)

    def _level_message(u: str, k: str) -> str:
        levels = ", ".join(UNIT_KIND_LABEL.get(lvl, lvl) for lvl in kpis[k].levels)
        own = UNIT_KIND_LABEL.get(units[u].kind, units[u].kind)
        extra = f" (ghi mã tỉnh {catalog.plan.province})" if "province" in kpis[k].levels else ""
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
            raw[name].str.strip().str.endswith("%"),
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

    submitted = bounds.refuse_before_period(c, _submitted_checks(c, raw["submitted_at"], today), periods)
    bounds.refuse_too_long(c, raw, KPI)

    frame = pd.DataFrame(
        {
            "period": periods,
            "unit_code": unit.where(known & ~wrong_level),
            "kpi_code": kpi.where(known & ~wrong_level),
        }
    )
    _duplicates(
        c,
        frame,
        ["period", "unit_code", "kpi_code"],
        "kpi_code",
        lambda p, u, k: f"kỳ {p}, đơn vị {u}, chỉ tiêu {k}",
    )
    problems = c.sorted()
    if problems:
        return Checked(KPI, problems=problems)
    frame["numerator"] = numerator
    frame["denominator"] = denominator.where(is_percent)
    frame["submitted_at"] = submitted
    frame["note"] = raw["note"]
    frame.index.name = "row"
    return Checked(KPI, kpi=frame)


# --- task progress rows (§2.2) ----------------------------------------------------------------------------

_PROGRESS_WHAT = {
    "period": "kỳ báo cáo (YYYY-MM)",
    "task_code": "mã nhiệm vụ",
    "unit_code": "mã đơn vị",
    "status": "trạng thái (Chưa triển khai, Đang thực hiện, Hoàn thành hoặc Tạm dừng)",
    "progress": "tiến độ (số từ 0 đến 100)",
    "submitted_at": "ngày gửi (dd/mm/yyyy)",
}


def check_progress(table: Table, catalog: Catalog, tasks: dict[str, Task], today: dt.date) -> Checked:
    """`tasks`: the catalogue's tasks, with those a catalogue file of the same import adds or changes."""
    c = _Collector(table)
    raw = {name: _cells(table, name) for name in PROGRESS_COLUMNS}
    _required(c, raw, ("period", "task_code", "unit_code", "status", "progress", "submitted_at"), _PROGRESS_WHAT)
    periods = _period_checks(c, raw["period"], parse_periods(raw["period"]), catalog)

    task = _codes(raw["task_code"])
    unknown_task = (task != "") & ~task.isin(list(tasks))
    c.each(unknown_task, "task_code", lambda v: f"mã nhiệm vụ '{v}' không có trong danh mục nhiệm vụ", task)
    unit = _codes(raw["unit_code"])
    unknown_unit = (unit != "") & ~unit.isin(list(catalog.units_by_code))
    c.each(unknown_unit, "unit_code", lambda v: f"mã đơn vị '{v}' không có trong danh mục đơn vị của kế hoạch", unit)
    known = (task != "") & (unit != "") & ~unknown_task & ~unknown_unit
    pairs = [f"{t.code}|{u}" for t in tasks.values() for u in (t.lead, *t.partners)]
    not_involved = known & ~(task + "|" + unit).isin(pairs)

    def _involved_message(t: str, u: str) -> str:
        return (
            f"đơn vị '{u}' không chủ trì hay phối hợp nhiệm vụ {t} (chủ trì: {tasks[t].lead}): "
            "chỉ báo cáo nhiệm vụ đơn vị mình chủ trì hoặc phối hợp"
        )

    c.each(not_involved, "unit_code", _involved_message, task, unit)

    status = raw["status"].map(lambda v: STATUS_WORDS.get(_fold(v)) if v else None)
    words = ", ".join(i18n.PROGRESS_STATUS.values())
    c.each(
        (raw["status"] != "") & status.isna(),
        "status",
        lambda v: f"trạng thái '{v}' không hợp lệ: chỉ nhận {words} (hoặc mã chua_trien_khai, dang_thuc_hien, ...)",
        raw["status"],
    )
    progress = parse_numbers(raw["progress"])
    c.each(
        (raw["progress"] != "") & progress.isna(),
        "progress",
        lambda v: f"tiến độ '{v}' không phải là số: ghi số phần trăm từ 0 đến 100",
        raw["progress"],
    )
    c.each(
        (progress < 0) | (progress > 100),
        "progress",
        lambda v: f"tiến độ '{v}' ngoài khoảng 0–100",
        raw["progress"],
    )
    c.each(
        (status == "hoan_thanh") & progress.between(0, 100) & (progress != 100),
        "progress",
        lambda v: f"trạng thái Hoàn thành thì tiến độ phải là 100, đang ghi '{v}'",
        raw["progress"],
    )
    submitted = bounds.refuse_before_period(c, _submitted_checks(c, raw["submitted_at"], today), periods)
    bounds.refuse_too_long(c, raw, PROGRESS)
    frame = pd.DataFrame(
        {
            "period": periods,
            "task_code": task.where(known & ~not_involved),
            "unit_code": unit.where(known & ~not_involved),
        }
    )
    _duplicates(
        c,
        frame,
        ["period", "task_code", "unit_code"],
        "task_code",
        lambda p, t, u: f"kỳ {p}, nhiệm vụ {t}, đơn vị {u}",
    )
    problems = c.sorted()
    if problems:
        return Checked(PROGRESS, problems=problems)
    frame["status"] = status
    frame["progress"] = progress
    frame["submitted_at"] = submitted
    frame["note"] = raw["note"]
    frame.index.name = "row"
    return Checked(PROGRESS, progress=frame)


# --- task catalogue rows (§2.3) ------------------------------------------------------------------------


def check_catalogue(table: Table, catalog: Catalog) -> Checked:
    c = _Collector(table)
    raw = {name: _cells(table, name) for name in COLUMNS[CATALOGUE]}
    units = catalog.units_by_code
    starts = parse_dates(raw["start"])
    dues = parse_dates(raw["due"])
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    what = {
        "code": "mã nhiệm vụ",
        "appendix": "phụ lục (01, 02 hoặc 03)",
        "title": "tên nhiệm vụ",
        "lead": "mã đơn vị chủ trì",
        "start": "ngày bắt đầu (dd/mm/yyyy)",
        "due": "hạn hoàn thành (dd/mm/yyyy)",
    }
    _required(c, raw, tuple(what), what)
    bounds.refuse_too_long(c, raw, CATALOGUE)
    for row in table.frame.index:
        cell = {name: raw[name].loc[row] for name in raw}
        ok = all(cell[name] for name in what)
        code = cell["code"].upper()
        if code:
            if code in seen:
                c.add(int(row), "code", f"mã nhiệm vụ '{code}' bị trùng với dòng {seen[code]}")
                ok = False
            else:
                seen[code] = int(row)
        appendix = cell["appendix"].zfill(2) if cell["appendix"].isdigit() else cell["appendix"]
        if cell["appendix"] and appendix not in APPENDICES:
            c.add(int(row), "appendix", f"phụ lục '{cell['appendix']}' không hợp lệ: chỉ nhận {', '.join(APPENDICES)}")
            ok = False
        lead = cell["lead"].upper()
        if lead and lead not in units:
            c.add(int(row), "lead", f"đơn vị chủ trì '{cell['lead']}' không có trong danh mục đơn vị của kế hoạch")
            ok = False
        partners = [p.strip().upper() for p in cell["partners"].replace(",", ";").split(";") if p.strip()]
        unknown = [p for p in partners if p not in units]
        if unknown:
            c.add(
                int(row),
                "partners",
                f"đơn vị phối hợp {', '.join(repr(p) for p in unknown)} không có trong danh mục đơn vị "
                "(ghi các mã đơn vị, cách nhau bằng dấu ;)",
            )
            ok = False
        start, due = starts.loc[row], dues.loc[row]
        for name, value in (("start", start), ("due", due)):
            if cell[name] and pd.isna(value):
                c.add(
                    int(row), name, f"ngày '{cell[name]}' không phải ngày hợp lệ: ghi dạng dd/mm/yyyy hoặc yyyy-mm-dd"
                )
                ok = False
        if isinstance(start, str) and isinstance(due, str) and due < start:
            c.add(int(row), "due", f"hạn hoàn thành {_vn_date(due)} ở trước ngày bắt đầu {_vn_date(start)}")
            ok = False
        if ok:
            tasks.append(
                Task(
                    code=code,
                    appendix=appendix,
                    section=cell["section"],
                    title=cell["title"],
                    lead=lead,
                    partners=tuple(dict.fromkeys(p for p in partners if p != lead)),
                    start=dt.date.fromisoformat(start),
                    due=dt.date.fromisoformat(due),
                    product=cell["product"],
                    illustrative=False,
                )
            )
    problems = c.sorted()
    if problems:
        return Checked(CATALOGUE, problems=problems)
    return Checked(CATALOGUE, tasks=tasks)
