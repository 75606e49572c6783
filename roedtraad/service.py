"""The service: the web app over one project and its ledger, plus the Excel add-in's router.

    roedtraad serve -p kommune                       # one worker on 127.0.0.1:8765
    ROEDTRAAD_PROJECT=kommune ROEDTRAAD_DB=postgresql://... \\
        uvicorn --factory roedtraad.service:app_from_env --workers 4

`app_from_env` is the factory each uvicorn worker calls: the project folder
and the ledger URL come from the environment, so several workers (or hosts)
share one PostgreSQL ledger.
"""
from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from .i18n import Lang
from .project import Project
from .sync.ledger import open_ledger
from .web import WebState, create_app
from .web.state import DEFAULT_MAX_UPLOAD

PROJECT_ENV = "ROEDTRAAD_PROJECT"
DB_ENV = "ROEDTRAAD_DB"
MAX_UPLOAD_ENV = "ROEDTRAAD_MAX_UPLOAD_MB"


def _addin_routers() -> list:
    try:
        from .addin.router import addin_router
    except ImportError:  # the add-in is another engineer's package; the service runs without it
        return []
    return [addin_router()]


def create_service(project_dir: Path | str, db_url: str | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
                   lang: Lang | None = None) -> FastAPI:
    """The whole service for one project: API, dashboard and add-in."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the add-in's xlwings endpoints need a key
    project = Project.open(Path(project_dir))
    ledger = open_ledger(project, db_url)
    state = WebState(project, ledger, max_upload=max_upload, lang=lang)
    return create_app(state, extra_routers=_addin_routers())


def app_from_env() -> FastAPI:
    """The factory for `uvicorn --factory --workers N`: ROEDTRAAD_PROJECT (default .) and ROEDTRAAD_DB."""
    megabytes = os.environ.get(MAX_UPLOAD_ENV)
    limit = int(float(megabytes) * 1024 * 1024) if megabytes else DEFAULT_MAX_UPLOAD
    return create_service(os.environ.get(PROJECT_ENV, "."), os.environ.get(DB_ENV) or None, max_upload=limit)
