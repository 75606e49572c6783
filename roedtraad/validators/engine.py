"""The validation engine: read every workbook, build the cascade graph, run every rule.

`validate_records` is pure (records in, result out) so the same validation runs
on files from disk, on an upload to the service and on a live workbook from the
Excel add-in. `validate_project` adds the reading, spread over the CPU cores.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..cascade import CascadeGraph
from ..config import Settings
from ..i18n import Lang, Text
from ..model import Foundation, Location, Submission, Workbook
from ..project import WORKBOOK_SUFFIXES, Project
from ..progress import step
from ..workers import long_lived_objects, map_in_workers
from ..workbook_templates.cells import IdNormalised
from ..workbook_templates.links import resolve_names
from ..workbook_templates.read import read_foundation, read_submission
from . import budget, completeness, coverage, foundation as foundation_rules, periods, projects, thread
from ..followup import rules as follow_up
from .context import PartyRegister, RuleContext, SubmissionView, file_label
from ..findings import Finding, Severity, with_configured_severity
from ..workbook_templates.structure import InternalError, ReaderCrashed
from .. import bugreport

Rule = Callable[[RuleContext], Iterable[Finding]]
RULES: tuple[Rule, ...] = (*foundation_rules.RULES, *thread.RULES, *coverage.RULES, *budget.RULES, *periods.RULES,
                           *completeness.RULES, *projects.RULES, *follow_up.RULES)
MAX_CHUNK = 16  # files a worker reads before sending their records back
READING = Text("Læser arbejdsbøger", "Läser arbetsböcker", "Reading workbooks")


UNKNOWN_COMMITTEE = Text("ukendt udvalg '{committee}'; kendte udvalg: {known}",
                         "okänd nämnd '{committee}'; kända nämnder: {known}",
                         "unknown committee '{committee}'; known committees: {known}")


class ScopeError(ValueError):
    """The requested scope (e.g. a committee) does not exist: a usage problem, not a finding."""

    def __init__(self, committee: str, known: str) -> None:
        self.committee, self.known = committee, known
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "da") -> str:
        return UNKNOWN_COMMITTEE(lang, committee=self.committee, known=self.known)


class FileSummary(BaseModel):
    path: str
    kind: str = ""  # "foundation", an agreement key, or "" when the file could not be read
    party: str = ""
    sha256: str = ""
    received: float = 0.0
    status: Literal["ok", "warnings", "errors"] = "ok"
    errors: int = 0
    warnings: int = 0
    infos: int = 0


class ValidationResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    foundation: Foundation | None = None
    submissions: list[Submission] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    graph: CascadeGraph = Field(exclude=True)
    files: list[FileSummary] = Field(default_factory=list)
    committee: str = ""  # the committee's id when only its agenda was validated; "" for everything

    def counts(self) -> dict[str, int]:
        counts = {"errors": 0, "warnings": 0, "infos": 0}
        for finding in self.findings:
            counts[_COUNT_KEY[finding.severity]] += 1
        return counts

    @property
    def errors(self) -> int:
        return self.counts()["errors"]

    @property
    def warnings(self) -> int:
        return self.counts()["warnings"]

    def passed(self, strict: bool = False) -> bool:
        counts = self.counts()
        return counts["errors"] == 0 and (not strict or counts["warnings"] == 0)


_COUNT_KEY = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}


def run_rules(ctx: RuleContext) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(ctx)]


def validate_records(settings: Settings, foundation: Foundation | None, submissions: list[Submission],
                     read_findings: list[Finding], *, whole_set: bool = True, committee: str | None = None,
                     context: list[Submission] | None = None, today: date | None = None) -> ValidationResult:
    """Run every rule over records already read; no I/O.

    `whole_set` says the submissions are all there is: only then are missing
    submissions, unrealised objectives and frames left unallocated reported.
    `committee` keeps what goes on that committee's agenda (see `committee_scope`).
    `context` are other submissions the checked ones lean on (e.g. the committee
    agreements whose goals a quality agreement realises): they take part in the
    rules, but their own findings are not reported. A context submission for the
    same kind and party as a checked one is left out: the checked one replaces it.
    """
    if foundation is not None:  # names typed where ids belong, as ids, before anything looks at them
        foundation, named = resolve_names(foundation)
        if named:  # a name read as an id: the warning about the name says it all
            cells = {(f.file, f.sheet, f.cell) for f in named}
            read_findings = [f for f in read_findings
                             if not (f.code == IdNormalised.code and (f.file, f.sheet, f.cell) in cells)]
            read_findings += named
    register = PartyRegister(foundation.parties if foundation else [])
    context = _not_replaced(register, settings, submissions, context or [])
    everything = submissions + context
    graph = CascadeGraph.build(settings, foundation, everything)
    ctx = RuleContext(settings, foundation, everything, graph, whole_set=whole_set, today=today)
    context_files = {file_label(s) for s in context}
    # A file read with a structure error (a required column or sheet missing) has incomplete records:
    # what the rules say about it follows from that one finding, so only that finding is reported.
    incomplete = {f.file for f in read_findings if f.severity is Severity.ERROR and f.code.startswith("structure.")}
    findings = [f for f in read_findings if f.file not in context_files]
    findings += [f for f in run_rules(ctx) if f.file not in context_files and f.file not in incomplete]
    findings = with_configured_severity(findings, settings.severities)
    scope = ""
    if committee is not None:
        submissions, findings = committee_scope(ctx, committee, findings, submissions)
        scope = ctx.register.resolve(committee, "committee").id
    findings.sort(key=Finding.sort_key)
    files = _summaries(foundation, submissions, findings, ctx)
    return ValidationResult(foundation=foundation, submissions=submissions, findings=findings, graph=graph,
                            files=files, committee=scope)


def _covers(register: PartyRegister, settings: Settings, submission: Submission) -> set[tuple[str, str]]:
    """(kind, party id) pairs a submission delivers for: its department, or each of its institutions."""
    agreement = settings.agreements.get(submission.kind)
    if agreement is None:
        return set()
    if agreement.between[1] == "department":
        names = [submission.header.department]
    else:
        names = submission.header.institutions
    parties = (register.resolve(name, agreement.between[1]) for name in names)
    return {(submission.kind, p.id) for p in parties if p is not None}


def _not_replaced(register: PartyRegister, settings: Settings, submissions: list[Submission],
                  context: list[Submission]) -> list[Submission]:
    if not context:
        return []
    checked = set().union(*(_covers(register, settings, s) for s in submissions)) if submissions else set()
    return [s for s in context if not _covers(register, settings, s) & checked]


def committee_scope(ctx: RuleContext, committee: str, findings: list[Finding],
                    checked: list[Submission]) -> tuple[list[Submission], list[Finding]]:
    """Only what goes on the committee's agenda: its agreements, its departments' quality agreements,
    and the foundation rows they depend on. The rules ran over everything, so coverage stays true."""
    party = ctx.register.resolve(committee, "committee")
    if party is None:
        known = ", ".join(p.id for p in ctx.register.of_kind("committee")) or "-"
        raise ScopeError(committee, known)
    checked_ids = {id(s) for s in checked}
    kept = [v for v in ctx.views + ctx.register_views if id(v.submission) in checked_ids
            and v.committee is not None and v.committee.id == party.id]
    dropped_files = {v.file for v in ctx.views + ctx.register_views} - {v.file for v in kept}
    relevant = _foundation_ids_of(ctx, party.id, kept)

    def keep(finding: Finding) -> bool:
        if finding.file in dropped_files:
            return False
        if finding.file != ctx.foundation_file or not finding.row_id:
            return True
        return any(part in relevant for part in finding.row_id.split(":"))

    return [v.submission for v in kept], [f for f in findings if keep(f)]


def _foundation_ids_of(ctx: RuleContext, committee: str, kept: list[SubmissionView]) -> set[str]:
    ids = {committee}
    departments = {p.id for p in ctx.register.of_kind("department") if p.parent == committee}
    ids |= departments
    ids |= {p.id for p in ctx.register.of_kind("institution") if p.parent in departments}
    for appropriation in ctx.appropriations.values():
        owner = ctx.register.resolve(appropriation.committee, "committee")
        if (owner.id if owner else appropriation.committee) == committee:
            ids.add(appropriation.number)
    for goal in ctx.foundation.goals if ctx.foundation else []:
        if committee in goal.owners:
            ids.add(goal.id)
            ids.update(goal.parents)
    for view in kept:
        for goal in view.submission.goals:
            ids.update(p for p in goal.parents if p in ctx.foundation_goal_ids)
    return ids


def _summaries(foundation: Foundation | None, submissions: list[Submission], findings: list[Finding],
               ctx: RuleContext) -> list[FileSummary]:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    summaries: list[FileSummary] = []
    if foundation is not None:
        summaries.append(_summary(file_label(foundation), "foundation", "", foundation, by_file))
    kept = {id(s) for s in submissions}
    views = {id(v.submission): v for v in ctx.views + ctx.register_views}
    for view in (views[id(s)] for s in ctx.submissions if id(s) in views):
        if id(view.submission) in kept:
            summaries.append(_summary(view.file, view.kind, _own_party(view, ctx.settings), view.submission, by_file))
    known = {s.path for s in summaries}
    for file in sorted(f for f in by_file if f and f not in known):
        summaries.append(_summary(file, "", "", None, by_file))
    return summaries


def _own_party(view: SubmissionView, settings: Settings) -> str:
    """Whose agreement it is, the same way for every kind: the party at its lower end (the department of
    a committee agreement, the institutions of a quality agreement), as registered, else as written."""
    agreement = settings.agreements.get(view.kind)
    header = view.submission.header
    if agreement is not None and agreement.between[1] == "institution":
        return ", ".join(i.id for i in view.institutions) or ", ".join(header.institutions)
    return view.department.id if view.department else header.department


def _summary(path: str, kind: str, party: str, workbook: Workbook | None,
             by_file: dict[str, list[Finding]]) -> FileSummary:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for finding in by_file.get(path, []):
        counts[_COUNT_KEY[finding.severity]] += 1
    status = "errors" if counts["errors"] else "warnings" if counts["warnings"] else "ok"
    return FileSummary(path=path, kind=kind, party=party, sha256=workbook.sha256 if workbook else "",
                       received=workbook.received if workbook else 0.0, status=status, **counts)


# --- reading ----------------------------------------------------------------------------------------------------

_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _read_one(task: tuple[str, str, bool]) -> tuple[Workbook | None, list[Finding]]:
    """Read one workbook; an unexpected failure becomes a finding so the other files still get read."""
    path, name, is_foundation = task
    reader = read_foundation if is_foundation else read_submission
    try:
        return reader(Path(path), _worker_settings, name=name)
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the other 999
        # A bug, not the file's fault: the traceback goes to the bug log, the user gets its reference.
        return None, [InternalError.at(Location(file=name), reference=bugreport.record(exc, f"reading {name}"))]


def _reader_crashed(task: tuple[str, str, bool]) -> tuple[Workbook | None, list[Finding]]:
    return None, [ReaderCrashed.at(Location(file=task[1]))]


def read_all(settings: Settings, tasks: list[tuple[str, str, bool]]) -> list[tuple[Workbook | None, list[Finding]]]:
    """Read the workbooks, in worker processes when there are enough of them. A worker sends
    back its records every MAX_CHUNK files: with a quarter of its share at a time (1,250 files
    at 10,000), workers peaked at 200 MiB and the parent unpickled in bursts. A file whose
    reading kills its worker gets a finding; the others are read all the same."""
    with step(READING, len(tasks)) as progress:
        return map_in_workers(_read_one, tasks, _init_worker, (settings,), max_chunk=MAX_CHUNK,
                              on_result=progress.advance, on_crash=_reader_crashed)


def expand_paths(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files as given, folders searched recursively for workbooks; sorted, without duplicates."""
    skip = {p.resolve() for p in exclude}
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        candidates = path.rglob("*") if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.is_dir() or candidate.name.startswith("~$"):
                continue
            if path.is_dir() and candidate.suffix.lower() not in WORKBOOK_SUFFIXES:
                continue
            if candidate.resolve() not in skip:
                found.add(candidate)
    return sorted(found)


def display_name(path: Path, root: Path, resolved_root: Path | None = None) -> str:
    """How a file is named in findings: relative to the project folder when inside it.

    Pass `resolved_root` (root.resolve()) when naming many files: resolving the
    root again for each of 10,000 files was a tenth of a large validation. A path
    listed under the folder is named without asking the file system at all.
    """
    if path.is_absolute() == root.is_absolute() and ".." not in path.parts:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(resolved_root or root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def validate_project(project: Project, paths: list[Path] | None = None,
                     committee: str | None = None, today: date | None = None) -> ValidationResult:
    """Read the foundation and the submissions, then validate them together.

    With `paths` only those files (folders searched recursively) are checked and
    reported on; the other submissions in the project are read as context, so a
    quality agreement finds the committee goals it realises.
    """
    settings = project.settings
    if paths:
        targets = expand_paths(paths, exclude=[project.foundation_path])
        chosen = {p.resolve() for p in targets}
        others = [p for p in project.submission_files() if p.resolve() not in chosen]
    else:
        targets, others = project.submission_files(), []
    root = project.root.resolve()
    foundation_name = display_name(project.foundation_path, project.root, root)
    has_foundation = project.foundation_path.is_file()
    tasks = [(str(project.foundation_path), foundation_name, True)] if has_foundation else []
    tasks += [(str(p), display_name(p, project.root, root), False) for p in targets + others]
    with long_lived_objects():
        results = read_all(settings, tasks)
        foundation, read_findings = None, []
        if has_foundation:
            record, read_findings = results.pop(0)
            foundation = record if isinstance(record, Foundation) else None
        else:
            read_findings = [completeness.FoundationMissing.at(Location(file=foundation_name), file=foundation_name)]
        checked, context = results[:len(targets)], results[len(targets):]
        read_findings += [finding for _, found in checked for finding in found]
        submissions = [record for record, _ in checked if isinstance(record, Submission)]
        context_submissions = [record for record, _ in context if isinstance(record, Submission)]
        return validate_records(settings, foundation, submissions, read_findings, whole_set=not paths,
                                committee=committee, context=context_submissions, today=today)


__all__ = ["FileSummary", "RULES", "ScopeError", "ValidationResult", "validate_project", "validate_records"]
