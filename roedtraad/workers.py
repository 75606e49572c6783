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
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

PARALLEL_THRESHOLD = 8  # below this many tasks, starting worker processes costs more than it saves
T = TypeVar("T")
R = TypeVar("R")


def map_in_workers(function: Callable[[T], R], tasks: Sequence[T], initializer: Callable[..., None],
                   initargs: tuple = (), *, max_chunk: int | None = None, per_cpu: int = 1,
                   on_result: Callable[[], None] | None = None,
                   on_crash: Callable[[T], R] | None = None) -> list[R]:
    """`function` over `tasks`, in order: in one worker process per CPU (`per_cpu` for work that
    mostly waits for the disk) when there are enough tasks, else here. `initializer(*initargs)`
    runs first wherever the tasks run; `on_result()` runs here after each result (e.g. to
    advance a progress bar).

    A worker that dies (killed for memory, aborted inside a parser) costs only its own
    task: the pool is started again for the tasks not done, the tasks the dead pool's
    workers were running are retried one at a time in a process of their own, and one
    that kills that process too gets `on_crash(task)` as its result. Without `on_crash`
    the death is raised (BrokenProcessPool) as before.
    """
    workers = min((os.cpu_count() or 1) * per_cpu, len(tasks))
    if len(tasks) <= PARALLEL_THRESHOLD or workers < 2:
        initializer(*initargs)
        return _collect((function(task) for task in tasks), on_result)
    chunksize = max(1, len(tasks) // (workers * 4))  # about four chunks per worker
    if max_chunk:
        chunksize = min(chunksize, max_chunk)
    results: dict[int, R] = {}
    pending = list(range(len(tasks)))
    with _heap_frozen():
        while pending:
            running = _run_pool(function, tasks, pending, initializer, initargs, workers, chunksize, results,
                                on_result)
            if running is None:
                break
            if on_crash is None:
                raise BrokenProcessPool("a worker process died")
            for index in sorted(running - results.keys()):
                results[index] = _run_alone(function, tasks[index], initializer, initargs, on_crash)
                if on_result is not None:
                    on_result()
            pending = [index for index in pending if index not in results]
    return [results[index] for index in range(len(tasks))]


def _collect(results: Iterator[R], on_result: Callable[[], None] | None) -> list[R]:
    if on_result is None:
        return list(results)
    collected = []
    for result in results:
        collected.append(result)
        on_result()
    return collected


def _run_pool(function: Callable[[T], R], tasks: Sequence[T], pending: list[int], initializer: Callable[..., None],
              initargs: tuple, workers: int, chunksize: int, results: dict[int, R],
              on_result: Callable[[], None] | None = None) -> set[int] | None:
    """Run the pending tasks in a pool, filing results; None when all ran, else the tasks the
    workers were running when one of them died (the culprit is among them)."""
    context = _context(function, initializer)
    slots = context.RawArray("q", workers)  # per worker: 1 + the task it is running, or 0
    claimed = context.Value("i", 0)
    chunks = [pending[i:i + chunksize] for i in range(0, len(pending), chunksize)]
    broken = False
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, mp_context=context,
                             initargs=(initializer, initargs, slots, claimed)) as pool:
        futures = [pool.submit(_run_chunk, function, [(index, tasks[index]) for index in chunk]) for chunk in chunks]
        for future in futures:
            try:
                done = future.result()
                results.update(done)
                for _ in done if on_result is not None else ():
                    on_result()
            except BrokenProcessPool:
                broken = True
    if not broken:
        return None
    return {slot - 1 for slot in slots if slot}


def _run_alone(function: Callable[[T], R], task: T, initializer: Callable[..., None], initargs: tuple,
               on_crash: Callable[[T], R]) -> R:
    context = _context(function, initializer)
    slots, claimed = context.RawArray("q", 1), context.Value("i", 0)
    with ProcessPoolExecutor(max_workers=1, initializer=_start_worker, mp_context=context,
                             initargs=(initializer, initargs, slots, claimed)) as pool:
        try:
            return pool.submit(_run_chunk, function, [(0, task)]).result()[0]
        except BrokenProcessPool:
            return on_crash(task)


FORK_LIMIT_MIB = 256  # above this resident size, workers start from a small server process instead


def _context(function: Callable, initializer: Callable) -> Any:
    """How to start workers. Forked from this process they share its pages until written, but
    a worker's allocations land in the free slots of the heap it inherited and copy page after
    page: at 10,000 submissions the two write-back workers grew by 650 MiB that way. So once
    this process is large, workers are forked from a server process that holds only the
    modules they need (started once, with the modules of the first such pool)."""
    if _resident_mib() < FORK_LIMIT_MIB or not _main_importable():
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([function.__module__, initializer.__module__])
    return context


def _main_importable() -> bool:
    """A server-started worker imports the main script again (as multiprocessing's spawn does);
    a script read from stdin cannot be, so its workers are forked as before."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return getattr(getattr(main, "__spec__", None), "name", None) is not None or path is None or os.path.isfile(path)


def _resident_mib() -> float:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError, IndexError):
        return 0.0


_slots: Any = None
_slot = -1


def _run_chunk(function: Callable[[T], R], chunk: list[tuple[int, T]]) -> dict[int, R]:
    done = {}
    for index, task in chunk:
        if _slot >= 0:
            _slots[_slot] = index + 1  # the parent reads this if this process dies
        done[index] = function(task)
    if _slot >= 0:
        _slots[_slot] = 0
    return done


def _start_worker(initializer: Callable[..., None], initargs: tuple, slots: Any = None, claimed: Any = None) -> None:
    global _slots, _slot
    if slots is not None:
        with claimed.get_lock():
            _slot, claimed.value = (claimed.value if claimed.value < len(slots) else -1), claimed.value + 1
        _slots = slots
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
