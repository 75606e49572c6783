"""One atomic write helper: a file is written whole or not at all, and a failed write leaves the
old file and no temporary file behind."""
from __future__ import annotations

import os
import stat

import pytest

from roedtraad.files import write_atomically


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_bytes_text_and_through_a_writer(tmp_path):
    assert write_atomically(tmp_path / "a" / "b.bin", b"\x00\x01") is True
    assert (tmp_path / "a" / "b.bin").read_bytes() == b"\x00\x01"
    write_atomically(tmp_path / "t.txt", "Rød tråd")
    assert (tmp_path / "t.txt").read_text(encoding="utf-8") == "Rød tråd"
    write_atomically(tmp_path / "w.xml", lambda tmp: tmp.write_text("<x/>"))
    assert (tmp_path / "w.xml").read_text() == "<x/>"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "a") == []


def test_a_writer_failing_halfway_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "Udvalgsaftale.xlsx"
    target.write_bytes(b"old workbook")

    def half_then_crash(tmp):
        tmp.write_bytes(b"half a wor")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomically(target, half_then_crash)
    assert target.read_bytes() == b"old workbook"
    assert _leftovers(tmp_path) == []


def test_a_failing_rename_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.html"
    target.mkdir()  # the rename itself fails: a folder stands where the file should go
    (target / "keep").write_text("x")
    with pytest.raises(OSError):
        write_atomically(target, b"<html></html>")
    assert (target / "keep").read_text() == "x"
    assert _leftovers(tmp_path) == []


def test_only_if_changed_keeps_the_file_and_its_mtime(tmp_path):
    target = tmp_path / "r.html"
    write_atomically(target, b"same")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_atomically(target, b"same", only_if_changed=True) is False
    assert write_atomically(target, lambda tmp: tmp.write_bytes(b"same"), only_if_changed=True) is False
    assert target.stat().st_mtime_ns == 1_000_000_000 and _leftovers(tmp_path) == []
    assert write_atomically(target, b"new", only_if_changed=True) is True
    assert target.read_bytes() == b"new"
    assert write_atomically(target, b"new") is True  # without the flag: always written
    assert target.stat().st_mtime_ns != 1_000_000_000


def test_mode_and_umask(tmp_path):
    write_atomically(tmp_path / "upload.xlsx", b"x", mode=0o644)
    assert stat.S_IMODE((tmp_path / "upload.xlsx").stat().st_mode) == 0o644
    old = os.umask(0o027)
    try:
        write_atomically(tmp_path / "plain.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode) == 0o640
