from click.testing import CliRunner
from factories import foundation, settings

from roedtraad.cli import main
from roedtraad.project import Project
from roedtraad.workbook_templates.generate import write_foundation
from roedtraad.workbook_templates.read import read_submission


def test_init_then_templates_writes_one_template_per_party(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(tmp_path / "kommune")])
    assert result.exit_code == 0, result.output
    assert result.output == f"Projekt oprettet i {tmp_path / 'kommune'}\n"
    project = Project.open(tmp_path / "kommune")
    write_foundation(project.foundation_path, project.settings, foundation())
    result = runner.invoke(main, ["templates", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in project.templates_dir.iterdir())
    assert names == ["KUA_SKO_SKO-ALL.xlsx", "KUA_SKO_SKO-BAK.xlsx", "Projektregister_BUU_SKO.xlsx",
                     "Styringsgrundlag.xlsx", "Udvalgsaftale_BUU_SKO.xlsx"]
    assert result.output == f"5 skabeloner skrevet i {project.templates_dir}\n"
    template, findings = read_submission(project.templates_dir / "KUA_SKO_SKO-BAK.xlsx", settings())
    assert findings == []
    assert template.header.institutions == ["SKO-BAK"] and template.header.head == "Anne Hansen"


def test_init_refuses_an_existing_project(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "findes allerede" in result.output


def test_missing_project_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["templates", "-p", str(tmp_path)])
    assert result.exit_code == 2 and "roedtraad init" in result.output
