"""Create a project folder: a commented roedtraad.toml and a foundation, or the whole demo municipality."""
from __future__ import annotations

import tomllib
from pathlib import Path

from .config import CONFIG_FILE, ConfigError, build_settings, load_preset_data
from .files import write_atomically
from .i18n import Text
from .project import Project

ALREADY_EXISTS = Text("{path} findes allerede; vælg en tom mappe", "{path} finns redan; välj en tom mapp",
                      "{path} already exists; choose an empty folder")


def config_text(preset: str, municipality: str | None = None) -> str:
    """A commented roedtraad.toml: the keys a municipality usually adapts, with the preset's values."""
    data = load_preset_data(preset)
    municipality = municipality or data.get("municipality", "Kommune")
    start, end = data["period"]["council_term"]
    rename = 'sv = "Förvaltningsmål"' if data.get("language") == "sv" else 'da = "Fagmål"'
    return f'''# roedtraad project settings. Any key of the preset can be overridden here.
preset = "{preset}"
municipality = "{municipality}"
language = "{data.get("language", "da")}"            # da | sv | en: templates, messages and reports

[period]
council_term = [{start}, {end}]  # council term (byrådsperiode / mandatperiod)
budget_year = {data["period"]["budget_year"]}

[limits]
max_goals_per_agreement = 10
budget_below_frame_tolerance = 0.02  # warn when allocations are >2 % below the frame

# Change a finding's severity: "error" | "warning" | "info"
[severities]
# "thread.goal-without-action" = "warning"

# Rename a level or an agreement without code:
# [levels.committee_goal.labels]
# {rename}
'''


def init_project(root: Path, *, preset: str = "dk-aftalestyring", municipality: str | None = None,
                 demo_scale: int | None = None, seed: int = 1) -> Project:
    """Create a project folder. With `demo_scale`, fill it with the demo municipality."""
    from .model import Foundation
    from .workbook_templates.generate import write_foundation

    root = Path(root)
    if (root / CONFIG_FILE).exists():
        raise ConfigError(ALREADY_EXISTS, path=root / CONFIG_FILE)
    root.mkdir(parents=True, exist_ok=True)
    text = config_text(preset, municipality)
    build_settings(tomllib.loads(text))  # fail before writing anything
    write_atomically(root / CONFIG_FILE, text)
    project = Project.open(root)
    project.submissions_dir.mkdir(exist_ok=True)
    if demo_scale is None:
        write_foundation(project.foundation_path, project.settings, Foundation(path=project.foundation_path),
                         project.settings.language)
    else:
        from .demo import build_demo, write_demo

        demo = build_demo(project.settings, scale=demo_scale, seed=seed)
        write_demo(root, project.settings, demo)
        _note_demo_deliveries(project, demo.received)
    return project


def _note_demo_deliveries(project: Project, received: dict[str, float]) -> None:
    """Tell the ledger when the demo's files were "delivered" (some late against the årshjul), so that
    `sync` and `status` show the demo's story; the foundation a day before the first delivery."""
    from .sync.arrivals import note_arrivals
    from .sync.ledger import open_ledger
    from .sync.xlsx_patch import sha256_file

    deliveries = {}
    for name, when in received.items():
        path = project.submissions_dir / name
        deliveries[path.relative_to(project.root).as_posix()] = (sha256_file(path), when, None)
    if received:
        first = min(received.values()) - 86400
        deliveries[Path(project.settings.paths.foundation).as_posix()] = (sha256_file(project.foundation_path),
                                                                          first, None)
    with open_ledger(project) as ledger:
        note_arrivals(ledger, deliveries)
