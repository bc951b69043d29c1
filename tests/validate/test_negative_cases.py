"""Each folder in negative/ breaks the base repository one way; expected.txt is the exact report.

Folder layout: negative/<case>/input/<path in the repository> (bytes as written) and
negative/<case>/expected.txt. Run with MEETINGKIT_BLESS=1 to rewrite expected.txt after a
deliberate change of wording, then review the diff.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from meetingkit.load.repository import load_repository
from meetingkit.report import text_report
from meetingkit.validate.run import validate_repository

from conftest import BLESS

CASES = sorted(p for p in (Path(__file__).parent / "negative").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_exactly(case: Path, base_repo: Path) -> None:
    shutil.copytree(case / "input", base_repo, dirs_exist_ok=True)
    problems = validate_repository(load_repository(base_repo))
    out = io.StringIO()
    text_report(problems, out)
    expected_file = case / "expected.txt"
    if BLESS:
        expected_file.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == expected_file.read_text(encoding="utf-8")
    assert any(p.is_error for p in problems) or "warning" in case.name


def test_every_case_has_an_expectation() -> None:
    assert CASES, "no negative cases found"
    for case in CASES:
        assert (case / "expected.txt").is_file(), case.name
