"""Fixtures for the service: a real uvicorn on 127.0.0.1 over a socket, httpx clients, headless Chromium.

The server runs in its own process, started the way production starts it
(`uvicorn --factory roedtraad.service:app_from_env`), on a socket this
process binds to port 0 and hands over (`--fd`), so parallel test runs never
race for a port. The add-in's and the docs' tests reuse these fixtures:

    def test_something(live_server, party_token):
        with live_server.client(party_token("SKO")) as http:
            assert http.get("/api/status").status_code == 200

Screenshots go to $ROEDTRAAD_ARTEFACTS (else a temporary folder), kept after the run.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTUP_SECONDS = 60


@dataclass
class LiveServer:
    url: str
    project: Path
    process: subprocess.Popen
    log: Path
    db_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    def client(self, token: str | None = None, **kwargs) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kwargs)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@contextmanager
def run_server(project: Path, *, db_url: str | None = None, workers: int = 1,
               extra_env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """A uvicorn process serving `project` until the block ends."""
    sock = _listening_socket()
    port = sock.getsockname()[1]
    log = project.parent / f"uvicorn-{port}.log"
    env = {**os.environ, "ROEDTRAAD_PROJECT": str(project), "XLWINGS_LICENSE_KEY": "noncommercial",
           **(extra_env or {})}
    env.pop("ROEDTRAAD_DB", None)
    if db_url:
        env["ROEDTRAAD_DB"] = db_url
    command = [sys.executable, "-m", "uvicorn", "--factory", "roedtraad.service:app_from_env",
               "--fd", str(sock.fileno()), "--workers", str(workers), "--log-level", "warning"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   pass_fds=(sock.fileno(),), cwd=project)
    sock.close()  # the server holds its own copy
    server = LiveServer(f"http://127.0.0.1:{port}", project, process, log, db_url, env)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {server.process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"uvicorn did not answer within {STARTUP_SECONDS} s:\n{server.output()}")


# --- the demo municipality, copied fresh for each test that changes it ----------------------------------------------

@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo municipality (small scale) with its templates, built once per test session."""
    from roedtraad.scaffold import init_project
    from roedtraad.workbook_templates.templates import generate_templates

    project = init_project(tmp_path_factory.mktemp("demo-template") / "kommune", demo_scale=12, seed=1)
    generate_templates(project)
    return project.root


@pytest.fixture
def demo_project(demo_template, tmp_path) -> Path:
    target = tmp_path / "kommune"
    shutil.copytree(demo_template, target, copy_function=shutil.copy2)  # keep the files' times: deadlines
    return target


def add_token(project: Path, *, party: str | None = None, finance: str | None = None, db_url: str | None = None) -> str:
    from roedtraad.project import Project
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.tokens import add_token as add

    return add(open_ledger(Project.open(project), db_url), party=party, finance=finance)


@pytest.fixture
def live_server(demo_project) -> Iterator[LiveServer]:
    """uvicorn serving a fresh copy of the demo municipality on a free port (SQLite ledger)."""
    with run_server(demo_project) as server:
        yield server


@pytest.fixture
def finance_token(live_server) -> str:
    return add_token(live_server.project, finance="Økonomi Test", db_url=live_server.db_url)


@pytest.fixture
def party_token(live_server):
    def make(party: str) -> str:
        return add_token(live_server.project, party=party, db_url=live_server.db_url)

    return make


# --- the browser ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    """Where screenshots are kept: $ROEDTRAAD_ARTEFACTS, else a temporary folder."""
    folder = os.environ.get("ROEDTRAAD_ARTEFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("artefacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install chromium")
        pytest.skip("chromium is not installed")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
