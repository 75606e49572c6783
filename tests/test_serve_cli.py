"""`roedtraad serve`: the command starts uvicorn on the address asked for, over the project given."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from roedtraad.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_has_help_with_its_options():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--project", "--db", "--max-upload-mb"):
        assert option in result.output


def test_serve_refuses_a_folder_without_a_project(tmp_path):
    result = CliRunner().invoke(main, ["serve", "-p", str(tmp_path)])
    assert result.exit_code == 2 and "roedtraad init" in result.output


def test_serve_answers_on_localhost_and_sends_a_browser_to_the_login(demo_project):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("ROEDTRAAD_DB", "XLWINGS_LICENSE_KEY")}
    process = subprocess.Popen([sys.executable, "-m", "roedtraad", "serve", "-p", str(demo_project), "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "roedtraad serve did not come up"
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        page = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "http://127.0.0.1:" in process.stdout.read().decode()
