"""`roedtraad history PARTY`: every version of a party's agreements, and what changed between them.

Changes are told in the words a user knows: goals added, removed or given
another parent, a goal's text, indicator targets, and budget lines. Both
versions' records come from the ledger's cache (or the archive), never from
the file on the share, which may have changed since.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from ..i18n import Lang, Text
from ..model import Foundation, Submission
from ..project import Project
from ..validators.context import PartyRegister
from ..validators.engine import read_all
from ..validators.report_common import kind_label
from . import archive, store
from .ledger import Ledger
from .ledger_schema import versions

ChangeKind = Literal["goal-added", "goal-removed", "goal-reparented", "goal-text", "indicator-added",
                     "indicator-removed", "target-changed", "budget-added", "budget-removed", "budget-changed"]

CHANGE_TEXT: dict[str, Text] = {
    "goal-added": Text("Mål {subject} tilføjet: {after}", "Mål {subject} tillagt: {after}", "Goal {subject} added: {after}"),
    "goal-removed": Text("Mål {subject} fjernet: {before}", "Mål {subject} borttaget: {before}",
                         "Goal {subject} removed: {before}"),
    "goal-reparented": Text("Mål {subject} har fået nyt overordnet mål: {before} -> {after}",
                            "Mål {subject} har fått nytt överordnat mål: {before} -> {after}",
                            "Goal {subject} has a new parent: {before} -> {after}"),
    "goal-text": Text("Målteksten for {subject} er ændret", "Måltexten för {subject} har ändrats",
                      "The text of goal {subject} changed"),
    "indicator-added": Text("Indikator tilføjet: {subject}", "Nyckeltal tillagt: {subject}",
                            "Indicator added: {subject}"),
    "indicator-removed": Text("Indikator fjernet: {subject}", "Nyckeltal borttaget: {subject}",
                              "Indicator removed: {subject}"),
    "target-changed": Text("Målværdi for {subject}: {before} -> {after}", "Målvärde för {subject}: {before} -> {after}",
                           "Target of {subject}: {before} -> {after}"),
    "budget-added": Text("Budgetlinje tilføjet: {subject} = {after}", "Budgetrad tillagd: {subject} = {after}",
                         "Budget line added: {subject} = {after}"),
    "budget-removed": Text("Budgetlinje fjernet: {subject} (var {before})", "Budgetrad borttagen: {subject} (var {before})",
                           "Budget line removed: {subject} (was {before})"),
    "budget-changed": Text("Budget {subject}: {before} -> {after}", "Budget {subject}: {before} -> {after}",
                           "Budget {subject}: {before} -> {after}"),
}


class Change(BaseModel):
    kind: ChangeKind
    subject: str
    before: str = ""
    after: str = ""
    text: str = ""  # in the project's language


class VersionEntry(BaseModel):
    version: int
    kind: str
    agreement: str
    file: str
    received: str
    sha256: str
    status: str
    reason: str = ""
    sender: str | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    changes: list[Change] = Field(default_factory=list)  # against the previous version of the same agreement


class PartyHistory(BaseModel):
    party: str
    name: str
    versions: list[VersionEntry] = Field(default_factory=list)


NO_VERSIONS = Text("Ledgeren har ingen versioner fra {party}.", "Liggaren har inga versioner från {party}.",
                   "The ledger has no versions of {party}.")


class HistoryError(ValueError):
    """No such party in the ledger or the organisation: a usage problem, said in the user's language."""

    def __init__(self, party: str) -> None:
        self.party = party
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "da") -> str:
        return NO_VERSIONS(lang, party=self.party)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "-" if value is None or value == "" else str(value)


def diff_submissions(old: Submission, new: Submission, lang: Lang = "da") -> list[Change]:
    """What changed from `old` to `new`, in a user's terms, in a stable order."""
    changes = list(_goal_changes(old, new)) + list(_indicator_changes(old, new)) + list(_budget_changes(old, new))
    for change in changes:
        change.text = CHANGE_TEXT[change.kind](lang, subject=change.subject, before=change.before, after=change.after)
    return changes


def _goal_changes(old: Submission, new: Submission) -> Iterator[Change]:
    before, after = {g.id: g for g in old.goals}, {g.id: g for g in new.goals}
    for goal_id in sorted(after.keys() - before.keys()):
        yield Change(kind="goal-added", subject=goal_id, after=after[goal_id].text)
    for goal_id in sorted(before.keys() - after.keys()):
        yield Change(kind="goal-removed", subject=goal_id, before=before[goal_id].text)
    for goal_id in sorted(before.keys() & after.keys()):
        a, b = before[goal_id], after[goal_id]
        if sorted(a.parents) != sorted(b.parents):
            yield Change(kind="goal-reparented", subject=goal_id, before=", ".join(a.parents) or "-",
                         after=", ".join(b.parents) or "-")
        if a.text != b.text:
            yield Change(kind="goal-text", subject=goal_id, before=a.text, after=b.text)


def _indicator_changes(old: Submission, new: Submission) -> Iterator[Change]:
    before = {(i.goal_id, i.name): i for i in old.indicators}
    after = {(i.goal_id, i.name): i for i in new.indicators}
    for key in sorted(after.keys() - before.keys()):
        yield Change(kind="indicator-added", subject=f"{key[0]}: {key[1]}")
    for key in sorted(before.keys() - after.keys()):
        yield Change(kind="indicator-removed", subject=f"{key[0]}: {key[1]}")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key].targets, after[key].targets
        for year in sorted(set(a) | set(b)):
            if a.get(year) != b.get(year):
                yield Change(kind="target-changed", subject=f"{key[0]}: {key[1]} {year}", before=_number(a.get(year)),
                             after=_number(b.get(year)))


def _budget_changes(old: Submission, new: Submission) -> Iterator[Change]:
    def lines(submission: Submission) -> dict[tuple[str, int], float]:
        out: dict[tuple[str, int], float] = {}
        for line in submission.budget:
            out[(line.appropriation, line.year)] = out.get((line.appropriation, line.year), 0.0) + line.amount
        return out

    before, after = lines(old), lines(new)
    for key in sorted(after.keys() - before.keys()):
        yield Change(kind="budget-added", subject=f"{key[0]} {key[1]}", after=_number(after[key]))
    for key in sorted(before.keys() - after.keys()):
        yield Change(kind="budget-removed", subject=f"{key[0]} {key[1]}", before=_number(before[key]))
    for key in sorted(before.keys() & after.keys()):
        if before[key] != after[key]:
            yield Change(kind="budget-changed", subject=f"{key[0]} {key[1]}", before=_number(before[key]),
                         after=_number(after[key]))


def party_history(project: Project, ledger: Ledger, party: str, lang: Lang | None = None) -> PartyHistory:
    """Every version the ledger holds of `party`'s agreements and register (by id or name), oldest
    first, with changes; told in `lang` (default: the project's language)."""
    settings, lang = project.settings, lang or project.settings.language
    with ledger.begin() as conn:
        foundation = store.current_foundation(conn, settings)
        register = PartyRegister(foundation.parties if isinstance(foundation, Foundation) else [])
        known = next((p for kind in ("department", "institution", "committee")
                      if (p := register.resolve(party, kind)) is not None), None)
        party_id = known.id if known else party
        rows = [dict(r) for r in conn.execute(select(versions).where(versions.c.kind != "foundation")
                                              .order_by(versions.c.id)).mappings()
                if party_id in r["party"].split(",")]
        if not rows:
            raise HistoryError(party)
        records = _records(conn, project, rows)
    history = PartyHistory(party=party_id, name=known.name if known else party_id)
    previous: dict[str, Submission] = {}
    for row in rows:
        label = kind_label(row["kind"], lang, settings)
        entry = VersionEntry(version=row["id"], kind=row["kind"], agreement=label, file=row["source"],
                             received=settings.local_time(row["first_seen"]).isoformat(), sha256=row["sha256"], status=row["status"],
                             reason=row["reason"], sender=row["sender"], errors=row["errors"],
                             warnings=row["warnings"], infos=row["infos"])
        record = records.get(row["id"])
        if isinstance(record, Submission):
            if row["kind"] in previous:
                entry.changes = diff_submissions(previous[row["kind"]], record, lang)
            previous[row["kind"]] = record
        history.versions.append(entry)
    return history


def _records(conn, project: Project, rows: list[dict]) -> dict[int, object]:  # noqa: ANN001
    blobs = store.get_parsed(conn, [(r["sha256"], r["source"]) for r in rows], store.reading_key(project.settings),
                             exact=True)
    found, missing = {}, []
    for row in rows:
        blob = blobs.get((row["sha256"], row["source"]))
        if blob is not None:
            found[row["id"]] = store.unpack(blob)[0]
        elif archive.has(project.archive_dir.resolve(), row["sha256"]):
            missing.append(row)
    if missing:
        tasks = [(str(archive.archive_path(project.archive_dir.resolve(), r["sha256"])), r["source"], False)
                 for r in missing]
        for row, (record, _) in zip(missing, read_all(project.settings, tasks)):
            found[row["id"]] = record
    return found
