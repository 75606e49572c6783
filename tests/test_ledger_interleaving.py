"""The ledger (issue 15 §2): any interleaving of new, changed, deleted and conflicting files, with syncs
in between, ends in the same state as one clean sync of the final folder into a fresh ledger.

A small slice of the demo municipality (the foundation and a few agreements, among them a department's
udvalgsaftale and the quality agreement of its institution, whose parent goals live in it) is changed by
a random list of operations: add a party's file, change a goal text in one, delete one, copy one beside
itself (a conflict: two files for one party and agreement), resolve a conflict (delete the copy, or keep
the copy in the original's place), and sync. After one last sync, a fresh folder holding only the final
files and a fresh ledger gets one sync, and the two must agree.

What is compared: every current file's version (kind, party, status and its findings' codes and cells),
the conflicts and the rejected files, and the master's data, sheet by sheet, read with calamine.

What is ignored, and why:
- the master sheet *Indsendelser*'s "Modtaget" and "Indhold (SHA-256)" columns: the content hash there is
  of the bytes after write-back, which the interleaved run wrote in several steps; the received time is
  made equal anyway (below), but it is data of the delivery, not of the cascade;
- run numbers, received times of versions, version ids, hashes of written-back bytes, the archive and the
  ledger's history: they record the path taken, which is exactly what legitimately differs.
The fresh ledger is told when each final file arrived (its current version's "received" in the
interleaved ledger), as the demo's own deliveries are noted: lateness against the årshjul depends on it,
and a clean sync of the final folder is one that knows when its files came.

A conflict left in the final folder: the interleaved master keeps the party's last accepted version, which
a fresh ledger never saw (README: "the party's last accepted version stays in the master"). So then the
conflicts and the rejected files are compared, both folders resolve
the conflict the same way (the copies deleted) and sync once more, and everything is compared. (Nor are the
statuses of the versions in conflict compared: a version accepted before its copy appeared stays "accepted",
as the one the master keeps, where a fresh ledger first meets it in conflict.)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st
from python_calamine import CalamineWorkbook

from ledger_helpers import demo_template
from roedtraad.project import Project
from roedtraad.sync.arrivals import note_arrivals
from roedtraad.sync.ledger import open_ledger
from roedtraad.sync.run import sync_project
from roedtraad.sync import store
from roedtraad.sync.xlsx_patch import patch_sheet_cells

# The files the operations pick from: BUU's udvalgsaftaler for SKO and DAG, SKO's school's quality agreement
# (its parent goals are SKO's udvalgsmål), and one project register. The first two start in the folder.
POOL = ["indsendelser/udvalgsaftaler/Udvalgsaftale_BUU_SKO.xlsx",
        "indsendelser/kvalitetsaftaler/SKO/KUA_SKO_SKO001.xlsx",
        "indsendelser/udvalgsaftaler/Udvalgsaftale_BUU_DAG.xlsx",
        "indsendelser/projektregistre/Projektregister_BUU_SKO.xlsx"]
START = POOL[:2]
TEXTS = ["Flere elever læser sikkert", "Et nyt mål", "Trivsel for alle børn"]
IGNORED_COLUMNS = {"Indsendelser": {"Modtaget", "Indhold (SHA-256)"}}

pick = st.integers(0, len(POOL) - 1)
operation = st.one_of(
    st.tuples(st.just("add"), pick),
    st.tuples(st.just("edit"), pick, st.integers(0, len(TEXTS) - 1)),
    st.tuples(st.just("delete"), pick),
    st.tuples(st.just("copy"), pick),
    st.tuples(st.just("resolve"), pick, st.booleans()),
    st.tuples(st.just("sync")),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The smallest demo, cut down to the foundation and the starting files (the pool kept aside)."""
    root, deliveries = demo_template(tmp_path_factory.mktemp("interleaving"), scale=9)
    pool = {name: (root / name).read_bytes() for name in POOL}
    base = tmp_path_factory.mktemp("slice") / "kommune"
    shutil.copytree(root, base, copy_function=shutil.copy2, ignore=shutil.ignore_patterns("arkiv", "output"))
    for path in (base / "indsendelser").rglob("*.xlsx"):
        if path.relative_to(base).as_posix() not in START:
            path.unlink()
    return base, pool, deliveries


def _copy_name(name: str) -> str:
    path = Path(name)
    return (path.parent / f"Kopi af {path.name}").as_posix()


class Folder:
    """The interleaved project: applies operations to its files and syncs into its own ledger."""

    def __init__(self, root: Path, pool: dict[str, bytes], deliveries: dict) -> None:
        self.root, self.pool = root, pool
        self.project = Project.open(root)
        self.ledger = open_ledger(self.project, f"sqlite:///{(root / 'ledger.sqlite').as_posix()}")
        note_arrivals(self.ledger, {k: v for k, v in deliveries.items() if k in POOL or "/" not in k})
        self.tick = 0

    def apply(self, op: tuple) -> None:
        kind, *args = op
        if kind == "sync":
            sync_project(self.project, self.ledger, settle=0)
            return
        name = POOL[args[0]]
        path, copy = self.root / name, self.root / _copy_name(name)
        if kind == "add" and not path.exists():
            self._write(path, self.pool[name])
        elif kind == "edit" and path.exists() and "Projektregister" not in name:
            changed = patch_sheet_cells(path.read_bytes(), "Mål", {"B5": TEXTS[args[1]]})
            if changed is not None:  # None: the cell held that text already
                self._write(path, changed)
        elif kind == "delete" and path.exists():
            path.unlink()
        elif kind == "copy" and path.exists() and not copy.exists():
            self._write(copy, path.read_bytes())
        elif kind == "resolve" and copy.exists():
            if args[1]:
                self._write(path, copy.read_bytes())  # keep the copy: it replaces the original
            copy.unlink()

    def _write(self, path: Path, data: bytes) -> None:
        """Write as a department saving a file would: new bytes, a new modification time."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.tick += 1
        stamp = 1_800_000_000 + self.tick  # distinct and later than anything before, whatever the clock says
        os.utime(path, (stamp, stamp))


def _final_copy(folder: Folder, target: Path):
    """A fresh folder with only the final files (as they are on disk) and a fresh ledger that knows when
    each arrived."""
    shutil.copytree(folder.root, target, copy_function=shutil.copy2,
                    ignore=shutil.ignore_patterns("arkiv", "output", "ledger.sqlite*"))
    project = Project.open(target)
    ledger = open_ledger(project, f"sqlite:///{(target / 'ledger.sqlite').as_posix()}")
    with folder.ledger.begin() as conn:
        current = store.current_versions(conn)
    note_arrivals(ledger, {row["path"]: (_sha(target / row["path"]), row["first_seen"], row["sender"])
                           for row in current if (target / row["path"]).exists()})
    return project, ledger


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions(ledger) -> dict[str, tuple]:
    with ledger.begin() as conn:
        rows = store.current_versions(conn)
    return {row["path"]: (row["kind"], row["party"], row["status"],
                          sorted((f["code"], f.get("sheet"), f.get("cell")) for f in json.loads(row["findings"])))
            for row in rows}


def _outcome(summary) -> tuple:
    return (sorted((c.kind, c.party, tuple(c.files)) for c in summary.conflicts),
            sorted(r.file for r in summary.rejected))


def _master_data(project: Project) -> dict[str, list[list]]:
    path = next((project.root / "output").glob("*.xlsx"))
    book = CalamineWorkbook.from_path(str(path))
    data = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        ignored = IGNORED_COLUMNS.get(name, set())
        keep = [i for i, title in enumerate(rows[0]) if title not in ignored] if rows else []
        data[name] = [[row[i] for i in keep if i < len(row)] for row in rows]
    return data


def _same_state(a: Project, a_ledger, b: Project, b_ledger, a_summary, b_summary) -> None:
    assert _outcome(a_summary) == _outcome(b_summary)
    assert _versions(a_ledger) == _versions(b_ledger)
    assert (a_summary.errors, a_summary.warnings, a_summary.infos) == \
        (b_summary.errors, b_summary.warnings, b_summary.infos)
    assert _master_data(a) == _master_data(b)


def check_interleaving(template, ops: list[tuple]) -> None:
    base, pool, deliveries = template
    with tempfile.TemporaryDirectory(prefix="interleave-") as scratch:
        root = Path(scratch) / "kommune"
        shutil.copytree(base, root, copy_function=shutil.copy2)
        folder = Folder(root, pool, deliveries)
        for op in ops:
            folder.apply(op)
        summary = sync_project(folder.project, folder.ledger, settle=0)
        clean, clean_ledger = _final_copy(folder, Path(scratch) / "ren")
        try:
            clean_summary = sync_project(clean, clean_ledger, settle=0)
            if summary.conflicts:
                # The same conflicts and rejections. Not the versions' statuses: a version accepted before its
                # copy appeared stays "accepted" (it is the last accepted one, kept in the master), where a fresh
                # ledger first sees it in conflict; `status` reports the conflict from the run, alike for both.
                assert _outcome(summary) == _outcome(clean_summary)
                for project in (folder.project, clean):
                    for copy in (project.root / "indsendelser").rglob("Kopi af *.xlsx"):
                        copy.unlink()
                summary = sync_project(folder.project, folder.ledger, settle=0)
                clean_summary = sync_project(clean, clean_ledger, settle=0)
            _same_state(folder.project, folder.ledger, clean, clean_ledger, summary, clean_summary)
        finally:
            folder.ledger.close()
            clean_ledger.close()


@hsettings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=8))
# Always tried, besides the random ones: a conflict from the start, then resolved (the file left in the
# folder becomes accepted); a conflict resolved by keeping the changed copy; an udvalgsaftale deleted and
# back (its institution's parent goals vanish and return in the written-back columns); and the same edit
# twice (no new bytes the second time).
@example(ops=[("copy", 0), ("sync",), ("resolve", 0, False)])
@example(ops=[("sync",), ("copy", 0), ("edit", 0, 1), ("sync",), ("resolve", 0, True)])
@example(ops=[("sync",), ("delete", 0), ("sync",), ("add", 0)])
@example(ops=[("edit", 1, 0), ("edit", 1, 0)])
def test_any_interleaving_ends_as_a_clean_sync_of_the_final_folder(template, ops):
    check_interleaving(template, ops)
