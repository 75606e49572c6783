"""The FastAPI application: routers per area, templates and static files from inside the package.

`create_app(state)` builds the app from a WebState; `roedtraad.service` makes
the state (project, ledger) and adds the add-in's router.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from .. import __version__
from .access import LoginRequired
from .routers import budget, findings, followup, goals, master, pages, status, submissions
from .state import WebState


SHUTDOWN_GRACE = 60.0  # seconds a stopping worker lets its background sync finish (it is crash-safe anyway)


def create_app(state: WebState, extra_routers: Iterable[APIRouter] = ()) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(state.background.idle, SHUTDOWN_GRACE)

    app = FastAPI(title="roedtraad", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Den røde tråd: submission status, findings, goals, budget and uploads.")
    app.state.web = state
    for module in (status, findings, goals, budget, followup, submissions, master):
        app.include_router(module.router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(followup.page_router)
    for router in extra_routers:
        app.include_router(router)
    static = resources.files("roedtraad.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # The interactive API docs, with Swagger UI served by us (vendored from npm), not from a CDN.
        return get_swagger_ui_html(openapi_url="/openapi.json", title="roedtraad API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-ui/favicon-32x32.png")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> RedirectResponse:  # noqa: ARG001
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        # Pages load only what the service itself serves; no frames, no sniffing.
        if request.url.path != "/docs":  # Swagger UI starts itself with an inline script
            response.headers.setdefault("Content-Security-Policy",
                                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
