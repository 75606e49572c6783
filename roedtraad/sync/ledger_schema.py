"""The ledger's tables, as SQLAlchemy Core metadata (the Alembic revisions create them).

Times are epoch seconds (float, UTC) so SQLite and PostgreSQL store the same
value and a rebuilt master shows the same instant. Hashes are SHA-256 hex.
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text as SqlText, UniqueConstraint)

metadata = MetaData()

# One row per version of a workbook the ledger has seen: a file on the share or an upload.
versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(64), nullable=False, default=""),  # "foundation", an agreement key, "" when unreadable
    Column("party", String(255), nullable=False, default=""),  # party ids it delivers for, comma separated
    Column("source", String(1024), nullable=False),  # path relative to the project, or "upload:<name>"
    Column("sha256", String(64), nullable=False),  # content as received (the archive's key)
    Column("written_sha256", String(64)),  # content after the latest write-back of computed columns
    Column("size", Integer, nullable=False),
    Column("first_seen", Float, nullable=False),  # "received": when the ledger first saw it, never an mtime
    Column("sender", String(255)),  # who sent it, when known (an upload's token name)
    Column("findings", SqlText, nullable=False, default="[]"),  # JSON list of the file's own findings
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("infos", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),  # accepted / conflict / rejected
    Column("reason", SqlText, nullable=False, default=""),
    Column("merged", Boolean, nullable=False, default=False),  # ever part of a master
    Column("run_id", Integer),  # the run that first saw it
)
Index("ix_versions_sha256", versions.c.sha256)
Index("ix_versions_party", versions.c.kind, versions.c.party)
Index("ix_versions_source", versions.c.source)

# What each path on disk looked like when last looked at: the incremental scan compares against it.
files = Table(
    "files", metadata,
    Column("path", String(1024), primary_key=True),  # relative to the project folder, "/" separated
    Column("size", Integer, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),  # the bytes on disk (after any write-back)
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),
    Column("trace_sha256", String(64)),  # hash of the computed cells last written (skip unchanged write-back)
)

# Parsed records of a version, as zlib-compressed JSON, so unchanged files are never read again.
parsed = Table(
    "parsed", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("name", String(1024), primary_key=True),  # file name inside the records' locations
    Column("settings", String(64), primary_key=True),  # store.reading_key: "" = parsed before it was kept
    Column("blob", LargeBinary, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started", Float, nullable=False),
    Column("finished", Float),  # NULL: killed or still running
    Column("counts", SqlText, nullable=False, default="{}"),  # JSON: new, changed, unchanged, ...
    Column("master", String(1024)),
    Column("master_sha256", String(64)),
    Column("context", SqlText, nullable=False, server_default="{}"),  # JSON: settings, language, extra findings
)

# Which versions went into a run's master, and the hash the master lists for each.
run_members = Table(
    "run_members", metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("path", String(1024), nullable=False),
    Column("listed_sha256", String(64), nullable=False),
)

# Arrival times known before a sync saw the file (e.g. the demo's simulated deliveries).
arrivals = Table(
    "arrivals", metadata,
    Column("path", String(1024), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("received", Float, nullable=False),
    Column("sender", String(255)),
)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("token_sha256", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # party / finance
    Column("party", String(255)),
    Column("name", String(255), nullable=False),
    Column("created", Float, nullable=False),
    Column("revoked", Float),
    UniqueConstraint("token_sha256", name="uq_tokens_hash"),
)
