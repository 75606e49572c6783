"""Tell what a file that claims to be a workbook really is, before anyone parses it.

Departments send us .xls files renamed to .xlsx, CSV exports renamed to .xlsx,
password-protected workbooks and half-copied files from network shares. Each
of those deserves its own message instead of a stack trace from a parser, so
sniff() looks only at the first bytes and the zip/OLE directory and never
loads the workbook itself.
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable, Collection
from enum import StrEnum
from pathlib import Path

from . import ziputil

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
TEXT_PROBE_BYTES = 4096

# Control characters that never occur in CSV/TSV/HTML text; their presence
# means binary data even when the bytes happen to decode as cp1252.
_BINARY_CONTROLS = set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


class FileKind(StrEnum):
    XLSX = "xlsx"
    XLSM = "xlsm"
    EMPTY = "empty"
    XLS = "xls"
    ENCRYPTED = "encrypted"
    ODS = "ods"
    TEXT = "text"
    CORRUPT_ZIP = "corrupt_zip"
    NOT_SPREADSHEET = "not_spreadsheet"
    UNREADABLE = "unreadable"


def excel_lock_file(path: Path) -> Path | None:
    """Return the owner/lock file that shows someone has `path` open, if any.

    Excel creates "~$" + file name beside an open workbook; for longer names it
    drops the first two characters ("~$dget.xlsx" for "Budget.xlsx"), so both
    spellings are checked. LibreOffice's ".~lock.<name>#" is checked too,
    because some departments edit their workbooks with it.
    """
    folder, name = os.path.split(os.fspath(path))
    # Plain strings and os.path: checked for every file read, where Path objects cost more than the
    # stat calls. isfile() is False when the share cannot be reached: no lock seen.
    for candidate in (f"~${name}", f"~${name[2:]}", f".~lock.{name}#"):
        lock = os.path.join(folder, candidate)
        if os.path.isfile(lock):
            return Path(lock)
    return None


def sniff(path: Path) -> FileKind:
    """Classify `path` by content, not by extension."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:  # includes PermissionError and share/sharing violations
        return FileKind.UNREADABLE
    return sniff_bytes(data)


def sniff_bytes(data: bytes, package: ziputil.Package | None = None) -> FileKind:
    """Classify a file's bytes; `package` is the zip index when the caller already has it."""
    if not data:
        return FileKind.EMPTY
    if data.startswith(OLE2_SIGNATURE):
        return _sniff_ole(io.BytesIO(data))
    if data.startswith(ZIP_SIGNATURES):
        return _sniff_zip(package or ziputil.Package(data))
    return FileKind.TEXT if _looks_like_text(data[:TEXT_PROBE_BYTES]) else FileKind.NOT_SPREADSHEET


def _sniff_ole(fh) -> FileKind:
    """OLE2 is both the legacy .xls format and the wrapper of an encrypted .xlsx."""
    import olefile  # only OLE files need it: the grid reader (xlwings Lite, Pyodide) never does

    try:
        ole = olefile.OleFileIO(fh)
    except Exception:  # olefile raises assorted errors on damaged containers
        # The signature alone says "legacy Office file"; reporting it as .xls
        # gives the department the right advice (save as .xlsx).
        return FileKind.XLS
    try:
        if ole.exists("EncryptedPackage"):
            return FileKind.ENCRYPTED
        if ole.exists("Workbook") or ole.exists("Book"):
            return FileKind.XLS
        return FileKind.NOT_SPREADSHEET  # e.g. a .doc renamed to .xlsx
    finally:
        ole.close()


def _sniff_zip(package: ziputil.Package) -> FileKind:
    try:
        return _classify_zip(package.names(), package.read)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        # Truncated copies, bad local headers or unknown compression: the
        # package cannot be read as it stands.
        return FileKind.CORRUPT_ZIP


def _classify_zip(names: Collection[str], read: Callable[[str], bytes]) -> FileKind:
    if "mimetype" in names:
        mimetype = read("mimetype")[:200].decode("ascii", "replace")
        if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return FileKind.ODS
        return FileKind.NOT_SPREADSHEET  # .odt, .epub and friends
    if "[Content_Types].xml" not in names:
        return FileKind.CORRUPT_ZIP
    content_types = read("[Content_Types].xml")
    if "xl/workbook.xml" not in names:
        # A Word or PowerPoint file renamed to .xlsx is intact, just
        # not a spreadsheet; a package that claims spreadsheet content
        # but lacks its workbook part is damaged.
        if b"spreadsheetml" not in content_types:
            return FileKind.NOT_SPREADSHEET
        return FileKind.CORRUPT_ZIP
    lowered = content_types.lower()
    if b"macroenabled" in lowered or b"vbaproject" in lowered or "xl/vbaProject.bin" in names:
        return FileKind.XLSM
    return FileKind.XLSX


def _looks_like_text(head: bytes) -> bool:
    """A CSV/TSV/HTML export renamed to .xlsx: decodable, no binary control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            text = head[: len(head) // 2 * 2].decode("utf-16")
        except UnicodeDecodeError:
            return False
        return not any(ord(ch) in _BINARY_CONTROLS for ch in text)
    if any(byte in _BINARY_CONTROLS for byte in head):
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # The probe may end inside a multi-byte UTF-8 sequence: allow up
            # to three dangling bytes at the very end.
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
                return True
    return False
