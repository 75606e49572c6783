"""The parsed-records cache in the ledger: exact round trip, and nothing in it can run code."""
from __future__ import annotations

import pickle
import zlib

import pytest

from roedtraad.scaffold import init_project
from roedtraad.sync.store import pack, unpack
from roedtraad.workbook_templates.read import read_foundation, read_submission


def test_every_demo_record_comes_back_equal(tmp_path):
    project = init_project(tmp_path / "kommune", demo_scale=9, seed=3)
    files = project.submission_files()
    assert files
    for path in files:
        record, findings = read_submission(path, project.settings, name=path.name)
        assert unpack(pack(record, findings)) == (record, findings)
    foundation, findings = read_foundation(project.foundation_path, project.settings)
    assert unpack(pack(foundation, findings)) == (foundation, findings)
    assert unpack(pack(None, [])) == (None, [])


class _Exploit:
    ran = False

    def __reduce__(self):
        return (setattr, (_Exploit, "ran", True))


def test_a_pickled_blob_planted_in_the_ledger_is_not_executed():
    blob = zlib.compress(pickle.dumps(_Exploit()))
    with pytest.raises(ValueError):  # not JSON: refused, never unpickled
        unpack(blob)
    assert _Exploit.ran is False
