"""Rule ids: defined once (problems.RuleId, held by mypy at every check), listed in README."""

from __future__ import annotations

import re
from pathlib import Path

from meetingkit.problems import RULE_IDS
from meetingkit.validate.ids import unknown_rule

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_rule_id() -> None:
    readme = README.read_text("utf-8")
    paragraph = readme[readme.index("The rule in parentheses") :].split("\n\n", 1)[0]
    listed = set(re.findall(r"`([a-z0-9][a-z0-9-]*)`", paragraph))
    assert listed == RULE_IDS


def test_an_unknown_id_names_the_nearest() -> None:
    assert unknown_rule(["dst-gap", "recurence"]) == (
        "'recurence' is not a rule id; did you mean 'recurrence'?"
    )
    assert unknown_rule(sorted(RULE_IDS)) is None
    assert len(RULE_IDS) == 28
