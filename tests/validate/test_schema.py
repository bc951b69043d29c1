"""Schema validation reads every ``pattern`` as ECMA-262 does, whatever Python's ``re`` does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingkit.validate.schema import ecma_regex, validator_for

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[a-z]+$", "abc", True),
        ("^[a-z]+$", "abc\n", False),  # Python's '$' would match before the newline
        ("^a.c$", "abc", True),
        ("^a.c$", "a\nc", False),
        ("^a.c$", "a\rc", False),  # '.' matches no ECMA-262 line terminator
        ("^a.c$", "a\u2028c", False),
        ("^a.c$", "a\u2029c", False),
        ("^a[.$]c$", "a$c", True),  # inside a class '$' and '.' are themselves
        ("^a[.$]c$", "a.c", True),
        (r"^a\$$", "a$", True),  # an escaped dollar is a dollar
        (r"^a\$$", "a$\n", False),
        (r"^a\.$", "a.", True),
        (r"^a\.$", "ab", False),
        (r"^[\]$]+$", "]$", True),  # an escaped ']' does not close the class
        (r"\S", "\nx\n", True),  # unanchored patterns still search
        ("^https://[^\\s]+$", "https://x.org/\n", False),
        ("^https://[^\\s]+$", "https://x.org/\ufeff", False),  # ECMA's \s holds U+FEFF
        ("^https://[^\\s]+$", "https://x.org/\u00a0", False),
        ("^https://[^\\s]+$", "https://x.org/\x1c", True),  # and not U+001C, unlike Python's
        (r"^\S+$", "a\ufeffb", False),
        (r"^\S+$", "a\x85b", True),
        (r"^\s$", "\u3000", True),
        (r"^\d$", "\u0663", False),  # \d is ASCII: no Arabic-Indic three
        (r"^\w+$", "é", False),
    ],
)
def test_ecma_regex(pattern: str, text: str, matches: bool) -> None:
    assert bool(ecma_regex(pattern).search(text)) is matches


def patterns_with_examples(node: Any) -> Iterator[tuple[str, str]]:
    """(pattern, example) for every anchored pattern whose schema gives string examples."""
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and pattern.endswith("$"):
            for example in node.get("examples", ()):
                if isinstance(example, str):
                    yield pattern, example
        for child in node.values():
            yield from patterns_with_examples(child)
    elif isinstance(node, list):
        for child in node:
            yield from patterns_with_examples(child)


CASES = sorted(
    {
        (path.name, pattern, example)
        for path in SCHEMAS.glob("*.schema.json")
        for pattern, example in patterns_with_examples(json.loads(path.read_text("utf-8")))
    }
)


def test_most_anchored_patterns_have_examples() -> None:
    assert len(CASES) >= 40
    assert {name for name, _, _ in CASES} == {
        "meeting.schema.json",
        "series.schema.json",
        "site.schema.json",
        "working-group.schema.json",
        "meetings-json.schema.json",
    }


@pytest.mark.parametrize(("schema", "pattern", "example"), CASES)
def test_every_anchored_pattern_refuses_a_trailing_newline(
    schema: str, pattern: str, example: str
) -> None:
    regex = ecma_regex(pattern)
    assert regex.search(example)
    assert not regex.search(example + "\n")
    assert not regex.search(example + "\r\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "T", "start": "2024-05-30T14:00\n"}, "'2024-05-30T14:00\\n' does not match"),
        ({"title": "T", "start": "2024-05-30T14:00", "uid": "a@b\n"}, "'a@b\\n' does not match"),
        ({"title": "T", "start": "2024-05-30T14:00", "tags": ["x\n"]}, "'x\\n' does not match"),
    ],
)
def test_meeting_validator_refuses_a_trailing_newline(data: dict[str, Any], message: str) -> None:
    errors = [e.message for e in validator_for("meeting").iter_errors(data)]
    assert len(errors) == 1
    assert errors[0].startswith(message)


def test_meeting_validator_accepts_the_same_values_without_it() -> None:
    data = {"title": "T", "start": "2024-05-30T14:00", "uid": "a@b", "tags": ["x"]}
    assert list(validator_for("meeting").iter_errors(data)) == []
