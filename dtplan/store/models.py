"""The database schema (SQLAlchemy 2). Alembic migrations in dtplan/migrations follow these tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dtplan.domain.limits import CODE_LENGTH, MAX_FIGURE, MAX_PROGRESS, TASK_CODE_LENGTH

# The largest figure a report may carry (why this bound: dtplan.domain.limits). As a CHECK it also refuses
# Infinity and NaN: Infinity is above it, and PostgreSQL orders NaN above every number (SQLite stores
# NaN as NULL, refused by NOT NULL or outside the range).
FIGURE_CHECKS = {
    "ck_kpi_reports_numerator": f"numerator >= 0 AND numerator <= {MAX_FIGURE:.0f}",
    "ck_kpi_reports_denominator": f"denominator IS NULL OR (denominator >= 0 AND denominator <= {MAX_FIGURE:.0f})",
}
PROGRESS_CHECK = {"ck_task_reports_progress": f"progress >= 0 AND progress <= {MAX_PROGRESS}"}


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the database itself (demo flag, plan code)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PlanRow(Base):
    __tablename__ = "plan"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(String(64), default="")
    province: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    issued: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reporting: Mapped[dict] = mapped_column(JSON)


class UnitRow(Base):
    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    parent: Mapped[str | None] = mapped_column(String(CODE_LENGTH), nullable=True, index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class KpiRow(Base):
    __tablename__ = "kpis"
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(16))
    op: Mapped[str] = mapped_column(String(4))
    target: Mapped[float] = mapped_column(Double)
    aggregation: Mapped[str] = mapped_column(String(8))
    levels: Mapped[list] = mapped_column(JSON)
    lead: Mapped[str] = mapped_column(String(CODE_LENGTH))
    baseline: Mapped[float | None] = mapped_column(Double, nullable=True)
    milestones: Mapped[dict] = mapped_column(JSON, default=dict)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TaskRow(Base):
    __tablename__ = "tasks"
    code: Mapped[str] = mapped_column(String(TASK_CODE_LENGTH), primary_key=True)
    appendix: Mapped[str] = mapped_column(String(2), index=True)
    section: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    start: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date] = mapped_column(Date)
    product: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TaskPartnerRow(Base):
    __tablename__ = "task_partners"
    task_code: Mapped[str] = mapped_column(String(TASK_CODE_LENGTH), ForeignKey("tasks.code"), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True, index=True)


class ImportRow(Base):
    """One accepted import: the raw file, who loaded it and when (contract §2)."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(16))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    content_codec: Mapped[str | None] = mapped_column(String(8), nullable=True)  # store.imports.FILE_CODEC or None
    summary: Mapped[str] = mapped_column(Text, default="")


class KpiReportRow(Base):
    """One version of a (period, unit, KPI) figure. Versions are never deleted; `is_current` marks
    the one with the newest submitted_at so that sums in SQL need no window function."""

    __tablename__ = "kpi_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    unit_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    kpi_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    numerator: Mapped[float] = mapped_column(Double)
    denominator: Mapped[float | None] = mapped_column(Double, nullable=True)
    submitted_at: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), nullable=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        # Covering index for the summary's sums (migration 0003 replaced ix_kpi_reports_current).
        Index("ix_kpi_reports_cover", "is_current", "kpi_code", "period", "unit_code", "numerator", "denominator"),
        Index("ix_kpi_reports_key", "period", "unit_code", "kpi_code"),
        *(CheckConstraint(sql, name=name) for name, sql in FIGURE_CHECKS.items()),
    )


class TaskReportRow(Base):
    __tablename__ = "task_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    task_code: Mapped[str] = mapped_column(String(TASK_CODE_LENGTH), index=True)
    unit_code: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Double)
    submitted_at: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"), nullable=True)

    __table_args__ = tuple(CheckConstraint(sql, name=name) for name, sql in PROGRESS_CHECK.items())


class UserRow(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str | None] = mapped_column(String(CODE_LENGTH), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(128))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Sign-ins (cookies, open sessions) made before this time are void: set on sign-out, a new password
    # and disabling (migration 0004s).
    valid_after: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    # The client address of a sign-in attempt, when known: failures are counted per address (0004s).
    client: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class NoteRow(Base):
    """A leader's "ý kiến chỉ đạo" on a KPI, task or unit for a month. Plain text only."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_kind: Mapped[str] = mapped_column(String(8))
    target_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7), index=True)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    # Leaders only unless the author chose otherwise (migration 0004o).
    visible_to_units: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DirectiveRow(Base):
    """A meeting's directive ("kết luận chỉ đạo", contract §7): about a KPI, task or unit, to one unit, with a
    due date. `done_at` is set while it is done (cleared on reopen); every change is a DirectiveEventRow."""

    __tablename__ = "directives"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting: Mapped[str] = mapped_column(String(7), index=True)
    about_kind: Mapped[str] = mapped_column(String(8))
    about_code: Mapped[str] = mapped_column(String(32))
    to_unit: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    due: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class DirectiveEventRow(Base):
    """One step of a directive's history: add, progress (a note), done, reopen — who, when, a note."""

    __tablename__ = "directive_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
