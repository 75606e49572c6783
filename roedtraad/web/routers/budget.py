"""GET /api/budget: frames against the committee agreements' allocations (finance only: it sums every party)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from ...sync.tokens import Actor
from ...tables import BudgetRow
from ..access import allowed
from .common import snapshot

router = APIRouter(tags=["budget"])


@router.get("/budget", response_model=list[BudgetRow])
def list_budget(request: Request, committee: str = "", year: int | None = None,
                actor: Actor = Depends(allowed("budget"))) -> list[BudgetRow]:  # noqa: ARG001
    rows = snapshot(request).tables.budget(committee)
    return [row for row in rows if year is None or row.year == year]
