"""Parsed records are kept per reading settings: a file's records parsed before a limit was raised
or an agreement kind added are not the records of a run under the new settings.

Records cached before this revision keep settings "" (unknown): a sync reads those files again
once, from the archive; views of the ledger (status, the add-in) use them until then.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _table(name: str, *settings: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(1024), nullable=False),
        *settings,
        sa.Column("blob", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("sha256", "name", *(c.name for c in settings), name=f"pk_{name}"),
    )


def upgrade() -> None:
    # A new primary key: a new table, the rows copied over, the old one dropped (SQLite cannot alter a key).
    _table("parsed_by_settings", sa.Column("settings", sa.String(64), nullable=False))
    op.execute("INSERT INTO parsed_by_settings (sha256, name, settings, blob) SELECT sha256, name, '', blob FROM parsed")
    op.drop_table("parsed")
    op.rename_table("parsed_by_settings", "parsed")


def downgrade() -> None:
    # A cache: the records of unknown settings go back, the others are read again when needed.
    _table("parsed_one")
    op.execute("INSERT INTO parsed_one (sha256, name, blob) SELECT sha256, name, blob FROM parsed WHERE settings = ''")
    op.drop_table("parsed")
    op.rename_table("parsed_one", "parsed")
