"""The stages import in order: load → schema → records (model) + rules (validate) → render | github."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "meetingkit"


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("meetingkit"):
                found.add(str(node.module))
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("meetingkit"))
    return graph


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def test_the_model_and_the_rules_import_only_earlier_stages() -> None:
    allowed = {
        "model": {"load", "problems", "model"},
        "validate": {"load", "problems", "model", "validate"},
    }
    wrong = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _stage(module) in allowed and _stage(target) not in allowed[_stage(module)]
    ]
    assert wrong == []


def test_render_and_github_never_import_each_other() -> None:
    crossing = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if {_stage(module), _stage(target)} == {"render", "github"}
    ]
    assert crossing == []


def test_no_stage_imports_the_command_line() -> None:
    found = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _stage(target) in ("cli", "commands")
        and _stage(module) not in ("cli", "commands", "__main__")
    ]
    assert found == []


def test_no_import_cycles() -> None:
    graph = _imports()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path, module))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
    assert "meetingkit.model.records" in done
