"""The house reads top to bottom: layers import only downwards and no modules import each other in a circle.

Imports inside functions count too: a lazy import up the layers is still a
lower layer that knows a higher one.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "roedtraad"

# Lower number = lower layer. A module may import its own layer or any lower one.
LAYERS = {
    "roedtraad.i18n": 0, "roedtraad.model": 0, "roedtraad.findings": 0, "roedtraad.config": 0,
    "roedtraad.cascade": 0, "roedtraad.project": 0, "roedtraad.workers": 0, "roedtraad.progress": 0,
    "roedtraad.bugreport": 0, "roedtraad.files": 0,
    "roedtraad.workbook_templates": 1,
    "roedtraad.validators": 2,
    "roedtraad.followup": 2,
    "roedtraad.sync": 3, "roedtraad.demo": 3,
    "roedtraad.meeting": 4, "roedtraad.meeting_summary": 4, "roedtraad.scaffold": 4, "roedtraad.tables": 4, "roedtraad.frames": 4,
    "roedtraad.web": 5, "roedtraad.addin": 6, "roedtraad.service": 7, "roedtraad.cli": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


TOP = {"roedtraad": 0, "roedtraad.__main__": 9}  # the root holds only __version__ and lazy exports by name


def layer_of(module: str) -> int | None:
    if module in TOP:
        return TOP[module]
    while module != "roedtraad":
        if module in LAYERS:
            return LAYERS[module]
        module = module.rpartition(".")[0]
    return None


def imports_of(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules of roedtraad that `path` imports (absolute names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("roedtraad"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names
                             if (PACKAGE.parent / Path(*f"{target}.{alias.name}".split("."))).with_suffix(".py").exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("roedtraad"))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_only_downwards(path: Path) -> None:
    own = layer_of(module_name(path))
    assert own is not None, f"{module_name(path)} has no layer in LAYERS"
    upwards = sorted(m for m in imports_of(path, top_level_only=False)
                     if layer_of(m) is not None and layer_of(m) > own)
    assert upwards == [], f"{module_name(path)} (layer {own}) imports a higher layer: {upwards}"


def test_no_import_cycles() -> None:
    graph = {module_name(p): {m for m in imports_of(p, top_level_only=False) if m != module_name(p)}
             for p in MODULES}
    # A package's __init__ re-exporting its own modules is not a cycle of meaning.
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
