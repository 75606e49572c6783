"""`roedtraad templates`: one pre-filled workbook per party and agreement."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError, Settings
from ..i18n import Lang, Text
from ..model import AgreementHeader, Foundation, Goal, Submission
from ..project import Project
from .generate import write_agreement, write_foundation, write_workbook
from .links import resolve_names
from .projects import project_register_spec, register_name, register_rows, served_options
from .read import read_foundation, read_submission
from .followup_sheet import checkpoints
from .rollover import roll_over

FOUNDATION_UNREADABLE = Text("{path} kan ikke læses: {reasons_da}", "{path} kan inte läsas: {reasons_sv}",
                             "{path} cannot be read: {reasons_en}")


def template_name(project: Project, kind: str, parties: list[str], lang: Lang) -> str:
    label = project.settings.agreements[kind].file_label(lang)
    return f"{label}_{'_'.join(parties)}.xlsx".replace("/", "-")


@dataclass
class TemplatesWritten:
    paths: list[Path] = field(default_factory=list)
    carried: list[Path] = field(default_factory=list)  # pre-filled from last round
    blank: list[Path] = field(default_factory=list)  # the party sent nothing last round


def generate_templates(project: Project, lang: Lang | None = None) -> list[Path]:
    """Write a blank foundation plus every agreement template into the templates folder.

    Committee agreements: one per department (with its committee). Quality
    agreements: one per institution, whose parent dropdown lists the udvalgsmål
    already submitted by its department. Project registers: one per department.
    """
    return write_templates(project, lang).paths


def write_templates(project: Project, lang: Lang | None = None, previous: list[Submission] | None = None,
                    previous_foundation: Foundation | None = None) -> TemplatesWritten:
    """The templates; with `previous` (last round's accepted agreements) next round's: each party
    that sent an agreement gets it rolled over (`rollover.roll_over`), the others a blank one.
    `previous_foundation` dates last round's checkpoints, when the foundation has moved on since."""
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
    written = TemplatesWritten([write_foundation(out / settings.paths.foundation, settings, Foundation(path=out),
                                                 lang)])
    parties = {p.id: p for p in foundation.parties}
    last_round = _by_party(previous or [], settings)
    if previous is None:
        committee_goals = _committee_goals_by_department(project)
    else:
        committee_goals = defaultdict(list)
        for submission in last_round.values():
            if not submission.header.institutions:
                committee_goals[submission.header.department].extend(submission.goals)
    done: set[int] = set()
    for kind, agreement in sorted(settings.agreements.items()):
        upper, lower = agreement.between
        for party in sorted((p for p in foundation.parties if p.kind == lower), key=lambda p: p.id):
            parent = parties.get(party.parent or "")
            before = last_round.get((kind, party.id))
            if before is not None:
                if id(before) in done:
                    continue  # a joint agreement of several institutions: written once
                done.add(id(before))
                rolled = roll_over(before, foundation, lang, points=checkpoints(previous_foundation))
                header = rolled.submission.header
                names = [party.parent or "", party.id] if not header.institutions \
                    else [header.department, *header.institutions]
                path = write_agreement(out / template_name(project, kind, names, lang), settings, kind, foundation,
                                       header, rolled.submission, lang=lang, carried=rolled.notes,
                                       parent_goals=committee_goals.get(header.department, [])
                                       if header.institutions else ())
                written.paths.append(path)
                written.carried.append(path)
                continue
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
            written.paths.append(write_agreement(path, settings, kind, foundation, header, lang=lang,
                                                 parent_goals=committee_goals.get(party.parent or "", [])))
            if previous is not None:
                written.blank.append(path)
    for party in sorted((p for p in foundation.parties if p.kind == "department"), key=lambda p: p.id):
        header = AgreementHeader(committee=party.parent or "", department=party.id, head=party.leader)
        path = out / register_name(settings, party.parent or "", party.id, lang)
        written.paths.append(write_project_register(path, settings, foundation, header, lang=lang))
    return written


def _by_party(submissions: list[Submission], settings) -> dict[tuple[str, str], Submission]:
    """(agreement kind, party id) -> the newest submission delivering for that party."""
    found: dict[tuple[str, str], Submission] = {}
    for submission in sorted(submissions, key=lambda s: s.received):
        agreement = settings.agreements.get(submission.kind)
        if agreement is None:
            continue
        covered = [submission.header.department] if agreement.between[1] == "department" \
            else submission.header.institutions
        for party in covered:
            if party:
                found[(submission.kind, party)] = submission
    return found


def read_current_round(project: Project) -> list[Submission]:
    """This round's agreements from the submissions folder: every one that could be read (a file that
    cannot be read was never accepted); `_by_party` keeps the newest per party."""
    found = []
    for path in project.submission_files():
        submission, _ = read_submission(path, project.settings)
        if submission is not None:
            found.append(submission)
    return found


def _committee_goals_by_department(project: Project) -> dict[str, list[Goal]]:
    goals: dict[str, list[Goal]] = defaultdict(list)
    for path in project.submission_files():
        submission, _ = read_submission(path, project.settings)
        if submission is not None and submission.header.department and not submission.header.institutions:
            goals[submission.header.department].extend(submission.goals)
    return goals


def write_project_register(path: Path, settings: Settings, foundation: Foundation, header: AgreementHeader,
                           submission: Submission | None = None, lang: Lang = "da") -> Path:
    """One department's register, pre-filled with its department and head (and projects, if given)."""
    spec = project_register_spec(settings)
    parties = {p.id: p for p in foundation.parties}
    front = header.model_dump(exclude={"cells"})
    names = {"department": parties[header.department].name} if header.department in parties else {}
    rows = register_rows(submission) if submission is not None else {}
    return write_workbook(path, spec, settings, lang=lang, front=front, names=names, rows=rows,
                          lists={"served": served_options(foundation)},
                          parties=[p for p in (header.department,) if p], value_markers=foundation.value_markers)
