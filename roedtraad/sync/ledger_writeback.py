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

from ..config import Settings
from ..findings import Finding
from ..model import Submission
from ..workbook_templates.followup_sheet import RESULTS_SHEET_NAME
from ..validators.context import file_label
from ..validators.engine import ValidationResult
from . import archive, store
from .consolidate import list_hashes_after_write_back
from .followup_writeback import follow_up_work, results_sheet
from .ledger import Ledger
from .rewrite import Job, rewrite_all
from .trace import TraceTable
from .writeback import plan_write_back
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
                       progress: Callable[[str, int, int], None], trace: TraceTable | None = None) -> WriteBackDone:
    """`on_disk`: file name -> intake Item of each merged file that is on disk as validated;
    `previous`: the context of the last finished run (what it wrote and found); `trace`: the
    run's trace table in the project's language, if the caller keeps it for the master too."""
    with ledger.begin() as conn:
        states = store.file_states(conn)
    traces, digests, skipped = {}, {}, set()
    for task in plan_write_back(result, settings, archive_root, trace):
        item, state = on_disk.get(task.key), states.get(task.key)
        if item is None:
            continue
        digest = task.rows_digest()
        if state is not None and state["trace_sha256"] == digest and state["sha256"] == item.seen.sha256:
            skipped.add(task.key)
        else:
            traces[task.key], digests[task.key] = task, digest
    # The follow-up sheet depends only on the file itself and the foundation's årshjul. A file whose
    # trace cells are looked at this run had no trace hash recorded for these bytes, and that hash is
    # only recorded with its follow-up done too: so a killed run's files are redone whole.
    pending_before = set(previous.get("pending", []))
    wanted = {name for name, item in on_disk.items()
              if foundation_fresh or item.fresh or name in traces or name in pending_before}
    follow = {file_label(s): (s, rows) for s, rows in follow_up_work(result) if file_label(s) in wanted}
    jobs = []
    for key in sorted(traces.keys() | follow.keys()):
        submission, rows = follow.get(key, (None, ()))
        trace = traces.get(key)
        path, sha256 = (trace.path, trace.sha256) if trace else (str(submission.path), submission.sha256)
        jobs.append(Job(path, key, sha256, trace, submission, rows, _follow_up_sheet(submission, settings)))
    progress("write-back", 0, len(jobs))
    done_jobs = rewrite_all(jobs, settings, str(archive_root)) if jobs else []
    done = WriteBackDone()
    done.trace_findings = [f for r in done_jobs for f in r.trace_findings] + _carried(previous, "trace_findings",
                                                                                     skipped)
    done.follow_up_findings = [f for r in done_jobs for f in r.follow_up_findings] \
        + _carried(previous, "follow_up_findings", set(on_disk) - wanted)
    final: dict[str, dict] = {}
    pending: set[str] = set()
    for job, rewritten in zip(jobs, done_jobs, strict=True):
        outcome, item = rewritten.outcome, on_disk[job.key]
        trace_done = job.trace is not None and not rewritten.trace_failed
        trace_sha = digests[job.key] if trace_done else (states.get(job.key) or {}).get("trace_sha256")
        if rewritten.trace_failed:
            pending.add(job.key)
        on_disk_now = None  # (size, mtime_ns, sha256) to record for the file
        if outcome.outcome is WriteBackOutcome.WRITTEN and outcome.sha256:
            on_disk_now = (outcome.size, outcome.mtime_ns, outcome.sha256)
            done.written.append(job.key)
        elif outcome.outcome is WriteBackOutcome.UNCHANGED or (outcome.outcome is None and not rewritten.trace_failed):
            if trace_done:
                on_disk_now = (item.seen.size, item.seen.mtime_ns, item.seen.sha256)
        else:
            pending.add(job.key)
        if on_disk_now is not None:
            final[job.key] = {"path": job.key, "version_id": item.version["id"], "trace_sha256": trace_sha,
                              **dict(zip(("size", "mtime_ns", "sha256"), on_disk_now))}
    done.pending = sorted(pending)
    with ledger.begin() as conn:
        store.put_file_states(conn, list(final.values()))
        store.set_written(conn, [(on_disk[k].version["id"], final[k]["sha256"]) for k in done.written])
    # Every file's hash on disk is in the ledger now (this run's writes just above, earlier runs'
    # touched states when this run took the files in): the write journals have done their work.
    archive.forget_written(archive_root)
    list_hashes_after_write_back(result, {k: final[k]["sha256"] for k in done.written})
    done.written.sort()
    return done


def _follow_up_sheet(submission: Submission | None, settings: Settings) -> str:
    if submission is None:
        return ""
    return results_sheet(submission) if submission.results else RESULTS_SHEET_NAME(settings.language)
