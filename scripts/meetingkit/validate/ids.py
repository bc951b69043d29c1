"""Rule ids as ``validate --select`` and ``--skip`` take them (the ids: problems.RuleId)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from meetingkit.problems import RULE_IDS


def unknown_rule(ids: Iterable[str]) -> str | None:
    """A sentence about the first id that is no rule id (naming the nearest), else None."""
    for rule in ids:
        if rule not in RULE_IDS:
            near = difflib.get_close_matches(rule, sorted(RULE_IDS), n=1)
            if near:
                return f"{rule!r} is not a rule id; did you mean {near[0]!r}?"
            return f"{rule!r} is not a rule id; the rule ids are {', '.join(sorted(RULE_IDS))}"
    return None
