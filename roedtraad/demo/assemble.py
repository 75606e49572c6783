"""One demo build from start to finish: the builder's steps, then the deliberate mistakes."""
from __future__ import annotations

from ..config import Settings
from .build import DemoBuilder
from .followup_data import add_follow_up, checkpoints
from .mistakes import apply_mistakes
from .projects import project_registers
from .result import DemoMunicipality


def build_demo(settings: Settings, scale: int = 40, seed: int = 1) -> DemoMunicipality:
    """The demo municipality with `scale` institutions; the same seed gives the same demo."""
    builder = DemoBuilder(settings, scale, seed)
    builder.organisation()
    builder.council_goals()
    builder.budgets()
    builder.annual_cycle()
    builder.plans()
    builder.committee_agreements()
    builder.quality_agreements()
    apply_mistakes(builder)
    points = checkpoints(builder.budget_year, settings.language)
    builder.deadlines += points
    submissions = builder.submissions()
    add_follow_up(submissions, points, settings, seed)
    registers = project_registers(builder)
    return DemoMunicipality(foundation=builder.foundation(), submissions=submissions,
                            project_registers=registers,
                            mistakes=builder.mistakes, received=builder.received,
                            raw_overrides=builder.raw_overrides)
