"""The FastAPI application: routers per area, templates and static files from inside the package.

`create_app(state)` builds the app from a WebState; `roedtraad.service` makes
the state (project, ledger) and adds the add-in's router.
"""
from __future__ import annotations

from importlib import resources
from typing import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from .access import LoginRequired
from .routers import budget, findings, goals, master, pages, status, submissions
from .state import WebState


def create_app(state: WebState, extra_routers: Iterable[APIRouter] = ()) -> FastAPI:
    app = FastAPI(title="roedtraad", version=__version__,
                  description="Den røde tråd: submission status, findings, goals, budget and uploads.")
    app.state.web = state
    for module in (status, findings, goals, budget, submissions, master):
        app.include_router(module.router, prefix="/api")
    app.include_router(pages.router)
    for router in extra_routers:
        app.include_router(router)
    static = resources.files("roedtraad.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> RedirectResponse:  # noqa: ARG001
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        # Pages load only what the service itself serves; no frames, no sniffing.
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy",
                                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
