"""directives: a meeting's "kết luận chỉ đạo" and their history (add, progress, done, reopen)

Revision ID: 0005d
Revises: 0004o
"""

import sqlalchemy as sa
from alembic import op

from dtplan.domain.limits import CODE_LENGTH

revision = "0005d"
down_revision = "0004o"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directives",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("meeting", sa.String(7), nullable=False),
        sa.Column("about_kind", sa.String(8), nullable=False),
        sa.Column("about_code", sa.String(32), nullable=False),
        sa.Column("to_unit", sa.String(CODE_LENGTH), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_directives_meeting", "directives", ["meeting"])
    op.create_index("ix_directives_to_unit", "directives", ["to_unit"])
    op.create_table(
        "directive_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("directive_id", sa.Integer(), sa.ForeignKey("directives.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_directive_events_directive_id", "directive_events", ["directive_id"])


def downgrade() -> None:
    op.drop_index("ix_directive_events_directive_id", table_name="directive_events")
    op.drop_table("directive_events")
    op.drop_index("ix_directives_to_unit", table_name="directives")
    op.drop_index("ix_directives_meeting", table_name="directives")
    op.drop_table("directives")
