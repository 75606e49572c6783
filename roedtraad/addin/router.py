"""The add-in's routes, included by the service (`roedtraad.service.create_service`).

    GET  /addin/taskpane.html      the task pane (?lang=da|sv|en)
    GET  /addin/manifest.xml       the manifest for this service's own https address
    GET  /addin/static/{path}      the pane's script and style, xlwings' client, Office.js, icons
    POST /addin/validate           xlwings remote-interpreter call: Office.js payload in, actions out

"Indsend" posts to the service's own POST /api/submissions. Validation needs a
token like every other API route; the pages and static files do not (Excel
loads them before the user has entered one).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Callable

from fastapi import APIRouter, Body, Depends, HTTPException, Request, status
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from ..i18n import LANGUAGES, Lang
from .book import XlwingsUnavailable, enable_remote_interpreter
from .check import Basis, basis_from_result, ledger_basis
from .lite import WHEEL, WHEEL_PATH, lite_wheel
from .manifest import ManifestError, manifest_xml
from .pane import taskpane_html
from .validate import ValidateAnswer, answer_payload

STATIC_ROOT = Path(str(resources.files("roedtraad.addin").joinpath("static")))
# Excel on the web shows the pane in a frame of an Office page, so (unlike the dashboard) it may be framed by
# Office's own hosts, and only by them; everything it loads still comes from this service.
OFFICE_HOSTS = ("https://*.officeapps.live.com", "https://*.office.com", "https://*.office365.com",
                "https://*.microsoft365.com", "https://*.sharepoint.com", "https://*.cloud.microsoft")
PANE_CSP = f"default-src 'self'; img-src 'self' data:; frame-ancestors 'self' {' '.join(OFFICE_HOSTS)}"
MEDIA = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".html": "text/html",
         ".md": "text/markdown", ".map": "application/json"}


def _service_basis(request: Request) -> Basis:
    """The ledger's current versions of the foundation and every party's agreement; before the first
    sync, the project's files as the service has validated them."""
    state = request.app.state.web
    return ledger_basis(state.project, state.ledger) or basis_from_result(state.snapshot().result,
                                                                         state.project.settings)


def _service_actor(request: Request) -> Any:
    from ..web.access import require_actor
    return require_actor(request)


def _lang(request: Request) -> Lang:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked  # type: ignore[return-value]
    web = getattr(request.app.state, "web", None)
    return getattr(web, "lang", "da")


def addin_router(*, basis: Callable[[Request], Basis] | None = None,
                 require_actor: Callable[..., Any] | None = None, api_path: str = "/api") -> APIRouter:
    """The router; `basis` and `require_actor` default to the service's own (its validated project, its tokens).

    XLWINGS_LICENSE_KEY defaults to "noncommercial" here (see README and `book.py`).
    """
    basis_of = basis or _service_basis
    actor = require_actor or _service_actor
    router = APIRouter(prefix="/addin", tags=["addin"])
    try:
        enable_remote_interpreter()
    except XlwingsUnavailable:
        pass  # the validate route answers with the reason; the pages still load

    @router.get("/taskpane.html", response_class=HTMLResponse, include_in_schema=False)
    def taskpane(request: Request) -> HTMLResponse:
        return HTMLResponse(taskpane_html(_lang(request), api_path),
                            headers={"Cache-Control": "no-cache", "Content-Security-Policy": PANE_CSP})

    @router.get("/manifest.xml", include_in_schema=False)
    def manifest(request: Request) -> Response:
        try:
            xml = manifest_xml(str(request.base_url))
        except ManifestError as exc:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
        return Response(xml, media_type="application/xml",
                        headers={"Content-Disposition": 'attachment; filename="roedtraad-manifest.xml"'})

    @router.get("/xlwings/custom-scripts-meta.json", include_in_schema=False)
    def scripts_meta() -> JSONResponse:
        return JSONResponse([])  # xlwings' client asks at start-up; the pane has no xw-click buttons

    @router.get(WHEEL_PATH.removeprefix("/addin"), include_in_schema=False)
    def wheel() -> Response:
        """roedtraad's validation core for xlwings Lite's requirements.txt (see `roedtraad addin lite`)."""
        return Response(lite_wheel(), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{WHEEL}"'})

    @router.get("/static/{path:path}", include_in_schema=False)
    def static(path: str) -> FileResponse:
        target = (STATIC_ROOT / path).resolve()
        if STATIC_ROOT.resolve() not in target.parents or not target.is_file():
            raise HTTPException(status.HTTP_404_NOT_FOUND)
        return FileResponse(target, media_type=MEDIA.get(target.suffix, "application/octet-stream"),
                            headers={"Cache-Control": "max-age=3600"})

    @router.post("/validate", response_model=ValidateAnswer, responses={401: {}, 503: {}})
    def validate(request: Request, payload: dict[str, Any] = Body(...), _actor: Any = Depends(actor)
                 ) -> ValidateAnswer:
        """Validate the open workbook (xlwings' Office.js payload) and answer with xlwings actions."""
        lang = _lang(request)
        try:
            return answer_payload(payload, basis_of(request), lang)
        except XlwingsUnavailable as exc:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, exc.message(lang)) from None

    return router
