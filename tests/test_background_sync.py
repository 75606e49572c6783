"""An upload answered once taken in; write-back and the master after it (issue 12: "without holding up
the response"), on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from ledger_helpers import demo_copy, snapshot
from roedtraad.sync.background import BackgroundSync
from roedtraad.sync.ledger_schema import runs, versions
from roedtraad.sync.lock import writer_lock
from roedtraad.sync.run import sync_project
from roedtraad.sync.tokens import actor_for, add_token
from roedtraad.sync.upload import accept_upload
from test_sync import _edited


@pytest.fixture
def demo(ledger_demo):
    return ledger_demo


def _upload_of(project, ledger):
    mine = sorted((project.root / "indsendelser" / "udvalgsaftaler").glob("*.xlsx"))[0]
    party = mine.stem.rsplit("_", 1)[-1]
    return mine, actor_for(ledger, add_token(ledger, party=party))


def _data_of(project, state: dict) -> dict:
    """What the master and write-back depend on, without times: every file's bytes but the master's."""
    return {name: digest for name, (digest, _) in state.items() if not name.startswith(("output", "arkiv"))}


def test_an_intake_only_upload_leaves_write_back_and_master_to_the_next_sync(demo):
    project, ledger = demo
    first = sync_project(project, ledger, settle=0)
    master = Path(first.master)
    mine, actor = _upload_of(project, ledger)
    data = _edited(mine)
    master_before = (master.read_bytes(), master.stat().st_mtime_ns)

    outcome = accept_upload(project, ledger, data, "aftale.xlsx", actor=actor, publish=False)
    assert outcome.status == "accepted" and outcome.findings is not None and outcome.run == first.run + 1
    assert (master.read_bytes(), master.stat().st_mtime_ns) == master_before  # not rebuilt yet
    assert mine.read_bytes() == data  # on the share as sent; its computed cells are not written yet
    with ledger.begin() as conn:
        run = conn.execute(select(runs).where(runs.c.id == outcome.run)).mappings().one()
        row = conn.execute(select(versions).where(versions.c.id == outcome.version)).mappings().one()
    assert run["finished"] is not None and run["master_sha256"] is None and not row["merged"]

    later = sync_project(project, ledger, settle=0)
    assert not later.noop and later.new == [] and later.changed == []
    # The edited goal's text flows into the institution below it: its computed cells are written now.
    assert later.written_back and later.master_written and later.pending_write_back == []
    with ledger.begin() as conn:
        assert conn.execute(select(versions.c.merged).where(versions.c.id == outcome.version)).scalar_one()
    assert sync_project(project, ledger, settle=0).noop


def test_intake_then_publish_equals_an_upload_that_publishes_at_once(ledger_template, tmp_path):
    results = []
    for publish in (False, True):
        url = f"sqlite:///{(tmp_path / f'ledger-{publish}.sqlite').as_posix()}"
        project, ledger = demo_copy(ledger_template, tmp_path / f"kommune-{publish}", url)
        try:
            sync_project(project, ledger, settle=0)
            mine, actor = _upload_of(project, ledger)
            accept_upload(project, ledger, _edited(mine), "aftale.xlsx", actor=actor, publish=publish)
            if not publish:
                sync_project(project, ledger, settle=0)
            results.append(_data_of(project, snapshot(project.root)))
        finally:
            ledger.close()
    assert results[0] == results[1]


def test_background_requests_coalesce_and_wait_for_the_lock(demo):
    project, ledger = demo
    sync_project(project, ledger, settle=0)
    done = []
    background = BackgroundSync(project, ledger, wait=0.2, retry_after=0.05, on_done=done.append)
    with writer_lock(ledger, holder="a department's upload"):
        for _ in range(20):
            background.request()
        time.sleep(0.5)  # the lock is held: it keeps trying, it does not give up or fail
        assert done == [] and not background.idle(timeout=0)
    assert background.idle(timeout=60)
    assert 1 <= len(done) <= 2  # twenty requests, at most two runs
    with ledger.begin() as conn:
        assert conn.execute(select(runs.c.finished).order_by(runs.c.id.desc()).limit(1)).scalar_one() is not None


def test_a_request_during_a_run_gets_one_more_run(demo):
    project, ledger = demo
    started, release = threading.Event(), threading.Event()
    done = []

    def slow(summary):
        done.append(summary)
        if len(done) == 1:
            started.set()
            release.wait(30)

    background = BackgroundSync(project, ledger, on_done=slow)
    background.request()
    assert started.wait(60)
    background.request()  # while the first run's end is being handled: one more run follows
    release.set()
    assert background.idle(timeout=60)
    assert len(done) == 2 and done[1].noop
