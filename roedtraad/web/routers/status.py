"""GET /api/health (open), GET /api/status (as `roedtraad status --format json`, narrowed to the token), GET /api/changes."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from ... import __version__
from ...sync.status import ProjectStatus, StatusError
from ...sync.tokens import Actor
from ..access import allowed, require_actor
from .common import web

router = APIRouter(tags=["status"])


class Health(BaseModel):
    status: str = "ok"
    version: str = __version__


class Changes(BaseModel):
    """What the dashboard polls: it reloads when the fingerprint of the project's files changes."""

    fingerprint: str


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health()


@router.get("/changes", response_model=Changes)
def changes(request: Request, actor: Actor = Depends(require_actor)) -> Changes:  # noqa: ARG001
    return Changes(fingerprint=web(request).fingerprint())


@router.get("/status", response_model=ProjectStatus)
def status(request: Request, committee: str | None = None, actor: Actor = Depends(allowed("status"))) -> ProjectStatus:
    """As `roedtraad status --format json`; a party's token sees only its own rows (and its institutions')."""
    try:
        return web(request).status_for(actor, committee)
    except StatusError as exc:
        raise HTTPException(404, str(exc)) from None
