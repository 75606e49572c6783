"""roedtraad: den røde tråd from council objectives to institution agreements.

The few names a user of the library needs, imported on first use so the
command line stays quick to start.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Project": "roedtraad.project",
    "init_project": "roedtraad.scaffold",
    "load_settings": "roedtraad.config",
    "read_foundation": "roedtraad.workbook_templates.read",
    "read_submission": "roedtraad.workbook_templates.read",
    "generate_templates": "roedtraad.workbook_templates.templates",
    "validate_project": "roedtraad.validators.engine",
    "validate_records": "roedtraad.validators.engine",
    "consolidate": "roedtraad.sync.consolidate",
    "prepare_meeting": "roedtraad.meeting",
    "findings_frame": "roedtraad.frames",
    "budget_frame": "roedtraad.frames",
    "status_frame": "roedtraad.frames",
    "create_service": "roedtraad.service",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'roedtraad' has no attribute {name!r}")
