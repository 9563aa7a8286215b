"""value checks: report figures finite and within bounds

Revision ID: 0004v
Revises: 0003

A backstop behind import validation: numerators and denominators between 0 and 1e12 (which also refuses
Infinity, and NaN on PostgreSQL, where NaN sorts above every number), progress between 0 and 100.
Rows already outside these bounds (a 400-digit number was once stored as Infinity) are not deleted:
the upgrade stops and names them, so the operator decides what to do with them.
"""

import sqlalchemy as sa
from alembic import op

from dtplan.store import StoreError

revision = "0004v"
down_revision = "0004s"
branch_labels = None
depends_on = None

# Copied, not imported: a migration must keep meaning what it meant when it was written.
BOUND = "1000000000000"
FIGURES = {
    "ck_kpi_reports_numerator": f"numerator >= 0 AND numerator <= {BOUND}",
    "ck_kpi_reports_denominator": f"denominator IS NULL OR (denominator >= 0 AND denominator <= {BOUND})",
}
PROGRESS = {"ck_task_reports_progress": "progress >= 0 AND progress <= 100"}


def _refuse_bad_rows(table: str, checks: dict[str, str]) -> None:
    bind = op.get_bind()
    condition = " AND ".join(f"({sql})" for sql in checks.values())
    sql = f"SELECT id, import_id FROM {table} WHERE NOT ({condition}) ORDER BY id LIMIT 20"
    rows = bind.execute(sa.text(sql)).all()
    if rows:
        listed = ", ".join(f"id {i} (lần nhập {imp})" for i, imp in rows)
        raise StoreError(
            f"Bảng {table} có dòng ngoài giới hạn (vô cực, NaN, âm hoặc quá lớn): {listed}. "
            "Xem lại các dòng này (và lần nhập đã đưa chúng vào) rồi chạy lại 'python -m dtplan init'."
        )


def upgrade() -> None:
    _refuse_bad_rows("kpi_reports", FIGURES)
    _refuse_bad_rows("task_reports", PROGRESS)
    with op.batch_alter_table("kpi_reports", schema=None) as batch_op:
        for name, sql in FIGURES.items():
            batch_op.create_check_constraint(name, sql)
    with op.batch_alter_table("task_reports", schema=None) as batch_op:
        for name, sql in PROGRESS.items():
            batch_op.create_check_constraint(name, sql)


def downgrade() -> None:
    with op.batch_alter_table("task_reports", schema=None) as batch_op:
        for name in PROGRESS:
            batch_op.drop_constraint(name, type_="check")
    with op.batch_alter_table("kpi_reports", schema=None) as batch_op:
        for name in FIGURES:
            batch_op.drop_constraint(name, type_="check")
