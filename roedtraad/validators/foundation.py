"""The foundation's own links: every party, appropriation and frame it names exists, once.

Each finding points at the foundation's cell, so finance fixes the foundation
rather than a department being blamed for it (a submission's party checks skip
a party whose place in the organisation the foundation leaves unknown).
"""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from ..model import shown
from ..workbook_templates.links import PARENT_KIND, PARTY_KIND_NAMES
from .context import RuleContext, located, place

ORGANISATION = Text("Organisation", "Organisation", "Organisation")


class FoundationFinding(FindingKind):
    family = "foundation"
    severity = Severity.ERROR


class UnknownFoundationParty(FoundationFinding):
    code = "foundation.unknown-party"
    title = Text("Ukendt part i styringsgrundlaget", "Okänd part i styrgrunden", "Unknown party in the foundation")
    message = Text("'{value}' findes ikke som {kind_da} på arket {sheet_da}.",
                   "'{value}' finns inte som {kind_sv} på fliken {sheet_sv}.",
                   "'{value}' is not a {kind_en} on the sheet {sheet_en}.")
    hint = Text("Skriv id'et på et(n) {kind_da} fra arket {sheet_da}, eller opret det dér først.",
                "Skriv id för en {kind_sv} från fliken {sheet_sv}, eller lägg upp den där först.",
                "Enter the id of a {kind_en} from the sheet {sheet_en}, or add it there first.")


class FrameUnknownAppropriation(FoundationFinding):
    code = "foundation.frame-unknown-appropriation"
    title = Text("Ramme for en ukendt bevilling", "Ram för ett okänt anslag", "Frame for an unknown appropriation")
    message = Text("Rammen gælder bevilling '{appropriation}', som ikke står på arket Bevillinger.",
                   "Ramen gäller anslag '{appropriation}', som inte finns på fliken Anslag.",
                   "The frame is for appropriation '{appropriation}', which is not on the Appropriations sheet.")
    hint = Text("Ret bevillingsnummeret, eller opret bevillingen på arket Bevillinger.",
                "Rätta anslagsnumret, eller lägg upp anslaget på fliken Anslag.",
                "Correct the appropriation number, or add the appropriation to the Appropriations sheet.")


class FoundationDuplicateId(FoundationFinding):
    code = "foundation.duplicate-id"
    title = Text("Id bruges to gange", "Id används två gånger", "Id used twice")
    message = Text("Id'et '{value}' står også i {first}.", "Id:t '{value}' finns också i {first}.",
                   "The id '{value}' is also used at {first}.")
    hint = Text("Giv hver række sit eget id, eller slet den ene række.", "Ge varje rad ett eget id, eller ta bort "
                "den ena raden.", "Give every row its own id, or delete one of the rows.")


class DuplicateFrame(FoundationFinding):
    code = "foundation.duplicate-frame"
    title = Text("Rammen står to gange", "Ramen står två gånger", "Frame given twice")
    message = Text("Bevilling {appropriation} har allerede en ramme for {year} i {first}.",
                   "Anslag {appropriation} har redan en ram för {year} i {first}.",
                   "Appropriation {appropriation} already has a frame for {year} at {first}.")
    hint = Text("Saml rammen i én række pr. bevilling og år.", "Samla ramen i en rad per anslag och år.",
                "Keep one row per appropriation and year.")


def _kind_params(kind: str) -> dict[str, str]:
    text, sheet = PARTY_KIND_NAMES[kind], ORGANISATION
    return {**{f"kind_{lang}": text(lang) for lang in ("da", "sv", "en")},
            **{f"sheet_{lang}": sheet(lang) for lang in ("da", "sv", "en")}}


def unknown_parties(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    file, register = ctx.foundation_file, ctx.register
    for party in ctx.foundation.parties:
        kind = PARENT_KIND.get(party.kind)
        if kind and party.parent and not register.known(party.parent, kind):
            yield UnknownFoundationParty.at(located(party, "parent", file), row_id=party.id,
                                            value=shown(party, party.parent), **_kind_params(kind))
    for appropriation in ctx.foundation.appropriations:
        if appropriation.committee and not register.known(appropriation.committee, "committee"):
            yield UnknownFoundationParty.at(located(appropriation, "committee", file), row_id=appropriation.number,
                                            value=shown(appropriation, appropriation.committee),
                                            **_kind_params("committee"))
    for goal in ctx.foundation.goals:
        for owner in goal.owners:
            if not register.known(owner, "committee"):
                yield UnknownFoundationParty.at(located(goal, "owners", file), row_id=goal.id,
                                                value=shown(goal, owner), **_kind_params("committee"))


def frames_and_duplicates(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.foundation is None:
        return
    file = ctx.foundation_file
    for rows, key, field_name in ((ctx.foundation.parties, "id", "id"),
                                  (ctx.foundation.appropriations, "number", "number")):
        first: dict[str, object] = {}
        for record in rows:
            value = getattr(record, key)
            if value in first:
                yield FoundationDuplicateId.at(located(record, field_name, file), row_id=value,
                                               value=shown(record, value),
                                               first=place(located(first[value], field_name, file)))
            else:
                first[value] = record
    frames: dict[tuple[str, int], object] = {}
    for frame in ctx.foundation.frames:
        where = located(frame, "appropriation", file)
        if frame.appropriation not in ctx.appropriations:
            yield FrameUnknownAppropriation.at(where, row_id=f"{frame.appropriation}:{frame.year}",
                                               appropriation=shown(frame, frame.appropriation))
        key = (frame.appropriation, frame.year)
        if key in frames:
            yield DuplicateFrame.at(where, row_id=f"{frame.appropriation}:{frame.year}",
                                    appropriation=shown(frame, frame.appropriation), year=frame.year,
                                    first=place(located(frames[key], "appropriation", file)))
        else:
            frames[key] = frame


RULES = (unknown_parties, frames_and_duplicates)
