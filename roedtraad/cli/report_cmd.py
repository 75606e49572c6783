"""`roedtraad report`: the follow-up report of one checkpoint."""
from __future__ import annotations

from pathlib import Path

import click

from ..i18n import Text
from . import main
from .common import UsageProblem, config_errors_exit_2, lang_option, open_project, project_option

WRITTEN = Text("Opfølgningsrapport: {paths}", "Uppföljningsrapport: {paths}", "Follow-up report: {paths}")
LINE = Text("{level}: {green} grøn, {yellow} gul, {red} rød, {not_measured} ikke målt",
            "{level}: {green} grön, {yellow} gul, {red} röd, {not_measured} ej mätt",
            "{level}: {green} green, {yellow} yellow, {red} red, {not_measured} not measured")
NO_PDF = Text("Ingen PDF: {reason}", "Ingen PDF: {reason}", "No PDF: {reason}")


@main.command()
@project_option
@click.option("--checkpoint", required=True, metavar="NAME", help="The årshjul's follow-up checkpoint (its phase).")
@click.option("--committee", metavar="NAME", help="Only this committee's goals (id or name).")
@lang_option
@config_errors_exit_2
def report(project_dir: Path, checkpoint: str, committee: str | None, lang: str | None) -> None:
    """Write the follow-up report of a checkpoint: traffic lights rolled up the cascade.

    Writes HTML, xlsx and PDF into the output folder and prints the overall
    status counts per level.

    Example: roedtraad report -p kommune --checkpoint "Halvårsopfølgning 2027" --committee BUU
    """
    from ..followup.report import UnknownCheckpointError
    from ..followup.report_files import write_follow_up_report
    from ..validators.engine import ScopeError

    project = open_project(project_dir)
    lang = lang or project.settings.language
    try:
        written = write_follow_up_report(project, checkpoint, committee=committee, lang=lang)
    except (ScopeError, UnknownCheckpointError) as exc:
        raise UsageProblem(str(exc)) from exc
    for level in project.settings.ordered_levels():
        counts = written.report.totals(level.key)
        if any(counts.values()):
            click.echo(LINE(lang, level=level.labels(lang), **counts))
    if written.pdf_problem:
        click.echo(NO_PDF(lang, reason=written.pdf_problem), err=True)
    click.echo(WRITTEN(lang, paths=", ".join(str(p) for p in written.paths)))
