"""`roedtraad addin manifest` and `roedtraad addin lite`: the Excel add-in's files."""
from __future__ import annotations

from pathlib import Path

import click

from ..files import write_atomically
from . import main
from .common import UsageProblem, config_errors_exit_2, lang_option, open_project, project_option


@main.group()
def addin() -> None:
    """The Excel add-in: its manifest for sideloading or central deployment, and an xlwings Lite script."""


@addin.command()
@click.option("--url", required=True, metavar="https://HOST:PORT",
              help="Where `roedtraad serve` answers, as Excel will reach it (https only).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("roedtraad-manifest.xml"), show_default=True, help="The manifest file to write.")
def manifest(url: str, output: Path) -> None:
    """Write the add-in's XML manifest, with a ribbon button that opens the task pane.

    Example: roedtraad addin manifest --url https://roedtraad.kommune.dk:8443
    """
    from ..addin.manifest import ManifestError, manifest_xml
    try:
        xml = manifest_xml(url)
    except ManifestError as exc:
        raise UsageProblem(str(exc)) from exc
    write_atomically(output, xml)
    click.echo(f"{output}")


@addin.command()
@project_option
@click.option("--url", metavar="https://HOST:PORT",
              help="The service to install roedtraad from in xlwings Lite (else the wheel beside main.py).")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("xlwings-lite"),
              show_default=True, help="Folder for main.py, requirements.txt and the roedtraad wheel.")
@lang_option
@config_errors_exit_2
def lite(project_dir: Path, url: str | None, output: Path, lang: str | None) -> None:
    """Write main.py and requirements.txt for xlwings Lite: validation inside Excel, no server.

    The script carries the foundation and the other agreements as they are now;
    write it again when they change.

    Example: roedtraad addin lite -p kommune --url https://roedtraad.kommune.dk:8443
    """
    from ..addin.check import basis_from_result
    from ..addin.lite import write_lite
    from ..validators.engine import validate_project
    project = open_project(project_dir)
    result = validate_project(project)
    for path in write_lite(output, basis_from_result(result, project.settings), lang or project.settings.language,
                           url):
        click.echo(f"{path}")
