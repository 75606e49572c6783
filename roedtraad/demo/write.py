"""Write the demo municipality into a project folder, with each file's mtime as received."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..config import Settings
from ..model import Foundation, Goal, Submission
from ..project import Project
from ..workbook_templates.generate import write_agreement, write_foundation
from ..workbook_templates.projects import PROJECT_REGISTER
from ..workbook_templates.templates import write_project_register
from .result import DemoMunicipality

PARALLEL_FROM = 64  # fewer files are written in this process: starting workers would cost more

# (file name, records, raw cell overrides, received time): one submission to write
_Task = tuple[str, Submission, Any, float | None]
_shared: dict[str, Any] = {}


def write_demo(project_dir: Path, settings: Settings, demo: DemoMunicipality, workers: int | None = None) -> None:
    """Write the foundation and every submission; mistakes meant for cells go in as raw values.

    Large demos are written by `workers` processes (default: one per CPU); the
    files are the same either way.
    """
    project = Project(Path(project_dir), settings)
    write_foundation(project.foundation_path, settings, demo.foundation, lang=settings.language)
    # A quality agreement's parent dropdown lists its department's udvalgsmål.
    committee_goals = {s.header.department: s.goals for _, s in demo.submissions
                       if not s.header.institutions and s.kind != PROJECT_REGISTER}
    tasks = [(name, submission, demo.raw_overrides.get(name), demo.received.get(name))
             for name, submission in demo.submissions + demo.project_registers]
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    shared = (project.submissions_dir, settings, demo.foundation, committee_goals)
    if workers < 2 or len(tasks) < PARALLEL_FROM:
        _init(*shared)
        for task in tasks:
            _write_one(task)
        return
    chunksize = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=shared) as pool:
        for _ in pool.map(_write_one, tasks, chunksize=chunksize):
            pass


def _init(folder: Path, settings: Settings, foundation: Foundation, committee_goals: dict[str, list[Goal]]) -> None:
    _shared.update(folder=folder, settings=settings, foundation=foundation, committee_goals=committee_goals)


def _write_one(task: _Task) -> None:
    name, submission, overrides, received = task
    settings: Settings = _shared["settings"]
    path = _shared["folder"] / name
    header = submission.header
    if submission.kind == PROJECT_REGISTER:
        write_project_register(path, settings, _shared["foundation"], header, submission, lang=settings.language)
    else:
        write_agreement(path, settings, submission.kind, _shared["foundation"], header, submission,
                        lang=settings.language, raw_overrides=overrides,
                        parent_goals=_shared["committee_goals"].get(header.department, [])
                        if header.institutions else ())
    if received is not None:
        os.utime(path, (received, received))
