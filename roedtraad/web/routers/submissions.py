"""POST /api/submissions (a workbook upload), GET /api/submissions/{party} (its versions) and its workbook.

An upload goes through the sync path (`roedtraad.sync.upload.accept_upload`):
archive, ledger, validation, conflict rules. This module only guards the
door: the size limit (413), workbooks judged by content (415), unreadable
workbooks (422), and whose file it is (403). The client's filename is kept as
text and never becomes a path.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel

from ...i18n import Text
from ...sync.history import HistoryError, PartyHistory
from ...sync.tokens import Actor
from ...workbook_templates.sniff import FileKind, sniff_bytes
from ..access import allowed, check, require_actor
from ..state import UploadAnswer, UploadRefused
from .common import request_lang, web
from .master import XLSX

router = APIRouter(tags=["submissions"])
CHUNK = 1024 * 1024

TOO_LARGE = Text("Filen er større end {limit} MB.", "Filen är större än {limit} MB.", "The file is larger than {limit} MB.")
NOT_WORKBOOK = Text("Filen er ikke en Excel-projektmappe (.xlsx), uanset hvad den hedder.",
                    "Filen är inte en Excel-arbetsbok (.xlsx), oavsett vad den heter.",
                    "The file is not an Excel workbook (.xlsx), whatever its name says.")
UNREADABLE = {
    FileKind.XLS: Text("Filen er i det gamle .xls-format. Gem den som .xlsx, og indsend igen.",
                       "Filen har det gamla .xls-formatet. Spara den som .xlsx och lämna in igen.",
                       "The file is in the old .xls format. Save it as .xlsx and submit again."),
    FileKind.ENCRYPTED: Text("Filen er beskyttet med adgangskode. Fjern adgangskoden, og indsend igen.",
                             "Filen är lösenordsskyddad. Ta bort lösenordet och lämna in igen.",
                             "The file is password protected. Remove the password and submit again."),
    FileKind.ODS: Text("Filen er et OpenDocument-regneark. Gem den som .xlsx, og indsend igen.",
                       "Filen är ett OpenDocument-kalkylblad. Spara den som .xlsx och lämna in igen.",
                       "The file is an OpenDocument spreadsheet. Save it as .xlsx and submit again."),
    FileKind.CORRUPT_ZIP: Text("Filen er beskadiget og kan ikke åbnes. Gem den igen i Excel, og indsend den.",
                               "Filen är skadad och kan inte öppnas. Spara den igen i Excel och lämna in den.",
                               "The file is damaged and cannot be opened. Save it again in Excel and submit it."),
}
WORKBOOKS = {FileKind.XLSX, FileKind.XLSM}


async def read_limited(file: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refusing (413) as soon as they pass the limit rather than after."""
    parts, size = [], 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise UploadRefused(413, "too-large")
        parts.append(chunk)
    return b"".join(parts)


def judge(data: bytes) -> None:
    kind = sniff_bytes(data)
    if kind in UNREADABLE:
        raise UploadRefused(422, kind.value)
    if kind not in WORKBOOKS:
        raise UploadRefused(415, "not-a-workbook")


def reason_text(refused: UploadRefused, lang: str, limit: int) -> str:
    if refused.status_code == 413:
        return TOO_LARGE(lang, limit=round(limit / 1024 / 1024, 1))
    if refused.status_code == 415:
        return NOT_WORKBOOK(lang)
    if refused.answer is not None and refused.answer.findings:  # the sync path's own reason, in the user's language
        first = next((f for f in refused.answer.findings if f.severity == "error"), refused.answer.findings[0])
        return f"{first.title}: {first.message}"
    kind = FileKind(refused.reason) if refused.reason in FileKind._value2member_map_ else None
    return UNREADABLE[kind](lang) if kind in UNREADABLE else refused.detail


async def receive(request: Request, file: UploadFile, actor: Actor) -> UploadAnswer:
    """The one upload path of the API and the dashboard's form; raises UploadRefused.

    The sync path records the version and validates it with everything else under the
    ledger's writer lock before it answers, so the findings are the version's own and a
    second worker's upload waits its turn instead of being lost; the write-back and the
    master follow in the background (`WebState.background`), not holding up the answer."""
    state = web(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > state.max_upload + 64 * 1024:
        raise UploadRefused(413, "too-large")
    data = await read_limited(file, state.max_upload)
    judge(data)
    return await run_in_threadpool(state.accept, data, file.filename or "", actor, request_lang(request))


class Refusal(BaseModel):
    detail: str
    answer: UploadAnswer | None = None  # the ledger's record of a refused workbook, with its findings


@router.post("/submissions", status_code=201, response_model=UploadAnswer,
             responses={202: {"model": UploadAnswer}, 401: {}, 403: {"model": Refusal}, 413: {"model": Refusal},
                        415: {"model": Refusal}, 422: {"model": Refusal}, 503: {"model": Refusal}})
async def upload(request: Request, file: UploadFile, actor: Actor = Depends(require_actor)) -> Response:
    """Upload a workbook (multipart field `file`): 201 with the version's findings.

    A party may upload only its own agreements (403 otherwise, recorded as rejected).
    Over the size limit 413, not a workbook by its content 415, a workbook that
    cannot be read 422, the ledger busy past half a minute 503."""
    check(actor, "upload")
    lang = request_lang(request)
    try:
        answer = await receive(request, file, actor)
    except UploadRefused as refused:
        body = Refusal(detail=reason_text(refused, lang, web(request).max_upload), answer=refused.answer)
        headers = {"Retry-After": "30"} if refused.status_code == 503 else None
        return JSONResponse(body.model_dump(mode="json"), status_code=refused.status_code, headers=headers)
    status_code = 202 if answer.status == "incomplete" else 201
    return JSONResponse(answer.model_dump(mode="json"), status_code=status_code)


@router.get("/submissions/{party}", response_model=PartyHistory, responses={403: {}, 404: {}})
def versions(request: Request, party: str, actor: Actor = Depends(allowed("versions"))) -> PartyHistory:
    """Every version of the party's agreements, oldest first, with what changed (`roedtraad history`)."""
    check(actor, "versions", party)
    try:
        return web(request).history(party)
    except HistoryError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/submissions/{party}/workbook", response_class=FileResponse, responses={200: {"content": {XLSX: {}}}})
def workbook(request: Request, party: str, kind: str | None = None,
             actor: Actor = Depends(allowed("workbook"))) -> Response:
    """The party's current workbook: its agreement, or with `?kind=project_register` its project register."""
    check(actor, "workbook", party)
    found = web(request).latest_workbook(party, kind)
    if found is None:
        raise HTTPException(404, f"no workbook from {party}")
    path, name = found
    return FileResponse(path, media_type=XLSX, filename=name)
