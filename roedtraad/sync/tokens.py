"""Access tokens for the service: a department's (role party) or finance's (role finance).

The plaintext is shown once, when the token is made; the ledger keeps only
its SHA-256, so a copy of the database gives nobody access. Looking a token
up compares hashes in the database, never plaintext.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import insert, select, update

from .ledger import Ledger
from .ledger_schema import tokens

Role = Literal["party", "finance"]
PREFIX = "rt_"  # recognisable in a leaked config file or log


class TokenError(ValueError):
    """A token cannot be made or revoked as asked (a usage problem, not a finding)."""


class NoSuchToken(TokenError):
    def __init__(self, token_id: int) -> None:
        self.token_id = token_id
        super().__init__(f"no token with id {token_id}")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a party's token sees only that party, finance sees everything."""

    role: Role
    party: str | None
    name: str
    token_id: int


class TokenInfo(BaseModel):
    id: int
    role: Role
    party: str | None
    name: str
    created: float
    revoked: float | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(ledger: Ledger, *, party: str | None = None, finance: str | None = None) -> str:
    """Make a token for a party (its id) or for finance (a person's name); return the plaintext, once."""
    if bool(party) == bool(finance):
        raise TokenError("give exactly one of party or finance")
    token = PREFIX + secrets.token_urlsafe(32)
    role, name = ("party", party) if party else ("finance", finance)
    with ledger.begin() as conn:
        conn.execute(insert(tokens).values(token_sha256=_digest(token), role=role, party=party, name=name.strip(),
                                           created=time.time(), revoked=None))
    return token


def list_tokens(ledger: Ledger) -> list[TokenInfo]:
    with ledger.begin() as conn:
        rows = conn.execute(select(tokens).order_by(tokens.c.id)).mappings().all()
    return [TokenInfo(id=r["id"], role=r["role"], party=r["party"], name=r["name"], created=r["created"],
                      revoked=r["revoked"]) for r in rows]


def revoke_token(ledger: Ledger, token_id: int) -> TokenInfo:
    """Revoke a token by id (from `list_tokens`); revoking twice keeps the first time."""
    with ledger.begin() as conn:
        row = conn.execute(select(tokens).where(tokens.c.id == token_id)).mappings().first()
        if row is None:
            raise NoSuchToken(token_id)
        if row["revoked"] is None:
            conn.execute(update(tokens).where(tokens.c.id == token_id).values(revoked=time.time()))
    return next(t for t in list_tokens(ledger) if t.id == token_id)


def actor_for(ledger: Ledger, token: str | None) -> Actor | None:
    """The actor a presented token stands for, or None when it is unknown or revoked."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    with ledger.begin() as conn:
        row = conn.execute(select(tokens).where(tokens.c.token_sha256 == _digest(token))).mappings().first()
    if row is None or row["revoked"] is not None:
        return None
    return Actor(role=row["role"], party=row["party"], name=row["name"], token_id=row["id"])
