"""GET /api/master: the current consolidated master workbook (finance only)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse

from ...sync.tokens import Actor
from ..access import allowed
from .common import web

router = APIRouter(tags=["master"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/master", response_class=FileResponse, responses={200: {"content": {XLSX: {}}}, 404: {}})
def download_master(request: Request, actor: Actor = Depends(allowed("master"))) -> FileResponse:  # noqa: ARG001
    path = web(request).master_path()
    if not path.is_file():
        raise HTTPException(404, "no master workbook has been built yet: run 'roedtraad sync'")
    return FileResponse(path, media_type=XLSX, filename=path.name)
