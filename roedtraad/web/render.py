"""Server-rendered pages: Jinja2 templates from inside the package, autoescaped, in the request's language."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from ..findings import SEVERITY_LABELS, Severity
from ..validators.budget import amount
from .routers.common import LANG_COOKIE, request_lang
from .texts import text

ENV = Environment(loader=PackageLoader("roedtraad.web", "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)


def page(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = request_lang(request)
    state = request.app.state.web
    html = ENV.get_template(template).render(
        request=request, lang=lang, path=request.url.path, municipality=state.project.settings.municipality,
        t=lambda key, **params: text(key, lang, **params),
        severity_label=lambda s: SEVERITY_LABELS[Severity(s)](lang),
        money=lambda value: "" if value is None else amount(value, lang),
        **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict", httponly=True,
                            secure=request.url.scheme == "https")
    return response
