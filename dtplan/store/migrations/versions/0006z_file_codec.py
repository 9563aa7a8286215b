"""imports.content_codec: how an import's raw file is stored ("zstd": compressed by dtplan; NULL: as it came)

Revision ID: 0006z
Revises: 0005d
"""

import sqlalchemy as sa
from alembic import op

revision = "0006z"
down_revision = "0005d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("content_codec", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("content_codec")
