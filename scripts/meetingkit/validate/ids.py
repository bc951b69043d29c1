"""Every rule id a problem can carry: what ``validate --select`` and ``--skip`` accept.

tests/validate/test_ids.py reads the package's source and holds this list to the ids the
checks really use, so a new rule cannot be forgotten here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

RULE_IDS = frozenset(
    {
        # reading the file
        "encoding", "file-size", "front-matter",
        "yaml-syntax", "yaml-alias", "yaml-depth", "yaml-key", "duplicate-key", "yaml-tag",
        # the schema, then the rules of one file
        "schema", "file-name", "start-date", "weekday", "timezone", "reference",
        "end-after-start", "dst-gap", "dst-ambiguous", "link-password", "recurrence",
        "cancelled-date", "plain-text", "placeholder",
        # across files
        "site", "duplicate-id", "same-day", "template",
    }
)  # fmt: skip


def unknown_rule(ids: Iterable[str]) -> str | None:
    """A sentence about the first id that is no rule id (naming the nearest), else None."""
    for rule in ids:
        if rule not in RULE_IDS:
            near = difflib.get_close_matches(rule, sorted(RULE_IDS), n=1)
            if near:
                return f"{rule!r} is not a rule id; did you mean {near[0]!r}?"
            return f"{rule!r} is not a rule id; the rule ids are {', '.join(sorted(RULE_IDS))}"
    return None
