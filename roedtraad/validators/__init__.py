"""Validators: the cascade rules, their findings catalogue, the engine and the reports."""
from __future__ import annotations


def catalogue_markdown() -> str:
    """docs/findings.md, generated from the finding classes."""
    from .catalogue_doc import catalogue_markdown as build

    return build()


__all__ = ["catalogue_markdown"]
