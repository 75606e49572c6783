"""xlwings Lite: the same validation inside Excel with Python in the browser (Pyodide), no server.

`write_lite` writes `main.py` and `requirements.txt` for the xlwings Lite
add-in. The script carries the project's settings, its foundation and the
other parties' current submissions as JSON (plain records: the cross-file
rules need them), reads the open workbook with the grid reader, validates it
with `validate_records` and records the same actions as the service's
endpoint. python-calamine, openpyxl and pandas are never imported on this
path (a test checks it), so pydantic is the only compiled dependency.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import Settings
from ..files import write_atomically
from ..i18n import Lang
from ..model import Foundation, Submission
from ..workbook_templates.read import GridWorkbook
from .actions import record_actions
from .book import book_grids
from .check import Basis, LiveCheck, check_workbook, unreadable

WHEEL = f"roedtraad-{__version__}-py3-none-any.whl"
WHEEL_PATH = f"/addin/lite/{WHEEL}"
# Only what the Lite path imports travels in the wheel: not the vendored browser files, not the CLI.
_WHEEL_SKIP = ("addin/static/", "addin/templates/", "cli/", "web/", "demo/")


def basis_json(basis: Basis) -> str:
    return json.dumps({"settings": basis.settings.model_dump(mode="json"),
                       "foundation": basis.foundation.model_dump(mode="json") if basis.foundation else None,
                       "others": [s.model_dump(mode="json") for s in basis.others]}, ensure_ascii=False)


def basis_from_json(text: str) -> Basis:
    data = json.loads(text)
    settings = Settings.model_validate(data["settings"])
    foundation = Foundation.model_validate(data["foundation"]) if data["foundation"] else None
    return Basis(settings, foundation, tuple(Submission.model_validate(s) for s in data["others"]))


def validate_book(book: Any, basis: Basis, lang: Lang) -> LiveCheck:
    """Check an xlwings Book (in Lite: the open workbook) and record the actions on it."""
    try:
        grid = GridWorkbook(name=book.name, sheets=book_grids(book))
    except Exception as exc:  # noqa: BLE001 - xlwings fails on some cells (see book.py); say so in the workbook
        check = unreadable(book.name, f"{type(exc).__name__}: {exc}")
        record_actions(book, GridWorkbook(name=book.name, sheets={s.name: [] for s in book.sheets}), check,
                       basis.settings, lang)
        return check
    check = check_workbook(grid, basis)
    record_actions(book, grid, check, basis.settings, lang)
    return check


MAIN = '''"""roedtraad for xlwings Lite: validate this workbook against den røde tråd, with no server.

Written by `roedtraad addin lite` for {municipality}; run it again when the
foundation or the other agreements change. Errors are coloured red, warnings
yellow, and every finding is listed on the sheet '{sheet}'.
"""
import base64
import zlib

import xlwings as xw
from xlwings import script

from roedtraad.addin.lite import basis_from_json, validate_book

LANG = {lang!r}
BASIS = basis_from_json(zlib.decompress(base64.b64decode({basis!r})).decode("utf-8"))


@script
def valider(book: xw.Book):
    """{title}"""
    check = validate_book(book, BASIS, LANG)
    for finding in check.findings:
        print(finding.severity.value, finding.sheet, finding.cell, finding.message(LANG))
    print(f"{{len(check.findings)}} fund")
'''


def lite_files(basis: Basis, lang: Lang, url: str | None = None) -> dict[str, str]:
    """main.py and requirements.txt; with `url` (the service) the roedtraad wheel is installed from it."""
    from .actions import FINDINGS_SHEET
    encoded = base64.b64encode(zlib.compress(basis_json(basis).encode("utf-8"), 9)).decode("ascii")
    main = MAIN.format(municipality=basis.settings.municipality, sheet=FINDINGS_SHEET(lang), lang=lang,
                       basis=encoded,
                       title={"da": "Valider projektmappen", "sv": "Validera arbetsboken",
                              "en": "Validate the workbook"}[lang])
    source = f"roedtraad @ {url.rstrip('/')}{WHEEL_PATH}" if url else f"roedtraad  # or the wheel: {WHEEL}"
    # tzdata: Pyodide has no time zone database, and deadlines are judged on the municipality's clock.
    requirements = f"pydantic>=2.5\ntzdata\n{source}\n"
    return {"main.py": main, "requirements.txt": requirements}


def lite_wheel() -> bytes:
    """A pure-Python wheel of roedtraad's validation core, for xlwings Lite to install (micropip)."""
    root = resources.files("roedtraad")
    files: dict[str, bytes] = {}

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__" and not (name + "/").startswith(_WHEEL_SKIP):
                    walk(child, name + "/")
            elif child.name.endswith((".py", ".toml")):
                files[f"roedtraad/{name}"] = child.read_bytes()

    walk(root, "")
    info = f"roedtraad-{__version__}.dist-info"
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: roedtraad\nVersion: {__version__}\n"
                                 "Requires-Dist: pydantic>=2.5\nRequires-Dist: tzdata\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: roedtraad\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for name, data in sorted(files.items())]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def write_lite(folder: Path, basis: Basis, lang: Lang, url: str | None = None) -> list[Path]:
    """Write main.py, requirements.txt and the wheel into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in lite_files(basis, lang, url).items():
        write_atomically(folder / name, text)
        written.append(folder / name)
    wheel = folder / WHEEL
    write_atomically(wheel, lite_wheel())
    return written + [wheel]
