"""POST /api/submissions (a workbook upload), GET /api/submissions/{party} (its versions) and its workbook.

An upload goes through the sync path (`roedtraad.sync.upload.accept_upload`):
archive, ledger, validation, conflict rules. This module only guards the
door: the size limit (413), workbooks judged by content (415), unreadable
workbooks (422), and whose file it is (403). The client's filename is kept as
text and never becomes a path.
"""
from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, Response

from ...i18n import Text
from ...sync.tokens import Actor
from ...workbook_templates.sniff import FileKind, sniff_bytes
from ..access import allowed, check, require_actor
from ..state import UploadAnswer, UploadRefused, VersionRow
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
    kind = FileKind(refused.reason) if refused.reason in FileKind._value2member_map_ else None
    return UNREADABLE[kind](lang) if kind in UNREADABLE else refused.detail


async def receive(request: Request, file: UploadFile, actor: Actor, background: BackgroundTasks) -> UploadAnswer:
    """The one upload path of the API and the dashboard's form; raises UploadRefused."""
    state = web(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > state.max_upload + 64 * 1024:
        raise UploadRefused(413, "too-large")
    data = await read_limited(file, state.max_upload)
    judge(data)
    answer = state.accept(data, file.filename or "", actor, request_lang(request))
    background.add_task(state.rebuild_master)
    return answer


@router.post("/submissions", status_code=201, response_model=UploadAnswer,
             responses={401: {}, 403: {}, 413: {}, 415: {}, 422: {}})
async def upload(request: Request, file: UploadFile, background: BackgroundTasks,
                 actor: Actor = Depends(require_actor)) -> UploadAnswer:
    check(actor, "upload")
    try:
        return await receive(request, file, actor, background)
    except UploadRefused as refused:
        raise HTTPException(refused.status_code, reason_text(refused, request_lang(request),
                                                             web(request).max_upload)) from None


@router.get("/submissions/{party}", response_model=list[VersionRow])
def versions(request: Request, party: str, actor: Actor = Depends(allowed("versions"))) -> list[VersionRow]:
    check(actor, "versions", party)
    return web(request).versions(party)


@router.get("/submissions/{party}/workbook", response_class=FileResponse, responses={200: {"content": {XLSX: {}}}})
def workbook(request: Request, party: str, actor: Actor = Depends(allowed("workbook"))) -> Response:
    check(actor, "workbook", party)
    found = web(request).latest_workbook(party)
    if found is None:
        raise HTTPException(404, f"no workbook from {party}")
    path, name = found
    return FileResponse(path, media_type=XLSX, filename=name)
