"""Runs remember what their master was built with (settings, language, write-back findings), so an
earlier master can be rebuilt byte for byte; file states remember the computed cells last written,
so an unchanged file is not opened again for write-back.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("context", sa.Text, nullable=False, server_default="{}"))
    with op.batch_alter_table("files") as batch:
        batch.add_column(sa.Column("trace_sha256", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("files") as batch:
        batch.drop_column("trace_sha256")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("context")
