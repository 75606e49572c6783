"""Who may do what: one permission function, asked by the routes' dependencies.

A party's token reads and uploads only that party's own data; finance reads
and downloads everything. The token comes as `Authorization: Bearer ...`
(the API, the add-in) or in the dashboard's session cookie, which holds the
same token (HttpOnly, SameSite=Strict, Secure over https), so revoking a
token in the ledger ends its sessions at once.
"""
from __future__ import annotations

from typing import Iterable, Literal

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..sync.tokens import Actor

Action = Literal["status", "findings", "goals", "versions", "workbook", "upload", "budget", "master", "followup"]
# The follow-up report rolls every party's results up the cascade: it cannot be narrowed to one party
# without misstating the goals above it, so it is finance's, like the budget and the master workbook.
FINANCE_ONLY: frozenset[str] = frozenset({"budget", "master", "followup"})
SESSION_COOKIE = "roedtraad_session"


def may(actor: Actor, action: Action, parties: str | Iterable[str] | None = None) -> bool:
    """May `actor` do `action` on a resource belonging to `parties`?

    `parties` None asks about a listing, which the route then narrows with `own_party`.
    """
    if actor.role == "finance":
        return True
    if action in FINANCE_ONLY or not actor.party:
        return False
    if parties is None:
        return True
    owners = {parties} if isinstance(parties, str) else set(parties)
    return actor.party in owners


def own_party(actor: Actor) -> str:
    """The party a listing is narrowed to: '' (everything) for finance."""
    return "" if actor.role == "finance" else (actor.party or "\0")


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


class LoginRequired(Exception):
    """A dashboard page was asked for without a valid session: the app redirects to the login page."""


def actor_or_none(request: Request) -> Actor | None:
    token = presented_token(request)
    return request.app.state.web.actor(token) if token else None


# Declared so that /openapi.json names the scheme and the interactive docs offer "Authorize".
BEARER = HTTPBearer(auto_error=False, description="A token from 'roedtraad token add' (or the dashboard's session)")


def require_actor(request: Request, _: HTTPAuthorizationCredentials | None = Depends(BEARER)) -> Actor:
    """The FastAPI dependency of every API route but the health check: 401 without a valid token."""
    actor = actor_or_none(request)
    if actor is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing, unknown or revoked token",
                            headers={"WWW-Authenticate": "Bearer"})
    return actor


def require_page_actor(request: Request) -> Actor:
    """The dashboard's variant: no session sends the browser to the login page."""
    actor = actor_or_none(request)
    if actor is None:
        raise LoginRequired()
    return actor


def check(actor: Actor, action: Action, parties: str | Iterable[str] | None = None) -> None:
    if not may(actor, action, parties):
        reach = ("budget, master and follow-up are for finance's tokens" if action in FINANCE_ONLY
                 else "a party's token reaches only its own party's data")
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"this token gives no access to '{action}' here: {reach}")


def allowed(action: Action):
    """A dependency: the actor, if it may do `action` at all (403 otherwise)."""

    def dependency(actor: Actor = Depends(require_actor)) -> Actor:
        check(actor, action)
        return actor

    return dependency
