"""click's own parse errors ("No such option", "Missing argument", ...) follow the user's language:
--lang, else the project's, else Danish; exit status 2 as before."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.scaffold import init_project


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), prog_name="roedtraad")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()


@pytest.mark.parametrize("args, last", [
    (["validate", "--x"], "Fejl: ukendt tilvalg --x"),
    (["validate", "--formt", "json"], "Fejl: ukendt tilvalg --formt. Mente du --format?"),
    (["nosuch"], "Fejl: ukendt kommando nosuch"),
    (["--bogus"], "Fejl: ukendt tilvalg --bogus"),
    (["token", "revoke"], "Fejl: argumentet 'TOKEN_ID' mangler"),
    (["addin", "manifest"], "Fejl: tilvalget '--url' mangler"),
    (["validate", "--format", "pdf"], "Fejl: ugyldig værdi for '--format': vælg en af text, json, junit, html, xlsx"),
    (["serve", "--workers", "0"], "Fejl: ugyldig værdi for '--workers': skal være et helt tal fra 1 til 64"),
    (["serve", "--port", "abc"], "Fejl: ugyldig værdi for '--port': skal være et helt tal"),
    (["status", "extra", "more"], "Fejl: uventede ekstra argumenter: extra more"),
    (["validate", "--strict=yes"], "Fejl: tilvalget --strict tager ingen værdi"),
    (["validate", "--lang"], "Fejl: tilvalget --lang skal have en værdi"),
])
def test_usage_errors_are_danish_by_default(args, last):
    assert _run(*args)[-1] == last


def test_the_usage_line_and_the_help_hint_too():
    lines = _run("validate", "--x")
    assert lines[:2] == ["Brug: roedtraad validate [OPTIONS] [PATHS]...",
                         "Se 'roedtraad validate --help' for hjælp."]
    assert _run("token", "revoke")[0] == "Brug: roedtraad token revoke [OPTIONS] TOKEN_ID"


def test_lang_chooses_the_language_wherever_it_stands():
    assert _run("validate", "--lang", "sv", "--x")[-1] == "Fel: okänt alternativ --x"
    assert _run("validate", "--x", "--lang=en")[-3:] == ["Try 'roedtraad validate --help' for help.", "",
                                                         "Error: no such option --x"]
    assert _run("validate", "--lang", "sv", "--format", "pdf")[-1] == \
        "Fel: ogiltigt värde för '--format': välj ett av text, json, junit, html, xlsx"


def test_a_swedish_project_gets_swedish(tmp_path):
    root = tmp_path / "kommun"
    init_project(root, preset="se-styrsystem")
    assert _run("status", "-p", str(root), "--format", "xml")[-1] == \
        "Fel: ogiltigt värde för '--format': välj ett av text, json"
    assert _run("validate", "--x", "-p", str(root), "--lang", "da")[-1] == "Fejl: ukendt tilvalg --x"


def test_help_and_a_group_without_its_command_still_show_help():
    result = CliRunner().invoke(main, ["token"])
    assert "token add" in result.output or "add" in result.output
    assert "Traceback" not in result.output
    assert CliRunner().invoke(main, ["validate", "--help"]).exit_code == 0
