"""A folder of broken files next to a valid one: one clear finding each, no traceback."""
from __future__ import annotations

import io
import json
import shutil

import openpyxl
import pytest
from click.testing import CliRunner
from msoffcrypto.format.ooxml import OOXMLFile
from rule_records import write_project
from test_sniff import cfb_with_stream

from roedtraad.cli import main


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("bad") / "kommune")


def _encrypted_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Mål"
    plain, out = io.BytesIO(), io.BytesIO()
    wb.save(plain)
    OOXMLFile(io.BytesIO(plain.getvalue())).encrypt("hemmelig", out)
    return out.getvalue()


BAD_FILES = {
    "tom.xlsx": (lambda: b"", "structure.empty-file"),
    "gammel.xlsx": (lambda: cfb_with_stream("Workbook"), "structure.not-xlsx"),
    "eksport.xlsx": (lambda: "Mål-id;Måltekst\nSKO-01;Flere elever\n".encode("utf-8"), "structure.not-xlsx"),
    "laast.xlsx": (_encrypted_workbook, "structure.password-protected"),
}


@pytest.mark.parametrize("lang, word", [("da", "ikke en Excel-projektmappe"), ("sv", "inte en Excel-arbetsbok"),
                                        ("en", "not an Excel workbook")])
def test_each_bad_file_gets_one_structure_finding_and_the_rest_is_validated(tmp_path, clean, lang, word):
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    for name, (make, _) in BAD_FILES.items():
        (root / "indsendelser" / name).write_bytes(make())
    result = CliRunner().invoke(main, ["validate", "-p", str(root), "--format", "json", "--lang", lang])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.output)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], []).append(finding)
    assert {name: [f["code"] for f in by_file[f"indsendelser/{name}"]] for name in BAD_FILES} == {
        name: [code] for name, (_, code) in BAD_FILES.items()}
    assert set(by_file) == {f"indsendelser/{name}" for name in BAD_FILES}  # the valid files are clean
    assert report["summary"]["errors"] == len(BAD_FILES)
    assert any(word in f["message"] for f in by_file["indsendelser/eksport.xlsx"])
    assert all(f["hint"] for f in report["findings"])


def test_text_report_for_bad_files_renders_in_every_language(tmp_path, clean):
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    for name, (make, _) in BAD_FILES.items():
        (root / "indsendelser" / name).write_bytes(make())
    for lang in ("da", "sv", "en"):
        result = CliRunner().invoke(main, ["validate", "-p", str(root), "--lang", lang])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "tom.xlsx" in result.output and "laast.xlsx" in result.output
