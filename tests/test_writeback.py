"""Write-back: only the computed cells change, unchanged input changes nothing, busy files wait a run."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from openpyxl.utils.cell import coordinate_from_string
import pytest
from factories import (committee_agreement, committee_header, foundation, quality_agreement, quality_header,
                       settings)

from roedtraad.cascade import CascadeGraph
from roedtraad.sync.writeback import write_back_trace
from roedtraad.sync.xlsx_patch import WriteBackOutcome, read_sheet_xml
from roedtraad.findings import Finding, Severity
from roedtraad.workbook_templates.generate import write_agreement, write_foundation
from roedtraad.workbook_templates.read import read_foundation, read_submission

W = WriteBackOutcome


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    s = settings()
    return {
        "foundation": write_foundation(tmp_path / "Styringsgrundlag.xlsx", s, foundation()),
        "ua": write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header(),
                              committee_agreement()),
        "kua": write_agreement(tmp_path / "kua.xlsx", s, "quality_agreement", foundation(), quality_header(),
                               quality_agreement()),
    }


def read_all(files: dict[str, Path], extra_findings=()):
    """What the engine hands over: records as read from disk (with sha256), findings, the graph."""
    s = settings()
    found, findings = read_foundation(files["foundation"], s, files["foundation"].name)
    submissions = []
    for key in ("ua", "kua"):
        submission, more = read_submission(files[key], s, files[key].name)
        submissions.append(submission)
        findings += more
    findings += list(extra_findings)
    return SimpleNamespace(foundation=found, submissions=submissions, findings=findings,
                           graph=CascadeGraph.build(s, found, submissions))


def run(files, tmp_path, extra_findings=()):
    return write_back_trace(read_all(files, extra_findings), settings(), tmp_path / "arkiv")


def outcomes(report) -> dict[str, WriteBackOutcome | None]:
    return {o.path.name: o.outcome for o in report.outcomes}


def sheet_values(path: Path, sheet: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_writes_the_trace_columns_and_the_objective_counts(files, tmp_path):
    report = run(files, tmp_path)
    assert outcomes(report) == {"Styringsgrundlag.xlsx": W.WRITTEN, "ua.xlsx": W.WRITTEN, "kua.xlsx": W.WRITTEN}
    assert report.findings == []
    ua = openpyxl.load_workbook(files["ua"])["Mål"]
    assert [c.value for c in ua[4]][6:] == ["M1 › P1 › SKO-01", "Alle børn skal trives og lære mest muligt",
                                            "Flere unge skal have en ungdomsuddannelse", 1, "OK"]
    objectives = openpyxl.load_workbook(files["foundation"])["Målsætninger"]
    assert [c.value for c in objectives[6]][4:] == [2, 1, 1]  # the foundation's rows start below its example


def is_computed(coordinate: str, columns: str) -> bool:
    column, row = coordinate_from_string(coordinate)
    return column in columns and row > 3  # below the header


def test_only_the_computed_cells_change(files, tmp_path):
    before = {key: (members(path), sheet_values(path, "Mål" if key != "foundation" else "Målsætninger"))
              for key, path in files.items()}
    run(files, tmp_path)
    computed = {"ua": "GHIJK", "kua": "JKLMN", "foundation": "EFG"}
    for key, path in files.items():
        sheet = "Mål" if key != "foundation" else "Målsætninger"
        old_members, old_values = before[key]
        new_members = members(path)
        part = next(n for n, data in new_members.items() if data == read_sheet_xml(path.read_bytes(), sheet))
        assert {n: d for n, d in new_members.items() if n != part} == {n: d for n, d in old_members.items()
                                                                          if n != part}
        new_values = sheet_values(path, sheet)
        keep = lambda values: {k: v for k, v in values.items() if not is_computed(k, computed[key])}  # noqa: E731
        assert keep(new_values) == keep(old_values)
        rows = (6, 7) if key == "foundation" else (4, 5)  # the foundation's rows start below its example
        assert {k for k in new_values if k not in old_values} <= {f"{c}{r}" for c in computed[key] for r in rows}


def test_write_back_keeps_the_time_the_file_was_received(files, tmp_path):
    for path in files.values():
        os.utime(path, ns=(1_780_000_000_000_000_000, 1_780_000_000_000_000_000))
    before = {p: p.read_bytes() for p in files.values()}
    run(files, tmp_path)
    assert all(p.read_bytes() != before[p] for p in files.values())
    assert {p.stat().st_mtime_ns for p in files.values()} == {1_780_000_000_000_000_000}


def test_a_second_run_changes_no_file(files, tmp_path):
    run(files, tmp_path)
    stamps = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()}
    report = run(files, tmp_path)
    assert set(outcomes(report).values()) == {W.UNCHANGED}
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()} == stamps
    assert len(list((tmp_path / "arkiv").iterdir())) == 3  # archived once, before the first write


def test_a_locked_file_waits_for_the_next_run(files, tmp_path):
    lock = tmp_path / "~$ua.xlsx"
    lock.write_bytes(b"Excel")
    original = files["ua"].read_bytes()
    report = run(files, tmp_path)
    assert outcomes(report)["ua.xlsx"] is W.LOCKED
    assert [(f.code, f.severity, f.file) for f in report.findings] == [
        ("sync.file-locked", Severity.WARNING, "ua.xlsx")]
    assert "næste kørsel" in report.findings[0].message("da")
    assert "next run" in report.findings[0].message("en")
    assert files["ua"].read_bytes() == original
    lock.unlink()
    assert outcomes(run(files, tmp_path))["ua.xlsx"] is W.WRITTEN


def test_a_file_saved_after_reading_is_not_overwritten(files, tmp_path):
    result = read_all(files)
    wb = openpyxl.load_workbook(files["ua"])
    wb["Mål"]["B4"] = "Ny måltekst"
    wb.save(files["ua"])
    saved = files["ua"].read_bytes()
    report = write_back_trace(result, settings(), tmp_path / "arkiv")
    assert outcomes(report)["ua.xlsx"] is W.CHANGED_SINCE_READ
    assert [f.code for f in report.findings] == ["sync.changed-since-read"]
    assert files["ua"].read_bytes() == saved


def test_moved_and_missing_computed_columns(files, tmp_path):
    wb = openpyxl.load_workbook(files["ua"])
    ws = wb["Mål"]
    ws.insert_cols(1)  # every column moves one to the right
    ws.delete_cols(9)  # "Målsætning (beregnes)", now in I, is gone
    wb.save(files["ua"])
    report = run(files, tmp_path)
    assert outcomes(report)["ua.xlsx"] is W.WRITTEN
    assert [(f.code, f.severity, f.cell, f.params["column"]) for f in report.findings] == [
        ("sync.computed-column-missing", Severity.INFO, "A3", "Målsætning (beregnes)")]
    row = [c.value for c in openpyxl.load_workbook(files["ua"])["Mål"][4]]
    assert row[1] == "SKO-01" and row[7:11] == ["M1 › P1 › SKO-01", "Flere unge skal have en ungdomsuddannelse",
                                                1, "OK"]


def test_structure_errors_skip_the_file_and_row_findings_show_in_status(files, tmp_path):
    broken = Finding(code="structure.missing-column", severity=Severity.ERROR, file="kua.xlsx", sheet="Mål")
    unknown = Finding(code="thread.unknown-parent", severity=Severity.ERROR, file="ua.xlsx", sheet="Mål", cell="C4")
    malformed = Finding(code="cell.malformed-id", severity=Severity.ERROR, file="ua.xlsx", sheet="Mål", cell="A6")
    original = files["kua"].read_bytes()
    report = run(files, tmp_path, [broken, unknown, malformed])
    assert "kua.xlsx" not in outcomes(report) and files["kua"].read_bytes() == original
    ws = openpyxl.load_workbook(files["ua"])["Mål"]
    assert ws["K4"].value == "Fejl: Ukendt overordnet mål"
    assert [c.value for c in ws[6]][6:11] == [None, None, None, None, "Fejl: Ugyldigt id"]


def test_libreoffice_opens_a_written_back_file(files, tmp_path, convert_with_soffice):
    run(files, tmp_path)
    assert convert_with_soffice(files["kua"], "ods").stat().st_size > 0
