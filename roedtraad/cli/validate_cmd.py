"""`roedtraad validate`: check submissions against the cascade rules and print a verdict."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import write_atomically
from ..validators.engine import ScopeError, validate_project
from ..validators.report import FORMATS, render
from . import main
from .common import (EXIT_FINDINGS, XLSX_NEEDS_OUTPUT, UsageProblem, config_errors_exit_2, lang_option, open_project,
                     project_option)
from .progress_bar import progress_on_terminal


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@project_option
@click.option("--committee", metavar="NAME",
              help="Only what goes on this committee's agenda (its id or name): its agreements, its departments' "
                   "quality agreements and the foundation rows they depend on.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output (required for xlsx).")
@lang_option
@config_errors_exit_2
def validate(paths: tuple[Path, ...], project_dir: Path, committee: str | None, strict: bool, fmt: str,
             output: Path | None, lang: str | None) -> None:
    """Validate submissions against the cascade rules and print a verdict.

    Without PATH, every workbook in the project's submissions folder is checked
    together with the foundation; a PATH may be a file or a folder (searched
    recursively). Exit status: 0 without errors (and, with --strict, without
    warnings), 1 otherwise, 2 for usage or configuration problems.

    Example: roedtraad validate --committee BUU --format html --output BUU.html
    """
    project = open_project(project_dir)
    language = lang or project.settings.language
    if fmt == "xlsx" and output is None:
        raise UsageProblem(XLSX_NEEDS_OUTPUT(language), language)
    try:
        with progress_on_terminal(language):
            result = validate_project(project, list(paths) or None, committee=committee)
    except ScopeError as exc:
        raise UsageProblem(exc.message(language), language) from exc
    color = output is None and fmt == "text" and sys.stdout.isatty()
    report = render(result, fmt, language, strict=strict, color=color, settings=project.settings)
    if output is not None:
        write_atomically(output, report)
    else:
        click.echo(report, nl=False, color=color or None)
    if not result.passed(strict):
        click.get_current_context().exit(EXIT_FINDINGS)
