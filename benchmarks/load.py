"""Load test of the web service on 127.0.0.1: uploads and status requests from concurrent clients.

    .venv/bin/python benchmarks/load.py [--uploads 40] [--status 200] [--concurrency 8] [--output FILE]

Builds the demo municipality in a temporary folder, serves it with uvicorn the way
production does (`--factory roedtraad.service:app_from_env`, on a socket bound to
a free port), gives every department a token, then sends a fixed number of
uploads (each department's own committee agreement, changed in one cell so each
is a new version) and of `GET /api/status` requests from `--concurrency` threads.
It reports throughput and p50/p99 latency per kind (JSON, default
`benchmarks/results/load-<date>.json`), and checks afterwards that every accepted
upload is in the ledger and its bytes in the archive.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import httpx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def department_files(project: Path) -> dict[str, Path]:
    """Department id -> its committee agreement in the demo (Udvalgsaftale_<committee>_<department>.xlsx)."""
    return {p.stem.split("_")[-1]: p for p in sorted((project / "indsendelser").rglob("Udvalgsaftale_*_*.xlsx"))}


def new_version(data: bytes, n: int) -> bytes:
    """The same agreement with one cell outside its tables changed: a new version, as valid as before."""
    from roedtraad.sync.xlsx_patch import patch_sheet_cells

    return patch_sheet_cells(data, "Mål", {"Z1": f"belastningstest {n}"}) or data


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_load(base_url: str, tokens: dict[str, str], files: dict[str, Path], *, uploads: int, status: int,
             concurrency: int, status_token: str) -> dict:
    """Send the requests; return the figures and every upload's answer."""
    originals = {party: path.read_bytes() for party, path in files.items()}
    parties = sorted(tokens)
    jobs = [("upload", n) for n in range(uploads)] + [("status", n) for n in range(status)]
    jobs.sort(key=lambda job: (job[1] * (1 if job[0] == "upload" else uploads / max(status, 1)), job[0]))
    clients = {token: httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=120)
               for token in [*tokens.values(), status_token]}

    def one(job: tuple[str, int]) -> tuple[str, float, int, dict | None]:
        kind, n = job
        started = time.perf_counter()
        if kind == "upload":
            party = parties[n % len(parties)]
            data = new_version(originals[party], n)
            answer = clients[tokens[party]].post("/api/submissions", files={"file": (f"{party}.xlsx", data, XLSX)})
            body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else None
            return kind, time.perf_counter() - started, answer.status_code, {
                "party": party, "sha256": hashlib.sha256(data).hexdigest(), "body": body}
        answer = clients[status_token].get("/api/status")
        return kind, time.perf_counter() - started, answer.status_code, None

    wall = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        done = list(pool.map(one, jobs))
    wall = time.perf_counter() - wall
    for client in clients.values():
        client.close()
    figures: dict = {"concurrency": concurrency, "seconds": round(wall, 3)}
    for kind in ("upload", "status"):
        rows = [d for d in done if d[0] == kind]
        latencies = [d[1] for d in rows]
        codes: dict[str, int] = {}
        for row in rows:
            codes[str(row[2])] = codes.get(str(row[2]), 0) + 1
        figures[kind] = {"requests": len(rows), "codes": codes,
                         "per_second": round(len(rows) / wall, 2) if wall else 0.0,
                         "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
                         "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
                         "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0}
    figures["answers"] = [d[3] | {"code": d[2]} for d in done if d[0] == "upload"]
    return figures


def check_recorded(project: Path, answers: list[dict], db_url: str | None = None) -> list[str]:
    """Problems: an accepted upload missing from the ledger, or its bytes missing from the archive."""
    from sqlalchemy import select

    from roedtraad.project import Project
    from roedtraad.sync import archive
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.ledger_schema import versions

    opened = Project.open(project)
    ledger = open_ledger(opened, db_url)
    with ledger.begin() as conn:
        recorded = {row.sha256 for row in conn.execute(select(versions.c.sha256))}
    problems = []
    for answer in answers:
        if answer["code"] not in (201, 202):
            continue
        if answer["sha256"] not in recorded:
            problems.append(f"upload {answer['sha256'][:12]} of {answer['party']} is not in the ledger")
        if not archive.archive_path((project / opened.settings.paths.archive).resolve(), answer["sha256"]).is_file():
            problems.append(f"upload {answer['sha256'][:12]} of {answer['party']} is not in the archive")
    return problems


def _serve(project: Path) -> tuple[subprocess.Popen, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    env = {**os.environ, "ROEDTRAAD_PROJECT": str(project), "XLWINGS_LICENSE_KEY": "noncommercial"}
    env.pop("ROEDTRAAD_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "roedtraad.service:app_from_env",
                                "--fd", str(sock.fileno()), "--log-level", "warning"], env=env,
                               pass_fds=(sock.fileno(),), cwd=project)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the service did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=40)
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    from roedtraad.project import Project
    from roedtraad.scaffold import init_project
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project
    from roedtraad.sync.tokens import add_token

    with tempfile.TemporaryDirectory(prefix="roedtraad-load-") as folder:
        project = init_project(Path(folder) / "kommune", demo_scale=12, seed=1).root
        ledger = open_ledger(Project.open(project))
        sync_project(Project.open(project), ledger, settle=0)
        files = department_files(project)
        tokens = {party: add_token(ledger, party=party) for party in files}
        finance = add_token(ledger, finance="Belastningstest")
        process, url = _serve(project)
        try:
            figures = run_load(url, tokens, files, uploads=args.uploads, status=args.status,
                               concurrency=args.concurrency, status_token=finance)
        finally:
            process.terminate()
            process.wait(timeout=30)
        problems = check_recorded(project, figures.pop("answers"))
    figures["problems"] = problems
    figures["when"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    output = args.output or Path(__file__).parent / "results" / f"load-{datetime.now():%Y-%m-%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    for kind in ("upload", "status"):
        f = figures[kind]
        print(f"{kind:7} {f['requests']:5} requests  {f['per_second']:7.2f}/s  p50 {f['p50_ms']:8.1f} ms  "
              f"p99 {f['p99_ms']:8.1f} ms  codes {f['codes']}")
    print(f"wrote {output}; {'every accepted upload recorded' if not problems else problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
