"""`sync_project`, `project_status` and `accept_upload` on the demo, on SQLite and PostgreSQL."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from ledger_helpers import snapshot
from roedtraad.sync.ledger_schema import runs, versions
from roedtraad.sync.lock import LockHeld, writer_lock
from roedtraad.sync.run import sync_project
from roedtraad.sync.status import StatusError, project_status
from roedtraad.sync.tokens import actor_for, add_token
from roedtraad.sync.upload import accept_upload


@pytest.fixture
def demo(ledger_demo):
    return ledger_demo


def test_second_sync_changes_no_byte_and_no_mtime_and_records_a_run(demo):
    project, ledger = demo
    first = sync_project(project, ledger)
    files = len(list((project.root / "indsendelser").rglob("*.xlsx"))) + 1
    assert first.run == 1 and len(first.new) == files and not first.changed and first.unchanged == 0
    assert first.written_back and first.master_written and Path(first.master).is_file()
    before = snapshot(project.root)
    time.sleep(0.05)
    second = sync_project(project, ledger)
    assert snapshot(project.root) == before
    assert (second.run, second.new, second.changed, second.unchanged, second.written_back) == (2, [], [], files, [])
    assert not second.master_written and second.noop and not second.anything_new
    with ledger.begin() as conn:
        assert conn.execute(select(runs.c.id, runs.c.finished.is_not(None))).all() == [(1, True), (2, True)]
        assert len(conn.execute(select(versions)).all()) == files


def test_a_touched_file_is_not_a_new_version_and_rewrites_nothing(demo):
    project, ledger = demo
    sync_project(project, ledger)
    before = snapshot(project.root)
    victim = next((project.root / "indsendelser").rglob("*.xlsx"))
    stamp = victim.stat().st_mtime_ns + 10**9
    import os

    os.utime(victim, ns=(stamp, stamp))
    summary = sync_project(project, ledger)
    assert not summary.noop and not summary.new and not summary.changed and not summary.written_back
    after = snapshot(project.root)
    rel = victim.relative_to(project.root).as_posix()
    assert after[rel] == (before[rel][0], stamp)
    assert {k: v for k, v in after.items() if k != rel} == {k: v for k, v in before.items() if k != rel}
    assert sync_project(project, ledger).noop  # and after that, nothing to do again


def test_status_shows_the_demo_missing_and_late_parties(demo):
    project, ledger = demo
    sync_project(project, ledger)
    status = project_status(project, ledger)
    states = {(p.kind, p.party): p.state for p in status.parties}
    assert status.counts["missing"] >= 1 and status.counts["late"] >= 1
    late = next(p for p in status.parties if p.state == "late")
    assert late.received[:10] > late.deadline  # received (first seen by the ledger) after the årshjul's deadline
    missing = next(p for p in status.parties if p.state == "missing")
    assert missing.received is None and missing.version is None
    assert sum(status.counts[s] for s in ("received", "late", "missing", "conflict")) == len(states)
    dumped = status.model_dump(mode="json")
    assert set(dumped) >= {"municipality", "run", "counts", "parties", "rejected"}
    committee = next(p.committee for p in status.parties if p.committee)
    scoped = project_status(project, ledger, committee)
    assert scoped.parties and all(p.committee == committee for p in scoped.parties)
    with pytest.raises(StatusError):
        project_status(project, ledger, "NO-SUCH-COMMITTEE")


def test_upload_goes_the_same_way_as_a_file_on_the_share(demo):
    project, ledger = demo
    sync_project(project, ledger)
    mine = next(p for p in (project.root / "indsendelser").rglob("Udvalgsaftale_*.xlsx"))
    other = next(p for p in (project.root / "indsendelser").rglob("Udvalgsaftale_*.xlsx") if p != mine)
    party = mine.stem.rsplit("_", 1)[-1]
    actor = actor_for(ledger, add_token(ledger, party=party))

    refused = accept_upload(project, ledger, other.read_bytes(), "other.xlsx", actor=actor)
    assert refused.status == "rejected" and refused.findings[-1].code == "sync.not-your-party"
    garbage = accept_upload(project, ledger, b"name;amount\n1;2\n", "../../../etc/passwd", actor=actor)
    assert garbage.status == "rejected" and garbage.file == "upload:passwd"
    assert not (project.root / "etc").exists()

    data = _edited(mine)
    outcome = accept_upload(project, ledger, data, "min aftale.xlsx", actor=actor)
    assert outcome.status == "accepted" and outcome.party == party and outcome.run is not None
    assert outcome.file == mine.relative_to(project.root).as_posix()  # the party's current file, replaced
    with ledger.begin() as conn:
        row = conn.execute(select(versions).where(versions.c.id == outcome.version)).mappings().one()
    assert row["sender"] == party and row["sha256"] == outcome.sha256
    lock = mine.with_name("~$" + mine.name)
    lock.write_bytes(b"\x00")  # the department has its file open on the share: not replaced under it
    held = accept_upload(project, ledger, _edited(mine, "Endnu et mål"), "min aftale.xlsx", actor=actor)
    assert held.status == "rejected" and held.findings[-1].code == "sync.upload-target-open"
    lock.unlink()
    status = {(p.kind, p.party): p for p in project_status(project, ledger).parties}
    assert status[("committee_agreement", party)].version == outcome.version
    assert status[("committee_agreement", party)].change == "changed"


def test_a_project_register_belongs_to_its_department_in_uploads_status_and_history(demo):
    """The project register is one workbook per department beside the agreements. An upload of one
    department's register replaces that department's file, never another's; status lists every
    department's register (received or missing) and history shows its versions."""
    from roedtraad.sync.history import party_history

    project, ledger = demo
    sync_project(project, ledger)
    registers = sorted((project.root / "indsendelser").rglob("Projektregister_*.xlsx"))
    mine, other = registers[-1], registers[0]
    party = mine.stem.rsplit("_", 1)[-1]
    before_other = other.read_bytes()
    actor = actor_for(ledger, add_token(ledger, party=party))

    refused = accept_upload(project, ledger, other.read_bytes(), "deres register.xlsx", actor=actor)
    assert refused.status == "rejected" and refused.findings[-1].code == "sync.not-your-party"
    data = _edited(mine, "Et nyt projekt", sheet="Projekter", cell="B4")
    outcome = accept_upload(project, ledger, data, "vores register.xlsx", actor=actor)
    assert outcome.status == "accepted" and outcome.party == party and outcome.kind == "project_register"
    assert outcome.file == mine.relative_to(project.root).as_posix()  # its own file, replaced
    assert other.read_bytes() == before_other

    status = {(p.kind, p.party): p for p in project_status(project, ledger).parties}
    departments = {p.party for p in status.values() if p.kind == "committee_agreement"}
    assert {p for k, p in status if k == "project_register"} == departments
    assert status[("project_register", party)].version == outcome.version
    assert status[("project_register", party)].agreement == "Projektregister"
    assert any(s.state == "missing" for (k, _), s in status.items() if k == "project_register")
    assert [v.version for v in party_history(project, ledger, party).versions
            if v.kind == "project_register"][-1] == outcome.version


def test_a_ledger_from_before_registers_had_a_party_is_mended_by_the_next_sync(demo):
    """Before, a project register's version was recorded without a party, so status could not see it.
    The first sync after the upgrade is a full run (the run key changed) and records each register's
    department, without touching any workbook."""
    project, ledger = demo
    sync_project(project, ledger)
    with ledger.begin() as conn:  # as an older roedtraad left it
        conn.execute(versions.update().where(versions.c.kind == "project_register").values(party=""))
        last = conn.execute(select(runs.c.id, runs.c.context).order_by(runs.c.id.desc())).first()
        conn.execute(runs.update().where(runs.c.id == last.id).values(
            context=last.context.replace('"key": "', '"key": "older-')))
    before = snapshot(project.root)
    mended = sync_project(project, ledger)
    assert not mended.noop and not mended.new and not mended.changed
    registers = [p for p in project_status(project, ledger).parties if p.kind == "project_register"]
    assert sum(p.state in ("received", "late") for p in registers) == \
        sum(1 for _ in (project.root / "indsendelser").rglob("Projektregister_*.xlsx"))
    after = snapshot(project.root)
    assert {k: v for k, v in after.items() if "indsendelser" in k} == \
        {k: v for k, v in before.items() if "indsendelser" in k}
    assert sync_project(project, ledger).noop


def test_a_second_writer_waits_or_gives_up(demo):
    project, ledger = demo
    with writer_lock(ledger, holder="roedtraad service worker"):
        with pytest.raises(LockHeld) as held:
            sync_project(project, ledger)
    assert "service worker" in held.value.holder
    assert sync_project(project, ledger, wait=1).run == 1  # the failed attempt recorded no run


def _edited(path: Path, text: str = "Et nyt mål for skolerne", *, sheet: str = "Mål", cell: str = "B5") -> bytes:
    """The workbook with one text changed (a goal's by default), edited the way a department would."""
    from roedtraad.sync.xlsx_patch import patch_sheet_cells

    return patch_sheet_cells(path.read_bytes(), sheet, {cell: text})


class _Killed(BaseException):
    """Stands for SIGKILL at one moment: nothing after it runs, no handler sees it."""


def test_a_run_killed_after_its_renames_knows_its_own_writes_next_time(demo, monkeypatch):
    """The window the write journal covers: every file replaced, the ledger not told yet."""
    project, ledger = demo
    import roedtraad.sync.ledger_writeback as ledger_writeback

    def killed(*_args, **_kwargs):
        raise _Killed

    with monkeypatch.context() as patch:
        patch.setattr(ledger_writeback.store, "set_written", killed)  # in the transaction that records the writes
        with pytest.raises(_Killed):
            sync_project(project, ledger)
    journals = project.root / "arkiv" / ".written"
    assert list(journals.glob("journal-*.txt")), "the writes were journaled before the first replace"
    again = sync_project(project, ledger)
    assert not again.changed, "our own write-back taken for a department's edit"
    assert list(journals.glob("journal-*.txt")) == [], "journals are dropped once the ledger has the hashes"
    assert sync_project(project, ledger).noop
