"""GET /api/goals: every goal with its parents, children and coverage; GET /api/goals/tree: the red thread."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from ...sync.tokens import Actor
from ...tables import GoalNode, GoalRow
from ..access import allowed, own_party
from .common import request_lang, snapshot

router = APIRouter(tags=["goals"])


@router.get("/goals", response_model=list[GoalRow])
def list_goals(request: Request, lang: str | None = Query(None, pattern="^(da|sv|en)$"),
               actor: Actor = Depends(allowed("goals"))) -> list[GoalRow]:
    """A party's token sees the foundation's goals and its own agreements' goals."""
    return snapshot(request).tables.goals(request_lang(request), own_party(actor))


@router.get("/goals/tree", response_model=list[GoalNode])
def goal_tree(request: Request, lang: str | None = Query(None, pattern="^(da|sv|en)$"),
              actor: Actor = Depends(allowed("goals"))) -> list[GoalNode]:
    return snapshot(request).tables.goal_tree(request_lang(request), own_party(actor))
