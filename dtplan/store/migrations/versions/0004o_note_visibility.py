"""note visibility: a leader's note reaches unit users only when its author says so

Revision ID: 0004o
Revises: 0003

Existing notes were written when every note was shown to units; they become leaders-only (the safe
reading of a note nobody marked), and a leader can write a new one for the units to read.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004o"
down_revision = "0004v"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visible_to_units", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("visible_to_units")
