"""A sync run leaves none of its records to the cycle collector.

Runs pause the collector (their objects are long-lived), so anything a run leaves in a reference
cycle stays until a full collection: a closure calling itself once kept every record of every
run alive in watch mode and the service, 60 MiB per run at 1,000 submissions.
"""
from __future__ import annotations

import gc
import os

from ledger_helpers import demo_copy, demo_template
from roedtraad.sync.run import sync_project
from roedtraad.sync.xlsx_patch import patch_sheet_cells


def _records_left_in_cycles(run) -> list[str]:
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        kinds = sorted({type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("roedtraad.")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return kinds


def test_a_sync_after_an_edit_leaves_no_record_in_a_cycle(tmp_path_factory, tmp_path):
    project, ledger = demo_copy(demo_template(tmp_path_factory.mktemp("templates")), tmp_path / "kommune",
                                f"sqlite:///{(tmp_path / 'ledger.sqlite').as_posix()}")
    try:
        assert _records_left_in_cycles(lambda: sync_project(project, ledger, settle=0)) == []
        path = next((project.root / "indsendelser" / "udvalgsaftaler").glob("*.xlsx"))
        stamp = path.stat().st_mtime + 60
        path.write_bytes(patch_sheet_cells(path.read_bytes(), "Mål", {"B5": "Et nyt mål"}))
        os.utime(path, (stamp, stamp))
        assert _records_left_in_cycles(lambda: sync_project(project, ledger, settle=0)) == []
    finally:
        ledger.close()


def test_the_dashboards_goal_tree_leaves_nothing_in_a_cycle(tmp_path_factory):
    from roedtraad.project import Project
    from roedtraad.tables import ProjectTables
    from roedtraad.validators.engine import validate_project

    root, _ = demo_template(tmp_path_factory.mktemp("templates"))
    project = Project.open(root)
    tables = ProjectTables(validate_project(project), project.settings)
    assert _records_left_in_cycles(lambda: tables.goal_tree("da")) == []
