"""How much memory the parsed records of a project take, and of what kind of object.

    .venv/bin/python benchmarks/record_memory.py [PROJECT] [--files N]

Reads the first N submissions of a project (default: the cached 1,000 demo) in this
process, then brings the records to this process's memory the three ways a sync does:

  read      as the reader built them (the serial path, below PARALLEL_THRESHOLD files)
  pickled   through pickle, in chunks of MAX_CHUNK files, as worker processes send them
  unpacked  from the ledger's parsed-records cache (store.pack, then store.unpack)

For each: the bytes tracemalloc sees retained per submission, and a breakdown of one
deep walk (gc.get_referents, each object counted once) by type, so the bulk shows.
"""
from __future__ import annotations

import argparse
import gc
import pickle
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from roedtraad.model import Record  # noqa: E402
from roedtraad.project import Project  # noqa: E402
from roedtraad.sync import store  # noqa: E402
from roedtraad.validators.engine import MAX_CHUNK, _init_worker, _read_one  # noqa: E402


def _default_project() -> Path:
    found = sorted((HERE / ".cache").glob("demo-1000-seed7-*"))
    if not found:
        raise SystemExit("no cached 1,000 demo: give a project folder")
    return found[-1]


def deep_walk(roots: list) -> tuple[int, Counter, Counter]:
    """Bytes reachable from roots (each object once), by type: (total, bytes, counts).
    Classes, modules and functions are shared by every record and left out."""
    seen: set[int] = set()
    sizes: Counter = Counter()
    counts: Counter = Counter()
    stack = list(roots)
    skip = (type, type(sys), type(deep_walk))
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        name = type(obj).__name__
        if isinstance(obj, Record):
            name = "Record instance"
        sizes[name] += sys.getsizeof(obj)
        counts[name] += 1
        stack.extend(gc.get_referents(obj))
    return sum(sizes.values()), sizes, counts


def retained(build) -> tuple[list, int]:
    """What build() returns and the bytes tracemalloc sees it keep."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return result, after - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    project = Project.open(args.project or _default_project())
    paths = project.submission_files()[:args.files]
    tasks = [(str(p), p.relative_to(project.root).as_posix(), False) for p in paths]
    _init_worker(project.settings)
    results = [_read_one(t) for t in tasks]  # warm: plans, caches, imports
    del results

    def read() -> list:
        return [_read_one(t) for t in tasks]

    blobs = [pickle.dumps({i: _read_one(t) for i, t in enumerate(tasks[s:s + MAX_CHUNK])})
             for s in range(0, len(tasks), MAX_CHUNK)]
    packed = [store.pack(*_read_one(t)) for t in tasks]

    def pickled() -> list:
        return [r for blob in blobs for r in pickle.loads(blob).values()]

    def unpacked() -> list:
        return [store.unpack(blob) for blob in packed]

    n = len(tasks)
    print(f"{n} submissions of {project.root}")
    for label, build in (("read", read), ("pickled", pickled), ("unpacked", unpacked)):
        gc.disable()
        started = time.process_time()
        build()
        cpu = time.process_time() - started  # without tracemalloc, which slows allocation down
        gc.enable()
        result, traced = retained(build)
        total, sizes, counts = deep_walk([r for r, _ in result if r is not None])
        print(f"\n{label}: tracemalloc {traced / n / 1024:.1f} KiB per submission; "
              f"deep walk {total / n / 1024:.1f} KiB in {sum(counts.values()) / n:.0f} objects per submission; "
              f"{cpu / n * 1000:.2f} ms CPU per submission")
        for name, size in sizes.most_common(10):
            print(f"  {name:<18} {size / n / 1024:6.1f} KiB  {counts[name] / n:7.1f} objects")
        del result


if __name__ == "__main__":
    main()
