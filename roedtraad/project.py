"""A project folder: roedtraad.toml, the foundation workbook and the submissions.

```
roedtraad.toml          preset + the municipality's settings
Styringsgrundlag.xlsx   foundation, edited by finance
skabeloner/             generated templates, one per party
indsendelser/           filled-in submissions (any sub-folders)
output/                 master workbook and reports
arkiv/                  originals archived before write-back
```
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_FILE, Settings, load_settings

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings

    @classmethod
    def open(cls, root: Path) -> "Project":
        root = Path(root)
        return cls(root, load_settings(root))

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def foundation_path(self) -> Path:
        return self.root / self.settings.paths.foundation

    @property
    def submissions_dir(self) -> Path:
        return self.root / self.settings.paths.submissions

    @property
    def templates_dir(self) -> Path:
        return self.root / self.settings.paths.templates

    @property
    def output_dir(self) -> Path:
        return self.root / self.settings.paths.output

    @property
    def archive_dir(self) -> Path:
        return self.root / self.settings.paths.archive

    def submission_files(self) -> list[Path]:
        """Every workbook-like file under the submissions folder, in a stable order.

        Excel's `~$` lock files are not submissions; they are looked up beside
        the workbook they lock.
        """
        if not self.submissions_dir.is_dir():
            return []
        return sorted(p for p in self.submissions_dir.rglob("*")
                      if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))


def config_text(preset: str, municipality: str) -> str:
    """A commented roedtraad.toml: the keys a municipality usually adapts."""
    return f'''# roedtraad project settings. Any key of the preset can be overridden here.
preset = "{preset}"
municipality = "{municipality}"
language = "da"            # da | sv | en: templates, messages and reports

[period]
council_term = [2026, 2029]  # byrådsperiode
budget_year = 2027

[limits]
max_goals_per_agreement = 10
budget_below_frame_tolerance = 0.02  # warn when allocations are >2 % below the frame

# Change a finding's severity: "error" | "warning" | "info"
[severities]
# "thread.goal-without-action" = "warning"

# Rename a level or an agreement without code:
# [levels.committee_goal.labels]
# da = "Fagmål"
'''


def init_project(root: Path, *, preset: str = "dk-aftalestyring", municipality: str = "Eksempel Kommune",
                 demo_scale: int | None = None, seed: int = 1) -> Project:
    """Create a project folder. With `demo_scale`, fill it with the demo municipality."""
    from .config import ConfigError, build_settings
    from .model import Foundation
    from .workbook_templates.generate import write_foundation

    root = Path(root)
    if (root / CONFIG_FILE).exists():
        raise ConfigError(f"{root / CONFIG_FILE} already exists; choose an empty folder")
    root.mkdir(parents=True, exist_ok=True)
    text = config_text(preset, municipality)
    import tomllib

    build_settings(tomllib.loads(text))  # fail before writing anything
    (root / CONFIG_FILE).write_text(text, encoding="utf-8")
    project = Project.open(root)
    project.submissions_dir.mkdir(exist_ok=True)
    if demo_scale is None:
        write_foundation(project.foundation_path, project.settings, Foundation(path=project.foundation_path),
                         project.settings.language)
    else:
        from .demo import build_demo, write_demo

        write_demo(root, project.settings, build_demo(project.settings, scale=demo_scale, seed=seed))
    return project
