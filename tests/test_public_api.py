import subprocess
import sys

import roedtraad


def test_every_exported_name_resolves():
    for name in roedtraad.__all__:
        assert getattr(roedtraad, name) is not None


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "roedtraad", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for command in ("init", "templates", "validate", "consolidate", "run", "demo"):
        assert f"  {command} " in proc.stdout
