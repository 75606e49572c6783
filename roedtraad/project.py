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
        the workbook they lock. Links are not followed (a link on the share could
        point anywhere on the server) and only regular files count.
        """
        if not self.submissions_dir.is_dir():
            return []
        return sorted(p for p in self.submissions_dir.rglob("*")
                      if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$")
                      and not p.is_symlink() and p.is_file())
