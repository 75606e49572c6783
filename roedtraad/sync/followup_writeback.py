"""Follow-up in the parties' own workbooks: the follow-up sheet for a party that sent its agreement
before follow-up began (added as a whole sheet, nothing else touched), and the computed status of
every row of a follow-up sheet that is there.

Runs after the trace write-back and with its safety (`xlsx_patch.rewrite_package`): never while a
file is open, never over a save made since validation, originals archived, swaps atomic. A file
the trace write-back has just written is expected with the bytes that write-back left.
"""
from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..config import Settings
from ..findings import Finding
from ..followup.status import LABELS, result_status
from ..i18n import Lang
from ..model import IndicatorResult, Location, Submission
from ..validators.context import file_label
from ..workbook_templates.followup_sheet import RESULTS, RESULTS_SHEET_NAME, checkpoints, planned_results
from ..workers import map_in_workers
from ..workbook_templates.spec import CHOICES, FIRST_DATA_ROW, HEADER_ROW
from .writeback import (OUTCOME_FINDINGS, FileOutcome, WriteBackReport, WriteFailed, _computed_columns, open_book,
                        _keep_received_time, _structure_errors, specs_of)
from .xlsx_add_sheet import NewSheet, add_sheet, cell_styles, has_sheet, sheet_xml
from .xlsx_patch import (PatchError, WriteBackOutcome, patch_sheet_cells, rewrite_package, sha256_file)

BLANK_ROWS = 10  # room below the pre-filled rows, as the generated templates have


def _column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def follow_up_sheet(submission: Submission, data: bytes, settings: Settings, rows: list) -> NewSheet:
    """The follow-up sheet as the template would have it, dressed in the workbook's own styles:
    title, instruction, header, input and computed cells look like those of its other sheets."""
    lang: Lang = settings.language
    table = specs_of(settings)[submission.kind].table(RESULTS)
    indicators = next((i.location.sheet for i in submission.indicators if i.location and i.location.sheet), "")
    goals = next((g.location.sheet for g in submission.goals if g.location and g.location.sheet), "")
    styles: dict[str, int] = {}
    try:
        if indicators:
            styles = cell_styles(data, indicators, ["A1", "A2", "A3", "A4", "D4"])
        if goals:
            computed = cell_styles(data, goals, [f"{_column_letter(c)}{FIRST_DATA_ROW}" for c in range(1, 40)])
            styles["computed"] = computed[max(computed, key=lambda ref: (len(ref), ref))] if computed else 0
    except (KeyError, zipfile.BadZipFile, PatchError):
        styles = {}
    text, number, computed = styles.get("A4"), styles.get("D4"), styles.get("computed")
    kinds = [computed if c.computed else number if c.type.value == "number" else text for c in table.columns]
    out = NewSheet(widths=[c.width for c in table.columns], frozen_rows=HEADER_ROW, protect=True)
    out.rows += [[table.name(lang)], [table.instruction(lang)], [c.header(lang) for c in table.columns]]
    out.styles += [[styles.get("A1")], [styles.get("A2")], [styles.get("A3")] * len(table.columns)]
    for result in rows:
        values = {"checkpoint": result.checkpoint, "goal_id": result.goal_id, "indicator": result.indicator,
                  "unit": result.unit, "baseline": result.baseline, "target": result.target,
                  "status": LABELS[result_status(result, settings.follow_up)](lang)}
        out.rows.append([values.get(c.field) for c in table.columns])
        out.styles.append(kinds)
    for _ in range(BLANK_ROWS):
        out.rows.append([None] * len(table.columns))
        out.styles.append(kinds)
    last = len(out.rows)
    for field_name, lookup in (("direction", "directions"), ("assessment", "traffic_lights")):
        letter = _column_letter(1 + [c.field for c in table.columns].index(field_name))
        out.lists = (*out.lists, (f"{letter}{FIRST_DATA_ROW}:{letter}{last}",
                                  [text(lang) for text in CHOICES[lookup].values()]))
    return out


# One file's work: (the submission, the hash its bytes must have now (as validated, or as the trace
# write-back just left them), the planned rows when the sheet is to be added, the archive folder).
_Task = tuple[Submission, str, tuple[IndicatorResult, ...], str]
_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def add_follow_up(result: Any, settings: Settings, archive_dir: Path,
                  after: WriteBackReport | None = None) -> WriteBackReport:
    """Add the follow-up sheet where it is missing and fill in the computed status where it is there
    (`consolidate --write-back`; the ledger's sync does it with the trace columns: `rewrite`).

    `after` is the trace write-back that ran just before. Files are handled in worker processes
    when there are enough of them, as the trace write-back's."""
    now = {o.path: o.sha256 for o in (after.outcomes if after else [])
           if o.outcome is WriteBackOutcome.WRITTEN and o.sha256}
    tasks: list[_Task] = [(submission, now.get(Path(submission.path), submission.sha256), rows, str(archive_dir))
                          for submission, rows in follow_up_work(result)]
    report = WriteBackReport()
    for outcome, findings in map_in_workers(_one, tasks, _init_worker, (settings,)):
        report.outcomes.append(outcome)
        report.findings.extend(findings)
    return report


def follow_up_work(result: Any) -> Iterator[tuple[Submission, tuple[IndicatorResult, ...]]]:
    """The agreements whose follow-up sheet is to be filled in, or added with these planned rows."""
    points = checkpoints(result.foundation)
    broken = _structure_errors(result.findings)
    for submission in result.submissions:
        if file_label(submission) in broken or not submission.sha256:
            continue
        rows: tuple[IndicatorResult, ...] = ()
        if not submission.results:
            rows = tuple(planned_results(submission.indicators, points,
                                         (submission.header.first_year, submission.header.last_year)))
            if not rows:
                continue
        yield submission, rows


def _one(task: _Task) -> tuple[FileOutcome, list[Finding]]:
    submission, expected, rows, archive_dir = task
    settings = _worker_settings
    key, path = file_label(submission), Path(submission.path)
    write = partial(rewrite_package, expected_sha256=expected, archive_dir=Path(archive_dir))
    if submission.results:
        outcome, finding, sheet, cells = _fill_status(submission, settings, path, write)
    else:
        outcome, finding, sheet, cells = _add_sheet(submission, settings, path, list(rows), write)
    findings = [finding] if finding is not None else []
    if outcome in OUTCOME_FINDINGS:
        findings.append(OUTCOME_FINDINGS[outcome].at(Location(file=key, sheet=sheet), sheet_name=sheet))
    return _outcome(path, sheet, outcome, cells, key), findings


def _outcome(path: Path, sheet: str, outcome: WriteBackOutcome | None, cells: int, key: str) -> FileOutcome:
    """As the trace write-back reports it: for a written file, its hash, size and time on disk now."""
    digest, size, mtime_ns = "", 0, 0
    if outcome is WriteBackOutcome.WRITTEN:
        try:
            digest, after = sha256_file(path), path.stat()
            size, mtime_ns = after.st_size, after.st_mtime_ns
        except OSError:
            pass
    return FileOutcome(path, sheet, outcome, cells, key, digest, size, mtime_ns)


Write = Callable[[Path, Callable[[bytes], bytes | None]], WriteBackOutcome]


def sheet_addition(submission: Submission, settings: Settings, rows: list) -> Callable[[bytes], bytes | None]:
    """The transform that adds the follow-up sheet, unless the workbook has one in any language."""
    def transform(data: bytes) -> bytes | None:
        if has_sheet(data, list(RESULTS_SHEET_NAME)):
            return None  # there already: the party keeps its own
        name = RESULTS_SHEET_NAME(settings.language)
        return add_sheet(data, name, sheet_xml(follow_up_sheet(submission, data, settings, rows)))
    return transform


def results_sheet(submission: Submission) -> str:
    return next((r.location.sheet for r in submission.results if r.location and r.location.sheet), "")


def status_edit(submission: Submission, settings: Settings, book: Any) -> dict[str, str]:
    """The computed status of each row of the follow-up sheet ({"H5": "Grøn"}), found by header."""
    table = specs_of(settings)[submission.kind].table(RESULTS)
    header_row, letters = _computed_columns(book, results_sheet(submission), table)
    if "status" not in letters:
        return {}
    return {f"{letters['status']}{r.location.row}": LABELS[result_status(r, settings.follow_up)](settings.language)
            for r in submission.results if r.location and r.location.row and r.location.row > header_row}


def _add_sheet(submission: Submission, settings: Settings, path: Path, rows: list,
               write: Write) -> tuple[WriteBackOutcome | None, Finding | None, str, int]:
    name = RESULTS_SHEET_NAME(settings.language)
    try:
        before = path.stat()
        outcome = write(path, sheet_addition(submission, settings, rows))
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS, None, name, 0
    except (PatchError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        where = Location(file=file_label(submission), sheet=name)
        return None, WriteFailed.at(where, detail=type(exc).__name__), name, 0
    if outcome is WriteBackOutcome.WRITTEN:
        _keep_received_time(path, before)
    return outcome, None, name, len(rows)


def _fill_status(submission: Submission, settings: Settings, path: Path,
                 write: Write) -> tuple[WriteBackOutcome | None, Finding | None, str, int]:
    sheet = results_sheet(submission)
    count = 0

    def transform(data: bytes) -> bytes | None:
        nonlocal count
        cells = status_edit(submission, settings, open_book(data))
        count = len(cells)
        return patch_sheet_cells(data, sheet, cells)

    try:
        before = path.stat()
        outcome = write(path, transform)
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS, None, sheet, 0
    except (PatchError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        return None, WriteFailed.at(Location(file=file_label(submission), sheet=sheet),
                                    detail=type(exc).__name__), sheet, 0
    if outcome is WriteBackOutcome.WRITTEN:
        _keep_received_time(path, before)
    return outcome, None, sheet, count
