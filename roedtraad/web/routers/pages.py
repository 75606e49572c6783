"""The dashboard: one page per area, each the twin of a JSON endpoint under /api, plus login and logout."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...findings import Severity
from ...sync.tokens import Actor
from ...tables import BudgetRow, FindingFilter
from ..access import SESSION_COOKIE, may, own_party, require_page_actor
from ..render import page
from ..state import UploadRefused
from .common import request_lang, snapshot, web

router = APIRouter(include_in_schema=False)
SESSION_DAYS = 30


def _safe_next(target: str) -> str:
    # Only a path on this site: never an absolute URL or a protocol-relative '//host'.
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:  # noqa: A002 - the query's name
    return page(request, "login.html", next=_safe_next(next), wrong=False, actor=None)


@router.post("/login")
def login(request: Request, token: str = Form(...), next: str = Form("/")) -> Response:  # noqa: A002
    actor = web(request).actor(token.strip())
    if actor is None:
        return page(request, "login.html", status_code=401, next=_safe_next(next), wrong=True, actor=None)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token.strip(), max_age=SESSION_DAYS * 86400, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def status_page(request: Request, committee: str | None = None,
                actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    from ...sync.status import STATES, StatusError

    state = web(request)
    try:
        status = state.status_for(actor, committee or None)
    except StatusError:
        status = state.status_for(actor)
    groups: dict[str, list] = {}
    for row in status.parties:
        groups.setdefault(row.committee, []).append(row)
    own = actor.role == "party" and state.latest_workbook(actor.party or "") is not None
    return page(request, "status.html", actor=actor, status=status, states=STATES, groups=sorted(groups.items()),
                own_workbook=own, json_url="/api/status" + (f"?committee={quote(committee)}" if committee else ""),
                fingerprint=state.fingerprint())


@router.get("/thread", response_class=HTMLResponse)
def thread_page(request: Request, actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    lang = request_lang(request)
    tables = snapshot(request).tables
    tree = tables.goal_tree(lang, own_party(actor))
    top = tables.result.graph.top_level
    uncovered = [node.goal for node in tree if node.goal.level == top and node.goal.coverage == "none"]
    return page(request, "thread.html", actor=actor, tree=tree, uncovered=uncovered, json_url="/api/goals/tree",
                fingerprint=snapshot(request).fingerprint)


def budget_chart(rows: list[BudgetRow], width: int = 420) -> list[dict]:
    """Bars per committee for one year: each appropriation's frame and allocation, scaled to the committee's largest."""
    charts: dict[str, list[BudgetRow]] = {}
    for row in rows:
        charts.setdefault(row.committee, []).append(row)
    result = []
    for committee, items in charts.items():
        largest = max([max(r.frame or 0.0, r.allocated) for r in items] + [1.0])
        result.append({"committee": committee, "bars": [
            {"row": r, "frame_width": round(width * (r.frame or 0.0) / largest, 1),
             "allocated_width": round(width * max(r.allocated, 0.0) / largest, 1)} for r in items]})
    return result


@router.get("/budget", response_class=HTMLResponse)
def budget_page(request: Request, year: int | None = None, committee: str = "",
                actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    if not may(actor, "budget"):
        return page(request, "forbidden.html", status_code=403, actor=actor)
    state = web(request)
    tables = snapshot(request).tables
    rows = tables.budget(committee)
    years = sorted({r.year for r in rows})
    year = year or (state.project.settings.period.budget_year if state.project.settings.period.budget_year in years
                    else (years[0] if years else None))
    shown = [r for r in rows if r.year == year]
    query = f"?year={year}" + (f"&committee={quote(committee)}" if committee else "")
    return page(request, "budget.html", actor=actor, rows=shown, charts=budget_chart(shown), years=years, year=year,
                committees=tables.committees(), committee=committee, json_url=f"/api/budget{query}",
                fingerprint=snapshot(request).fingerprint)


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request, party: str = "", committee: str = "", severity: str = "", code: str = "",
                  actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    lang = request_lang(request)
    if party and not may(actor, "findings", party):
        return page(request, "forbidden.html", status_code=403, actor=actor)
    chosen = Severity(severity) if severity in {s.value for s in Severity} else None
    tables = snapshot(request).tables
    visible = tables.findings(lang, FindingFilter(party=own_party(actor)))
    rows = tables.findings(lang, FindingFilter(party=party or own_party(actor), committee=committee,
                                               severity=chosen, code=code))
    params = {"party": party, "committee": committee, "severity": severity, "code": code}
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v)
    return page(request, "findings.html", actor=actor, rows=rows, params=params,
                parties=sorted({p for r in visible for p in r.parties}),
                committees=sorted({r.committee for r in visible if r.committee}),
                codes=sorted({r.code for r in visible}), json_url="/api/findings" + (f"?{query}" if query else ""),
                fingerprint=snapshot(request).fingerprint)


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    return page(request, "upload.html", actor=actor, answer=None, refused=None)


@router.post("/upload", response_class=HTMLResponse)
async def upload_page(request: Request, file: UploadFile, actor: Actor = Depends(require_page_actor)) -> HTMLResponse:
    """The dashboard's upload form: the same door as POST /api/submissions, answered as a page."""
    from .submissions import reason_text, receive

    if not may(actor, "upload"):
        return page(request, "forbidden.html", status_code=403, actor=actor)
    try:
        answer = await receive(request, file, actor)
    except UploadRefused as refused:
        return page(request, "upload.html", status_code=refused.status_code, actor=actor, answer=refused.answer,
                    refused=reason_text(refused, request_lang(request), web(request).max_upload))
    return page(request, "upload.html", status_code=201, actor=actor, answer=answer, refused=None)
