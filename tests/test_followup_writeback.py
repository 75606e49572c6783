"""The follow-up sheet reaches a party that sent its agreement before follow-up began: one sheet
added to its own workbook, every other part byte for byte as it was; then its computed status."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from factories import committee_agreement, committee_header, foundation, settings
from test_xlsx_patch import enriched_workbook, members, values

from roedtraad.cascade import CascadeGraph
from roedtraad.model import Deadline
from roedtraad.sync.followup_writeback import add_follow_up
from roedtraad.sync.xlsx_add_sheet import NewSheet, add_sheet, sheet_xml
from roedtraad.sync.xlsx_patch import PatchError, WriteBackOutcome, write_back
from roedtraad.workbook_templates import generate
from roedtraad.workbook_templates.read import read_foundation, read_submission
from roedtraad.workbook_templates.spec import WorkbookSpec, workbook_specs

CHANGED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}


def without_inserted(new: bytes, old: bytes) -> bytes:
    """`new` minus the one element add_sheet inserted into it (it must be exactly one)."""
    for pattern in (rb"<sheet [^>]*/>", rb"<Relationship [^>]*/>", rb"<Override [^>]*/>"):
        for match in re.finditer(pattern, new):
            if new[:match.start()] + new[match.end():] == old:
                return old
    return new


def assert_only_sheet_added(original: bytes, updated: bytes, part: str) -> None:
    old, new = members(original), members(updated)
    assert [m[0] for m in new] == [m[0] for m in old] + [part]
    for before, after in zip(old, new):
        if before[0] in CHANGED:
            assert without_inserted(after[1], before[1]) == before[1], before[0]
            assert after[2:] == before[2:]
        else:
            assert after == before, before[0]  # content, compression, timestamp, attributes
    with zipfile.ZipFile(io.BytesIO(original)) as zin, zipfile.ZipFile(io.BytesIO(updated)) as zout:
        for info in zin.infolist():
            if info.filename not in CHANGED:  # the compressed bytes too, not just the content
                assert zout.getinfo(info.filename).CRC == info.CRC
                assert zout.getinfo(info.filename).compress_size == info.compress_size


def test_a_sheet_added_to_a_workbook_with_everything_else_leaves_every_other_part_alone(tmp_path, soffice,
                                                                                         convert_with_soffice):
    original = enriched_workbook(tmp_path / "enriched.xlsx")
    sheet = NewSheet(rows=[["Opfølgning"], ["Mål", "Faktisk"], ["A-1", 0.5], ["=SUM(1)", "<&>"]],
                     widths=[20, 12], frozen_rows=2, lists=[("B3:B9", ["Grøn", "Gul", "Rød"])], protect=True)
    updated = add_sheet(original, "Målopfølgning", sheet_xml(sheet))
    assert_only_sheet_added(original, updated, "xl/worksheets/sheet3.xml")
    assert values(updated) == {**values(original),
                               "Målopfølgning": {"A1": "Opfølgning", "A2": "Mål", "B2": "Faktisk", "A3": "A-1",
                                                 "B3": 0.5, "A4": "=SUM(1)", "B4": "<&>"}}
    full = openpyxl.load_workbook(io.BytesIO(updated))
    assert full.sheetnames == ["Mål", "Data", "Målopfølgning"]
    assert full["Målopfølgning"]["A4"].data_type == "s"  # text that looks like a formula stays text
    assert full.defined_names["Resultater"].attr_text == "'Mål'!$D$2:$D$5"
    path = tmp_path / "updated.xlsx"
    path.write_bytes(updated)
    convert_with_soffice(path, "ods")  # LibreOffice opens it without repair


def test_add_sheet_refuses_a_name_that_is_there_or_invalid(tmp_path):
    original = enriched_workbook(tmp_path / "enriched.xlsx")
    with pytest.raises(PatchError):
        add_sheet(original, "data", sheet_xml(NewSheet()))
    with pytest.raises(PatchError):
        add_sheet(original, "Mål/2027", sheet_xml(NewSheet()))


def with_checkpoints():
    found = foundation()
    return found.model_copy(update={"deadlines": found.deadlines + [
        Deadline(phase="Halvårsopfølgning 2027", deadline=date(2027, 6, 30), checkpoint=True),
        Deadline(phase="Årsopfølgning 2027", deadline=date(2027, 12, 31), checkpoint=True),
        Deadline(phase="Årsopfølgning 2029", deadline=date(2029, 12, 31), checkpoint=True)]})


def sent_before_follow_up(path: Path) -> Path:
    """An agreement as roedtraad wrote it before the follow-up sheet existed."""
    s = settings()
    real = workbook_specs
    old = {k: WorkbookSpec(v.kind, v.title, v.front_fields, v.instructions,
                           tuple(t for t in v.tables if t.key != "results")) for k, v in real(s).items()}
    generate.workbook_specs = lambda _settings: old
    try:
        return generate.write_agreement(path, s, "committee_agreement", foundation(), committee_header(),
                                        committee_agreement())
    finally:
        generate.workbook_specs = real


def validated(tmp_path: Path, path: Path):
    s = settings()
    found_path = generate.write_foundation(tmp_path / "Styringsgrundlag.xlsx", s, with_checkpoints())
    found, findings = read_foundation(found_path, s, found_path.name)
    submission, more = read_submission(path, s, path.name)
    return SimpleNamespace(foundation=found, submissions=[submission], findings=findings + more,
                           graph=CascadeGraph.build(s, found, [submission]))


def test_a_party_that_already_sent_its_agreement_gets_the_follow_up_sheet_and_nothing_else(tmp_path,
                                                                                          convert_with_soffice):
    path = sent_before_follow_up(tmp_path / "ua.xlsx")
    original = path.read_bytes()
    assert "Målopfølgning" not in openpyxl.load_workbook(path).sheetnames
    mtime = path.stat().st_mtime_ns
    report = add_follow_up(validated(tmp_path, path), settings(), tmp_path / "arkiv")
    assert [(o.outcome, o.cells) for o in report.outcomes] == [(WriteBackOutcome.WRITTEN, 2)] and not report.findings
    assert_only_sheet_added(original, path.read_bytes(), "xl/worksheets/sheet9.xml")
    assert path.stat().st_mtime_ns == mtime  # filling in is no delivery
    assert len(list((tmp_path / "arkiv").iterdir())) == 1  # the original is archived
    # The reader reads it: one row per checkpoint of the agreement's years (2027-2028) and indicator.
    submission, findings = read_submission(path, settings())
    assert not findings
    assert [(r.checkpoint, r.goal_id, r.indicator, r.baseline, r.target, r.actual) for r in submission.results] == [
        ("Halvårsopfølgning 2027", "SKO-01", "Andel sikre læsere", 80.0, 82.0, None),
        ("Årsopfølgning 2027", "SKO-01", "Andel sikre læsere", 80.0, 82.0, None)]
    wb = openpyxl.load_workbook(path)
    ws = wb["Målopfølgning"]
    assert ws.protection.sheet and ws.freeze_panes == "A4"
    assert ws["H4"].protection.locked is False and ws["A3"].font.b  # input unlocked, header as the others
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == ['"Højere er bedre,Lavere er bedre"',
                                                                         '"Grøn,Gul,Rød"']
    convert_with_soffice(path, "ods")  # LibreOffice opens it without repair
    # Running again changes nothing.
    again = add_follow_up(validated(tmp_path, path), settings(), tmp_path / "arkiv")
    assert [o.outcome for o in again.outcomes] == [WriteBackOutcome.UNCHANGED]


def test_the_party_fills_in_and_the_status_is_written_back(tmp_path):
    path = sent_before_follow_up(tmp_path / "ua.xlsx")
    add_follow_up(validated(tmp_path, path), settings(), tmp_path / "arkiv")
    write_back(path, "Målopfølgning", {"H4": 81, "I4": "Grøn", "H5": 82.5}, expected_sha256=None,
               archive_dir=tmp_path / "arkiv")
    report = add_follow_up(validated(tmp_path, path), settings(), tmp_path / "arkiv")
    assert [(o.outcome, o.cells) for o in report.outcomes] == [(WriteBackOutcome.WRITTEN, 2)]
    ws = openpyxl.load_workbook(path)["Målopfølgning"]
    assert (ws["M4"].value, ws["M5"].value) == ("Gul", "Grøn")
    submission, _ = read_submission(path, settings())
    assert [(r.actual, r.assessment) for r in submission.results] == [(81.0, "green"), (82.5, None)]


def test_a_file_saved_since_validation_is_left_alone(tmp_path):
    path = sent_before_follow_up(tmp_path / "ua.xlsx")
    result = validated(tmp_path, path)
    write_back(path, "Mål", {"F4": "Ny ansvarlig"}, expected_sha256=None, archive_dir=tmp_path / "x")
    saved = path.read_bytes()
    report = add_follow_up(result, settings(), tmp_path / "arkiv")
    assert [o.outcome for o in report.outcomes] == [WriteBackOutcome.CHANGED_SINCE_READ]
    assert [f.code for f in report.findings] == ["sync.changed-since-read"]
    assert path.read_bytes() == saved
