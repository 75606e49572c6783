"""The demo's strategic project registers (seed 002): one per department that submitted.

Each department registers one or two projects in the fixed template, each
serving one of the council's objectives. The registers are clean (no
deliberate mistakes) and drawn from a random stream of their own, so adding
them changed nothing else in the demo.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING

from ..model import AgreementHeader, StrategicProject, Submission
from ..workbook_templates.projects import FILE_LABEL, PROJECT_REGISTER
from .result import daytime

if TYPE_CHECKING:
    from .build import DemoBuilder


def project_registers(b: "DemoBuilder") -> list[tuple[str, Submission]]:
    rng = Random(f"projects-{b.seed}")
    lang = b.settings.language
    folder = b.text.folders[2]
    registers = []
    for d in b.present:
        projects = []
        for n, idea in enumerate(rng.sample(b.text.projects, rng.randint(1, 2)), 1):
            key = next((k for k in idea.objectives if k in b.objective_id), next(iter(b.objective_id)))
            projects.append(StrategicProject(
                id=f"{d.id}-P{n}", name=idea.name, department=d.id, serves=[b.objective_id[key]],
                purpose=idea.purpose, goal=idea.goal, sub_goals=idea.sub_goals, strategy=idea.strategy,
                organisation=idea.organisation, tools=idea.tools, responsible=b.head[d.id]))
        file = f"{folder}/{FILE_LABEL(lang)}_{d.committee}_{d.id}.xlsx"
        header = AgreementHeader(committee=d.committee, department=d.id, head=b.head[d.id])
        submission = Submission(path=Path(file), kind=PROJECT_REGISTER, header=header, projects=projects)
        submission.received = b.received[file] = daytime(b.ca_deadline - timedelta(days=rng.randint(5, 20)), rng)
        registers.append((file, submission))
    return registers
