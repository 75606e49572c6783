"""Where a full sync's memory goes, phase by phase.

    .venv/bin/python benchmarks/sync_memory.py [PROJECT]

Copies the project (default: the cached 1,000 demo) to a scratch folder, runs one full
`sync_project` on it with a fresh ledger, and samples every 50 ms the PSS of this process
and of its workers (pages shared after a fork split among the processes, as run.py's
peak does). Prints, per phase the sync reports (scan, read, validate, master,
write-back), the largest sum and how it split between this process and the workers.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import _descendants, _memory_kib  # noqa: E402


class PhaseSampler(threading.Thread):
    def __init__(self, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.interval, self.phase = interval, "start"
        self.peaks: dict[str, tuple[int, int, int]] = {}  # phase -> (sum, self, workers) PSS KiB at its peak
        self.order: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        me = _descendants.__globals__["os"].getpid()
        while not self.done.is_set():
            own = _memory_kib(me)[0]
            workers = sum(_memory_kib(pid)[0] for pid in _descendants(me) if pid != me)
            phase = self.phase
            if phase not in self.peaks:
                self.order.append(phase)
            if own + workers > self.peaks.get(phase, (0, 0, 0))[0]:
                self.peaks[phase] = (own + workers, own, workers)
            self.done.wait(self.interval)


def main() -> None:
    from roedtraad.project import Project
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else sorted((HERE / ".cache").glob("demo-1000-seed7-*"))[-1]
    scratch = Path(tempfile.mkdtemp(prefix="roedtraad-syncmem-"))
    try:
        target = scratch / "project"
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete", ".demo.json", "ledger.sqlite"))
        sampler = PhaseSampler()
        sampler.phase = "imports"
        sampler.start()

        def progress(phase: str, done: int, total: int) -> None:
            sampler.phase = phase

        project = Project.open(target)
        started = time.process_time()
        with open_ledger(project) as ledger:
            sampler.phase = "start"
            summary = sync_project(project, ledger, settle=0, progress=progress)
        sampler.phase = "end"
        cpu = time.process_time() - started
        time.sleep(0.2)
        sampler.done.set()
        sampler.join()
        print(f"{len(summary.new)} new files, {cpu:.1f} s CPU in this process")
        print(f"{'phase':<12} {'peak PSS sum':>13} {'this process':>13} {'workers':>9}  (MiB)")
        for phase in sampler.order:
            total, own, workers = sampler.peaks[phase]
            print(f"{phase:<12} {total / 1024:13.0f} {own / 1024:13.0f} {workers / 1024:9.0f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
