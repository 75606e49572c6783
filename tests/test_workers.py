"""Worker processes: same results as in-process, in order, and the collector left as it was found."""
from __future__ import annotations

import gc
import os

import pytest

from roedtraad import workers

_STARTED_WITH: str = ""


def _remember(word: str) -> None:
    global _STARTED_WITH
    _STARTED_WITH = word


def _describe(n: int) -> tuple[int, str, int, bool, int]:
    return n * n, _STARTED_WITH, os.getpid(), gc.isenabled(), gc.get_freeze_count()


def test_many_tasks_run_in_workers_in_order_after_the_initializer():
    tasks = list(range(workers.PARALLEL_THRESHOLD * 5))
    results = workers.map_in_workers(_describe, tasks, _remember, ("klar",))
    assert [r[0] for r in results] == [n * n for n in tasks]
    assert {r[1] for r in results} == {"klar"}
    if (os.cpu_count() or 1) > 1:
        assert os.getpid() not in {r[2] for r in results}
        # Each worker collects garbage, but leaves what it inherited from the parent alone.
        assert all(enabled and frozen > 0 for _, _, _, enabled, frozen in results)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_few_tasks_run_here():
    results = workers.map_in_workers(_describe, [1, 2, 3], _remember, ("her",))
    assert [(r[0], r[1], r[2]) for r in results] == [(1, "her", os.getpid()), (4, "her", os.getpid()),
                                                     (9, "her", os.getpid())]


def test_long_lived_objects_pauses_the_collector_and_restores_it():
    assert gc.isenabled()
    with workers.long_lived_objects():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert len(kept) == 1000


def test_long_lived_objects_leaves_a_paused_collector_paused():
    gc.disable()
    try:
        with workers.long_lived_objects():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_worker_failure_reaches_the_caller():
    with pytest.raises(ZeroDivisionError):
        workers.map_in_workers(_fail, list(range(workers.PARALLEL_THRESHOLD * 2)), _remember, ("x",))


def _fail(n: int) -> int:
    return 1 // (n - 3)


def _die_on(n: int) -> int:
    """Task 13 kills its process, as the kernel's OOM killer or a parser's abort would."""
    if n in _KILLERS:
        os.kill(os.getpid(), 9)
    return n * 2


_KILLERS = {13, 31}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="worker processes need two CPUs")
def test_a_worker_that_dies_costs_only_its_own_task():
    tasks = list(range(workers.PARALLEL_THRESHOLD * 5))
    results = workers.map_in_workers(_die_on, tasks, _remember, ("x",), max_chunk=4,
                                     on_crash=lambda n: f"crashed {n}")
    assert results == [f"crashed {n}" if n in _KILLERS else n * 2 for n in tasks]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="worker processes need two CPUs")
def test_without_a_crash_handler_a_dead_worker_is_raised():
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        workers.map_in_workers(_die_on, list(range(workers.PARALLEL_THRESHOLD * 5)), _remember, ("x",))


_SET_HERE_AT_RUN_TIME = {"value": "not set"}


def _parent_marker(n: int) -> tuple[int, str, str]:
    return n, _SET_HERE_AT_RUN_TIME["value"], _STARTED_WITH


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="worker processes need two CPUs")
def test_a_large_process_starts_its_workers_without_its_heap(monkeypatch):
    """Forked from a large process, workers copy its heap page by page as they allocate; above
    FORK_LIMIT_MIB they come from a server process instead, and see nothing set here at run time."""
    monkeypatch.setitem(_SET_HERE_AT_RUN_TIME, "value", "set in the parent")
    tasks = list(range(workers.PARALLEL_THRESHOLD * 3))
    monkeypatch.setattr(workers, "FORK_LIMIT_MIB", 1 << 30)  # a small process, whatever this one is
    forked = workers.map_in_workers(_parent_marker, tasks, _remember, ("klar",))
    assert {r[1:] for r in forked} == {("set in the parent", "klar")}
    monkeypatch.setattr(workers, "FORK_LIMIT_MIB", 0)
    served = workers.map_in_workers(_parent_marker, tasks, _remember, ("klar",))
    assert [r[0] for r in served] == tasks
    assert {r[1:] for r in served} == {("not set", "klar")}
    crashed = workers.map_in_workers(_die_on, tasks, _remember, ("x",), max_chunk=4, on_crash=lambda n: -n)
    assert crashed == [-n if n in _KILLERS else n * 2 for n in tasks]
