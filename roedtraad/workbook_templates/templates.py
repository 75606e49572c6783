"""`roedtraad templates`: one pre-filled workbook per party and agreement."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..config import ConfigError
from ..i18n import Lang, Text
from ..model import AgreementHeader, Foundation, Goal
from ..project import Project
from .generate import write_agreement, write_foundation
from .links import resolve_names
from .read import read_foundation, read_submission

FOUNDATION_UNREADABLE = Text("{path} kan ikke læses: {reasons_da}", "{path} kan inte läsas: {reasons_sv}",
                             "{path} cannot be read: {reasons_en}")


def template_name(project: Project, kind: str, parties: list[str], lang: Lang) -> str:
    label = project.settings.agreements[kind].file_label(lang)
    return f"{label}_{'_'.join(parties)}.xlsx".replace("/", "-")


def generate_templates(project: Project, lang: Lang | None = None) -> list[Path]:
    """Write a blank foundation plus every agreement template into the templates folder.

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
    written = [write_foundation(out / settings.paths.foundation, settings, Foundation(path=out), lang)]
    parties = {p.id: p for p in foundation.parties}
    committee_goals = _committee_goals_by_department(project)
    for kind, agreement in sorted(settings.agreements.items()):
        upper, lower = agreement.between
        for party in sorted((p for p in foundation.parties if p.kind == lower), key=lambda p: p.id):
            parent = parties.get(party.parent or "")
            if upper == "committee":
                header = AgreementHeader(committee=party.parent or "", department=party.id, head=party.leader,
                                         first_year=settings.period.budget_year,
                                         last_year=settings.period.budget_year + agreement.max_years - 1)
                names = [party.parent or "", party.id]
            else:
                header = AgreementHeader(department=party.parent or "", head=parent.leader if parent else "",
                                         institutions=[party.id], leaders=[party.leader] if party.leader else [],
                                         first_year=settings.period.budget_year,
                                         last_year=settings.period.budget_year)
                names = [party.parent or "", party.id]
            path = out / template_name(project, kind, names, lang)
            written.append(write_agreement(path, settings, kind, foundation, header, lang=lang,
                                           parent_goals=committee_goals.get(party.parent or "", [])))
    return written


def _committee_goals_by_department(project: Project) -> dict[str, list[Goal]]:
    goals: dict[str, list[Goal]] = defaultdict(list)
    for path in project.submission_files():
        submission, _ = read_submission(path, project.settings)
        if submission is not None and submission.header.department and not submission.header.institutions:
            goals[submission.header.department].extend(submission.goals)
    return goals
