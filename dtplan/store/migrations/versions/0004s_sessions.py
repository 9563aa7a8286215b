"""sessions: users.valid_after (sign-ins before it are void), audit_log.client (failures per address)

Revision ID: 0004s
Revises: 0003

valid_after is set on sign-out, on a new password and on disabling; the sign-in cookie and every open
session are compared with it on the server. audit_log.client holds the client address of sign-in
attempts so that refused attempts can be counted per address (indexed: read on every attempt).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004s"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_after", sa.DateTime(), nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_audit_log_client", ["client"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_client")
        batch_op.drop_column("client")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("valid_after")
