"""Completeness: has every party submitted its agreement, once, and on time?"""
from __future__ import annotations

from typing import Iterator

from ..i18n import Text
from ..model import Location
from .context import RuleContext, SubmissionView, place
from ..findings import Finding, FindingKind, Severity


class CompletenessFinding(FindingKind):
    family = "completeness"
    severity = Severity.WARNING


class MissingSubmission(CompletenessFinding):
    code = "completeness.missing-submission"
    title = Text("Aftale mangler", "Plan saknas", "Agreement missing")
    message = Text("Der er ingen {agreement_da} fra {party} ({name}).", "Det finns ingen {agreement_sv} från {party} ({name}).",
                   "There is no {agreement_en} from {party} ({name}).")
    hint = Text("Ryk {party} for aftalen, eller læg filen i indsendelsesmappen.",
                "Påminn {party} om planen, eller lägg filen i inlämningsmappen.",
                "Remind {party} to submit, or put the file into the submissions folder.")


class DuplicateSubmission(CompletenessFinding):
    code = "completeness.duplicate-submission"
    title = Text("Aftale indsendt flere gange", "Plan inlämnad flera gånger", "Agreement submitted twice")
    message = Text("{party} har også en {agreement_da} for samme år i {first}.",
                   "{party} har också en {agreement_sv} för samma år i {first}.",
                   "{party} also has a {agreement_en} for the same years in {first}.")
    hint = Text("Fjern den forældede fil fra indsendelsesmappen.", "Ta bort den inaktuella filen från inlämningsmappen.",
                "Remove the outdated file from the submissions folder.")


class SubmittedLate(CompletenessFinding):
    code = "completeness.late"
    title = Text("Indsendt efter fristen", "Inlämnad efter sista dag", "Submitted after the deadline")
    message = Text("Filen er modtaget {received}, efter fristen {deadline} ({phase}).",
                   "Filen togs emot {received}, efter sista dag {deadline} ({phase}).",
                   "The file was received on {received}, after the deadline {deadline} ({phase}).")
    hint = Text("Aftal med økonomi, om aftalen kan nå med i processen.", "Kom överens med ekonomi om planen kan tas med.",
                "Agree with finance whether the agreement can still be included.")


class FoundationMissing(CompletenessFinding):
    code = "completeness.foundation-missing"
    severity = Severity.ERROR
    title = Text("Styringsgrundlaget mangler", "Styrgrunden saknas", "Governance foundation missing")
    message = Text("Styringsgrundlaget '{file}' findes ikke; aftalerne kan kun kontrolleres delvist.",
                   "Styrgrunden '{file}' finns inte; planerna kan bara kontrolleras delvis.",
                   "The governance foundation '{file}' does not exist; the agreements can only be partly checked.")
    hint = Text("Læg styringsgrundlaget i projektmappen, eller ret stien i roedtraad.toml (paths.foundation).",
                "Lägg styrgrunden i projektmappen, eller rätta sökvägen i roedtraad.toml (paths.foundation).",
                "Put the foundation workbook into the project folder, or fix paths.foundation in roedtraad.toml.")


def _agreement_labels(ctx: RuleContext, kind: str) -> dict[str, str]:
    labels = ctx.settings.agreements[kind].labels
    return {"agreement_da": labels.da.lower(), "agreement_sv": labels.sv.lower(), "agreement_en": labels.en.lower()}


def _covered(view: SubmissionView, party_kind: str) -> list[str]:
    if party_kind == "department":
        return [view.department.id] if view.department else []
    return [p.id for p in view.institutions]


def _overlap(a: SubmissionView, b: SubmissionView) -> bool:
    ha, hb = a.submission.header, b.submission.header
    if None in (ha.first_year, ha.last_year, hb.first_year, hb.last_year):
        return True
    return ha.first_year <= hb.last_year and hb.first_year <= ha.last_year


def expected_submissions(ctx: RuleContext) -> Iterator[Finding]:
    """One agreement per party of the agreement's second kind (per department; covering each institution)."""
    if ctx.foundation is None or not ctx.whole_set:
        return
    for kind in sorted(ctx.settings.agreements):
        party_kind = ctx.settings.agreements[kind].between[1]
        covered = {party for view in ctx.views_by_kind.get(kind, []) for party in _covered(view, party_kind)}
        for party in ctx.register.of_kind(party_kind):
            if party.id not in covered:
                where = party.location or Location(file=ctx.foundation_file)
                yield MissingSubmission.at(where, row_id=party.id, party=party.id, name=party.name,
                                           **_agreement_labels(ctx, kind))


def duplicate_submissions(ctx: RuleContext) -> Iterator[Finding]:
    for kind, views in sorted(ctx.views_by_kind.items()):
        if kind not in ctx.settings.agreements:
            continue
        party_kind = ctx.settings.agreements[kind].between[1]
        field_name = "department" if party_kind == "department" else "institutions"
        seen: dict[str, list[SubmissionView]] = {}
        for view in views:
            for party in _covered(view, party_kind):
                earlier = next((v for v in seen.get(party, []) if _overlap(v, view)), None)
                if earlier is not None:
                    yield DuplicateSubmission.at(view.front(field_name), row_id=party, party=party,
                                                 first=place(earlier.front(field_name)), **_agreement_labels(ctx, kind))
                seen.setdefault(party, []).append(view)


def deadlines(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    latest = {}
    for deadline in ctx.foundation.deadlines:
        if deadline.agreement and (deadline.agreement not in latest
                                   or deadline.deadline > latest[deadline.agreement].deadline):
            latest[deadline.agreement] = deadline
    for view in ctx.views:
        deadline = latest.get(view.kind)
        received = view.submission.received
        if deadline is None or not received:
            continue
        day = ctx.settings.local_day(received)
        if day > deadline.deadline:
            yield SubmittedLate.at(view.front("approved"), received=day.isoformat(),
                                   deadline=deadline.deadline.isoformat(), phase=deadline.phase)


RULES = (expected_submissions, duplicate_submissions, deadlines)
