"""roedtraad benchmark: validate and consolidate against the python-calamine floor and a pandas baseline.

    .venv/bin/python benchmarks/run.py [--quick] [--scales 100,1000,10000] [--output FILE]

For each scale (number of submissions) a demo project is generated once into
benchmarks/.cache/ (keyed by scale, seed and a hash of the generator's source),
then each measurement runs in a fresh subprocess so that its peak memory is its
own:

  floor        python-calamine alone: every sheet of every file to Python values,
               spread over the same number of worker processes roedtraad uses
  write_floor  the floor plus the file work that a sync with write-back cannot leave
               out: each file read whole and hashed, copied into an archive, and a
               rewritten copy (here the same bytes) written beside it and renamed over
               it; no parsing, patching, validation, ledger, master or flush to disk of
               our own, so a lower bound of any full sync (on a fresh copy)
  pandas       pandas.read_excel(p, sheet_name=None, engine="openpyxl") for every
               file, one process (what a user would write by hand); above
               --pandas-sample files it runs on a deterministic sample and is
               extrapolated linearly (flagged in the output)
  validate     roedtraad.validators.engine.validate_project(project)
  consolidate  roedtraad.sync.consolidate.consolidate(..., write_back=True), on a
               fresh copy of the project each time so write-back really writes
  sync         roedtraad.sync.run.sync_project on a fresh copy with a fresh ledger, three
               times in one process: the full first sync (with write-back and the
               master), a no-op sync, and a sync after one submission was edited (as in
               watch mode or the service, which keep the last run's records), then one
               more edit synced as a new process would (records decoded from the ledger);
               `seconds` is the full sync, the others are reported as ratios of it

Peak memory is the largest sum of proportional set size (PSS: resident memory,
pages shared between a process and its forked workers split among them) of the
measurement's process and all its workers, sampled every 50 ms from /proc; the
plain RSS sum (counting shared pages in every process) and the largest single
process (ru_maxrss) are recorded as well. Timings exclude interpreter start-up and imports; the page
cache is warm (every file is read once before the first measurement).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
SEED = 7
HARNESS_VERSION = "1"  # bump when the cached projects must be regenerated for a harness reason
sys.path.insert(0, str(REPO))


# --- the measurements, each run in a fresh child process ----------------------------------------------------------


def _calamine_file(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            cells += len(row)
    return cells


def _chunks(items: list, n: int) -> list[list]:
    size = max(1, -(-len(items) // (n * 4)))  # about four chunks per worker
    return [items[i:i + size] for i in range(0, len(items), size)]


def _calamine_chunk(paths: list[str]) -> int:
    return sum(_calamine_file(p) for p in paths)


def _project_files(project_dir: Path) -> list[Path]:
    from roedtraad.project import Project

    project = Project.open(project_dir)
    files = project.submission_files()
    if project.foundation_path.exists():
        files = [project.foundation_path, *files]
    return files


def child_floor(project_dir: Path, workers: int, **_: object) -> dict:
    files = [str(p) for p in _project_files(project_dir)]
    start = time.perf_counter()
    if workers <= 1:
        cells = _calamine_chunk(files)
    else:
        with ProcessPoolExecutor(workers) as pool:
            cells = sum(pool.map(_calamine_chunk, _chunks(files, workers)))
    return {"seconds": time.perf_counter() - start, "files": len(files), "cells": cells}


def _write_floor_chunk(job: tuple[list[str], str]) -> int:
    paths, archive = job
    cells = 0
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        digest = hashlib.sha256(data).hexdigest()
        folder = Path(archive) / digest[:2]
        folder.mkdir(exist_ok=True)
        (folder / f"{digest}.tmp").write_bytes(data)
        os.replace(folder / f"{digest}.tmp", folder / digest)
        cells += _calamine_file(path)
        staged = f"{path}.{os.getpid()}.tmp"
        with open(staged, "wb") as fh:
            fh.write(data)
        os.replace(staged, path)
    return cells


def child_write_floor(project_dir: Path, workers: int, **_: object) -> dict:
    files = [str(p) for p in _project_files(project_dir)]
    archive = project_dir / "arkiv-floor"
    archive.mkdir()
    start = time.perf_counter()
    jobs = [(chunk, str(archive)) for chunk in _chunks(files, max(1, workers))]
    if workers <= 1:
        cells = sum(map(_write_floor_chunk, jobs))
    else:
        with ProcessPoolExecutor(workers) as pool:
            cells = sum(pool.map(_write_floor_chunk, jobs))
    return {"seconds": time.perf_counter() - start, "files": len(files), "cells": cells}


def child_pandas(project_dir: Path, sample: int, **_: object) -> dict:
    import pandas as pd

    files = _project_files(project_dir)
    step = max(1, -(-len(files) // sample)) if sample else 1
    chosen = files[::step]
    start = time.perf_counter()
    rows = 0
    for path in chosen:
        for frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").values():
            rows += len(frame)
    seconds = time.perf_counter() - start
    return {"seconds": seconds * len(files) / len(chosen), "measured_seconds": seconds, "files": len(files),
            "measured_files": len(chosen), "extrapolated": len(chosen) < len(files), "rows": rows}


def child_validate(project_dir: Path, **_: object) -> dict:
    from roedtraad.project import Project
    from roedtraad.validators.engine import validate_project

    start = time.perf_counter()
    project = Project.open(project_dir)
    result = validate_project(project)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **_summary(result)}


def child_consolidate(project_dir: Path, **_: object) -> dict:
    from roedtraad.project import Project
    from roedtraad.sync.consolidate import consolidate

    before = _digests(project_dir)
    start = time.perf_counter()
    project = Project.open(project_dir)
    result = consolidate(project, project.settings.language, write_back=True)
    seconds = time.perf_counter() - start
    after = _digests(project_dir)
    changed = sum(1 for p, d in before.items() if after.get(p) != d)
    master = [p for p in after if p.startswith(project.settings.paths.output + "/") and p.endswith(".xlsx")]
    master_bytes = sum((project_dir / p).stat().st_size for p in master)
    return {"seconds": seconds, "files_written_back": changed, "master_files": master, "master_bytes": master_bytes,
            **_summary(result)}


def child_sync(project_dir: Path, **_: object) -> dict:
    from roedtraad.project import Project
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project
    from roedtraad.sync.xlsx_patch import patch_sheet_cells

    (project_dir / "ledger.sqlite").unlink(missing_ok=True)  # a fresh ledger: everything is new
    start = time.perf_counter()
    project = Project.open(project_dir)
    ledger = open_ledger(project)
    full = sync_project(project, ledger)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    noop = sync_project(project, ledger)
    noop_seconds = time.perf_counter() - start
    edited = sorted((project_dir / project.settings.paths.submissions).rglob("*.xlsx"))[len(full.new) // 2]
    stamp = edited.stat().st_mtime + 60
    edited.write_bytes(patch_sheet_cells(edited.read_bytes(), "Mål", {"B4": "Et omformuleret mål"}))
    os.utime(edited, (stamp, stamp))
    start = time.perf_counter()
    one = sync_project(project, ledger)
    one_seconds = time.perf_counter() - start
    # The same in a new process (a `roedtraad sync` from cron or by hand): no records kept from the
    # last run, each is decoded from the ledger's cache, and no master rows kept. Another file, so
    # that this one is new too.
    from roedtraad.sync import sheet_writer, store
    store.memo.replace("", {})
    sheet_writer._last_rows.clear()
    sheet_writer._last_blocks.clear()
    other = sorted((project_dir / project.settings.paths.submissions).rglob("*.xlsx"))[len(full.new) // 3]
    stamp = other.stat().st_mtime + 60
    other.write_bytes(patch_sheet_cells(other.read_bytes(), "Mål", {"B4": "Et andet omformuleret mål"}))
    os.utime(other, (stamp, stamp))
    start = time.perf_counter()
    cold = sync_project(project, ledger)
    cold_seconds = time.perf_counter() - start
    return {"seconds": seconds, "new": len(full.new), "written_back": len(full.written_back),
            "noop_seconds": round(noop_seconds, 3), "noop_ratio": round(noop_seconds / seconds, 4),
            "noop_was_noop": noop.noop, "one_changed_seconds": round(one_seconds, 3),
            "one_changed_ratio": round(one_seconds / seconds, 4), "one_changed": one.changed,
            "one_written_back": len(one.written_back), "one_changed_cold_seconds": round(cold_seconds, 3),
            "one_changed_cold_ratio": round(cold_seconds / seconds, 4), "cold_changed": cold.changed,
            "findings": full.errors + full.warnings + full.infos}


def _summary(result: object) -> dict:
    """A few counts that show the run did real work (whatever the result object looks like)."""
    out: dict = {}
    for name in ("findings", "submissions"):
        value = getattr(result, name, None)
        if value is None and isinstance(result, dict):
            value = result.get(name)
        if value is not None:
            try:
                out[name] = len(value)
            except TypeError:
                pass
    validation = getattr(result, "validation", None) or getattr(result, "result", None)
    if validation is not None and "findings" not in out:
        out.update(_summary(validation))
    return out


def _digests(root: Path) -> dict[str, str]:
    out = {}
    for path in root.rglob("*.xlsx"):
        if path.is_file():
            out[path.relative_to(root).as_posix()] = f"{path.stat().st_size}:{path.stat().st_mtime_ns}"
    return out


CHILDREN = {"floor": child_floor, "write_floor": child_write_floor, "pandas": child_pandas,
            "validate": child_validate, "consolidate": child_consolidate, "sync": child_sync}


def child_main(args: argparse.Namespace) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = CHILDREN[args.child](Path(args.project), workers=args.workers, sample=args.pandas_sample)
    after, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the measurement itself (main process, less its imports) and of its worker processes.
    result["cpu_main_seconds"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)
    result["cpu_workers_seconds"] = round(children.ru_utime + children.ru_stime, 3)
    result["rss_self_mib"] = _maxrss_mib(resource.RUSAGE_SELF)
    result["rss_largest_worker_mib"] = _maxrss_mib(resource.RUSAGE_CHILDREN)
    print("RESULT " + json.dumps(result, default=str), flush=True)


def _maxrss_mib(who: int) -> float:
    kib = resource.getrusage(who).ru_maxrss  # KiB on Linux
    return round(kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024, 1)


# --- the parent: a memory sampler and the subprocess runner --------------------------------------------------------


def _descendants(root: int) -> list[int]:
    """The process and all its descendants, from /proc (just the process where /proc is missing)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return [root]
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB. PSS splits pages shared with forked workers among them,
    so the sum over the tree is the memory really in use; (0, 0) when unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            pss = rss = 0
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
            return pss, rss
    except (OSError, ValueError):
        return 0, 0


def _cpu_ticks(pid: int) -> int | None:
    """User + system CPU of one process in clock ticks, from /proc; None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        fields = stat[stat.rfind(b")") + 2:].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


class Sampler(threading.Thread):
    """Samples the summed PSS and RSS of a process tree every `interval` seconds; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss_kib = self.peak_rss_kib = 0
        self.cpu_ticks: dict[int, int] = {}  # per process of the tree: its CPU when last seen
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pss = rss = 0
            for pid in _descendants(self.pid):
                p, r = _memory_kib(pid)
                pss, rss = pss + p, rss + r
                ticks = _cpu_ticks(pid)
                if ticks is not None:
                    self.cpu_ticks[pid] = max(ticks, self.cpu_ticks.get(pid, 0))
            self.peak_pss_kib, self.peak_rss_kib = max(self.peak_pss_kib, pss), max(self.peak_rss_kib, rss)
            self.done.wait(self.interval)


def run_child(kind: str, project: Path, workers: int, pandas_sample: int, timeout: float | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--project", str(project),
           "--workers", str(workers), "--pandas-sample", str(pandas_sample)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    wall = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        sampler.done.set()
        sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed (exit {proc.returncode}):\n{err[-4000:]}")
    line = next(l for l in reversed(out.splitlines()) if l.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["peak_mib"] = round(sampler.peak_pss_kib / 1024, 1) or result.get("rss_self_mib")
    result["peak_rss_sum_mib"] = round(sampler.peak_rss_kib / 1024, 1)
    # Every process of the tree, as last sampled (imports and start-up included): unlike
    # cpu_workers_seconds it counts workers that a forkserver started.
    result["cpu_tree_seconds"] = round(sum(sampler.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK"), 2)
    result["process_wall_seconds"] = round(time.perf_counter() - wall, 3)
    return result


# --- the demo projects, generated once per scale ------------------------------------------------------------------


def generator_version() -> str:
    """A hash of every source file that shapes the generated demo project (not the reader's)."""
    pkg = REPO / "roedtraad"
    parts = [pkg / "demo", pkg / "workbook_templates" / "generate.py", pkg / "workbook_templates" / "spec.py",
             pkg / "workbook_templates" / "templates.py", pkg / "presets", pkg / "config.py", pkg / "model.py",
             pkg / "i18n.py", pkg / "project.py"]
    digest = hashlib.sha256(HARNESS_VERSION.encode())
    for part in parts:
        files = sorted(part.rglob("*")) if part.is_dir() else [part]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".toml"):
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def demo_scale_for(submissions: int, seed: int) -> tuple[int, int]:
    """The demo's scale counts institutions; find the one whose demo has about `submissions` files.

    Returns (demo scale, number of submissions it gives). Building the records is
    cheap next to writing the workbooks, so a few tries cost little.
    """
    from roedtraad.config import build_settings
    from roedtraad.demo import build_demo

    settings = build_settings({})
    tried: dict[int, int] = {}
    n = submissions
    for _ in range(4):
        if n in tried:
            break
        tried[n] = len(build_demo(settings, scale=n, seed=seed).submissions)
        if tried[n] == submissions:
            break
        n = max(1, round(n * submissions / tried[n]))
    best = min(tried, key=lambda k: (abs(tried[k] - submissions), k))
    return best, tried[best]


def _generate(target: Path, scale: int, seed: int) -> None:
    from roedtraad.scaffold import init_project

    demo_scale, count = demo_scale_for(scale, seed)
    init_project(target, demo_scale=demo_scale, seed=seed)
    (target / ".demo.json").write_text(json.dumps({"demo_scale": demo_scale, "submissions": count}))


def demo_project(scale: int, seed: int) -> tuple[Path, float | None]:
    """The cached project for this scale (generated now if missing) and the seconds generation took."""
    final = CACHE / f"demo-{scale}-seed{seed}-{generator_version()}"
    if (final / ".complete").exists():
        return final, None
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"tmp-{scale}-", dir=CACHE))
    target = tmp / "project"
    start = time.perf_counter()
    # A fresh interpreter, so the generator's memory and pools are not the harness's.
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--generate", str(target), "--scale", str(scale),
                    "--seed", str(seed)], check=True, cwd=REPO)
    seconds = time.perf_counter() - start
    (target / ".complete").write_text(json.dumps({"seconds": seconds, "scale": scale, "seed": seed}))
    if final.exists():
        shutil.rmtree(final)
    target.rename(final)
    shutil.rmtree(tmp, ignore_errors=True)
    for old in CACHE.glob(f"demo-{scale}-seed{seed}-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final, seconds


def warm(project: Path) -> int:
    total = 0
    for path in project.rglob("*"):
        if path.is_file():
            total += len(path.read_bytes())
    return total


def fresh_copy(project: Path, scratch: Path) -> Path:
    target = scratch / f"copy-{time.monotonic_ns()}"
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".complete", ".demo.json"))
    return target


# --- orchestration -------------------------------------------------------------------------------------------------


def roedtraad_workers() -> int:
    """How many processes roedtraad reads with (the floor gets the same)."""
    try:
        from roedtraad.validators import engine

        for name in ("default_workers", "worker_count"):
            if callable(getattr(engine, name, None)):
                return int(getattr(engine, name)())
        for name in ("DEFAULT_WORKERS", "WORKERS"):
            if isinstance(getattr(engine, name, None), int):
                return getattr(engine, name)
    except ImportError:
        pass
    return os.cpu_count() or 1


def measure_scale(scale: int, args: argparse.Namespace, workers: int, log) -> dict:
    project, gen_seconds = demo_project(scale, args.seed)
    if gen_seconds is None:
        gen_seconds = json.loads((project / ".complete").read_text()).get("seconds")
        log(f"[{scale}] cached project {project.name} (generated in {gen_seconds:.1f} s)")
    else:
        log(f"[{scale}] generated {project.name} in {gen_seconds:.1f} s")
    repeats = args.repeats if args.repeats else (3 if scale <= 1000 else 1)
    pandas_repeats = 1 if (args.quick or scale > 100) else repeats
    warm(project)
    files = len(_project_files(project))
    demo = json.loads((project / ".demo.json").read_text()) if (project / ".demo.json").exists() else {}
    entry: dict = {"scale": scale, "files": files, "submissions": demo.get("submissions"),
                   "demo_scale": demo.get("demo_scale"), "generate_seconds": gen_seconds, "project": str(project),
                   "repeats": repeats, "measurements": {}}
    scratch = Path(tempfile.mkdtemp(prefix="roedtraad-bench-"))
    try:
        plan = [("floor", repeats), ("write_floor", repeats), ("pandas", pandas_repeats), ("validate", repeats),
                ("consolidate", repeats), ("sync", repeats)]
        for kind, count in plan:
            if kind in args.skip:
                continue
            runs = []
            for i in range(count):
                target = project
                if kind in ("write_floor", "validate", "consolidate", "sync"):
                    target = fresh_copy(project, scratch)  # nothing a run writes may help the next one
                    warm(target)
                runs.append(run_child(kind, target, workers, args.pandas_sample))
                if target != project:
                    shutil.rmtree(target, ignore_errors=True)
                log(f"[{scale}] {kind} run {i + 1}/{count}: {runs[-1]['seconds']:.2f} s, "
                    f"peak {runs[-1]['peak_mib']:.0f} MiB"
                    + (f"; no-op {runs[-1]['noop_ratio']:.1%}, one changed {runs[-1]['one_changed_ratio']:.1%} "
                       f"(new process {runs[-1]['one_changed_cold_ratio']:.1%}) of the full sync"
                       if kind == "sync" else ""))
            best = dict(runs[len(runs) // 2] if count == 1 else
                        sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
            best["seconds"] = statistics.median(r["seconds"] for r in runs)
            best["all_seconds"] = [round(r["seconds"], 3) for r in runs]
            best["peak_mib"] = max(r["peak_mib"] for r in runs)
            entry["measurements"][kind] = best
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    floor = entry["measurements"].get("floor", {}).get("seconds")
    for kind, m in entry["measurements"].items():
        m["x_floor"] = round(m["seconds"] / floor, 2) if floor else None
        m["files_per_second"] = round(files / m["seconds"], 1) if m["seconds"] else None
    write_floor = entry["measurements"].get("write_floor", {}).get("seconds")
    sync = entry["measurements"].get("sync")
    if write_floor and sync:
        sync["x_write_floor"] = round(sync["seconds"] / write_floor, 2)
    return entry


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


def machine_info(workers: int) -> dict:
    info = {"platform": platform.platform(), "machine": platform.machine(), "processor": platform.processor(),
            "cpu_count": os.cpu_count(), "workers": workers, "python": sys.version.split()[0],
            "implementation": platform.python_implementation(),
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "python_calamine": _version("python-calamine"), "pandas": _version("pandas"),
            "openpyxl": _version("openpyxl"), "pydantic": _version("pydantic")}
    try:
        with open("/proc/meminfo") as fh:
            info["memory_gib"] = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as fh:
            model = next((l.split(":", 1)[1].strip() for l in fh if l.startswith("model name")), "")
        info["cpu_model"] = model
    except (OSError, ValueError):
        pass
    try:
        info["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                            text=True).stdout.strip()
    except OSError:
        pass
    return info


def table(results: list[dict]) -> str:
    head = ("scale", "files", "floor s", "pandas s (x floor)", "validate s (x floor)", "consolidate s (x floor)",
            "sync s (x floor)", "write floor s (x floor)", "sync x write floor", "no-op / one changed / cold",
            "peak MiB floor/pandas/validate/consolidate/sync")
    lines = [head]
    for entry in results:
        m = entry["measurements"]

        def cell(kind: str) -> str:
            if kind not in m:
                return "-"
            star = "*" if m[kind].get("extrapolated") else ""
            return f"{m[kind]['seconds']:.2f}{star} ({m[kind]['x_floor']:.1f}x)"

        peaks = "/".join(f"{m[k]['peak_mib']:.0f}" if k in m else "-"
                         for k in ("floor", "pandas", "validate", "consolidate", "sync"))
        ratios = (f"{m['sync']['noop_ratio']:.1%} / {m['sync']['one_changed_ratio']:.1%} / "
                  f"{m['sync']['one_changed_cold_ratio']:.1%}" if "sync" in m else "-")
        lines.append((f"{entry['scale']:,}", f"{entry['files']:,}",
                      f"{m['floor']['seconds']:.2f}" if "floor" in m else "-", cell("pandas"), cell("validate"),
                      cell("consolidate"), cell("sync"), cell("write_floor"),
                      f"{m['sync']['x_write_floor']:.1f}x" if "x_write_floor" in m.get("sync", {}) else "-",
                      ratios, peaks))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = "\n".join("  ".join(v.rjust(w) for v, w in zip(row, widths)) for row in lines)
    if any(e["measurements"].get("pandas", {}).get("extrapolated") for e in results):
        text += "\n* pandas measured on a deterministic sample of files and extrapolated linearly"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="scale 100 only (the CI smoke run)")
    parser.add_argument("--scales", default="100,1000,10000", help="comma-separated numbers of submissions")
    parser.add_argument("--output", type=Path, help="JSON file (default benchmarks/results/<date>.json)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeats", type=int, default=0, help="runs per measurement (default 3 up to 1,000, else 1)")
    parser.add_argument("--pandas-sample", type=int, default=200,
                        help="at most this many files for the pandas baseline; more are extrapolated (0 = all)")
    parser.add_argument("--workers", type=int, default=0, help="processes for the floor (default: roedtraad's)")
    parser.add_argument("--skip", default="", help="comma-separated measurements to leave out")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args)
        return 0
    if args.generate:
        _generate(Path(args.generate), args.scale, args.seed)
        return 0
    args.skip = {s for s in args.skip.split(",") if s}
    scales = [100] if args.quick else [int(s.replace("_", "")) for s in args.scales.split(",") if s.strip()]
    workers = args.workers or roedtraad_workers()

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results = [measure_scale(scale, args, workers, log) for scale in scales]
    report = {"machine": machine_info(workers), "quick": args.quick, "seed": args.seed,
              "generator_version": generator_version(), "pandas_sample": args.pandas_sample,
              "total_seconds": round(time.perf_counter() - started, 1), "results": results,
              "notes": ["floor: python-calamine to_python() of every sheet of every file (foundation included), "
                        f"over {workers} worker processes, as roedtraad reads",
                        "write_floor: the floor plus reading, hashing, archiving and rewriting every file whole "
                        "(same bytes, renamed over the original), no flush: a lower bound of a full sync with write-back",
                        "pandas: read_excel(sheet_name=None, engine='openpyxl') per file in one process; "
                        f"above {args.pandas_sample} files a deterministic sample, extrapolated linearly",
                        "peak_mib: largest sampled sum of PSS (shared pages split) of the process and its workers, every 50 ms",
                        "cpu_tree_seconds: CPU of every process of the measurement as last sampled, start-up included; "
                        "cpu_workers_seconds misses workers a forkserver started",
                        "seconds: median over the repeats; imports and interpreter start excluded"]}
    print(table(results))
    output = args.output or RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"wrote {output} ({report['total_seconds']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
