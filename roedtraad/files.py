"""Writing a file whole or not at all: the one place for the temp-file-and-rename dance.

Every file roedtraad writes for people to open (templates, reports, the master, uploads placed on
the share, the archive, the add-in's files) goes through `write_atomically`: the bytes go to a
temporary file in the same folder (so the rename stays on one file system), are flushed to disk,
and one `os.replace` puts them in place. A crash, a full disk or a file held open by Excel leaves
the old file exactly as it was and no temporary file behind.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

Content = bytes | str | Callable[[Path], object]


def write_atomically(path: Path, content: Content, *, only_if_changed: bool = False, durable: bool = True,
                     mode: int | None = None) -> bool:
    """Write `content` to `path` whole or not at all; return True when the file was (re)placed.

    `content` is bytes, text (written as UTF-8) or a writer called with the temporary file's path
    (e.g. `workbook.save`). With `only_if_changed` a file that already holds the same bytes is left
    alone, so its modification time stays too. `durable` flushes the bytes to disk before the rename
    (off only for files that can be made again). `mode` sets the permission bits (default: as any
    new file, by the umask). Errors propagate (PermissionError when Windows holds the target open).
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if only_if_changed and isinstance(data, bytes) and _holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # A random name, created exclusively: two writers of one file never share a temporary file.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
        else:
            os.close(fd)
            data(tmp)
            if durable:
                _fsync(tmp)
            if only_if_changed and path.is_file() and _same_file(path, tmp):
                return False
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            chunk = fa.read(1 << 20)
            if chunk != fb.read(1 << 20):
                return False
            if not chunk:
                return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
