"""Write the demo municipality into a project folder, with each file's mtime as received."""
from __future__ import annotations

import os
from pathlib import Path

from ..config import Settings
from ..project import Project
from ..workbook_templates.generate import write_agreement, write_foundation
from .result import DemoMunicipality


def write_demo(project_dir: Path, settings: Settings, demo: DemoMunicipality) -> None:
    """Write the foundation and every submission; mistakes meant for cells go in as raw values."""
    project = Project(Path(project_dir), settings)
    lang = settings.language
    write_foundation(project.foundation_path, settings, demo.foundation, lang=lang)
    # A quality agreement's parent dropdown lists its department's udvalgsmål.
    committee_goals = {s.header.department: s.goals for _, s in demo.submissions if not s.header.institutions}
    for name, submission in demo.submissions:
        path = project.submissions_dir / name
        write_agreement(path, settings, submission.kind, demo.foundation, submission.header, submission, lang=lang,
                        raw_overrides=demo.raw_overrides.get(name),
                        parent_goals=committee_goals.get(submission.header.department, [])
                        if submission.header.institutions else ())
        received = demo.received.get(name)
        if received is not None:
            os.utime(path, (received, received))
