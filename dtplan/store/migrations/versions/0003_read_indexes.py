"""read indexes: one covering index for the summary's sums

Revision ID: 0003
Revises: 0001

The summary reads (flow sums, each unit's latest stock report, December) filter current rows by KPI
and period and need only unit, numerator and denominator: with those in the index both SQLite and
PostgreSQL answer from the index alone. It starts with the columns of ix_kpi_reports_current, which
it therefore replaces (one index to maintain on import, not two).
"""

from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

COVER = ["is_current", "kpi_code", "period", "unit_code", "numerator", "denominator"]


def upgrade() -> None:
    with op.batch_alter_table("kpi_reports", schema=None) as batch_op:
        batch_op.create_index("ix_kpi_reports_cover", COVER, unique=False)
        batch_op.drop_index("ix_kpi_reports_current")


def downgrade() -> None:
    with op.batch_alter_table("kpi_reports", schema=None) as batch_op:
        batch_op.create_index("ix_kpi_reports_current", ["is_current", "kpi_code", "period", "unit_code"], unique=False)
        batch_op.drop_index("ix_kpi_reports_cover")
