"""The add-in's files: the manifest (Microsoft's validator when it can be reached), the xlwings Lite script under
CPython and in Pyodide, and the clear answer when xlwings' remote interpreter is not available."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from officejs_payload import payload_from_xlsx

from roedtraad.addin.check import basis_from_result
from roedtraad.addin.lite import basis_json, lite_files, lite_wheel
from roedtraad.addin.validate import answer_payload
from roedtraad.cli import main
from roedtraad.scaffold import init_project
from roedtraad.validators.engine import validate_project

NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
# The XSD's sequence for OfficeApp (TaskPaneApp): an element out of order makes Office refuse the manifest.
OFFICEAPP_ORDER = ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
                   "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "DefaultSettings",
                   "Permissions", "VersionOverrides"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return init_project(tmp_path_factory.mktemp("lite") / "kommune", demo_scale=12, seed=3)


@pytest.fixture(scope="module")
def basis(project):
    return basis_from_result(validate_project(project), project.settings)


@pytest.fixture(scope="module")
def payload(project, basis):
    path = next(p for p in project.submission_files() if p.name.startswith("Udvalgsaftale")
                and answer_payload(payload_from_xlsx(p), basis, "da").errors)
    return payload_from_xlsx(path)


def test_manifest_command_writes_a_manifest_with_a_ribbon_button(tmp_path):
    out = tmp_path / "manifest.xml"
    result = CliRunner().invoke(main, ["addin", "manifest", "--url", "https://roedtraad.kommune.dk:8443",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert [child.tag.split("}")[1] for child in root] == OFFICEAPP_ORDER
    assert root.find("o:DefaultSettings/o:SourceLocation", NS).get("DefaultValue") == \
        "https://roedtraad.kommune.dk:8443/addin/taskpane.html"
    assert root.find("o:Hosts/o:Host", NS).get("Name") == "Workbook"
    button = root.find(".//ov:Control[@id='Roedtraad.TaskpaneButton']", NS)
    assert button.find("ov:Action", NS).get("{http://www.w3.org/2001/XMLSchema-instance}type") == "ShowTaskpane"
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iter("{%s}Url" % NS["bt"])}
    assert urls["Roedtraad.Taskpane.Url"].endswith("/addin/taskpane.html")
    again = tmp_path / "again.xml"
    CliRunner().invoke(main, ["addin", "manifest", "--url", "https://roedtraad.kommune.dk:8443", "-o", str(again)])
    assert again.read_text() == out.read_text()  # the same id: an update, not a second add-in


def test_manifest_refuses_plain_http():
    result = CliRunner().invoke(main, ["addin", "manifest", "--url", "http://roedtraad.kommune.dk"])
    assert result.exit_code == 2 and "https" in result.output


def _node_tool(name: str) -> Path | None:
    folder = os.environ.get("ROEDTRAAD_NODE_MODULES")
    tool = Path(folder) / ".bin" / name if folder else None
    return tool if tool and tool.exists() and shutil.which("node") else None


def test_manifest_passes_microsofts_validator(tmp_path):
    """`office-addin-manifest validate` asks Microsoft's validation service; without it there is no verdict.

    No offline schema check beside it: no package CI can install ships the manifest XSDs (searched December
    2026: office-addin-manifest 1.0.0, 1.13.6, 3.0.0 and its @microsoft/app-manifest (Teams JSON schemas
    only), office-addin-manifest-converter, office-addin-validator, office-toolbox, generator-office 1.x-3.x,
    @microsoft/office-js, @microsoft/teamsfx-core, @microsoft/m365agentstoolkit-cli, @pnp/office365-cli,
    eslint-plugin-office-addins on npm; xlwings-server and oaloader on PyPI). Microsoft publishes them in
    the [MS-OWEMXML] specification; the docs repository's copies were removed in 2020 as out of date and do
    not load in libxml2 as they were (an https XMLSchema namespace, a lazy quantifier, a missing import).
    Checked by hand against those copies (repaired in a scratch folder, not kept): the manifest validated,
    and a wrong element order or a missing DefaultSettings was refused.
    """
    tool = _node_tool("office-addin-manifest")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("CI: .ci/run must install office-addin-manifest (ROEDTRAAD_NODE_MODULES)")
        pytest.skip("office-addin-manifest is not installed (see .ci/run)")
    out = tmp_path / "manifest.xml"
    CliRunner().invoke(main, ["addin", "manifest", "--url", "https://roedtraad.kommune.dk:8443", "-o", str(out)])
    proc = subprocess.run([str(tool), "validate", str(out)], capture_output=True, text=True, timeout=180)
    if "Unable to contact the manifest validation service" in proc.stdout + proc.stderr:
        pytest.skip("Microsoft's manifest validation service cannot be reached from here")
    assert proc.returncode == 0 and "The manifest is valid" in proc.stdout, proc.stdout + proc.stderr


def test_lite_script_runs_under_cpython_like_the_endpoint(project, basis, payload, tmp_path):
    """main.py as xlwings Lite would run it: its @script function on the Book of the same payload."""
    result = CliRunner().invoke(main, ["addin", "lite", "-p", str(project.root), "-o", str(tmp_path / "lite"),
                                       "--url", "https://roedtraad.kommune.dk:8443"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lite" / "requirements.txt").read_text().splitlines() == [
        "pydantic>=2.5", "tzdata",
        "roedtraad @ https://roedtraad.kommune.dk:8443/addin/lite/roedtraad-0.1.0-py3-none-any.whl"]
    import xlwings as xw
    namespace: dict = {}
    exec(compile((tmp_path / "lite" / "main.py").read_text(encoding="utf-8"), "main.py", "exec"), namespace)
    book = xw.Book(json=copy.deepcopy(payload))
    namespace["valider"](book)
    expected = answer_payload(copy.deepcopy(payload), basis, "da")
    assert book.json()["actions"] == expected.actions
    assert any(a["func"] == "setRangeColor" for a in expected.actions)


def test_lite_script_is_self_contained_text():
    files = lite_files(_tiny_basis(), "sv")
    assert set(files) == {"main.py", "requirements.txt"}
    compile(files["main.py"], "main.py", "exec")
    assert "Valideringsfynd" in files["main.py"]


def _tiny_basis():
    from factories import settings

    from roedtraad.addin.check import Basis
    return Basis(settings(), None, ())


def test_lite_path_runs_in_pyodide(basis, payload, tmp_path):
    """The validation core in WebAssembly (Pyodide under Node), with pydantic's Pyodide wheels from PyPI."""
    folder, wheels = os.environ.get("ROEDTRAAD_NODE_MODULES"), os.environ.get("ROEDTRAAD_PYODIDE_WHEELS")
    runtime = Path(folder) / "pyodide" if folder else None
    if not (runtime and (runtime / "pyodide.mjs").exists() and wheels and shutil.which("node")):
        if os.environ.get("CI"):
            pytest.fail("CI: .ci/run must install pyodide (npm) and its wheels (ROEDTRAAD_PYODIDE_WHEELS)")
        pytest.skip("no Pyodide runtime (see .ci/run)")
    wheel_dir = tmp_path / "wheels"
    shutil.copytree(wheels, wheel_dir)
    (wheel_dir / "roedtraad-0.1.0-py3-none-any.whl").write_bytes(lite_wheel())
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    (tmp_path / "basis.json").write_text(basis_json(basis), encoding="utf-8")
    script = Path(__file__).with_name("pyodide") / "check.mjs"
    proc = subprocess.run(["node", str(script), str(runtime), str(wheel_dir), str(tmp_path / "payload.json"),
                           str(tmp_path / "basis.json")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    expected = answer_payload(copy.deepcopy(payload), basis, "da")
    assert out["platform"] == "emscripten"
    assert out["findings"] == sorted([f.code, f.sheet, f.cell] for f in expected.findings)


def test_without_a_licence_the_endpoint_says_so_and_the_rest_works(tmp_path, payload):
    """A refused key: the add-in answers 503 with the reason; validation from the command line is unaffected."""
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    script = f"""
import json
from fastapi import FastAPI
from fastapi.testclient import TestClient
from roedtraad.addin.router import addin_router
app = FastAPI()
app.include_router(addin_router(basis=lambda request: None, require_actor=lambda: "someone"))
client = TestClient(app)
answer = client.post("/addin/validate?lang=en", json=json.load(open({str(tmp_path / "payload.json")!r})))
page = client.get("/addin/taskpane.html")
print(json.dumps([answer.status_code, answer.json()["detail"], page.status_code]))
"""
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "not-a-key"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    status, detail, page = json.loads(proc.stdout.strip().splitlines()[-1])
    assert status == 503 and "licence key was refused" in detail and page == 200
    # Without xlwings at all: the same clear answer, naming the missing package.
    absent = "import sys\nsys.modules['xlwings'] = None\n" + script
    proc = subprocess.run([sys.executable, "-c", absent], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    status, detail, page = json.loads(proc.stdout.strip().splitlines()[-1])
    assert status == 503 and "needs xlwings, which is not installed" in detail and page == 200
