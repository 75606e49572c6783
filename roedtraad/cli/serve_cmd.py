"""roedtraad serve: the web service (JSON API, dashboard, uploads) on uvicorn."""
from __future__ import annotations

import os
from pathlib import Path

import click

from ..i18n import Text
from . import main
from .common import config_errors_exit_2, open_project, project_option

SERVING = Text("Dashboard og API på http://{host}:{port}/ (stop med Ctrl+C)",
               "Översikt och API på http://{host}:{port}/ (stoppa med Ctrl+C)",
               "Dashboard and API at http://{host}:{port}/ (stop with Ctrl+C)")


@main.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; put a reverse proxy with TLS in front rather than binding to the world.")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; more than one needs a ledger they share (PostgreSQL, --db).")
@click.option("--db", "db_url", metavar="URL", help="Ledger database URL (default: $ROEDTRAAD_DB, else the project's).")
@click.option("--max-upload-mb", type=float, default=20, show_default=True, help="Largest workbook accepted.")
@config_errors_exit_2
def serve(project_dir: Path, host: str, port: int, workers: int, db_url: str | None, max_upload_mb: float) -> None:
    """Serve the dashboard, the JSON API and uploads for one project.

    Every request but /api/health needs a token from 'roedtraad token add'.

    Example: roedtraad serve -p kommune --port 8765
    """
    import uvicorn

    project = open_project(project_dir)
    # The add-in's xlwings endpoints need a licence key; its non-commercial key is free for municipalities' own use.
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ["ROEDTRAAD_PROJECT"] = str(project.root.resolve())
    os.environ["ROEDTRAAD_MAX_UPLOAD_MB"] = str(max_upload_mb)
    if db_url:
        os.environ["ROEDTRAAD_DB"] = db_url
    click.echo(SERVING(project.settings.language, host=host, port=port))
    uvicorn.run("roedtraad.service:app_from_env", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1", log_level="info")
