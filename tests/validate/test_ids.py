"""RULE_IDS lists exactly the rule ids that the checks of the package put on problems."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from meetingkit.validate.ids import RULE_IDS

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "meetingkit"
# Where each way of making a problem takes its rule id: doc.problem(message, rule, ...),
# Problem(path, line, col, severity, message, rule), YamlFault(mark, message, rule).
RULE_ARGUMENT = {"problem": 1, "Problem": 5, "YamlFault": 2}


def rule_ids_in_source() -> tuple[set[str], list[str]]:
    """(the ids written as literals, where a rule id is passed on from a variable)."""
    literal: set[str] = set()
    passed_on: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in RULE_ARGUMENT:
                continue
            keyword = [k.value for k in node.keywords if k.arg == "rule"]
            positional = node.args[RULE_ARGUMENT[name] : RULE_ARGUMENT[name] + 1]
            (argument,) = keyword or positional
            if isinstance(argument, ast.Constant):
                literal.add(argument.value)
            else:
                passed_on.append(f"{path.name}: {ast.unparse(argument)}")
    return literal, passed_on


def test_rule_ids_are_the_ones_the_checks_use() -> None:
    literal, passed_on = rule_ids_in_source()
    assert literal == RULE_IDS
    # Only the two places that forward a problem's own rule id.
    assert passed_on == ["document.py: rule", "document.py: fault.rule"]


def test_the_readme_lists_every_rule_id() -> None:
    readme = (PACKAGE.parents[1] / "README.md").read_text("utf-8")
    paragraph = readme[readme.index("The rule in parentheses") :].split("\n\n", 1)[0]
    listed = set(re.findall(r"`([a-z0-9][a-z0-9-]*)`", paragraph))
    assert listed == RULE_IDS
