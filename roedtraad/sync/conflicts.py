"""Who a submission speaks for, and files that claim the same party and agreement kind.

Two current files for the same party and kind with overlapping years are a
conflict: both are reported, neither is merged, and the party's last
accepted version stays in the master until one of the files is removed.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from ..model import Location, Submission
from ..validators.context import PartyRegister
from ..workbook_templates.projects import delivered_by


class SubmissionConflict(FindingKind):
    family = "sync"
    code = "sync.conflict"
    severity = Severity.ERROR
    title = Text("To filer for samme aftale", "Två filer för samma plan", "Two files for one agreement")
    message = Text("Både '{file}' og '{other}' er en {agreement_da} fra {party}. Ingen af dem er lagt ind i "
                   "masterfilen; den senest godkendte version bruges, til én af filerne er fjernet.",
                   "Både '{file}' och '{other}' är en {agreement_sv} från {party}. Ingen av dem har lagts in i "
                   "huvudfilen; den senast godkända versionen används tills en av filerna tagits bort.",
                   "Both '{file}' and '{other}' are a {agreement_en} from {party}. Neither is merged into the "
                   "master; the last accepted version is used until one of the files is removed.")
    hint = Text("Fjern den forældede fil fra indsendelsesmappen.", "Ta bort den inaktuella filen från inlämningsmappen.",
                "Remove the outdated file from the submissions folder.")


def claimed_parties(submission: Submission, settings: Settings, register: PartyRegister) -> list[str]:
    """The party ids a workbook delivers for (an agreement's department or each institution, a project
    register's department); names kept when unknown."""
    kind = delivered_by(submission.kind, settings)
    if kind is None:
        return []
    names = [submission.header.department] if kind == "department" else list(submission.header.institutions)
    ids = []
    for name in names:
        party = register.resolve(name, kind)
        ids.append(party.id if party is not None else name)
    return sorted({i for i in ids if i})


def party_key(parties: Iterable[str]) -> str:
    return ",".join(sorted(parties))


@dataclass(frozen=True)
class Claim:
    name: str  # the file
    kind: str
    party: str  # party_key of the version
    years: tuple[int | None, int | None]


@dataclass(frozen=True)
class Conflict:
    kind: str
    party: str
    files: tuple[str, ...]


def _overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    if None in (*a, *b):
        return True
    return a[0] <= b[1] and b[0] <= a[1]  # type: ignore[operator]


def find_conflicts(claims: Iterable[Claim]) -> list[Conflict]:
    """Groups of files claiming one party (any of a quality agreement's institutions) for one kind."""
    by_party: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        for party in filter(None, claim.party.split(",")):
            by_party[(claim.kind, party)].append(claim)
    conflicts = []
    for (kind, party), group in sorted(by_party.items()):
        clashing = sorted({c.name for c in group for d in group if c is not d and _overlap(c.years, d.years)})
        if len(clashing) > 1:
            conflicts.append(Conflict(kind, party, tuple(clashing)))
    return conflicts


def conflict_findings(conflicts: Iterable[Conflict], settings: Settings) -> list[Finding]:
    found = []
    for conflict in conflicts:
        labels = settings.agreements[conflict.kind].labels if conflict.kind in settings.agreements else None
        words = {f"agreement_{lang}": (getattr(labels, lang).lower() if labels else conflict.kind)
                 for lang in ("da", "sv", "en")}
        for name in conflict.files:
            other = ", ".join(f for f in conflict.files if f != name)
            found.append(SubmissionConflict.at(Location(file=name), row_id=conflict.party, file=name, other=other,
                                               party=conflict.party, **words))
    return found
