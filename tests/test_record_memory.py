"""Parsed records stay small, and what they share is safe to share.

A full sync at 10,000 submissions holds every record in one process; each kilobyte per
submission is 10 MiB there. Records share one fields set per class and one dict per
distinct cell map, and the intake holds one batch of file bytes at a time, not all.
"""
from __future__ import annotations

import gc
import pickle
import tracemalloc

import pytest

from ledger_helpers import demo_template
from roedtraad.model import Goal, Location
from roedtraad.project import Project
from roedtraad.sync import intake
from roedtraad.sync.store import pack, unpack
from roedtraad.workbook_templates.read import read_submission

# Measured 2026-12-04 on the demo (scale 10): 54 KiB read, 56 KiB through pickle and 42 KiB
# from the cache before records shared their bookkeeping; 24, 25 and 19 KiB after.
KIB_PER_SUBMISSION = 40


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Project:
    root, _ = demo_template(tmp_path_factory.mktemp("templates"))
    return Project.open(root)


def _read(project: Project) -> list:
    out = []
    for path in project.submission_files():
        record, _ = read_submission(path, project.settings, name=path.relative_to(project.root).as_posix())
        out.append(record)
    return out


def _retained(build) -> tuple[list, float]:
    """What build() returns, and the KiB per item tracemalloc sees it keep."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = build()
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    return result, kept / len(result) / 1024


def test_a_parsed_submission_stays_small_however_it_arrives(demo):
    read_once = _read(demo)  # warm: reading plans, imports and caches are not the records' memory
    pickled = pickle.dumps(read_once)
    blobs = [pack(record, []) for record in read_once]
    records, read_kib = _retained(lambda: _read(demo))
    restored, pickled_kib = _retained(lambda: pickle.loads(pickled))
    unpacked, unpacked_kib = _retained(lambda: [unpack(blob)[0] for blob in blobs])
    assert len(records) == len(restored) == len(unpacked) > 20
    assert restored == records and unpacked == records
    assert read_kib < KIB_PER_SUBMISSION, f"read: {read_kib:.1f} KiB per submission"
    assert pickled_kib < KIB_PER_SUBMISSION, f"from a worker: {pickled_kib:.1f} KiB per submission"
    assert unpacked_kib < KIB_PER_SUBMISSION, f"from the cache: {unpacked_kib:.1f} KiB per submission"


def test_records_share_one_fields_set_per_class_and_one_dict_per_cell_map(demo):
    records = _read(demo)
    for batch in (records, pickle.loads(pickle.dumps(records)), [unpack(pack(r, []))[0] for r in records]):
        goals = [g for r in batch for g in r.goals]
        assert len({id(g.__pydantic_fields_set__) for g in goals}) == 1
        assert goals[0].model_fields_set == set(Goal.model_fields)
        maps = [g.cells for g in goals]
        assert len({id(m) for m in maps}) == len({tuple(m.items()) for m in maps}) < len(maps)
        cells = [c for r in batch for i in r.indicators for c in i.cells.values()]
        assert len({id(c) for c in cells}) == len(set(cells))


def test_a_shared_fields_set_or_cell_map_does_not_carry_a_change_to_another_record(demo):
    first, second = [g for r in _read(demo) for g in r.goals if g.cells.get("text") == "B4"][:2]
    assert first.cells is second.cells
    fields = set(second.model_fields_set)
    first.text = "Et nyt mål"
    assert (first.text, second.text != "Et nyt mål", second.model_fields_set) == ("Et nyt mål", True, fields)
    copy = second.model_copy(update={"cells": {"text": "Z9"}, "responsible": "Ny"})
    assert (copy.cells, copy.responsible) == ({"text": "Z9"}, "Ny")
    assert second.cells is first.cells and second.cells["text"] == "B4" and second.responsible != "Ny"
    assert second.model_fields_set == fields
    with pytest.raises(ValueError):
        first.location.cell = "A1"  # locations stay frozen
    assert Location(file="a.xlsx").model_fields_set == set(Location.model_fields)


def test_the_intake_holds_one_batch_of_file_bytes_at_a_time(demo, tmp_path, monkeypatch):
    import shutil

    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project

    root = tmp_path / "kommune"
    shutil.copytree(demo.root, root, copy_function=shutil.copy2)
    project = Project.open(root)
    looked: list = []
    holding: list[int] = []
    real_look = intake.look

    def look(*args, **kwargs):
        seen = real_look(*args, **kwargs)
        looked.append(seen)
        holding.append(sum(1 for s in looked if s.data is not None))
        return seen

    monkeypatch.setattr(intake, "look", look)
    monkeypatch.setattr(intake, "ARCHIVE_BATCH", 4, raising=False)
    with open_ledger(project, f"sqlite:///{(tmp_path / 'ledger.sqlite').as_posix()}") as ledger:
        result = sync_project(project, ledger, settle=0)
    assert len(result.new) > 20 and len(looked) == len(result.new)
    assert max(holding) == 4  # never more than a batch, and the batch did fill
    assert all(s.data is None for s in looked)
    archived = {p.name for p in (root / project.settings.paths.archive).rglob("*") if p.is_file()}
    assert {s.sha256 for s in looked} <= archived  # every version archived all the same
