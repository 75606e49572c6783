"""A throw-away PostgreSQL cluster of the test's own, which the test may stop and start (as .ci/run makes one).

`initdb` as the `postgres` user in a temporary folder, a free port, trust authentication on 127.0.0.1 only.
Without PostgreSQL's binaries or the postgres user the test is skipped with the reason printed; in CI
(`CI` set), where .ci/run installs PostgreSQL, that is a failure instead.
"""
from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One cluster: `url` names its database `roedtraad`; `stop()` kills it at once, `start()` brings it back."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="roedtraad-pgfault-"))
        shutil.chown(self.dir, "postgres")
        self.data, self.port = self.dir / "data", _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/roedtraad"
        self._as_postgres(f"{self.bin}/initdb -D {self.data} -A trust -U postgres")
        self.start()
        self._as_postgres(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} roedtraad")

    def _as_postgres(self, command: str) -> None:
        if os.geteuid() == pwd.getpwnam("postgres").pw_uid:
            subprocess.run(command, shell=True, check=True, capture_output=True, timeout=120)
        else:
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True, capture_output=True,
                           timeout=120)

    def start(self) -> None:
        options = shlex.quote(f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1")
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.data} -o {options} -l {self.dir}/log -w start")

    def stop(self) -> None:
        """As a crashed or unplugged server: no clean shutdown, every connection cut."""
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.data} -m immediate -w stop")

    def close(self) -> None:
        try:
            self._as_postgres(f"{self.bin}/pg_ctl -D {self.data} -m immediate stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


def own_cluster() -> Cluster:
    """Start a cluster for this test, or skip (fail in CI) with the reason."""
    bin_dir = _bin_dir()
    try:
        pwd.getpwnam("postgres")
        has_user = True
    except KeyError:
        has_user = False
    reason = ("PostgreSQL's initdb is not installed" if bin_dir is None else
              "there is no postgres user to run the cluster as" if not has_user else
              "only root can start a cluster as the postgres user" if os.geteuid() != 0 and
              os.geteuid() != pwd.getpwnam("postgres").pw_uid else None)
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} in CI: .ci/run installs PostgreSQL and runs as root")
        print(f"\nPostgreSQL fault test skipped: {reason}")
        pytest.skip(reason)
    return Cluster(bin_dir)
