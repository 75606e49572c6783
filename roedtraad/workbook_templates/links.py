"""The organisation register, and the foundation's references to parties made into ids.

The foundation's columns "Hører under", Bevillinger's "Udvalg" and the policy
goals' "Udvalg" take a party's id. A user who types the party's name instead is
understood (and told so at the cell, as a warning): the foundation is resolved
to ids once, before the rules and the templates look at it, so a correct
submission is never blamed for a name in the foundation.
"""
from __future__ import annotations

from ..config import PartyKind
from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from ..model import Foundation, Location, Party, shown

# The kind of party each kind reports to.
PARENT_KIND: dict[str, PartyKind] = {"department": "committee", "institution": "department"}
PARTY_KIND_NAMES = {"committee": Text("udvalg", "nämnd", "committee"),
                    "department": Text("afdeling", "förvaltning", "department"),
                    "institution": Text("institution", "verksamhet", "institution")}


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _squash(text: str) -> str:
    return "".join(str(text).split()).casefold()


class PartyRegister:
    """The organisation register; a party is named by its id or its exact name (any case)."""

    def __init__(self, parties: list[Party]) -> None:
        self.by_id: dict[str, Party] = {}
        self._by_key: dict[tuple[str, str], Party] = {}
        for party in parties:
            self.by_id.setdefault(party.id, party)
            for key in (_fold(party.id), _fold(party.name), _squash(party.name)):
                self._by_key.setdefault((party.kind, key), party)

    def resolve(self, value: str, kind: PartyKind) -> Party | None:
        # Id lists are read without spaces ("Skovbo Skole" -> "SKOVBOSKOLE"), so names also match squashed.
        if not value:
            return None
        return self._by_key.get((kind, _fold(value))) or self._by_key.get((kind, _squash(value)))

    def of_kind(self, kind: PartyKind) -> list[Party]:
        return sorted((p for p in self.by_id.values() if p.kind == kind), key=lambda p: p.id)

    def get(self, party_id: str | None) -> Party | None:
        return self.by_id.get(party_id) if party_id else None

    def known(self, party_id: str | None, kind: PartyKind) -> bool:
        """Whether the id names a party of that kind (ids only: names are resolved beforehand)."""
        party = self.get(party_id)
        return party is not None and party.kind == kind


class NameInsteadOfId(FindingKind):
    code = "foundation.name-instead-of-id"
    family = "foundation"
    severity = Severity.WARNING
    title = Text("Navn i stedet for id", "Namn i stället för id", "Name instead of id")
    message = Text("'{value}' er navnet på {kind_da} {party}; kolonnen '{column_da}' tager id'et. roedtraad bruger "
                   "{party}.", "'{value}' är namnet på {kind_sv} {party}; kolumnen '{column_sv}' tar id:t. roedtraad "
                   "använder {party}.", "'{value}' is the name of {kind_en} {party}; the column '{column_en}' takes "
                   "the id. roedtraad uses {party}.")
    hint = Text("Skriv id'et {party}, så holder henvisningen, også hvis navnet ændres.",
                "Skriv id:t {party}, så håller hänvisningen även om namnet ändras.",
                "Enter the id {party}, so the reference holds even if the name changes.")


COLUMNS = {
    ("organisation", "parent"): Text("Hører under", "Tillhör", "Reports to"),
    ("appropriations", "committee"): Text("Udvalg", "Nämnd", "Committee"),
    ("policy_goals", "owners"): Text("Udvalg", "Nämnder", "Committees"),
}


def _named(record: object, field: str, table: str, value: str, party: Party) -> Finding:
    location: Location | None = getattr(record, "location", None)
    cell = getattr(record, "cells", {}).get(field)
    column = COLUMNS[(table, field)]
    kind = PARTY_KIND_NAMES[party.kind]
    return NameInsteadOfId.at(location.at(cell) if location and cell else location, row_id=party.id,
                              value=shown(record, value), party=party.id,
                              **{f"kind_{lang}": kind(lang) for lang in ("da", "sv", "en")},
                              **{f"column_{lang}": column(lang) for lang in ("da", "sv", "en")})


def _as_id(register: PartyRegister, value: str, kind: PartyKind) -> Party | None:
    """The party a name stands for, when the value is not already an id of that kind."""
    if not value or register.known(value, kind):
        return None
    return register.resolve(value, kind)


def resolve_names(foundation: Foundation) -> tuple[Foundation, list[Finding]]:
    """The foundation with parties' names in id columns replaced by their ids, and a warning for each."""
    register = PartyRegister(foundation.parties)
    findings: list[Finding] = []
    parties = []
    for party in foundation.parties:
        kind = PARENT_KIND.get(party.kind)
        found = _as_id(register, party.parent or "", kind) if kind else None
        if found is not None:
            findings.append(_named(party, "parent", "organisation", party.parent or "", found))
            party = party.model_copy(update={"parent": found.id})
        parties.append(party)
    appropriations = []
    for appropriation in foundation.appropriations:
        found = _as_id(register, appropriation.committee, "committee")
        if found is not None:
            findings.append(_named(appropriation, "committee", "appropriations", appropriation.committee, found))
            appropriation = appropriation.model_copy(update={"committee": found.id})
        appropriations.append(appropriation)
    goals = []
    for goal in foundation.goals:
        owners = []
        for owner in goal.owners:
            found = _as_id(register, owner, "committee")
            if found is not None:
                findings.append(_named(goal, "owners", "policy_goals", owner, found))
            owners.append(found.id if found is not None else owner)
        goals.append(goal if owners == goal.owners else goal.model_copy(update={"owners": owners}))
    if not findings:
        return foundation, []
    return foundation.model_copy(update={"parties": parties, "appropriations": appropriations, "goals": goals}), findings
