"""docs/findings.md is generated from the finding classes and must be up to date."""
from __future__ import annotations

from pathlib import Path

from roedtraad.validators import catalogue_markdown
from roedtraad.findings import CATALOGUE

DOC = Path(__file__).resolve().parent.parent / "docs" / "findings.md"


def test_findings_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/findings.md is stale: run python -m roedtraad.validators.catalogue_doc > docs/findings.md")


def test_every_validator_finding_is_documented_in_three_languages():
    text = catalogue_markdown()
    for code, kind in CATALOGUE.items():
        if kind.__module__.startswith("roedtraad.validators."):
            assert f"`{code}`" in text
            assert all(kind.title) and all(kind.message) and all(kind.hint), code
