"""Shared fixtures.

LibreOffice is a real dependency of the "opens without repair" checks. Locally a
missing soffice skips those tests; in CI (CI=true) .ci/run installs it, so a
missing soffice there is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing in CI: .ci/run must install LibreOffice")
        pytest.skip("LibreOffice (soffice) not installed")
    return exe


@pytest.fixture
def convert_with_soffice(soffice, tmp_path):
    """Convert a workbook with LibreOffice headless; return the output path.

    Fails the test when LibreOffice cannot open the file.
    """

    def convert(path: Path, to: str = "csv") -> Path:
        outdir = tmp_path / f"soffice-{to.split(':')[0]}-{path.stem}"
        outdir.mkdir(exist_ok=True)
        profile = tmp_path / "soffice-profile"
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", to, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=180,
        )
        produced = list(outdir.iterdir())
        assert proc.returncode == 0 and produced, (
            f"LibreOffice could not convert {path}: {proc.stdout} {proc.stderr}")
        return produced[0]

    return convert


# The service's fixtures (a real uvicorn, tokens, headless Chromium) live in webfixtures.py for reuse.
from webfixtures import (artefacts, browser_page, chromium, demo_project, demo_template,  # noqa: E402,F401
                         finance_token, live_server, party_token)
