"""Write-back inside a sync run: only where the computed cells changed, then the follow-up sheet.

The trace columns of a file are written when their values differ from those
the ledger last wrote into these very bytes (a hash of the cell values per
file), so a run with one edit opens only the files that depend on it. The
follow-up sheet (added where missing, its computed status filled in) depends
only on the file itself and the foundation's årshjul: it is done for new and
changed files, files whose trace cells were looked at this run, files left
pending last time, and every file when the foundation changed. Findings of files skipped
this time are carried over from the run that wrote them, so the master
does not change by skipping. Every write is journaled in the archive first.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from ..config import Settings
from ..findings import Finding
from ..validators.context import file_label
from ..validators.engine import ValidationResult
from . import store
from .consolidate import list_hashes_after_write_back
from .followup_writeback import add_follow_up
from .ledger import Ledger
from .writeback import WriteBackReport, plan_write_back, run_write_back
from .xlsx_patch import WriteBackOutcome


@dataclass
class WriteBackDone:
    trace_findings: list[Finding] = field(default_factory=list)
    follow_up_findings: list[Finding] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return sorted(self.trace_findings + self.follow_up_findings, key=Finding.sort_key)


def _carried(context: dict, key: str, names: set[str]) -> list[Finding]:
    return [Finding.model_validate(f) for f in context.get(key, []) if f.get("file") in names]


def left_for_later(previous: dict, names: set[str], taken_in: set[str]) -> WriteBackDone:
    """An intake-only run (an upload answered at once): the write-back findings of `names` as the last
    run left them, and the files taken in (or pending before) marked pending, so the next run writes
    their computed cells and follow-up."""
    pending = (set(previous.get("pending", [])) | taken_in) & names
    return WriteBackDone(trace_findings=_carried(previous, "trace_findings", names),
                         follow_up_findings=_carried(previous, "follow_up_findings", names), pending=sorted(pending))


def write_back_changed(ledger: Ledger, result: ValidationResult, settings: Settings, archive_root: Path,
                       on_disk: dict, previous: dict, *, foundation_fresh: bool,
                       progress: Callable[[str, int, int], None]) -> WriteBackDone:
    """`on_disk`: file name -> intake Item of each merged file that is on disk as validated;
    `previous`: the context of the last finished run (what it wrote and found)."""
    with ledger.begin() as conn:
        states = store.file_states(conn)
    done = WriteBackDone()
    tasks, skipped = [], set()
    for task in plan_write_back(result, settings, archive_root, journal=archive_root):
        item, state = on_disk.get(task.key), states.get(task.key)
        if item is None:
            continue
        if state is not None and state["trace_sha256"] == task.rows_digest() and state["sha256"] == item.seen.sha256:
            skipped.add(task.key)
        else:
            tasks.append(task)
    progress("write-back", 0, len(tasks))
    report = run_write_back(tasks, settings) if tasks else WriteBackReport()
    done.trace_findings = report.findings + _carried(previous, "trace_findings", skipped)
    digests = {t.key: t.rows_digest() for t in tasks}
    final: dict[str, dict] = {}
    for outcome in report.outcomes:
        item = on_disk[outcome.key]
        entry = {"path": outcome.key, "version_id": item.version["id"], "trace_sha256": digests[outcome.key],
                 "size": item.seen.size, "mtime_ns": item.seen.mtime_ns, "sha256": item.seen.sha256}
        if outcome.outcome is WriteBackOutcome.WRITTEN and outcome.sha256:
            entry.update(size=outcome.size, mtime_ns=outcome.mtime_ns, sha256=outcome.sha256)
            done.written.append(outcome.key)
        elif outcome.outcome is not WriteBackOutcome.UNCHANGED:
            done.pending.append(outcome.key)
            continue
        final[outcome.key] = entry

    # A file whose trace cells were looked at this run had no trace hash recorded for these bytes,
    # and that hash is only recorded after its follow-up is done too: a killed run's files are redone.
    pending_before, looked_at = set(previous.get("pending", [])), set(digests)
    wanted = {name for name, item in on_disk.items()
              if foundation_fresh or item.fresh or name in looked_at or name in pending_before}
    subset = SimpleNamespace(foundation=result.foundation, findings=result.findings,
                             submissions=[s for s in result.submissions if file_label(s) in wanted])
    follow = add_follow_up(subset, settings, archive_root, after=report, journal=str(archive_root))
    done.follow_up_findings = follow.findings + _carried(previous, "follow_up_findings", set(on_disk) - wanted)
    for outcome in follow.outcomes:
        item = on_disk.get(outcome.key)
        if item is None:
            continue
        if outcome.outcome is WriteBackOutcome.WRITTEN and outcome.sha256:
            state = states.get(outcome.key) or {}
            entry = final.get(outcome.key) or {"path": outcome.key, "version_id": item.version["id"],
                                               "trace_sha256": state.get("trace_sha256")}
            entry.update(size=outcome.size, mtime_ns=outcome.mtime_ns, sha256=outcome.sha256)
            final[outcome.key] = entry
            if outcome.key not in done.written:
                done.written.append(outcome.key)
        elif outcome.outcome not in (WriteBackOutcome.UNCHANGED, None) and outcome.key not in done.pending:
            done.pending.append(outcome.key)
    with ledger.begin() as conn:
        store.put_file_states(conn, list(final.values()))
        store.set_written(conn, [(on_disk[k].version["id"], final[k]["sha256"]) for k in done.written])
    list_hashes_after_write_back(result, {k: final[k]["sha256"] for k in done.written})
    done.written.sort()
    done.pending.sort()
    return done
