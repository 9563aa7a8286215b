"""Judging task rows: progress reports (contract §2.2) and catalogue rows that add or change tasks
(§2.3). Pure: a table of text cells in, clean rows (or tasks) or every problem out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dtplan import i18n
from dtplan.domain.catalog import APPENDICES, Catalog, Task
from dtplan.ingest import bounds
from dtplan.ingest.cells import STATUS_WORDS, as_codes, column, fold, parse_dates, parse_numbers, parse_periods, vn_date
from dtplan.ingest.collector import Checked, Collector, duplicates, period_checks, required, submitted_checks
from dtplan.ingest.tables import CATALOGUE, COLUMNS, PROGRESS, Table

PROGRESS_COLUMNS = ("period", "task_code", "unit_code", "status", "progress", "submitted_at", "note")

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
    c = Collector(table)
    raw = {name: column(table, name) for name in PROGRESS_COLUMNS}
    required(c, raw, ("period", "task_code", "unit_code", "status", "progress", "submitted_at"), _PROGRESS_WHAT)
    periods = period_checks(c, raw["period"], parse_periods(raw["period"]), catalog)

    task = as_codes(raw["task_code"])
    unknown_task = (task != "") & ~task.isin(list(tasks))
    c.each(unknown_task, "task_code", lambda v: f"mã nhiệm vụ '{v}' không có trong danh mục nhiệm vụ", task)
    unit = as_codes(raw["unit_code"])
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

    status = raw["status"].map(lambda v: STATUS_WORDS.get(fold(v)) if v else None)
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
    submitted = bounds.refuse_before_period(c, submitted_checks(c, raw["submitted_at"], today), periods)
    bounds.refuse_too_long(c, raw, PROGRESS)
    frame = pd.DataFrame(
        {
            "period": periods,
            "task_code": task.where(known & ~not_involved),
            "unit_code": unit.where(known & ~not_involved),
        }
    )
    duplicates(
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
    c = Collector(table)
    raw = {name: column(table, name) for name in COLUMNS[CATALOGUE]}
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
    required(c, raw, tuple(what), what)
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
            c.add(int(row), "due", f"hạn hoàn thành {vn_date(due)} ở trước ngày bắt đầu {vn_date(start)}")
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
