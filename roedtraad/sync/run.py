"""`sync_project`: one idempotent, incremental, crash-safe run over the project.

1. scan: new, changed, unchanged, not-complete-yet and removed files (`intake`);
2. nothing new since a completed run, the same settings and the master as it
   was left: record a run that did nothing, touch no file (the no-op);
3. else: archive and read what is new, load the rest from the cache, find
   conflicts, record the new versions (one transaction), validate everything
   together, write back the computed columns where they changed, write the
   master, and record the run with its members (so it can be rebuilt).

An upload through the service runs step 3 without its write-back and master
(`publish=False`), so a department gets its findings at once; the run records
what it left to do, and the service's next run (in the background) does it.

A run killed at any step leaves the ledger at its last commit and every file
whole (archive, write-back and master are written beside and renamed); the
next run sees what is left and completes it.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import Connection, select, update

from ..findings import Finding, Severity
from ..i18n import Lang
from ..model import Foundation, Location, Submission
from ..project import Project
from ..validators.completeness import FoundationMissing
from ..validators.context import PartyRegister
from ..validators.engine import ValidationResult, validate_records
from ..workers import long_lived_objects
from . import store
from .conflicts import Claim, claimed_parties, conflict_findings, find_conflicts, party_key
from .intake import Intake, Item, Progress, load_cached, lock_findings, realise, remember, take_in
from .ledger import Ledger
from .ledger_schema import arrivals, versions
from .lock import writer_lock
from .master import MasterLocked, default_master_path, write_master
from .scan import SETTLE_SECONDS, Seen
from .tidy import remove_leftovers
from .ledger_writeback import WriteBackDone, left_for_later, write_back_changed
from .trace import TraceTable
from .xlsx_patch import sha256_file

# Part of every run's key: raised when what a run works out from unchanged versions changes (their
# parties, say), so that the first sync after an upgrade is a full run, which records it, not a no-op.
DERIVED_FACTS = "derived-2"  # 2: project registers belong to their department


class ConflictInfo(BaseModel):
    kind: str
    party: str
    files: list[str]


class Rejection(BaseModel):
    file: str
    reason: str


class SyncSummary(BaseModel):
    """What one run did. `model_dump(mode="json")` is `roedtraad sync --format json`."""

    run: int
    new: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    unchanged: int = 0
    incomplete: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    conflicts: list[ConflictInfo] = Field(default_factory=list)  # as things stand after the run
    rejected: list[Rejection] = Field(default_factory=list)  # current files that could not be taken in
    written_back: list[str] = Field(default_factory=list)
    pending_write_back: list[str] = Field(default_factory=list)  # open in Excel etc.: written next run
    master: str | None = None
    master_written: bool = False
    noop: bool = False
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @property
    def anything_new(self) -> bool:
        return bool(self.new or self.changed or self.incomplete or self.removed or self.written_back
                    or self.master_written)

    def passed(self, strict: bool = False) -> bool:
        return self.errors == 0 and (not strict or self.warnings == 0)


def sync_project(project: Project, ledger: Ledger, *, wait: float = 0.0, settle: float = SETTLE_SECONDS,
                 lang: Lang | None = None, progress: Progress | None = None,
                 senders: dict[str, str] | None = None, holder: str | None = None) -> SyncSummary:
    """Run once under the writer lock; raises `lock.LockHeld` when another writer holds it past `wait`."""
    with writer_lock(ledger, wait, holder):
        return sync_locked(project, ledger, settle=settle, lang=lang, progress=progress, senders=senders)


def sync_locked(project: Project, ledger: Ledger, *, settle: float = SETTLE_SECONDS, lang: Lang | None = None,
                progress: Progress | None = None, senders: dict[str, str] | None = None,
                publish: bool = True) -> SyncSummary:
    """The run itself, for a caller that already holds the writer lock (an upload).

    `publish=False`: take in, validate and record, but leave write-back and the master
    to the next run (which is then never a no-op)."""
    # The collector paused for the run: its records are long-lived, and a walk over them (and the
    # last run's, kept by a long-running process) per collection cost more than the rest of a small run.
    with long_lived_objects():
        return _Run(project, ledger, lang, settle, progress, senders or {}, publish).go()


class _Run:
    def __init__(self, project: Project, ledger: Ledger, lang: Lang | None, settle: float,
                 progress: Progress | None, senders: dict[str, str], publish: bool = True) -> None:
        self.project, self.ledger, self.settle, self.senders = project, ledger, settle, senders
        self.publish = publish
        self.settings = project.settings
        self.lang: Lang = lang or self.settings.language
        self.root = project.root.resolve()
        self.archive_root = self.root / self.settings.paths.archive
        self.master_path = default_master_path(self.root / self.settings.paths.output, self.lang)
        self.progress: Callable[[str, int, int], None] = progress or (lambda *_: None)

    def go(self) -> SyncSummary:
        now = time.time()
        with self.ledger.begin() as conn:
            latest = store.last_run(conn)
            # A killed run may have recorded new versions without finishing: then nothing is a no-op.
            previous = latest if latest is not None and latest["finished"] is not None else None
            self.last_finished = store.last_finished_run(conn)  # whose write-back findings still stand
            run_id = store.start_run(conn, now)
        remove_leftovers(self.root, self.project.submissions_dir.resolve(), self.master_path, self.archive_root,
                         self.project.foundation_path.resolve())
        with self.ledger.begin() as conn:
            intake = take_in(conn, self.root, self.project.foundation_path.resolve(),
                             self.project.submissions_dir.resolve(), self.settings, self.archive_root,
                             settle=self.settle, progress=self.progress)
        key = self._key(intake)
        summary = SyncSummary(run=run_id, incomplete=intake.incomplete, removed=intake.removed)
        for item in intake.items:
            if item.fresh:
                (summary.changed if item.seen.status == "changed" else summary.new).append(item.name)
            else:
                summary.unchanged += 1
        if self._nothing_to_do(intake, previous, key):
            return self._noop(run_id, previous, summary)
        return self._full(run_id, intake, previous, key, summary)

    # --- the no-op ------------------------------------------------------------------------------------------------

    def _key(self, intake: Intake) -> str:
        """What the master depends on besides the versions: settings, language, where it goes, open files."""
        parts = [DERIVED_FACTS, self.settings.model_dump_json(), self.lang, str(self.master_path),
                 ",".join(sorted(i.name for i in intake.items if i.seen.locked))]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def _nothing_to_do(self, intake: Intake, previous: dict | None, key: str) -> bool:
        if previous is None or any(i.fresh for i in intake.items) or intake.incomplete or intake.removed \
                or intake.touched:
            return False
        context = json.loads(previous["context"] or "{}")
        counts = json.loads(previous["counts"] or "{}")
        if context.get("key") != key or counts.get("pending_write_back") or not previous["master_sha256"]:
            return False
        try:
            return sha256_file(self.master_path) == previous["master_sha256"]
        except OSError:
            return False

    def _noop(self, run_id: int, previous: dict, summary: SyncSummary) -> SyncSummary:
        counts = json.loads(previous["counts"] or "{}")
        summary.noop, summary.master = True, previous["master"]
        summary.conflicts = [ConflictInfo(**c) for c in counts.get("conflicts", [])]
        summary.rejected = [Rejection(**r) for r in counts.get("rejected", [])]
        summary.errors, summary.warnings, summary.infos = (counts.get(k, 0) for k in ("errors", "warnings", "infos"))
        with self.ledger.begin() as conn:
            store.finish_run(conn, run_id, finished=time.time(), counts=_counts(summary), master=previous["master"],
                             master_sha256=previous["master_sha256"], context=json.loads(previous["context"]),
                             members=None, copy_members_from=previous["id"])
        return summary

    # --- the full run ---------------------------------------------------------------------------------------------

    def _full(self, run_id: int, intake: Intake, previous: dict | None, key: str,
              summary: SyncSummary) -> SyncSummary:
        with self.ledger.begin() as conn:
            load_cached(conn, intake.items, self.settings, self.archive_root)
        foundation_item = next((i for i in intake.items if i.is_foundation), None)
        foundation = foundation_item.record if foundation_item and isinstance(foundation_item.record,
                                                                                Foundation) else None
        register = PartyRegister(foundation.parties if foundation else [])
        parties = {i.name: party_key(claimed_parties(i.record, self.settings, register))
                   for i in intake.items if isinstance(i.record, Submission)}
        claims = [Claim(i.name, i.record.kind, parties[i.name], (i.record.header.first_year, i.record.header.last_year))
                  for i in intake.items if isinstance(i.record, Submission)]
        conflicts = find_conflicts(claims)
        in_conflict = {name for c in conflicts for name in c.files}
        conflicted = conflict_findings(conflicts, self.settings)
        with self.ledger.begin() as conn:
            self._record_versions(conn, run_id, intake, parties, in_conflict, conflicted)
            # A version's party is worked out from its records: one recorded before that changed is mended.
            store.set_parties(conn, [(i.version["id"], parties[i.name]) for i in intake.items
                                     if not i.fresh and i.version is not None and i.name in parties
                                     and i.version["party"] != parties[i.name]])
            store.drop_file_states(conn, intake.removed)
            fallbacks = self._fallbacks(conn, conflicts, in_conflict, intake)
        members = [i for i in intake.items if i.record is not None and i.name not in in_conflict]
        for item in members:
            realise(item, self.root, item.version["first_seen"])
        rejected = [i for i in intake.items if i.record is None]
        extra_read = lock_findings(intake.items) + conflicted
        if intake.foundation_missing:
            name = Path(self.settings.paths.foundation).as_posix()
            extra_read.append(FoundationMissing.at(Location(file=name), file=name))
        extra_read += [f for i in rejected for f in i.findings]
        read_findings = [f for i in members + fallbacks for f in i.findings] + extra_read
        submissions = sorted((i for i in members + fallbacks if isinstance(i.record, Submission)),
                             key=lambda i: Path(i.name))
        self.progress("validate", 0, 1)
        result = validate_records(self.settings, foundation, [i.record for i in submissions], read_findings)
        previous_context = json.loads(self.last_finished["context"] or "{}") if self.last_finished else {}
        # A fresh foundation means every file's follow-up sheet is redone; an intake-only run hands that on.
        foundation_fresh = any(i.fresh and i.is_foundation for i in intake.items) \
            or bool(previous_context.get("foundation_fresh"))
        if not self.publish:
            wrote = left_for_later(previous_context, {i.name for i in members}, {i.name for i in members if i.fresh})
            summary.pending_write_back = wrote.pending
            self._finish(run_id, key, intake, result, members, fallbacks, extra_read, wrote, conflicts,
                         rejected, None, summary, foundation_fresh=foundation_fresh)
            return summary
        # Write-back and the master ask every goal for its trace values: one table for both, kept by
        # this run only (a table kept with the graph would be a cycle holding every record).
        trace = TraceTable(result.graph, result.findings, self.settings.language)
        wrote = write_back_changed(self.ledger, result, self.settings, self.archive_root,
                                   {i.name: i for i in members}, previous_context,
                                   foundation_fresh=foundation_fresh, progress=self.progress, trace=trace)
        summary.written_back, summary.pending_write_back = wrote.written, wrote.pending
        content_keys = {str(i.record.path): i.version["sha256"] for i in members + fallbacks
                        if i.version is not None and i.record is not None}
        master_sha = self._master(result, wrote.findings, summary, content_keys,
                                  trace if trace.lang == self.lang else None)
        self._finish(run_id, key, intake, result, members, fallbacks, extra_read, wrote, conflicts,
                     rejected, master_sha, summary)
        return summary

    def _record_versions(self, conn: Connection, run_id: int, intake: Intake, parties: dict[str, str],
                         in_conflict: set[str], conflicted: list[Finding]) -> None:
        """New versions, their cached records and their files' states: one batch, one transaction."""
        now = time.time()
        fresh = [i for i in intake.items if i.fresh]
        for item in intake.items:
            if not item.fresh and item.name in intake.touched and item.version is not None:
                self._touch(conn, item)
        known = self._arrivals(conn, [i.name for i in fresh])
        rows = []
        for item in fresh:
            arrival = known.get((item.name, item.seen.sha256))
            if item.record is None:
                status, reason = "rejected", _reason(item.findings, self.lang)
            elif item.name in in_conflict:
                status = "conflict"
                reason = "; ".join(f.message(self.lang) for f in conflicted if f.file == item.name)
            else:
                status, reason = "accepted", ""
            kind = "foundation" if item.is_foundation else (item.record.kind if item.record is not None else "")
            rows.append({"kind": kind, "party": parties.get(item.name, ""), "source": item.name,
                         "sha256": item.seen.sha256, "written_sha256": None, "size": item.seen.size,
                         "first_seen": arrival["received"] if arrival else now,
                         "sender": self.senders.get(item.name) or (arrival["sender"] if arrival else None),
                         "findings": store.findings_json(item.findings), "status": status, "reason": reason,
                         "merged": False, "run_id": run_id, **store.severity_counts(item.findings)})
        ids = store.add_versions(conn, rows)
        store.put_parsed_many(conn, [(i.seen.sha256, i.name, store.pack(i.record, i.findings)) for i in fresh],
                              store.reading_key(self.settings))
        store.put_file_states(conn, [{"path": i.name, "size": i.seen.size, "mtime_ns": i.seen.mtime_ns,
                                      "sha256": i.seen.sha256, "version_id": vid, "trace_sha256": None}
                                     for i, vid in zip(fresh, ids)])
        for item, row, vid in zip(fresh, rows, ids):
            item.version = {**row, "id": vid}

    @staticmethod
    def _arrivals(conn: Connection, names: list[str]) -> dict[tuple[str, str], dict]:
        found = {}
        for start in range(0, len(names), 500):
            for row in conn.execute(select(arrivals).where(arrivals.c.path.in_(names[start:start + 500]))).mappings():
                found[(row["path"], row["sha256"])] = dict(row)
        return found

    def _touch(self, conn: Connection, item: Item) -> None:
        """Same version, new stat (a touch) or new bytes our own write-back made (a killed run's)."""
        store.set_file_state(conn, item.name, size=item.seen.size, mtime_ns=item.seen.mtime_ns,
                             sha256=item.seen.sha256, version_id=item.version["id"], keep_trace=True)
        if item.seen.sha256 != item.version["sha256"]:
            conn.execute(update(versions).where(versions.c.id == item.version["id"])
                         .values(written_sha256=item.seen.sha256))

    def _fallbacks(self, conn: Connection, conflicts: list, in_conflict: set[str], intake: Intake) -> list[Item]:
        """For each conflict, the party's last accepted version stays in the master (from the cache)."""
        merged_names = {i.name for i in intake.items if i.name not in in_conflict}
        chosen: dict[int, Item] = {}
        for conflict in conflicts:
            row = store.last_accepted(conn, conflict.kind, conflict.party)
            if row is None or row["id"] in chosen or row["source"] in merged_names:
                continue
            key = (row["sha256"], row["source"])  # the records it was merged with, if not parsed under these settings
            blob = store.get_parsed(conn, [key], store.reading_key(self.settings), exact=False).get(key)
            if blob is None:
                continue
            record, findings = store.unpack(blob)
            item = Item(seen=_seen_of(row), record=record, findings=findings, version=row)
            item.seen.sha256 = row["written_sha256"] or row["sha256"]
            realise(item, self.root, row["first_seen"])
            chosen[row["id"]] = item
        return list(chosen.values())

    def _master(self, result: ValidationResult, wb_findings: list[Finding], summary: SyncSummary,
                content_keys: dict[str, str], trace: TraceTable | None) -> str | None:
        self.progress("master", 0, 1)
        before = _sha_or_none(self.master_path)
        try:
            write_master(self.master_path, result, self.settings, self.lang, root=self.root,
                         extra_findings=wb_findings, content_keys=content_keys, trace=trace)
        except MasterLocked:
            summary.pending_write_back.append(str(self.master_path))
            return None
        after = _sha_or_none(self.master_path)
        summary.master, summary.master_written = str(self.master_path), after != before
        return after

    def _finish(self, run_id: int, key: str, intake: Intake, result: ValidationResult, members: list[Item],
                fallbacks: list[Item], extra_read: list[Finding], wrote: WriteBackDone, conflicts: list,
                rejected: list[Item], master_sha: str | None, summary: SyncSummary, *,
                foundation_fresh: bool = False) -> None:
        counts = result.counts()
        summary.errors, summary.warnings, summary.infos = counts["errors"], counts["warnings"], counts["infos"]
        summary.conflicts = [ConflictInfo(kind=c.kind, party=c.party, files=list(c.files)) for c in conflicts]
        summary.rejected = [Rejection(file=i.name, reason=_reason(i.findings, self.lang)) for i in rejected]
        listed = {s.path: s.sha256 for s in result.files}
        member_rows = [(i.version["id"], i.name, listed.get(i.name, i.seen.sha256)) for i in members + fallbacks]
        context = {"key": key, "lang": self.lang, "settings": self.settings.model_dump(mode="json"),
                   "root": str(self.root), "master": str(self.master_path),
                   "extra_read_findings": [f.model_dump(mode="json") for f in extra_read],
                   "write_back_findings": [f.model_dump(mode="json") for f in wrote.findings],
                   "trace_findings": [f.model_dump(mode="json") for f in wrote.trace_findings],
                   "follow_up_findings": [f.model_dump(mode="json") for f in wrote.follow_up_findings],
                   "pending": wrote.pending, "foundation_fresh": foundation_fresh}
        by_file: dict[str, list[Finding]] = {}
        for finding in [*result.findings, *wrote.findings]:
            by_file.setdefault(finding.file, []).append(finding)
        judged = []  # the current version's findings, as this run judged them, where they changed
        for item in intake.items:
            if item.version is not None:
                mine = by_file.get(item.name, [])
                text = store.findings_json(mine)
                if text != item.version.get("findings"):
                    judged.append((item.version["id"], text, store.severity_counts(mine)))
        with self.ledger.begin() as conn:
            remember(conn, intake.items, self.settings)
            store.set_findings(conn, judged)
            if self.publish:  # an intake-only run merged nothing into a master yet
                store.mark_merged(conn, [i.version["id"] for i in members + fallbacks])
            store.finish_run(conn, run_id, finished=time.time(), counts=_counts(summary),
                             master=summary.master, master_sha256=master_sha, context=context, members=member_rows)


def _counts(summary: SyncSummary) -> dict:
    data = summary.model_dump(mode="json")
    data.pop("run")
    return data


def _reason(findings: list[Finding], lang: Lang) -> str:
    errors = [f for f in findings if f.severity is Severity.ERROR] or findings
    return f"{errors[0].code}: {errors[0].message(lang)}" if errors else ""


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def _seen_of(row: dict) -> Seen:
    """A Seen for a version that is not (or no longer) on disk."""
    return Seen(path=Path(row["source"]), name=row["source"], status="unchanged", size=row["size"])
