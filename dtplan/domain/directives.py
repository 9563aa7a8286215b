"""Directives ("kết luận chỉ đạo", contract §7): the pure rules — what a directive may be about, whom it may
be given to, its due date and text, its status on a day, and who may add or update one.

Two kinds of refusal, as on the command line: `UnknownCode` for a code the plan does not have (a wrong
call, exit 2) and `DirectiveError` for input that is refused (exit 1). Messages are one Vietnamese line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from dtplan.domain.access import ADMIN, LEADER, UNIT, Viewer
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import parse_period

KPI, TASK, UNIT_KIND = "kpi", "task", "unit"
ABOUT_KINDS = (KPI, TASK, UNIT_KIND)
OPEN, DONE, OVERDUE = "open", "done", "overdue"
STATUSES = (OPEN, DONE, OVERDUE)
ADD, DONE_ACTION, REOPEN, PROGRESS = "add", "done", "reopen", "progress"
MAX_LENGTH = 2000
ABOUT_NAMES = {KPI: "chỉ tiêu", TASK: "nhiệm vụ", UNIT_KIND: "đơn vị"}


class DirectiveError(ValueError):
    """Input refused (exit 1 on the command line); the message is in Vietnamese."""


class UnknownCode(DirectiveError):
    """A KPI, task or unit code the plan does not have, or an unknown directive id (exit 2)."""


def parse_about(value: str) -> tuple[str, str]:
    """'kpi:T12' -> ('kpi', 'T12'); the kind is one of kpi, task, unit."""
    kind, sep, code = str(value or "").strip().partition(":")
    kind, code = kind.strip().lower(), code.strip()
    if not sep or kind not in ABOUT_KINDS or not code:
        raise UnknownCode(f"--about: '{value}' không đúng dạng kpi:MÃ, task:MÃ hoặc unit:MÃ")
    return kind, code


def check_about(catalog: Catalog, kind: str, code: str) -> None:
    known = {KPI: catalog.kpis_by_code, TASK: {t.code for t in catalog.tasks}, UNIT_KIND: catalog.units_by_code}
    if kind not in known:
        raise UnknownCode(f"Loại đối tượng '{kind}' không hợp lệ; chỉ nhận kpi, task, unit")
    if code not in known[kind]:
        raise UnknownCode(f"Không có {ABOUT_NAMES[kind]} mã '{code}' trong kế hoạch")


def assignable(catalog: Catalog, code: str) -> bool:
    """A directive goes to a unit directly under the province: an agency, a district, or — in a plan without
    districts — a commune. Never the province itself, never a commune under a district."""
    unit = catalog.units_by_code.get(code)
    return unit is not None and unit.kind != "province" and unit.parent == catalog.plan.province


def assignees(catalog: Catalog) -> list[str]:
    return [u.code for u in catalog.units if assignable(catalog, u.code)]


def check_assignee(catalog: Catalog, code: str) -> None:
    if code not in catalog.units_by_code:
        raise UnknownCode(f"--to: không có đơn vị mã '{code}' trong kế hoạch")
    if not assignable(catalog, code):
        raise DirectiveError(
            f"--to: đơn vị '{code}' không nhận được kết luận chỉ đạo; "
            "chỉ giao cho sở, ngành hoặc huyện (xã) trực thuộc tỉnh"
        )


def first_day(meeting: str) -> dt.date:
    year, month = parse_period(meeting)
    return dt.date(year, month, 1)


def parse_due(value: str | dt.date, meeting: str) -> dt.date:
    """A real date (YYYY-MM-DD), not before the first day of the meeting's month."""
    if isinstance(value, dt.datetime):
        due = value.date()
    elif isinstance(value, dt.date):
        due = value
    else:
        try:
            due = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise DirectiveError(f"--due: '{value}' không phải ngày dạng YYYY-MM-DD") from None
    start = first_day(meeting)
    if due < start:
        raise DirectiveError(f"--due: hạn {due:%d/%m/%Y} trước ngày đầu tháng của cuộc họp ({start:%d/%m/%Y})")
    return due


def clean_text(text: str, what: str = "Nội dung kết luận chỉ đạo", required: bool = True) -> str:
    """NFC, trimmed, line ends unified; refuse empty (when required), too long, or control characters."""
    value = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not value:
        raise DirectiveError(f"{what} không được để trống")
    if len(value) > MAX_LENGTH:
        raise DirectiveError(f"{what} dài tối đa {MAX_LENGTH} ký tự (hiện có {len(value)})")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise DirectiveError(f"{what} chỉ nhận văn bản thuần (có ký tự điều khiển không hợp lệ)")
    return value


def status(done_at: dt.datetime | None, due: dt.date, today: dt.date) -> str:
    """`done`, else `overdue` when the due day is before today, else `open` (contract §7)."""
    if done_at is not None:
        return DONE
    return OVERDUE if due < today else OPEN


def may_add(viewer: Viewer | None) -> bool:
    """A leader or an admin records a meeting's directives."""
    return viewer is not None and viewer.role in (ADMIN, LEADER)


def may_update(viewer: Viewer | None, to: str) -> bool:
    """An admin, or a unit user of the directive's own unit, records progress, marks it done or reopens it."""
    if viewer is None:
        return False
    return viewer.role == ADMIN or (viewer.role == UNIT and viewer.unit_code == to)


def next_state(current_done: bool, action: str) -> None:
    """Done only what is open, reopen only what is done (a repeated click stores nothing twice)."""
    if action == DONE_ACTION and current_done:
        raise DirectiveError("Kết luận chỉ đạo này đã được đánh dấu hoàn thành")
    if action == REOPEN and not current_done:
        raise DirectiveError("Kết luận chỉ đạo này đang mở; chỉ mở lại được kết luận đã hoàn thành")
