"""A problem found in the content is a value: where, how bad, what, and which rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Severity = Literal["error", "warning"]
# Every rule id a problem can carry, defined here once: mypy holds each check's id to this
# list, and ``validate --select``/``--skip`` accept exactly these.
RuleId = Literal[
    # reading the file
    "encoding", "file-size", "front-matter",
    "yaml-syntax", "yaml-alias", "yaml-depth", "yaml-key", "duplicate-key", "yaml-tag",
    # the schema, then the rules of one file
    "schema", "file-name", "start-date", "weekday", "timezone", "reference",
    "end-after-start", "dst-gap", "dst-ambiguous", "link-password", "recurrence",
    "cancelled-date", "override", "plain-text", "placeholder",
    # across files
    "site", "duplicate-id", "same-day", "template",
]  # fmt: skip
RULE_IDS: frozenset[str] = frozenset(get_args(RuleId))


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, addressed to the line and column a person edits (both 1-based)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    rule: RuleId

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} ({self.rule})"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def printable(text: str) -> str:
    """``text`` as one line a terminal, a log or GitHub shows as it is: line breaks, control
    and invisible characters, and lone surrogates (bytes of a name that are not UTF-8)
    escaped as ``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def count_summary(problems: list[Problem]) -> str:
    """'2 errors and 1 warning in 2 files' — the closing line of every report."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if not problems:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} file{'s' if files != 1 else ''}"
