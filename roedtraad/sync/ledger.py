"""The ledger: one database of every submission version, every run and every access token.

SQLite in the project folder by default (nothing to install); PostgreSQL by
URL (`--db`, the ROEDTRAAD_DB environment variable or `[ledger] url` in
roedtraad.toml) so that service workers and finance machines share one
ledger. The schema is Alembic's: `open_ledger` brings any older ledger up to
the newest revision before it is used, inside one transaction.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..project import Project

DEFAULT_FILE = "ledger.sqlite"
ENV_VAR = "ROEDTRAAD_DB"
POSTGRES_DRIVER = "postgresql+psycopg"


class LedgerError(Exception):
    """The ledger cannot be opened (bad URL, server unreachable, newer schema than this roedtraad knows)."""


def ledger_url(project: Project, url: str | None = None) -> str:
    """The ledger's URL: the one given, else $ROEDTRAAD_DB, else `[ledger] url`, else ledger.sqlite in the project."""
    url = url or os.environ.get(ENV_VAR) or project.settings.ledger.url
    if not url:
        return f"sqlite:///{(project.root / DEFAULT_FILE).resolve().as_posix()}"
    if url.startswith(("postgresql://", "postgres://")):  # psycopg 3 is the driver we ship
        url = POSTGRES_DRIVER + url[url.index(":"):]
    return url


class Ledger:
    """An open ledger: the engine, plus what kind of database it is."""

    def __init__(self, url: str, project_root: Path | None = None) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several kinds for a bad URL
            raise LedgerError(f"not a database URL: {url!r} ({exc})") from exc
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.project_root = project_root
        self.sqlite_path = Path(parsed.database) if self.is_sqlite and parsed.database else None
        if self.is_sqlite:
            if self.sqlite_path is not None:
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, connect_args={"timeout": 60})
            _sqlite_transactions(self.engine)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)

    def __repr__(self) -> str:
        return f"Ledger({make_url(self.url).render_as_string(hide_password=True)})"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed when the block ends, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    def migrate(self) -> None:
        """Bring the schema up to the newest revision (creates it on first use)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(resources.files("roedtraad.sync") / "migrations"))
        head = ScriptDirectory.from_config(config).get_current_head()
        try:
            with self.begin() as conn:
                if not self.is_sqlite:  # two workers starting at once: one migrates, the other waits
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7265657, hashtext(current_schema()))")
                current = MigrationContext.configure(conn).get_current_revision()
                if current == head:
                    return
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except Exception as exc:
            if type(exc).__module__.startswith(("sqlalchemy", "psycopg", "alembic")):
                raise LedgerError(f"{self!r}: {exc}") from exc
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_transactions(engine: Engine) -> None:
    """pysqlite starts transactions late and never for DDL; let SQLAlchemy say BEGIN itself, so a
    killed run leaves either all or nothing of a transaction (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")


def open_ledger(project: Project, url: str | None = None) -> Ledger:
    """Open (and if needed create or upgrade) the project's ledger."""
    ledger = Ledger(ledger_url(project, url), project.root)
    ledger.migrate()
    return ledger
