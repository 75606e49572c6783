"""The `roedtraad` command line: thin click commands over the library."""
from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roedtraad")
def main() -> None:
    """roedtraad keeps the red thread from council objectives to institution agreements.

    Generate Excel templates per party, validate filled-in submissions against the
    cascade rules, consolidate them into one master workbook for finance and write
    computed traceability columns back into every workbook.
    """


# Each command lives in its own module and registers itself on `main`.
from . import project_cmds  # noqa: E402,F401
from . import consolidate_cmd  # noqa: E402,F401
from . import validate_cmd  # noqa: E402,F401
from . import sync_cmds  # noqa: E402,F401
from . import status_cmds  # noqa: E402,F401
from . import serve_cmd  # noqa: E402,F401
from . import addin_cmd  # noqa: E402,F401
from . import report_cmd  # noqa: E402,F401
