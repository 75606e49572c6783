"""The first ledger: versions, file states, parsed records, runs, arrivals, tokens.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("party", sa.String(255), nullable=False),
        sa.Column("source", sa.String(1024), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("written_sha256", sa.String(64)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.Float, nullable=False),
        sa.Column("sender", sa.String(255)),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("merged", sa.Boolean, nullable=False),
        sa.Column("run_id", sa.Integer),
    )
    op.create_index("ix_versions_sha256", "versions", ["sha256"])
    op.create_index("ix_versions_party", "versions", ["kind", "party"])
    op.create_index("ix_versions_source", "versions", ["source"])
    op.create_table(
        "files",
        sa.Column("path", sa.String(1024), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    )
    op.create_table(
        "parsed",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(1024), primary_key=True),
        sa.Column("blob", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.Float, nullable=False),
        sa.Column("finished", sa.Float),
        sa.Column("counts", sa.Text, nullable=False),
        sa.Column("master", sa.String(1024)),
        sa.Column("master_sha256", sa.String(64)),
    )
    op.create_table(
        "run_members",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("listed_sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "arrivals",
        sa.Column("path", sa.String(1024), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("received", sa.Float, nullable=False),
        sa.Column("sender", sa.String(255)),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("party", sa.String(255)),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("revoked", sa.Float),
        sa.UniqueConstraint("token_sha256", name="uq_tokens_hash"),
    )


def downgrade() -> None:
    for table in ("tokens", "arrivals", "run_members", "runs", "parsed", "files", "versions"):
        op.drop_table(table)
