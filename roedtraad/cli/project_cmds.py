"""Project commands: init, templates, demo and run."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..config import preset_names
from ..i18n import Text
from ..project import Project
from . import main
from .common import (EXIT_FINDINGS, EXIT_LOCKED, ERROR, UsageProblem, config_errors_exit_2, db_option,
                     lang_option, open_ledger_of, open_project, project_option)

CREATED = Text("Projekt oprettet i {root}", "Projekt skapat i {root}", "Project created in {root}")
TEMPLATES_WRITTEN = Text("{count} skabeloner skrevet i {folder}", "{count} mallar skrivna i {folder}",
                         "{count} templates written to {folder}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--preset", type=click.Choice(preset_names()), default="dk-aftalestyring", show_default=True)
@click.option("--municipality", default=None, help="The municipality's name (default: the preset's demo name).")
@click.option("--demo", is_flag=True, help="Fill the project with the demo municipality and its submissions.")
@click.option("--scale", type=int, default=40, show_default=True,
              help="Demo: number of institutions.")
@click.option("--seed", type=int, default=1, show_default=True, help="Demo: random seed (deterministic).")
@config_errors_exit_2
def init(directory: Path, preset: str, municipality: str | None, demo: bool, scale: int, seed: int) -> None:
    """Create a project folder with roedtraad.toml and an empty foundation workbook.

    Example: roedtraad init kommune --demo
    """
    from ..scaffold import init_project

    _check_scale(scale if demo else None)
    project = init_project(directory, preset=preset, municipality=municipality,
                           demo_scale=scale if demo else None, seed=seed)
    click.echo(CREATED(project.settings.language, root=project.root))


ROLLED_OVER = Text("{carried} overført fra sidste runde, {blank} blanke (ingen aftale sidste runde)",
                   "{carried} överförda från förra omgången, {blank} tomma (ingen plan förra omgången)",
                   "{carried} carried over from last round, {blank} blank (no agreement last round)")


EXCLUSIVE = Text("--from-current og --from-run kan ikke bruges sammen: vælg den ene",
                 "--from-current och --from-run kan inte användas tillsammans: välj det ena",
                 "--from-current and --from-run exclude each other: choose one")


@main.command()
@project_option
@click.option("--from-current", is_flag=True,
              help="Next round: pre-fill each party's template with its agreement in the submissions folder.")
@click.option("--from-run", type=int, metavar="N",
              help="Next round: pre-fill each party's template with its accepted agreement in the ledger's run N.")
@click.option("--db", metavar="URL", help="The ledger's database URL (default: ledger.sqlite in the project).")
@lang_option
@config_errors_exit_2
def templates(project_dir: Path, from_current: bool, from_run: int | None, db: str | None, lang: str | None) -> None:
    """Generate one pre-filled template per party from the foundation workbook.

    With --from-run N (the ledger's run N) or --from-current (the submissions folder),
    next round's templates start from that round's accepted agreements: goals,
    indicators, actions and budget carried over, budget years moved on by one,
    follow-up actuals as baselines; a party that sent nothing gets a blank template.

    Example: roedtraad templates -p kommune --from-run 12
    """
    from ..workbook_templates.templates import read_current_round, write_templates

    project = open_project(project_dir)
    lang = lang or project.settings.language
    if from_current and from_run is not None:
        raise UsageProblem(EXCLUSIVE(lang), lang)
    previous, previous_foundation = (read_current_round(project) if from_current else None), None
    if from_run is not None:
        from ..sync.ledger import LedgerError, open_ledger
        from ..sync.previous_round import run_records
        from ..sync.store import UnknownRun

        try:
            with open_ledger(project, db) as ledger:
                previous, previous_foundation = run_records(project, ledger, from_run)
        except UnknownRun as exc:
            raise UsageProblem(exc.message(lang), lang) from exc
        except LedgerError as exc:
            raise UsageProblem(str(exc)) from exc
    from .progress_bar import progress_on_terminal

    with progress_on_terminal(lang):
        written = write_templates(project, lang, previous=previous, previous_foundation=previous_foundation)
    click.echo(TEMPLATES_WRITTEN(lang, count=len(written.paths), folder=project.templates_dir))
    if previous is not None:
        click.echo(ROLLED_OVER(lang, carried=len(written.carried), blank=len(written.blank)))


DEMO_AT = Text("Demokommunen ligger i {root}: skabeloner i {templates}, indsendelser i {submissions}, "
               "resultater i {output}.",
               "Demokommunen finns i {root}: mallar i {templates}, inlämningar i {submissions}, "
               "resultat i {output}.",
               "The demo municipality is in {root}: templates in {templates}, submissions in {submissions}, "
               "results in {output}.")
DEMO_MISTAKES = Text("Fejlene ovenfor er lagt ind med vilje: én af hver slags, som en rigtig indsamling kan have.",
                     "Felen ovan är inlagda med avsikt: ett av varje slag, som en riktig insamling kan ha.",
                     "The findings above are deliberate: one of each kind a real collection may have.")


def _run_and_report(project: Project, lang: str, committee: str | None, strict: bool, db_url: str | None = None,
                    wait: float = 0.0) -> bool:
    """Run the main job through the ledger (a sync run), print the findings and what the run did for whom;
    True when the verdict passes."""
    from ..meeting import prepare_meeting
    from ..meeting_summary import meeting_summary
    from ..sync.lock import LockHeld
    from ..validators.engine import ScopeError
    from ..validators.report import render_text
    from .progress_bar import progress_on_terminal
    from .sync_text import LOCKED, summary_text

    ledger = open_ledger_of(project, db_url)
    try:
        with progress_on_terminal(lang):
            pack = prepare_meeting(project, lang, committee, strict, ledger=ledger, wait=wait)
    except ScopeError as exc:
        raise UsageProblem(exc.message(lang), lang) from exc
    except LockHeld as exc:
        click.echo(ERROR(lang, message=LOCKED(lang, holder=exc.holder, since=exc.since)), err=True)
        sys.exit(EXIT_LOCKED)
    finally:
        ledger.close()
    color = sys.stdout.isatty()
    click.echo(render_text(pack.validation, lang, strict=strict, color=color, settings=project.settings),
               nl=False, color=color or None)
    click.echo("")
    for line in meeting_summary(pack, project, lang, strict):
        click.echo(line)
    if pack.sync is not None:
        click.echo(summary_text(pack.sync, lang).splitlines()[0])  # the ledger's run: number and what was new
    return pack.validation.passed(strict)


@main.command()
@project_option
@click.option("--committee", metavar="NAME", help="Judge only what goes on this committee's agenda (id or name).")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@db_option
@click.option("--wait", type=float, default=0.0, metavar="SECONDS", help="Wait this long for another writer (sync).")
@lang_option
@config_errors_exit_2
def run(project_dir: Path, committee: str | None, strict: bool, db_url: str | None, wait: float,
        lang: str | None) -> None:
    """The one command before a committee meeting: validate, report, consolidate, write back.

    Prints the verdict, writes an HTML and an xlsx report to attach to the agenda,
    the master workbook for finance, and the trace columns into every workbook.
    Exit status as for 'validate': 0 passes, 1 has errors (or warnings with --strict); 3 when
    another sync or the service holds the ledger (see --wait). Master and write-back are a sync run's.

    Example: roedtraad run -p kommune --committee BUU
    """
    project = open_project(project_dir)
    if not _run_and_report(project, lang or project.settings.language, committee, strict, db_url, wait):
        click.get_current_context().exit(EXIT_FINDINGS)


SCALE_TOO_SMALL = Text("--scale skal være mindst {minimum} (én institution pr. indlagt fejl), ikke {scale}",
                       "--scale måste vara minst {minimum} (en institution per inlagt fel), inte {scale}",
                       "--scale must be at least {minimum} (one institution per deliberate mistake), not {scale}")


def _check_scale(scale: int | None, lang: str = "da") -> None:
    """The demo plants one mistake per kind, each in an agreement of its own: it needs enough institutions."""
    from ..demo.build import MIN_SCALE

    if scale is not None and scale < MIN_SCALE:
        raise UsageProblem(SCALE_TOO_SMALL(lang, minimum=MIN_SCALE, scale=scale), lang)


def _fresh_folder(base: Path) -> Path:
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("roedtraad-demo"),
              show_default=True, help="Where to create the demo (a fresh folder next to it if it exists).")
@click.option("--scale", type=int, default=40, show_default=True,
              help="Number of institutions.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (deterministic).")
@click.option("--preset", type=click.Choice(preset_names()), default="dk-aftalestyring", show_default=True,
              help="The governance model: Danish aftalestyring or Swedish styrsystem.")
@lang_option
@config_errors_exit_2
def demo(directory: Path, scale: int, seed: int, preset: str, lang: str | None) -> None:
    """Run the whole main job on the built-in demo municipality in a fresh folder.

    Creates Eksempel Kommune with its foundation, templates and filled-in submissions
    (with deliberate mistakes of every kind), then runs 'roedtraad run' on it and
    says where the results are. Exits 0: the mistakes are the point of the demo.

    Example: roedtraad demo --scale 200
    Example: roedtraad demo --preset se-styrsystem
    """
    from ..scaffold import init_project
    from ..workbook_templates.templates import generate_templates
    from .progress_bar import progress_on_terminal

    _check_scale(scale, lang or "da")
    with progress_on_terminal(lang or "da"):
        project = init_project(_fresh_folder(directory), preset=preset, demo_scale=scale, seed=seed)
        lang = lang or project.settings.language
        generate_templates(project, lang)
    _run_and_report(project, lang, None, strict=False)
    click.echo(DEMO_MISTAKES(lang))
    click.echo(DEMO_AT(lang, root=project.root, templates=project.templates_dir,
                       submissions=project.submissions_dir, output=project.output_dir))
