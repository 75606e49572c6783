"""One rewrite per workbook in a sync: the trace columns and the follow-up sheet in one pass.

`consolidate --write-back` writes the trace columns into every file and then the follow-up
sheet, each with its own read, patch, flush and rename. The ledger's sync does both in one:
each file is read, checked against the hash it was validated with, patched (both sheets in
one pass over the package), staged beside the original, and then flushed with all others and
renamed, with one entry in the journal. Half the reads, patches, temporary files and renames.

What each part finds stays its own (a column missing on the goals sheet, a follow-up sheet
that could not be added), so the sync can carry either over from an earlier run. A part that
fails does not hold the other back: the trace columns are written even if the follow-up sheet
cannot be, and the other way round.
"""
from __future__ import annotations

import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from ..config import Settings
from ..findings import Finding
from ..model import IndicatorResult, Location, Submission
from ..progress import step
from ..workers import map_in_workers
from . import archive, followup_writeback, writeback
from .followup_writeback import results_sheet, sheet_addition, status_edit
from .writeback import (OUTCOME_FINDINGS, WRITING_BACK, FileOutcome, WriteBackReport, WriteFailed, open_book,
                        trace_edit)
from .xlsx_patch import (PatchError, SheetNotFound, Staged, WriteBackOutcome, commit_staged, flush_staged, fsync_dirs,
                         patch_sheets, stage_rewrite)

_FAILURES = (PatchError, zipfile.BadZipFile, CalamineError, ValueError, KeyError)


@dataclass(frozen=True)
class Job:
    """One workbook: its trace cells (None: unchanged since the last write), its follow-up part
    (None: nothing to do), and the hash its bytes must still have."""

    path: str
    key: str  # the file's name as findings give it
    sha256: str
    trace: writeback._Task | None = None
    follow_up: Submission | None = None
    planned: tuple[IndicatorResult, ...] = ()  # the rows of a follow-up sheet to add
    follow_up_sheet: str = ""  # the follow-up sheet's name, as it is or as it will be added


@dataclass
class Rewritten:
    outcome: FileOutcome
    trace_findings: list[Finding] = field(default_factory=list)
    follow_up_findings: list[Finding] = field(default_factory=list)
    trace_failed: bool = False  # its trace cells could not be written: try again next run


def _init_worker(settings: Settings) -> None:
    writeback._init_worker(settings)
    followup_writeback._init_worker(settings)


def rewrite_all(jobs: list[Job], settings: Settings, journal: str) -> list[Rewritten]:
    """Stage every job in worker processes, then flush all together and rename each (journaled)."""
    with step(WRITING_BACK, len(jobs)) as progress:
        done = map_in_workers(_rewrite_one, jobs, _init_worker, (settings,), on_result=progress.advance,
                              on_crash=_crashed)
    report = finish_staged([(r.outcome, []) for r in done], journal)
    committed = {}
    for finding in report.findings:  # what the last look before each rename found
        committed.setdefault(finding.file, []).append(finding)
    for job, result, outcome in zip(jobs, done, report.outcomes, strict=True):
        result.outcome = outcome
        _findings(job, result).extend(committed.get(job.key, []))
    return done


def finish_staged(done: list[tuple[FileOutcome, list[Finding]]], journal: str) -> WriteBackReport:
    """The ledger's way of ending a write-back: flush every staged file together, journal them all
    (`archive.note_written`), then rename each after a last look; one flush per folder for the renames."""
    staged = [outcome.staged for outcome, _ in done if outcome.staged is not None]
    if staged:
        flush_staged(staged)
        # before the first replace; the caller forgets it once the ledger has the hashes
        archive.note_written(journal, [(item.sha256, item.new_sha256) for item in staged])
    report = WriteBackReport()
    folders = set()
    # Each rename waits for a last look at the file on the share (read and hash it): side by side.
    with ThreadPoolExecutor(max_workers=8) as pool:
        committed = pool.map(lambda pair: _commit(*pair) if pair[0].staged is not None else pair, done)
        for outcome, findings in committed:
            if outcome.outcome is WriteBackOutcome.WRITTEN:
                folders.add(outcome.path.parent)
            report.outcomes.append(outcome)
            report.findings.extend(findings)
    fsync_dirs(folders)
    return report


def _commit(outcome: FileOutcome, findings: list[Finding]) -> tuple[FileOutcome, list[Finding]]:
    result = commit_staged(outcome.staged)
    if result in OUTCOME_FINDINGS:
        findings = findings + [OUTCOME_FINDINGS[result].at(Location(file=outcome.key, sheet=outcome.sheet),
                                                           sheet_name=outcome.sheet)]
    size = mtime_ns = 0
    if result is WriteBackOutcome.WRITTEN:
        try:
            after = outcome.path.stat()
            size, mtime_ns = after.st_size, after.st_mtime_ns
        except OSError:
            pass
    return replace(outcome, outcome=result, staged=None, size=size, mtime_ns=mtime_ns,
                   sha256=outcome.staged.new_sha256 if result is WriteBackOutcome.WRITTEN else ""), findings


def _crashed(job: Job) -> Rewritten:
    """The process rewriting this file died: the file is as it was (replaced atomically, or not)."""
    result = Rewritten(FileOutcome(Path(job.path), _sheet(job), None, key=job.key), trace_failed=job.trace is not None)
    _findings(job, result).append(WriteFailed.at(Location(file=job.key, sheet=_sheet(job)), detail="crash"))
    return result


def _sheet(job: Job) -> str:
    return job.trace.sheet if job.trace is not None else job.follow_up_sheet


def _rewrite_one(job: Job) -> Rewritten:
    result = Rewritten(FileOutcome(Path(job.path), _sheet(job), None, key=job.key))
    cells = 0

    def transform(data: bytes) -> bytes | None:
        nonlocal cells
        edits = _edits(job, data, result)
        cells = sum(len(c) for c in edits.values())
        patched = _patch(job, data, edits, result)
        if job.follow_up is not None and not job.follow_up.results:
            try:
                added = sheet_addition(job.follow_up, followup_writeback._worker_settings,
                                       list(job.planned))(patched or data)
            except _FAILURES as exc:
                result.follow_up_findings.append(_failed(job, exc, sheet=job.follow_up_sheet))
            else:
                cells += len(job.planned) if added is not None else 0
                patched = added or patched
        return patched

    try:
        staged = stage_rewrite(Path(job.path), transform, expected_sha256=job.sha256)
    except _FAILURES as exc:  # only what the parts above do not catch themselves: the package itself
        _findings(job, result).append(_failed(job, exc, sheet=_sheet(job)))
        result.trace_failed = job.trace is not None
        return result
    if isinstance(staged, Staged):
        result.outcome = FileOutcome(Path(job.path), _sheet(job), None, cells, job.key, staged=staged)
        return result
    if staged in OUTCOME_FINDINGS:
        where = Location(file=job.key, sheet=_sheet(job))
        _findings(job, result).append(OUTCOME_FINDINGS[staged].at(where, sheet_name=_sheet(job)))
    result.outcome = FileOutcome(Path(job.path), _sheet(job), staged, 0, job.key)
    return result


def _edits(job: Job, data: bytes, result: Rewritten) -> dict[str, dict]:
    """{sheet: cells} of both parts (the workbook opened once for both); each part's failure is its
    own finding."""
    edits: dict[str, dict] = {}
    book: CalamineWorkbook | None = None

    def opened() -> CalamineWorkbook:
        nonlocal book
        book = book or open_book(data)
        return book

    if job.trace is not None:
        try:
            cells, missing = trace_edit(job.trace, opened())
        except _FAILURES as exc:
            result.trace_findings.append(_failed(job, exc, sheet=job.trace.sheet))
            result.trace_failed = True
        else:
            result.trace_findings += missing
            if cells:
                edits[job.trace.sheet] = cells
    if job.follow_up is not None and job.follow_up.results:
        try:
            cells = status_edit(job.follow_up, followup_writeback._worker_settings, opened())
        except _FAILURES as exc:
            result.follow_up_findings.append(_failed(job, exc, sheet=job.follow_up_sheet))
        else:
            if cells:
                edits.setdefault(results_sheet(job.follow_up), {}).update(cells)
    return edits


def _patch(job: Job, data: bytes, edits: dict[str, dict], result: Rewritten) -> bytes | None:
    """Both sheets in one pass; should that fail, each on its own, so that one part's trouble is
    reported as its own and the other part is still written. A sheet gone stops the file."""
    if not edits:
        return None
    try:
        return patch_sheets(data, edits)
    except SheetNotFound:
        raise
    except _FAILURES:
        pass
    patched: bytes | None = None
    trace_sheet = job.trace.sheet if job.trace is not None else None
    for sheet, cells in edits.items():
        try:
            patched = patch_sheets(patched or data, {sheet: cells}) or patched
        except SheetNotFound:
            raise
        except _FAILURES as exc:
            is_trace = sheet == trace_sheet
            (result.trace_findings if is_trace else result.follow_up_findings).append(_failed(job, exc, sheet=sheet))
            result.trace_failed = result.trace_failed or is_trace
    return patched


def _failed(job: Job, exc: BaseException, *, sheet: str) -> Finding:
    return WriteFailed.at(Location(file=job.key, sheet=sheet), detail=type(exc).__name__)


def _findings(job: Job, result: Rewritten) -> list[Finding]:
    """Where a finding about the whole file goes: with the trace part's when there is one."""
    return result.trace_findings if job.trace is not None else result.follow_up_findings
