"""`roedtraad templates`: one pre-filled workbook per party and agreement."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..config import ConfigError
from ..i18n import Lang, Text
from ..model import AgreementHeader, Goal
from ..progress import step
from ..project import Project
from .generate import write_agreement
from .links import resolve_names
from .read import read_foundation, read_submission

FOUNDATION_UNREADABLE = Text("{path} kan ikke læses: {reasons_da}", "{path} kan inte läsas: {reasons_sv}",
                             "{path} cannot be read: {reasons_en}")
GENERATING = Text("Danner skabeloner", "Skapar mallar", "Generating templates")
READING_AGREEMENTS = Text("Læser indsendte aftaler (til rullelisterne)", "Läser inlämnade planer (till listorna)",
                          "Reading the submitted agreements (for the dropdowns)")


def template_name(project: Project, kind: str, parties: list[str], lang: Lang) -> str:
    label = project.settings.agreements[kind].file_label(lang)
    return f"{label}_{'_'.join(parties)}.xlsx".replace("/", "-")


def generate_templates(project: Project, lang: Lang | None = None) -> list[Path]:
    """Write every agreement template into the templates folder.

    Only what is mailed to the parties goes there: the foundation is finance's
    own workbook (`roedtraad init` writes it) and never lands among them.

    Committee agreements: one per department (with its committee). Quality
    agreements: one per institution, whose parent dropdown lists the udvalgsmål
    already submitted by its department.
    """
    settings = project.settings
    lang = lang or settings.language
    foundation, findings = read_foundation(project.foundation_path, settings)
    if foundation is None:
        raise ConfigError(FOUNDATION_UNREADABLE, path=project.foundation_path,
                          reasons_da="; ".join(f.message("da") for f in findings),
                          reasons_sv="; ".join(f.message("sv") for f in findings),
                          reasons_en="; ".join(f.message("en") for f in findings))
    foundation, _ = resolve_names(foundation)  # a department's name in "Hører under" still names it by id
    out = project.templates_dir
    written: list[Path] = []
    parties = {p.id: p for p in foundation.parties}
    committee_goals = _committee_goals_by_department(project)
    jobs = [(kind, agreement, party) for kind, agreement in sorted(settings.agreements.items())
            for party in sorted((p for p in foundation.parties if p.kind == agreement.between[1]), key=lambda p: p.id)]
    with step(GENERATING, len(jobs)) as progress:
        for kind, agreement, party in jobs:
            parent = parties.get(party.parent or "")
            if agreement.between[0] == "committee":
                header = AgreementHeader(committee=party.parent or "", department=party.id, head=party.leader,
                                         first_year=settings.period.budget_year,
                                         last_year=settings.period.budget_year + agreement.max_years - 1)
            else:
                header = AgreementHeader(department=party.parent or "", head=parent.leader if parent else "",
                                         institutions=[party.id], leaders=[party.leader] if party.leader else [],
                                         first_year=settings.period.budget_year,
                                         last_year=settings.period.budget_year)
            path = out / template_name(project, kind, [party.parent or "", party.id], lang)
            written.append(write_agreement(path, settings, kind, foundation, header, lang=lang,
                                           parent_goals=committee_goals.get(party.parent or "", [])))
            progress.advance()
    return written


def _committee_goals_by_department(project: Project) -> dict[str, list[Goal]]:
    goals: dict[str, list[Goal]] = defaultdict(list)
    files = project.submission_files()
    with step(READING_AGREEMENTS, len(files)) as progress:
        for path in files:
            submission, _ = read_submission(path, project.settings)
            if submission is not None and submission.header.department and not submission.header.institutions:
                goals[submission.header.department].extend(submission.goals)
            progress.advance()
    return goals
