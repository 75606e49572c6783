"""What the routers share: the state, the snapshot and the language of a request."""
from __future__ import annotations

from fastapi import Request

from ...i18n import LANGUAGES, Lang
from ..state import Snapshot, WebState

LANG_COOKIE = "roedtraad_lang"


def web(request: Request) -> WebState:
    return request.app.state.web


def snapshot(request: Request) -> Snapshot:
    return web(request).snapshot()


def request_lang(request: Request) -> Lang:
    """?lang=, else the language cookie, else the project's language (Danish by default)."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGUAGES:
            return value  # type: ignore[return-value]
    return web(request).lang
