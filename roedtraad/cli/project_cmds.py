"""Project commands: init, templates, demo and run."""
from __future__ import annotations

from pathlib import Path

import click

from ..config import preset_names
from ..i18n import Text
from ..project import Project
from . import main
from .common import config_errors_exit_2, lang_option, open_project, project_option

CREATED = Text("Projekt oprettet i {root}", "Projekt skapat i {root}", "Project created in {root}")
TEMPLATES_WRITTEN = Text("{count} skabeloner skrevet i {folder}", "{count} mallar skrivna i {folder}",
                         "{count} templates written to {folder}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--preset", type=click.Choice(preset_names()), default="dk-aftalestyring", show_default=True)
@click.option("--municipality", default="Eksempel Kommune", show_default=True, help="The municipality's name.")
@click.option("--demo", is_flag=True, help="Fill the project with the demo municipality and its submissions.")
@click.option("--scale", type=int, default=40, show_default=True, help="Demo: number of institutions.")
@click.option("--seed", type=int, default=1, show_default=True, help="Demo: random seed (deterministic).")
@config_errors_exit_2
def init(directory: Path, preset: str, municipality: str, demo: bool, scale: int, seed: int) -> None:
    """Create a project folder with roedtraad.toml and an empty foundation workbook.

    Example: roedtraad init kommune --demo
    """
    from ..project import init_project

    project = init_project(directory, preset=preset, municipality=municipality,
                           demo_scale=scale if demo else None, seed=seed)
    click.echo(CREATED(project.settings.language, root=project.root))


@main.command()
@project_option
@lang_option
@config_errors_exit_2
def templates(project_dir: Path, lang: str | None) -> None:
    """Generate one pre-filled template per party from the foundation workbook.

    Example: roedtraad templates -p kommune
    """
    from ..workbook_templates.templates import generate_templates

    project = open_project(project_dir)
    written = generate_templates(project, lang)
    click.echo(TEMPLATES_WRITTEN(lang or project.settings.language, count=len(written), folder=project.templates_dir))
