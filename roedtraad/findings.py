"""Findings: the catalogue of everything roedtraad can say about a workbook.

Each kind of finding is a small class whose class attributes are its catalogue
entry (stable code, severity, title, message and hint in da/sv/en). An instance
of `Finding` records where (file, sheet, cell, row id) and the values that fill
the message. Messages are rendered in the user's language only on output, so
one validation run serves every language.
"""
from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .i18n import DEFAULT_LANG, Lang, Text, one_line
from .model import Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_LABELS = {
    Severity.ERROR: Text("fejl", "fel", "error"),
    Severity.WARNING: Text("advarsel", "varning", "warning"),
    Severity.INFO: Text("info", "info", "info"),
}

CATALOGUE: dict[str, type["FindingKind"]] = {}
# Reading finds structure and cell problems, the rules live in validators; sync adds what can go wrong writing files back.
FINDING_PACKAGES = ("roedtraad.workbook_templates", "roedtraad.validators", "roedtraad.followup", "roedtraad.sync")


def load_catalogue() -> dict[str, type["FindingKind"]]:
    """Import every module that defines findings, so CATALOGUE is complete."""
    for name in FINDING_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{name}.{module.name}")
    return CATALOGUE


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    file: str = ""
    sheet: str = ""
    cell: str = ""
    row_id: str = ""
    params: dict[str, str | int | float] = Field(default_factory=dict)

    @property
    def kind(self) -> type["FindingKind"]:
        if self.code not in CATALOGUE:
            # A finding made in a worker process (or read from JSON) may name a
            # kind whose module this process has not imported yet.
            load_catalogue()
        return CATALOGUE[self.code]

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.kind.message(lang, **self._one_line_params())

    def hint(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.kind.hint(lang, **self._one_line_params())

    def _one_line_params(self) -> dict[str, str | int | float]:
        """Values come from submissions: a message stays one line whatever they hold."""
        return {k: one_line(v) if isinstance(v, str) else v for k, v in self.params.items()}

    def sort_key(self) -> tuple:
        return (self.file, self.sheet, _cell_key(self.cell), self.code, self.row_id,
                sorted(self.params.items()))

    def as_row(self, lang: Lang = DEFAULT_LANG) -> dict[str, str]:
        """The flat form used by JSON output, the findings sheet and the ledger."""
        return {"code": self.code, "severity": self.severity.value, "message": self.message(lang),
                "hint": self.hint(lang), "file": self.file, "sheet": self.sheet, "cell": self.cell,
                "row_id": self.row_id}


def _cell_key(cell: str) -> tuple[int, int]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    column = 0
    for char in letters:
        column = column * 26 + (ord(char.upper()) - 64)
    return (int(digits) if digits else 0, column)


class FindingKind:
    """A catalogue entry. Subclasses set the class attributes and are registered."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    family: ClassVar[str]
    title: ClassVar[Text]
    message: ClassVar[Text]
    hint: ClassVar[Text]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in CATALOGUE and CATALOGUE[cls.code] is not cls:
                raise ValueError(f"finding code {cls.code} registered twice")
            CATALOGUE[cls.code] = cls

    @classmethod
    def at(cls, location: Location | None, *, cell: str | None = None, row_id: str = "",
           **params: str | int | float) -> Finding:
        loc = location or Location(file="")
        return Finding(code=cls.code, severity=cls.severity, file=loc.file, sheet=loc.sheet,
                       cell=loc.cell if cell is None else cell, row_id=row_id,
                       params={k: v for k, v in params.items() if v is not None})


def with_configured_severity(findings: list[Finding], severities: dict[str, str]) -> list[Finding]:
    """Apply the preset's / roedtraad.toml's severity overrides."""
    if not severities:
        return findings
    return [f.model_copy(update={"severity": Severity(severities[f.code])}) if f.code in severities else f
            for f in findings]
