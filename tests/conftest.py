"""Shared fixtures.

LibreOffice is a real dependency of the "opens without repair" checks. Locally a
missing soffice skips those tests; in CI (CI=true) .ci/run installs it, so a
missing soffice there is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing in CI: .ci/run must install LibreOffice")
        pytest.skip("LibreOffice (soffice) not installed")
    return exe


@pytest.fixture
def convert_with_soffice(soffice, tmp_path):
    """Convert a workbook with LibreOffice headless; return the output path.

    Fails the test when LibreOffice cannot open the file.
    """

    def convert(path: Path, to: str = "csv") -> Path:
        outdir = tmp_path / f"soffice-{to.split(':')[0]}-{path.stem}"
        outdir.mkdir(exist_ok=True)
        profile = tmp_path / "soffice-profile"
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", to, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=180,
        )
        produced = list(outdir.iterdir())
        assert proc.returncode == 0 and produced, (
            f"LibreOffice could not convert {path}: {proc.stdout} {proc.stderr}")
        return produced[0]

    return convert


@pytest.fixture(scope="session")
def pdf_available() -> None:
    """WeasyPrint needs Pango from the system; .ci/run installs it, so in CI its absence fails."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot load in CI: .ci/run must install Pango ({exc})")
        pytest.skip(f"WeasyPrint/Pango not available: {exc}")


# --- the ledger on SQLite always, on PostgreSQL when ROEDTRAAD_TEST_PG_URL names a server ---------------------------

PG_ENV = "ROEDTRAAD_TEST_PG_URL"


def _pg_schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """A fresh, empty ledger URL: a SQLite file, or a schema of its own on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'ledger.sqlite').as_posix()}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        print(f"\nPostgreSQL ledger tests skipped: {PG_ENV} is not set (.ci/run starts a server and sets it)")
        pytest.skip(f"PostgreSQL: {PG_ENV} not set")
    import uuid

    from sqlalchemy import create_engine

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(_pg_schema_url(base, "public"))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:  # noqa: BLE001 - any connection problem means: no server here
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_ENV} is not reachable in CI: {exc}")
        print(f"\nPostgreSQL ledger tests skipped: no server reachable at {PG_ENV} ({exc})")
        pytest.skip("PostgreSQL: no server reachable")
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


# The service's fixtures (a real uvicorn, tokens, headless Chromium) live in webfixtures.py for reuse.
from webfixtures import (artefacts, browser_page, chromium, demo_project, demo_template,  # noqa: E402,F401
                         finance_token, live_server, party_token)


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory):
    """The demo the ledger's tests copy (built once per session: `ledger_helpers.demo_template`)."""
    from ledger_helpers import demo_template as build  # not webfixtures' fixture of that name

    return build(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def ledger_demo(ledger_template, tmp_path, ledger_url):
    """A fresh copy of the demo with a fresh ledger: on SQLite, and on PostgreSQL where reachable."""
    from ledger_helpers import demo_copy

    project, ledger = demo_copy(ledger_template, tmp_path / "kommune", ledger_url)
    yield project, ledger
    ledger.close()


@pytest.fixture
def sqlite_demo(ledger_template, tmp_path):
    """A fresh copy of the demo with its ledger in a SQLite file inside the project."""
    from ledger_helpers import demo_copy

    url = f"sqlite:///{(tmp_path / 'kommune' / 'ledger.sqlite').as_posix()}"
    project, ledger = demo_copy(ledger_template, tmp_path / "kommune", url)
    yield project, ledger
    ledger.close()
