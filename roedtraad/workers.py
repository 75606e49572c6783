"""Worker processes, and the garbage collector around them.

Reading and write-back run a function over many files in one forked process per
CPU. Two things about CPython's cyclic collector decide what that costs:

- Reading creates a few hundred thousand objects that all stay alive and no
  garbage cycles. With the collector on, it walks the growing heap again and
  again; `long_lived_objects` pauses it and then files the new objects straight
  in the oldest generation.
- A forked worker shares the parent's memory pages until either process writes
  to them, and a collection writes to every object it walks. So the heap is
  frozen (left out of collections) in the parent while workers run and in each
  worker from its start: at 10,000 submissions, a collection in the parent during
  write-back had it copy the 600 MiB validation result while its workers kept
  the old pages.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

PARALLEL_THRESHOLD = 8  # below this many tasks, starting worker processes costs more than it saves
T = TypeVar("T")
R = TypeVar("R")


def map_in_workers(function: Callable[[T], R], tasks: Sequence[T], initializer: Callable[..., None],
                   initargs: tuple = (), *, max_chunk: int | None = None, per_cpu: int = 1) -> list[R]:
    """`function` over `tasks`, in order: in one worker process per CPU (`per_cpu` for work that
    mostly waits for the disk) when there are enough tasks, else here. `initializer(*initargs)`
    runs first wherever the tasks run."""
    workers = min((os.cpu_count() or 1) * per_cpu, len(tasks))
    if len(tasks) <= PARALLEL_THRESHOLD or workers < 2:
        initializer(*initargs)
        return [function(task) for task in tasks]
    chunksize = max(1, len(tasks) // (workers * 4))  # about four chunks per worker
    if max_chunk:
        chunksize = min(chunksize, max_chunk)
    with _heap_frozen():
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(initializer, initargs)) as pool:
            return list(pool.map(function, tasks, chunksize=chunksize))


def _start_worker(initializer: Callable[..., None], initargs: tuple) -> None:
    gc.freeze()  # what the worker inherited stays shared with the parent
    gc.enable()  # the parent may have paused the collector (long_lived_objects)
    initializer(*initargs)


@contextmanager
def _heap_frozen() -> Iterator[None]:
    if gc.get_freeze_count():  # someone froze the heap on purpose: leave it as it is
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # into the oldest generation, without a walk


@contextmanager
def long_lived_objects() -> Iterator[None]:
    """Pause the collector while records are read and validated (2.3 s of 9 s of the
    parent's CPU at 10,000 files when it was on), then file the new objects in the
    oldest generation (freeze, then unfreeze) rather than have the first collection
    after the pause walk them all (0.09 s per 1,000 files)."""
    if not gc.isenabled():
        yield
        return
    frozen_before = gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if not frozen_before:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


__all__ = ["PARALLEL_THRESHOLD", "long_lived_objects", "map_in_workers"]
