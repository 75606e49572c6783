"""GET /api/followup and its page /opfoelgning: a checkpoint's follow-up report (traffic lights up the cascade),
finance only."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...followup.report import FollowUpReport, UnknownCheckpointError
from ...followup.status import LABELS, SEVERITY, Status
from ...sync.tokens import Actor
from ...validators.engine import ScopeError
from ..access import allowed, may, require_page_actor
from ..render import page
from .common import request_lang, snapshot, web

router = APIRouter(tags=["followup"])


def build_report(request: Request, checkpoint: str, committee: str) -> FollowUpReport:
    """The report of `checkpoint` (default: the latest passed one, else the first); 404 for an unknown
    checkpoint or committee, or when the årshjul has no checkpoint at all."""
    state = web(request)
    name = checkpoint or state.default_checkpoint()
    if not name:
        raise HTTPException(404, "the årshjul has no follow-up checkpoint")
    try:
        return state.follow_up(name, committee or None)
    except (UnknownCheckpointError, ScopeError) as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/followup", response_model=FollowUpReport)
def follow_up(request: Request, checkpoint: str = "", committee: str = "",
              actor: Actor = Depends(allowed("followup"))) -> FollowUpReport:  # noqa: ARG001 - the permission
    """The same report as `roedtraad report --checkpoint NAME [--committee ID]`, as JSON."""
    return build_report(request, checkpoint, committee)


page_router = APIRouter(include_in_schema=False)


@page_router.get("/opfoelgning", response_class=HTMLResponse)
def follow_up_page(request: Request, checkpoint: str = "", committee: str = "",
                   actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    """One table per level, council objectives first: each goal's light and its children's."""
    if not may(actor, "followup"):
        return page(request, "forbidden.html", status_code=403, actor=actor)
    lang = request_lang(request)
    report = build_report(request, checkpoint, committee)
    levels = web(request).project.settings.levels
    tables: dict[str, list] = {}
    for goal in report.goals:  # already ordered by level rank, then id
        tables.setdefault(goal.level, []).append(goal)
    named = [(key, levels[key].labels(lang) if key in levels else key, goals) for key, goals in tables.items()]
    query = urlencode({"checkpoint": report.checkpoint, **({"committee": committee} if committee else {})})
    return page(request, "followup.html", actor=actor, report=report, levels=named,
                checkpoints=web(request).checkpoint_names(), committees=snapshot(request).tables.committees(),
                committee=committee, statuses=[s.value for s in SEVERITY],
                light=lambda value: LABELS[Status(value)](lang), json_url=f"/api/followup?{query}",
                fingerprint=snapshot(request).fingerprint)
