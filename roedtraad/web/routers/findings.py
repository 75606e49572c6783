"""GET /api/findings: the findings, filtered by party, committee, severity and rule; a party sees only its own."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from ...findings import Severity
from ...sync.tokens import Actor
from ...tables import FindingFilter, FindingRow
from ..access import allowed, check, own_party
from .common import request_lang, snapshot

router = APIRouter(tags=["findings"])


def finding_filter(actor: Actor, party: str, committee: str, severity: Severity | None, code: str) -> FindingFilter:
    if party:
        check(actor, "findings", party)
    return FindingFilter(party=party or own_party(actor), committee=committee, severity=severity, code=code)


@router.get("/findings", response_model=list[FindingRow])
def list_findings(request: Request, party: str = "", committee: str = "", severity: Severity | None = None,
                  code: str = Query("", description="a finding code, e.g. thread.unknown-parent"),
                  lang: str | None = Query(None, pattern="^(da|sv|en)$"),
                  actor: Actor = Depends(allowed("findings"))) -> list[FindingRow]:
    where = finding_filter(actor, party, committee, severity, code)
    return snapshot(request).tables.findings(request_lang(request), where)
