"""A killed run's temporary files are removed by the next run: beside submissions, the foundation, the master,
in the archive and its write journal."""
from __future__ import annotations

from roedtraad.sync.tidy import remove_leftovers


def test_leftovers_beside_the_foundation_submissions_and_master_go_and_nothing_else(tmp_path):
    root = tmp_path
    submissions = root / "indsendelser"
    output = root / "output"
    archive = root / "arkiv"
    for folder in (submissions, output, archive):
        folder.mkdir()
    foundation = root / "Styringsgrundlag.xlsx"
    foundation.write_bytes(b"x")
    (submissions / "A.xlsx").write_bytes(b"x")
    master = output / "Konsolideret.xlsx"
    digest = "ab" * 32
    (archive / "ab").mkdir()
    (archive / ".written").mkdir()
    leftovers = [root / ".Styringsgrundlag.xlsx.k2j4_a1.tmp", submissions / ".A.xlsx.9fj3kq.tmp",
                 output / ".Konsolideret.xlsx.123.tmp", output / ".Konsolideret.xlsx.0a1b2c3d.tmp",
                 archive / "ab" / f".{digest}.0a1b2c3d.tmp", archive / "ab" / f".{digest}.4242.part",
                 archive / ".written" / ".journal-0123456789abcdef.txt.0a1b2c3d.tmp"]
    keep = [root / ".notes.tmp", submissions / ".B.xlsx.9fj3kq.tmp", root / "Styringsgrundlag.xlsx",
            archive / "ab" / digest, archive / ".written" / "journal-0123456789abcdef.txt"]
    for path in leftovers + keep:
        path.write_bytes(b"x")
    removed = remove_leftovers(root, submissions, master, archive, foundation)
    assert sorted(removed) == sorted(leftovers)
    assert all(p.exists() for p in keep) and not any(p.exists() for p in leftovers)
