"""Sync's cases: conflicts, files not complete yet, a workbook open in Excel, one edit, history, rebuild."""
from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from ledger_helpers import snapshot
from roedtraad.sync.history import party_history
from roedtraad.sync.ledger_schema import run_members, versions
from roedtraad.sync.rebuild import rebuild_master
from roedtraad.sync.run import sync_project
from roedtraad.sync.xlsx_patch import patch_sheet_cells


@pytest.fixture
def demo(ledger_demo):
    return ledger_demo


def _committee_file(project, party: str = "SKO") -> Path:
    return next((project.root / "indsendelser").rglob(f"Udvalgsaftale_*_{party}.xlsx"))


def _edit(path: Path, sheet: str, cells: dict, *, later: float = 60.0) -> None:
    """Save the workbook with some cells changed, as a department would (new bytes, a later mtime)."""
    stamp = path.stat().st_mtime + later
    path.write_bytes(patch_sheet_cells(path.read_bytes(), sheet, cells))
    os.utime(path, (stamp, stamp))


def _rows(ledger, table, *where):
    with ledger.begin() as conn:
        return [dict(r) for r in conn.execute(select(table).where(*where)).mappings()]


def test_one_edited_file_is_the_only_change_and_only_what_depends_on_it_is_rewritten(demo):
    project, ledger = demo
    sync_project(project, ledger)
    edited = _committee_file(project, "SKO")
    _edit(edited, "Mål", {"B5": "Et omformuleret udvalgsmål"})  # SKO-02's text: SKO001-03 shows it
    before = snapshot(project.root)
    summary = sync_project(project, ledger)
    name = edited.relative_to(project.root).as_posix()
    others = sum(1 for _ in (project.root / "indsendelser").rglob("*.xlsx"))  # and the foundation, less the edited
    assert (summary.new, summary.changed, summary.unchanged) == ([], [name], others)
    # The school's quality agreement realises SKO-02: its "parent goal" column changes, nobody else's.
    assert summary.written_back == ["indsendelser/kvalitetsaftaler/SKO/KUA_SKO_SKO001.xlsx"]
    after = snapshot(project.root)
    touched = {k for k in after if k in before and after[k] != before[k]}
    assert touched == set(summary.written_back) | {"output/Konsolideret.xlsx"}
    assert sync_project(project, ledger).noop


def test_two_files_for_one_party_are_a_conflict_and_neither_is_merged(demo):
    project, ledger = demo
    original = _committee_file(project)
    sync_project(project, ledger)
    copy = original.with_name("Udvalgsaftale_SKO_ny.xlsx")
    shutil.copy2(original, copy)
    _edit(copy, "Mål", {"B5": "Nyt mål"})
    summary = sync_project(project, ledger)
    names = sorted(p.relative_to(project.root).as_posix() for p in (original, copy))
    assert [(c.party, c.files) for c in summary.conflicts] == [("SKO", names)]
    new_version = _rows(ledger, versions, versions.c.source == names[1] if "ny" in names[1] else versions.c.source == names[0])
    assert [v["status"] for v in new_version] == ["conflict"] and not new_version[0]["merged"]
    members = {r["path"] for r in _rows(ledger, run_members, run_members.c.run_id == summary.run)}
    assert copy.relative_to(project.root).as_posix() not in members
    assert original.relative_to(project.root).as_posix() in members  # the last accepted version stays
    assert "sync.conflict" in new_version[0]["findings"] and "Nyt" not in json.dumps(summary.model_dump())

    copy.unlink()
    resolved = sync_project(project, ledger)
    assert not resolved.conflicts and resolved.removed == [names[1] if "ny" in names[1] else names[0]]


def test_a_changed_file_in_conflict_keeps_the_party_s_last_accepted_version_in_the_master(demo):
    project, ledger = demo
    original = _committee_file(project)
    first = sync_project(project, ledger)
    old = {r["version_id"] for r in _rows(ledger, run_members, run_members.c.run_id == first.run)}
    shutil.copy2(original, original.with_name("Kopi af SKO.xlsx"))
    _edit(original, "Mål", {"B5": "Ændret mål"})
    summary = sync_project(project, ledger)
    assert len(summary.conflicts) == 1 and len(summary.conflicts[0].files) == 2
    members = {r["version_id"] for r in _rows(ledger, run_members, run_members.c.run_id == summary.run)}
    name = original.relative_to(project.root).as_posix()
    first_version = [v for v in _rows(ledger, versions, versions.c.source == name)][0]
    assert first_version["id"] in members and first_version["id"] in old


def test_a_file_still_being_copied_is_not_complete_yet_and_taken_in_when_whole(demo):
    project, ledger = demo
    sync_project(project, ledger)
    source = _committee_file(project).read_bytes()
    arriving = project.root / "indsendelser" / "Udvalgsaftale_sent_ind.xlsx"
    arriving.write_bytes(source[: len(source) // 2])  # half copied, and young
    summary = sync_project(project, ledger)
    assert summary.incomplete == ["indsendelser/Udvalgsaftale_sent_ind.xlsx"] and not summary.rejected
    assert not _rows(ledger, versions, versions.c.source == "indsendelser/Udvalgsaftale_sent_ind.xlsx")
    arriving.write_bytes(source)
    done = sync_project(project, ledger)
    assert done.new == ["indsendelser/Udvalgsaftale_sent_ind.xlsx"] and not done.incomplete
    assert done.conflicts  # a second file for the same party, now whole


def test_an_old_broken_file_is_rejected_not_waited_for(demo):
    project, ledger = demo
    broken = project.root / "indsendelser" / "gammel.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    old = time.time() - 3600
    os.utime(broken, (old, old))
    summary = sync_project(project, ledger)
    assert [r.file for r in summary.rejected] == ["indsendelser/gammel.xlsx"] and not summary.incomplete
    assert summary.rejected[0].reason.startswith("structure.")
    row = _rows(ledger, versions, versions.c.source == "indsendelser/gammel.xlsx")[0]
    assert row["status"] == "rejected" and row["errors"] == 1
    assert sync_project(project, ledger).noop  # and it is not read again


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and pipes as a Unix share has them")
def test_links_and_pipes_on_the_share_are_not_submissions(demo, tmp_path):
    """Whoever can write to the share must not make the sync read a file from elsewhere on the server
    (and archive it), wait on a pipe, or read a device without end."""
    from roedtraad.sync.scan import look

    project, ledger = demo
    outside = tmp_path / "secret.xlsx"
    outside.write_bytes(_committee_file(project).read_bytes())
    folder = project.root / "indsendelser"
    (folder / "link.xlsx").symlink_to(outside)
    (folder / "zero.xlsx").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "loop").symlink_to(folder)
    summary = sync_project(project, ledger)
    assert not any(name.rsplit("/", 1)[-1] in ("link.xlsx", "zero.xlsx", "pipe.xlsx") for name in summary.new)
    assert not any("loop" in name for name in summary.new) and not summary.rejected
    assert not _rows(ledger, versions, versions.c.source.like("%link.xlsx"))
    assert project.submission_files() == sorted(p for p in project.submission_files() if not p.is_symlink())
    assert folder / "link.xlsx" not in project.submission_files()
    # a file that became a link after the folder was listed is not read either
    assert look(folder / "link.xlsx", "indsendelser/link.xlsx", None, project.archive_dir).status == "gone"


def test_lock_and_temp_files_are_not_submissions_and_an_open_workbook_is_not_written_back(demo):
    project, ledger = demo
    workbook = _committee_file(project)
    lock = workbook.with_name("~$" + workbook.name)
    lock.write_bytes(b"\x00" * 165)
    (workbook.parent / "~WRL0001.tmp").write_bytes(b"excel temp")
    (workbook.parent / ".~lock.x.xlsx#").write_text("lo")
    before = workbook.read_bytes()
    summary = sync_project(project, ledger)
    name = workbook.relative_to(project.root).as_posix()
    assert not any("~" in n for n in summary.new) and name in summary.new
    assert name in summary.pending_write_back and workbook.read_bytes() == before
    assert sync_project(project, ledger).pending_write_back == [name]  # still open: still waiting
    lock.unlink()
    closed = sync_project(project, ledger)
    assert closed.written_back == [name] and not closed.pending_write_back
    assert sync_project(project, ledger).noop


def test_history_tells_the_edit_in_a_user_s_terms(demo):
    project, ledger = demo
    path = _committee_file(project)
    sync_project(project, ledger)
    _edit(path, "Mål", {"C5": "P2"})  # SKO-02: parent P1 -> P2
    _edit(path, "Indikatorer", {"E4": 4.0}, later=61)  # SKO-01's first target
    _edit(path, "Budget", {"C4": 600000}, later=62)
    sync_project(project, ledger)
    history = party_history(project, ledger, "SKO")
    committee = [v for v in history.versions if v.kind == "committee_agreement"]
    assert len(committee) == 2 and not committee[0].changes
    kinds = {(c.kind, c.subject) for c in committee[1].changes}
    assert ("goal-reparented", "SKO-02") in kinds
    assert any(k == "target-changed" and s.startswith("SKO-01") for k, s in kinds)
    assert any(k == "budget-changed" for k, _ in kinds)
    reparent = next(c for c in committee[1].changes if c.kind == "goal-reparented")
    assert (reparent.before, reparent.after) == ("P1", "P2") and "P1 -> P2" in reparent.text
    budget = next(c for c in committee[1].changes if c.kind == "budget-changed")
    assert budget.after == "600000"


def test_an_earlier_master_is_rebuilt_byte_for_byte(demo, tmp_path):
    project, ledger = demo
    first = sync_project(project, ledger)
    kept = Path(first.master).read_bytes()
    _edit(_committee_file(project), "Mål", {"B5": "Et nyt mål"})
    second = sync_project(project, ledger)
    assert Path(second.master).read_bytes() != kept
    third = sync_project(project, ledger)  # a no-op run can be rebuilt too
    assert rebuild_master(project, ledger, first.run, tmp_path / "r1.xlsx").read_bytes() == kept
    assert rebuild_master(project, ledger, second.run, tmp_path / "r2.xlsx").read_bytes() == \
        Path(second.master).read_bytes()
    assert rebuild_master(project, ledger, third.run, tmp_path / "r3.xlsx").read_bytes() == \
        Path(second.master).read_bytes()
    from roedtraad.sync.ledger_schema import parsed

    with ledger.begin() as conn:  # without the cache, from the archive alone
        conn.execute(parsed.delete())
    assert rebuild_master(project, ledger, first.run, tmp_path / "r1b.xlsx").read_bytes() == kept


def test_a_change_of_settings_reads_the_unchanged_files_again_and_changing_back_finds_the_old_records(demo):
    """Records depend on the settings they were read under (here a text limit, which reading checks).
    Finance lowers it in roedtraad.toml: the next sync must find every text over it, although no file
    changed; and none the moment the limit is back where it was."""
    from roedtraad.project import Project
    from roedtraad.sync import store

    project, ledger = demo
    first = sync_project(project, ledger)
    toml = project.root / "roedtraad.toml"
    original = toml.read_text("utf-8")

    def too_long(summary) -> list[str]:  # noqa: ANN001
        rows = _rows(ledger, versions, versions.c.run_id <= summary.run)
        return [r["source"] for r in rows if "cell.text-too-long" in r["findings"]]

    assert too_long(first) == []
    toml.write_text(original.replace("[limits]\n", "[limits]\nmax_text_length = 12\n"), "utf-8")
    stricter = sync_project(Project.open(project.root), ledger)
    assert (stricter.new, stricter.changed, stricter.noop) == ([], [], False)
    assert len(too_long(stricter)) > 10 and stricter.warnings + stricter.errors > first.warnings + first.errors
    store.memo.replace("", {})  # a new process: the ledger's cache alone answers
    toml.write_text(original, "utf-8")
    back = sync_project(Project.open(project.root), ledger)
    assert (back.errors, back.warnings, back.infos) == (first.errors, first.warnings, first.infos)
    assert too_long(back) == []


def test_rows_kept_between_runs_give_the_master_a_fresh_process_would_write(demo, tmp_path, monkeypatch):
    """Rows are kept per table and per file between writes (watch mode, the service). What a row shows
    can lean on other files: a parent's text (the thread), a child's status (the follow-up). Kept rows
    must never hide that: each master equals one rebuilt with nothing kept."""
    from roedtraad.sync import sheet_writer, store

    project, ledger = demo
    sync_project(project, ledger)

    def as_a_fresh_process_would(run) -> None:  # noqa: ANN001
        warm = Path(run.master).read_bytes()
        assert sheet_writer._last_blocks, "rows were kept as blocks"
        with monkeypatch.context() as cold:
            cold.setattr(sheet_writer, "_last_rows", {})
            cold.setattr(sheet_writer, "_last_blocks", {})
            store.memo.replace("", {})
            assert rebuild_master(project, ledger, run.run, tmp_path / f"cold-{run.run}.xlsx").read_bytes() == warm

    # An institution's indicator far off its target: its goal turns red, and with it the children's
    # counts of its parent, a goal in the committee's file, which did not change.
    _edit(next((project.root / "indsendelser").rglob("KUA_AOS_AOS001.xlsx")), "Målopfølgning", {"H4": 30.0})
    as_a_fresh_process_would(sync_project(project, ledger))
    # A parent's new text: its children's rows in an institution's file show it as their parent text.
    _edit(_committee_file(project, "AOS"), "Mål", {"B4": "Et helt nyt forældremål", "B5": "Og endnu et"}, later=61)
    second = sync_project(project, ledger)
    with zipfile.ZipFile(second.master) as package:
        thread = next(package.read(n).decode() for n in package.namelist() if n.startswith("xl/worksheets/sheet")
                      and "Et helt nyt forældremål" in package.read(n).decode())
    assert thread.count("Et helt nyt forældremål") > 1, "the goal itself and, as parent text, its children"
    as_a_fresh_process_would(second)


def test_a_master_is_rebuilt_byte_for_byte_on_a_machine_in_another_time_zone(demo, tmp_path, monkeypatch):
    """"Received" is on the municipality's clock (settings.timezone), not the machine's."""
    import time as clock

    project, ledger = demo
    first = sync_project(project, ledger)
    monkeypatch.setenv("TZ", "America/New_York")
    clock.tzset()
    try:
        again = rebuild_master(project, ledger, first.run, tmp_path / "elsewhere.xlsx")
    finally:
        monkeypatch.undo()
        clock.tzset()
    assert again.read_bytes() == Path(first.master).read_bytes()


def test_a_share_that_goes_away_during_the_scan_removes_nothing(demo, tmp_path, monkeypatch):
    """A share unplugged halfway through a scan: the files not looked at yet are not 'removed'."""
    from roedtraad.sync import intake
    from roedtraad.sync.intake import ShareUnavailable

    project, ledger = demo
    sync_project(project, ledger)
    submissions, away = project.root / "indsendelser", tmp_path / "away"
    look, seen = intake.look, []

    def look_then_unplug(path, *args, **kwargs):
        seen.append(path)
        if len(seen) == 5:
            submissions.rename(away)
        return look(path, *args, **kwargs)

    monkeypatch.setattr(intake, "look", look_then_unplug)
    with pytest.raises(ShareUnavailable):
        sync_project(project, ledger)
    monkeypatch.undo()
    away.rename(submissions)
    after = sync_project(project, ledger)
    assert (after.removed, after.new, after.changed) == ([], [], [])
