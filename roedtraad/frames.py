"""The service's tables as pandas DataFrames, for an analyst in a notebook.

    result = validate_project(project)
    findings_frame(result, project.settings).groupby(["committee", "severity"]).size()

Each frame has fixed columns (the fields of its row model), also when empty,
so a notebook's code does not break on a quiet season.
"""
from __future__ import annotations

import pandas as pd
from pydantic import BaseModel

from .config import Settings
from .i18n import DEFAULT_LANG, Lang
from .sync.status import PartyStatus, ProjectStatus
from .tables import BudgetRow, FindingFilter, FindingRow, ProjectTables
from .validators.engine import ValidationResult


def _frame(rows: list[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
    columns = list(model.model_fields)
    return pd.DataFrame([row.model_dump(mode="json") for row in rows], columns=columns)


def findings_frame(result: ValidationResult, settings: Settings, lang: Lang = DEFAULT_LANG,
                   where: FindingFilter | None = None) -> pd.DataFrame:
    """One row per finding: code, severity, title, message, hint, file, sheet, cell, row id, parties, committee."""
    frame = _frame(ProjectTables(result, settings).findings(lang, where), FindingRow)
    frame["parties"] = frame["parties"].map(", ".join) if len(frame) else frame["parties"]
    return frame


def budget_frame(result: ValidationResult, settings: Settings) -> pd.DataFrame:
    """Frames against allocations per committee, appropriation and year (1.000 kr.)."""
    return _frame(ProjectTables(result, settings).budget(), BudgetRow)


def status_frame(status: ProjectStatus) -> pd.DataFrame:
    """The submission status (`project_status`, what `status --format json` prints): one row per party and agreement.

        status_frame(project_status(project, ledger)).pivot_table(index="committee", columns="state",
                                                                  values="party", aggfunc="count")
    """
    return _frame(status.parties, PartyStatus)


__all__ = ["budget_frame", "findings_frame", "status_frame"]
