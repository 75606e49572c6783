"""What every report format shares: labels, the verdict, the summary counts and the grouping by file.

The renderers (text and JSON in `report`, HTML in `report_html`, xlsx in
`report_xlsx`) import from here and never from each other.
"""
from __future__ import annotations

import json
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING

from ..config import Settings
from ..findings import Finding, Severity
from ..i18n import Lang, Text
from ..workbook_templates.normalize import excel_text
from ..workbook_templates.projects import LABEL as PROJECT_REGISTER_LABEL, PROJECT_REGISTER

if TYPE_CHECKING:
    from .engine import FileSummary, ValidationResult

FORMATS = ("text", "json", "junit", "html", "xlsx")

SUMMARY = Text("Filer: {files}, fejl: {errors}, advarsler: {warnings}, info: {infos}",
               "Filer: {files}, fel: {errors}, varningar: {warnings}, info: {infos}",
               "Files: {files}, errors: {errors}, warnings: {warnings}, infos: {infos}")
VERDICT_ERRORS = Text("Ikke klar: fejlene ({errors}) skal rettes, før aftalerne kan behandles.",
                      "Inte klar: felen ({errors}) måste rättas innan planerna kan behandlas.",
                      "Not ready: the errors ({errors}) must be fixed before the agreements can be considered.")
VERDICT_STRICT = Text("Ikke klar: advarslerne ({warnings}) skal afklares (streng kontrol).",
                      "Inte klar: varningarna ({warnings}) måste redas ut (strikt kontroll).",
                      "Not ready: the warnings ({warnings}) must be resolved (strict check).")
VERDICT_WARNINGS = Text("Klar med forbehold: ingen fejl, men advarslerne ({warnings}) bør gennemgås.",
                        "Klar med förbehåll: inga fel, men varningarna ({warnings}) bör gås igenom.",
                        "Ready with reservations: no errors, but the warnings ({warnings}) should be reviewed.")
VERDICT_OK = Text("Klar: ingen fejl og ingen advarsler.", "Klar: inga fel och inga varningar.",
                  "Ready: no errors and no warnings.")
FILES_OK = Text("Filer uden bemærkninger: {count}", "Filer utan anmärkningar: {count}", "Files without findings: {count}")
GENERAL = Text("(generelt)", "(allmänt)", "(general)")
FOUNDATION_LABEL = Text("Styringsgrundlag", "Styrgrund", "Governance foundation")
UNREADABLE_LABEL = Text("kunne ikke læses", "kunde inte läsas", "could not be read")
COLUMNS = {
    "code": Text("Kode", "Kod", "Code"), "severity": Text("Alvor", "Allvar", "Severity"),
    "message": Text("Besked", "Meddelande", "Message"), "hint": Text("Sådan retter du", "Så rättar du", "How to fix"),
    "file": Text("Fil", "Fil", "File"), "sheet": Text("Ark", "Flik", "Sheet"), "cell": Text("Celle", "Cell", "Cell"),
    "row_id": Text("Række-id", "Rad-id", "Row id"),
}
FILE_COLUMNS = {
    "path": COLUMNS["file"], "kind": Text("Type", "Typ", "Kind"), "party": Text("Part", "Part", "Party"),
    "status": Text("Status", "Status", "Status"), "errors": Text("Fejl", "Fel", "Errors"),
    "warnings": Text("Advarsler", "Varningar", "Warnings"), "infos": Text("Info", "Info", "Infos"),
}
STATUS = {"ok": Text("ok", "ok", "ok"), "warnings": Text("advarsler", "varningar", "warnings"),
          "errors": Text("fejl", "fel", "errors")}
COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def clean(text: object) -> str:
    """Text safe for XML and xlsx: no control characters."""
    return excel_text(text)


def summary(result: "ValidationResult") -> dict[str, int]:
    counts = result.counts()
    return {"files": len(result.files), **counts}


def verdict(result: "ValidationResult", lang: Lang, strict: bool = False) -> str:
    counts = summary(result)
    if counts["errors"]:
        return VERDICT_ERRORS(lang, **counts)
    if counts["warnings"]:
        return (VERDICT_STRICT if strict else VERDICT_WARNINGS)(lang, **counts)
    return VERDICT_OK(lang, **counts)


def kind_label(kind: str, lang: Lang, settings: Settings | None) -> str:
    if kind == "foundation":
        return FOUNDATION_LABEL(lang)
    if not kind:
        return UNREADABLE_LABEL(lang)
    if settings is not None and kind in settings.agreements:
        return settings.agreements[kind].labels(lang)
    if kind == PROJECT_REGISTER:
        return PROJECT_REGISTER_LABEL(lang)
    return kind


def where(finding: Finding) -> str:
    if finding.sheet and finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    return finding.sheet or finding.cell


def to_json(result: "ValidationResult", lang: Lang) -> dict:
    """The JSON report: a summary and one flat row per finding."""
    return {"summary": summary(result), "findings": [f.as_row(lang) for f in result.findings]}


def render_json(result: "ValidationResult", lang: Lang) -> str:
    return json.dumps(to_json(result, lang), ensure_ascii=False, indent=2) + "\n"


def grouped(result: "ValidationResult") -> list[tuple["FileSummary | None", list[Finding]]]:
    """Findings per file, in the order of the file summaries; findings without a file last."""
    by_file = {file: list(items) for file, items in groupby(sorted(result.findings, key=lambda f: f.file),
                                                            key=lambda f: f.file)}
    groups = [(summary_, by_file.pop(summary_.path, [])) for summary_ in result.files]
    groups += [(None, items) for _, items in sorted(by_file.items())]
    return groups


# --- what a report covers, and when it was made ------------------------------------------------------------------

COVERS_COMMITTEE = Text("Udvalg {committee} ({name})", "Nämnd {committee} ({name})", "Committee {committee} ({name})")
COVERS_ALL = Text("Hele kommunen", "Hela kommunen", "Whole municipality")
MADE_AT = Text("Dannet {when} af roedtraad", "Skapad {when} av roedtraad", "Made {when} by roedtraad")
DATA_AS_OF = Text("Data pr. {when} (seneste modtagne fil), dannet af roedtraad",
                  "Data per {when} (senast mottagna fil), skapad av roedtraad",
                  "Data as of {when} (the latest file received), made by roedtraad")
TIME_FORMATS = {"da": "%d-%m-%Y %H:%M", "sv": "%Y-%m-%d %H:%M", "en": "%Y-%m-%d %H:%M"}


def covers(result: "ValidationResult", lang: Lang, settings: Settings | None) -> str:
    """What the report is about: "Eksempel Kommune – Udvalg BUU (Børne- og Ungeudvalget)" or "… – Hele kommunen"."""
    if result.committee:
        parties = result.foundation.parties if result.foundation is not None else []
        name = next((p.name for p in parties if p.id == result.committee and p.kind == "committee"), result.committee)
        scope = COVERS_COMMITTEE(lang, committee=result.committee, name=name)
    else:
        scope = COVERS_ALL(lang)
    return f"{settings.municipality} – {scope}" if settings is not None and settings.municipality else scope


def made_text(when: datetime | None, lang: Lang, as_of: datetime | None = None) -> str:
    """When the report was made (local time; now unless given), or, given `as_of`, the time of its data."""
    if as_of is not None:
        return DATA_AS_OF(lang, when=as_of.strftime(TIME_FORMATS.get(lang, TIME_FORMATS["en"])))
    moment = when or datetime.now()
    return MADE_AT(lang, when=moment.strftime(TIME_FORMATS.get(lang, TIME_FORMATS["en"])))


def data_time(result: "ValidationResult", settings: Settings | None = None) -> datetime | None:
    """The time of the data a report covers: the latest receipt among its files, on the municipality's
    clock (given its settings). A report stamped with it is the same, byte for byte, when it is made again
    from the same data (issue 11)."""
    times = [s.received for s in result.submissions if s.received]
    if result.foundation is not None and result.foundation.received:
        times.append(result.foundation.received)
    if not times:
        return None
    return settings.local_time(max(times)) if settings is not None else \
        datetime.fromtimestamp(max(times)).replace(microsecond=0)
