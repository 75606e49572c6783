"""The demo municipality "Eksempel Kommune": a plausible, deterministic data set with deliberate mistakes.

    demo = build_demo(settings, scale=40, seed=1)
    write_demo(project_dir, settings, demo)

`demo.mistakes` lists what was broken on purpose; validating the written demo
reports exactly those findings.
"""
from .assemble import build_demo
from .mistakes import CELL_CODES, MISTAKE_CODES
from .result import DeliberateMistake, DemoMunicipality
from .write import write_demo

__all__ = ["CELL_CODES", "DeliberateMistake", "DemoMunicipality", "MISTAKE_CODES", "build_demo", "write_demo"]
