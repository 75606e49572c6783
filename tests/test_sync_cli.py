"""The ledger's commands through click: sync, status, history, master --run, token; and run through the ledger."""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ledger_helpers import snapshot
from roedtraad.cli import main
from roedtraad.sync.lock import writer_lock
from roedtraad.sync.status import project_status

SUMMARY_KEYS = {"run", "new", "changed", "unchanged", "incomplete", "conflicts", "rejected", "written_back", "master"}


@pytest.fixture
def demo(sqlite_demo):
    return sqlite_demo


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_sync_json_then_nothing_new_in_text(demo):
    project, _ = demo
    first = _cli("sync", "-p", str(project.root), "--format", "json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    workbooks = 1 + sum(1 for _ in (project.root / "indsendelser").rglob("*.xlsx"))  # the demo's, and the foundation
    assert set(data) >= SUMMARY_KEYS and data["run"] == 1 and len(data["new"]) == workbooks
    assert data["master"].endswith("Konsolideret.xlsx") and data["written_back"]
    before = snapshot(project.root)
    again = _cli("sync", "-p", str(project.root))
    assert again.exit_code == 0
    assert again.output.splitlines()[0] == f"Kørsel 2: intet nyt ({workbooks} uændrede filer)."
    assert snapshot(project.root) == before
    english = _cli("sync", "-p", str(project.root), "--lang", "en")  # another language: another master
    assert english.output.startswith("Run 3: 0 new,") and "Consolidated.xlsx" in english.output
    assert _cli("sync", "-p", str(project.root), "--lang", "en").output.startswith("Run 4: nothing new")


def test_a_conflict_is_told_with_the_agreement_s_name(demo):
    project, _ = demo
    _cli("sync", "-p", str(project.root))
    original = next((project.root / "indsendelser").rglob("Udvalgsaftale_*_SKO.xlsx"))
    (project.root / "indsendelser" / "kopi.xlsx").write_bytes(original.read_bytes())
    told = _cli("sync", "-p", str(project.root)).output
    assert "Konflikt, SKO (Udvalgsaftale): indsendelser/kopi.xlsx, " in told and "committee_agreement" not in told


def test_a_master_open_in_excel_is_told_on_every_run_until_it_is_written(demo):
    project, _ = demo
    _cli("sync", "-p", str(project.root))
    lock = project.root / "output" / "~$Konsolideret.xlsx"
    lock.write_bytes(b"\x00")  # finance has the master open
    original = next((project.root / "indsendelser").rglob("Udvalgsaftale_*_SKO.xlsx"))
    from roedtraad.sync.xlsx_patch import patch_sheet_cells
    original.write_bytes(patch_sheet_cells(original.read_bytes(), "Mål", {"B5": "Et nyt mål"}))
    for _ in range(2):  # the run that could not write it, and the next one, with nothing new
        told = _cli("sync", "-p", str(project.root)).output
        assert "Ikke opdateret (åben i Excel" in told and "Konsolideret.xlsx" in told.split("Ikke opdateret")[1]
    lock.unlink()
    written = _cli("sync", "-p", str(project.root)).output
    assert "Ikke opdateret" not in written and "Masterfil:" in written


def test_a_lost_share_removes_nothing(demo, tmp_path):
    project, _ = demo
    assert _cli("sync", "-p", str(project.root)).exit_code == 0
    (project.root / "indsendelser").rename(tmp_path / "away")
    lost = _cli("sync", "-p", str(project.root))
    assert lost.exit_code == 1 and lost.output.startswith("Fejl: ") and "kan ikke nås" in lost.output
    (tmp_path / "away").rename(project.root / "indsendelser")
    assert "intet nyt" in _cli("sync", "-p", str(project.root)).output


def test_sync_strict_gives_validate_s_exit_codes(demo):
    project, _ = demo
    assert _cli("sync", "-p", str(project.root), "--strict").exit_code == 1  # the demo's deliberate errors
    assert _cli("sync", "-p", str(project.root)).exit_code == 0


def test_a_second_writer_exits_3_saying_who_holds_the_ledger_since_when(demo):
    project, ledger = demo
    with writer_lock(ledger, holder="roedtraad sync (karen@okonomi-pc, pid 4242)"):
        result = CliRunner().invoke(main, ["sync", "-p", str(project.root), "--wait", "0.3"])
    assert result.exit_code == 3
    assert "karen@okonomi-pc" in result.stderr and "siden" in result.stderr
    assert _cli("sync", "-p", str(project.root)).exit_code == 0


def test_status_json_is_the_library_s_model_and_text_names_late_and_missing(demo):
    project, ledger = demo
    _cli("sync", "-p", str(project.root))
    result = _cli("status", "-p", str(project.root), "--format", "json")
    assert json.loads(result.output) == project_status(project, ledger).model_dump(mode="json")
    text = _cli("status", "-p", str(project.root)).output
    assert "for sent" in text and "mangler" in text and "frist" in text
    assert "0 fejl, 1 advarsel" in text and "1 advarsler" not in text and "1 fejl, 0 advarsler" in text
    assert _cli("status", "-p", str(project.root), "--committee", "NOPE").exit_code == 2


def test_history_and_master_rebuild_from_the_command_line(demo, tmp_path):
    project, _ = demo
    _cli("sync", "-p", str(project.root))
    history = _cli("history", "-p", str(project.root), "SKO")
    assert history.exit_code == 0 and "Udvalgsaftale" in history.output and "v" in history.output
    assert "Projektregister" in history.output and "modtaget" in history.output and " fejl, " in history.output
    assert "accepted" not in history.output  # told in the user's language, as status is
    english = _cli("history", "-p", str(project.root), "SKO", "--lang", "en").output
    assert "received" in english and "  Committee agreement  " in english and "  Udvalgsaftale  " not in english
    assert _cli("history", "-p", str(project.root), "NOBODY").exit_code == 2
    master = Path(project.root / "output" / "Konsolideret.xlsx")
    rebuilt = _cli("master", "-p", str(project.root), "--run", "1", "--output", str(tmp_path / "m.xlsx"))
    assert rebuilt.exit_code == 0 and (tmp_path / "m.xlsx").read_bytes() == master.read_bytes()
    unknown = _cli("master", "-p", str(project.root), "--run", "9", "--output", str(tmp_path / "m9.xlsx"))
    assert unknown.exit_code == 2 and "Fejl: Ledgeren har ingen afsluttet kørsel 9; afsluttede kørsler: 1." \
        in unknown.output and not (tmp_path / "m9.xlsx").exists()


def test_tokens_from_the_command_line(demo):
    project, _ = demo
    made = CliRunner().invoke(main, ["token", "add", "SKO", "-p", str(project.root)])
    assert made.exit_code == 0 and made.stdout.strip().startswith("rt_") and "vises kun nu" in made.stderr
    assert _cli("token", "add", "--finance", "Karen", "-p", str(project.root)).exit_code == 0
    nobody = _cli("token", "add", "NOBODY", "-p", str(project.root))
    assert nobody.exit_code == 2 and "Fejl: Ukendt part 'NOBODY'; kendte parter: " in nobody.output
    assert "Angiv enten PARTY_ID eller --finance" in _cli("token", "add", "-p", str(project.root)).output
    listed = json.loads(_cli("token", "list", "-p", str(project.root), "--format", "json").output)
    assert [(t["role"], t["party"], t["name"]) for t in listed] == [("party", "SKO", "SKO"), ("finance", None, "Karen")]
    assert made.stdout.strip() not in _cli("token", "list", "-p", str(project.root)).output
    revoked = _cli("token", "revoke", "1", "-p", str(project.root))
    assert revoked.exit_code == 0 and revoked.output.strip() == "Token 1 (party SKO) er spærret."
    assert json.loads(_cli("token", "list", "-p", str(project.root), "--format", "json").output)[0]["revoked"]
    assert " spærret " in _cli("token", "list", "-p", str(project.root)).output
    missing = _cli("token", "revoke", "9", "-p", str(project.root))
    assert missing.exit_code == 2 and "Der er ingen token med id 9" in missing.output


def test_run_goes_through_the_ledger_and_a_second_run_changes_nothing(demo):
    project, ledger = demo
    first = _cli("run", "-p", str(project.root))
    assert first.exit_code == 1 and "Masterfil:" in first.output and "Kørsel 1:" in first.output
    before = snapshot(project.root)
    second = _cli("run", "-p", str(project.root))
    assert second.exit_code == 1 and "Kørsel 2: intet nyt" in second.output
    assert snapshot(project.root) == before
    assert project_status(project, ledger).run == 2


def test_sync_watch_takes_in_files_survives_a_broken_file_and_a_lost_share_and_stops_on_ctrl_c(demo, tmp_path):
    project, _ = demo
    submissions = project.root / "indsendelser"
    proc = subprocess.Popen([sys.executable, "-m", "roedtraad", "sync", "--watch", "-p", str(project.root),
                             "--format", "json", "--debounce", "200", "--tick", "0.5", "--settle", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1"})  # SIGABRT prints every stack
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []  # read as it comes, so a full pipe never stops the process
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    stderr = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
    stderr.start()
    runs: list[dict] = []

    def wait_for(check, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = lines.get(timeout=max(end - time.monotonic(), 0.01))
            except queue.Empty:
                break
            if line.startswith("{"):
                runs.append(json.loads(line))
                if check(runs[-1]):
                    return
        raise AssertionError(f"no matching run; saw {runs[-3:]}")

    try:
        wait_for(lambda r: r["run"] == 1)
        (submissions / "ødelagt.xlsx").write_bytes(b"PK\x03\x04 broken")
        wait_for(lambda r: any(x["file"].endswith("ødelagt.xlsx") for x in r["rejected"]))
        hidden = tmp_path / "away"
        submissions.rename(hidden)  # the share goes away ...
        time.sleep(1.5)
        hidden.rename(submissions)  # ... and comes back
        (submissions / "ødelagt.xlsx").unlink()
        wait_for(lambda r: "indsendelser/ødelagt.xlsx" in r["removed"])
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # say where it hangs, rather than only that it does
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=30)
            stderr.join(timeout=10)
            raise AssertionError("sync --watch did not stop on Ctrl-C:\n" + "".join(errors)[-8000:]) from None
        stderr.join(timeout=10)
    err = "".join(errors)
    assert proc.returncode == 0, err
    assert "Stoppet." in err and "kan ikke nås" in err


def test_the_readme_documents_the_ledger_s_commands():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in ("roedtraad sync", "roedtraad status", "roedtraad history", "roedtraad master --run",
                    "roedtraad token add", "ROEDTRAAD_DB", "[ledger]", "Data safety"):
        assert command in readme, command
    for name in ("sync", "status", "history", "master", "token"):
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_status_and_history_say_a_usage_problem_in_the_projects_language(demo):
    project, _ = demo
    assert _cli("sync", "-p", str(project.root)).exit_code == 0
    unknown = _cli("status", "-p", str(project.root), "--committee", "XYZ")
    assert unknown.exit_code == 2 and "ukendt udvalg 'XYZ'; kendte udvalg:" in unknown.output
    swedish = _cli("status", "-p", str(project.root), "--committee", "XYZ", "--lang", "sv")
    assert swedish.exit_code == 2 and "okänd nämnd 'XYZ'" in swedish.output
    nobody = _cli("history", "-p", str(project.root), "NOBODY")
    assert nobody.exit_code == 2 and "Ledgeren har ingen versioner fra NOBODY." in nobody.output
