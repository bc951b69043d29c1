"""Property-based: whatever bytes a contributor commits, validation reports, never raises."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository

from conftest import FIXTURES

TARGET = "meetings/2024/2024-05-30-thursday-call.md"
VALID = (
    b'---\ntitle: T\nseries: thursday-call\nstart: "2024-05-30T14:00"\n'
    b"guests:\n  - name: A\nlinks:\n  join: https://x.org/j\n---\nBody\n"
)
YAML_BITS = st.sampled_from(
    [
        b"---\n",
        b"\n",
        b": ",
        b"- ",
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"!!python/object ",
        b"no",
        b"12:30",
        b"2024-04-25",
        b'"',
        b"'",
        b"\t",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\r\n",
        b"title",
        b"start",
        b"timezone: Europe/Madrid",
        b"recurrence: FREQ=WEEKLY",
        b"%",
        b"cancelled_dates: [2024-05-30]",
        b'end: "2024-05-30T13:00"',
        b"<script>",
        b"\x00",
    ]
)


def check(tmp_path: Path, content: bytes) -> None:
    root = tmp_path / "repo"
    if not root.exists():
        shutil.copytree(FIXTURES / "base", root)
    (root / TARGET).write_bytes(content)
    problems = validate_repository(load_repository(root))
    lines = content.count(b"\n") + 1
    for problem in problems:
        assert problem.path
        assert problem.line >= 1 and problem.col >= 1
        if problem.path == TARGET:
            assert problem.line <= lines, problem


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, content: bytes) -> None:
    check(tmp_path, content)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(YAML_BITS, max_size=30))
def test_yaml_shaped_fragments(tmp_path: Path, parts: list[bytes]) -> None:
    check(tmp_path, b"---\n" + b"".join(parts) + b"\n---\n")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=8), st.booleans())
def test_mutated_valid_file(tmp_path: Path, at: int, insert: bytes, replace: bool) -> None:
    mutated = VALID[:at] + insert + VALID[at + (len(insert) if replace else 0) :]
    check(tmp_path, mutated)
