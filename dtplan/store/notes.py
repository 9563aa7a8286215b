"""Leaders' notes ("ý kiến chỉ đạo") on a KPI, a task or a unit for a month.

Writing: only a leader or an admin (checked here, whatever the page shows). Plain text, at most
MAX_LENGTH characters, no control characters; the author and the time are kept and never edited.

Reading (every read takes the viewer's Scope):
- a note on a KPI is province-level and readable by everyone; in a unit's scope only notes on KPIs that
  apply to that unit are listed (the others are not about it);
- a note on a unit is readable within a scope that holds the unit (the unit itself, its district for
  a commune, leaders and admins);
- a note on a task is readable by whoever sees the task (its lead and partners, leaders, admins);
- and, whatever its target, a unit user reads a note only when its author marked it "visible to
  units" (`visible_to_units`; the default is leaders only). Leaders and admins read every note. Without
  a viewer (the operator's CLI export), a unit's scope gets only the notes marked for units: a unit's
  brief may be handed to that unit.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dtplan import i18n
from dtplan.domain.access import (
    ADMIN,
    LEADER,
    AccessDenied,
    Scope,
    Viewer,
    kpi_applies,
    require_scope,
    tasks_in_scope,
)
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import parse_period
from dtplan.store.audit import record_audit
from dtplan.store.engine import transaction
from dtplan.store.models import NoteRow, UserRow

KPI, TASK, UNIT = "kpi", "task", "unit"
KINDS = (KPI, TASK, UNIT)
MAX_LENGTH = 2000
WRITERS = (ADMIN, LEADER)


class NoteError(ValueError):
    """A note that cannot be saved; the message is in Vietnamese."""


def may_write(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.role in WRITERS


def clean_text(text: str) -> str:
    """NFC, trimmed, line ends unified; refuse empty, too long, or control characters."""
    value = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise NoteError("Nội dung ý kiến chỉ đạo không được để trống")
    if len(value) > MAX_LENGTH:
        raise NoteError(f"Ý kiến chỉ đạo dài tối đa {MAX_LENGTH} ký tự (hiện có {len(value)})")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise NoteError("Ý kiến chỉ đạo chỉ nhận văn bản thuần (có ký tự điều khiển không hợp lệ)")
    return value


def check_target(catalog: Catalog, kind: str, code: str) -> None:
    known = {
        KPI: catalog.kpis_by_code,
        TASK: {t.code for t in catalog.tasks},
        UNIT: catalog.units_by_code,
    }
    if kind not in known:
        raise NoteError(f"Loại đối tượng '{kind}' không hợp lệ; chỉ nhận {', '.join(KINDS)}")
    if code not in known[kind]:
        raise NoteError(f"Không có {i18n.NOTE_KIND[kind].lower()} mã '{code}' trong kế hoạch")


def add_note(
    engine: Engine,
    catalog: Catalog,
    viewer: Viewer,
    kind: str,
    code: str,
    period: str,
    text: str,
    now: dt.datetime | None = None,
    visible_to_units: bool = False,
) -> int:
    """Save a note and record it in the audit log; return its id. Leaders only unless
    `visible_to_units`."""
    if not may_write(viewer):
        raise AccessDenied("Chỉ lãnh đạo hoặc quản trị được ghi ý kiến chỉ đạo")
    code = str(code or "").strip()
    check_target(catalog, kind, code)
    try:
        year, _month = parse_period(period)
    except ValueError:
        raise NoteError(f"Kỳ '{period}' không đúng dạng YYYY-MM") from None
    if year != catalog.plan.year:
        raise NoteError(f"Kỳ {period} nằm ngoài năm kế hoạch {catalog.plan.year}")
    value = clean_text(text)
    with transaction(engine) as session:
        row = NoteRow(
            target_kind=kind,
            target_code=code,
            period=period,
            author=viewer.username,
            created_at=(now or dt.datetime.now()).replace(microsecond=0),
            text=value,
            visible_to_units=bool(visible_to_units),
        )
        session.add(row)
        session.flush()
        detail = {"id": row.id, "kind": kind, "code": code, "period": period, "units": bool(visible_to_units)}
        record_audit(session, viewer.username, "note", detail)
        return row.id


def visible(catalog: Catalog, scope: Scope, kind: str, code: str) -> bool:
    """The reading rule of this module's docstring."""
    scope = require_scope(scope)
    if scope.is_all:
        return True
    if kind == KPI:
        kpi = catalog.kpis_by_code.get(code)
        return kpi is not None and kpi_applies(kpi, catalog, scope)
    if kind == UNIT:
        return scope.allows(code)
    if kind == TASK:
        return code in {t.code for t in tasks_in_scope(catalog, scope)}
    return False


def reads_leader_notes(scope: Scope, viewer: Viewer | None) -> bool:
    """Whether leaders-only notes may be returned: to a leader or an admin; with no viewer, only in the
    whole province's scope (never in a unit's)."""
    if viewer is not None:
        return viewer.reads_everything
    return scope.is_all


def notes_for(
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    kind: str | None = None,
    code: str | None = None,
    period: str | None = None,
    since: str | None = None,
    until: str | None = None,
    viewer: Viewer | None = None,
) -> list[dict]:
    """Notes the viewer may read in the scope, newest first; filter by target kind/code, one period, or a
    range of periods (since < period <= until)."""
    scope = require_scope(scope)
    stmt = select(NoteRow, UserRow.full_name).outerjoin(UserRow, UserRow.username == NoteRow.author)
    if not reads_leader_notes(scope, viewer):
        stmt = stmt.where(NoteRow.visible_to_units.is_(True))
    if kind is not None:
        stmt = stmt.where(NoteRow.target_kind == kind)
    if code is not None:
        stmt = stmt.where(NoteRow.target_code == code)
    if period is not None:
        stmt = stmt.where(NoteRow.period == period)
    if since is not None:
        stmt = stmt.where(NoteRow.period > since)
    if until is not None:
        stmt = stmt.where(NoteRow.period <= until)
    stmt = stmt.order_by(NoteRow.period.desc(), NoteRow.created_at.desc(), NoteRow.id.desc())
    with Session(engine) as session:
        rows = session.execute(stmt).all()
    return [
        {
            "id": note.id,
            "kind": note.target_kind,
            "code": note.target_code,
            "target_name": target_name(catalog, note.target_kind, note.target_code),
            "period": note.period,
            "author": note.author,
            "author_name": full_name or note.author,
            "created_at": note.created_at,
            "text": note.text,
            "visible_to_units": bool(note.visible_to_units),
        }
        for note, full_name in rows
        if visible(catalog, scope, note.target_kind, note.target_code)
    ]


def target_name(catalog: Catalog, kind: str, code: str) -> str:
    if kind == KPI and code in catalog.kpis_by_code:
        return catalog.kpis_by_code[code].name
    if kind == UNIT and code in catalog.units_by_code:
        return catalog.units_by_code[code].name
    if kind == TASK:
        for task in catalog.tasks:
            if task.code == code:
                return task.title
    return code


def display_rows(notes: list[dict]) -> list[dict]:
    """Renderer-agnostic rows (Vietnamese column names, text already formatted) for a table or a list."""
    return [
        {
            i18n.NOTE_COL_PERIOD: i18n.month(n["period"]),
            i18n.NOTE_COL_TARGET: f"{i18n.NOTE_KIND[n['kind']]} {n['code']} — {n['target_name']}",
            i18n.NOTE_COL_TEXT: n["text"],
            i18n.NOTE_COL_AUTHOR: n["author_name"],
            i18n.NOTE_COL_AT: i18n.datetime(n["created_at"]),
        }
        for n in notes
    ]
