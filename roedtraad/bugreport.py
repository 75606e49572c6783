"""Where a bug goes: a traceback is written to a log file, and the user is told where and a reference.

A user never sees a traceback (issue 15): a file that trips a bug in roedtraad
becomes a finding with a reference, a command that trips one says where the log
is; the log holds the traceback for whoever runs roedtraad. The log is
`$ROEDTRAAD_BUG_LOG`, else roedtraad-fejl/fejlrapport.log in the system's temp folder.
"""
from __future__ import annotations

import os
import tempfile
import traceback
import uuid
from datetime import datetime, timezone
from pathlib import Path


def log_path() -> Path:
    configured = os.environ.get("ROEDTRAAD_BUG_LOG")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "roedtraad-fejl" / "fejlrapport.log"


def record(exc: BaseException, context: str) -> str:
    """Append the traceback to the log; return the reference that names it there."""
    reference = uuid.uuid4().hex[:10]
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    entry = f"=== {reference} {stamp} pid {os.getpid()} {context!r}\n{text}\n"
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(entry)
    except OSError:
        pass  # a log that cannot be written must not turn one bug into two
    return reference


__all__ = ["log_path", "record"]
