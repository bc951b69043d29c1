from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from meetingkit.cli import main
from meetingkit.load.repository import load_repository
from meetingkit.validate.rules import PLACEHOLDER
from meetingkit.validate.run import validate_repository

from conftest import REPO_ROOT


@pytest.fixture
def repo(base_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO_ROOT / "series/thursday-touchpoint.yaml", base_repo / "series")
    shutil.copy(REPO_ROOT / "series/friday-touchpoint.yaml", base_repo / "series")
    monkeypatch.chdir(base_repo)
    return base_repo


def test_next_free_slot_is_the_last_thursday(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "thursday-touchpoint", "--now", "2024-04-26T10:00Z"]) == 0
    assert capsys.readouterr().out == "meetings/2024/2024-05-30-thursday-touchpoint.md\n"
    text = (repo / "meetings/2024/2024-05-30-thursday-touchpoint.md").read_text()
    assert text.startswith(
        '---\ntitle: "To be announced"\nseries: thursday-touchpoint\nstart: "2024-05-30T14:00"\n'
        "status: tentative\n"
    )
    assert "## Planned agenda" in text
    # The placeholder description is refused until replaced (it would reach calendars).
    (problem,) = validate_repository(load_repository(repo))
    assert (problem.path, problem.line, problem.col, problem.rule, problem.severity) == (
        "meetings/2024/2024-05-30-thursday-touchpoint.md",
        11,
        1,
        "placeholder",
        "error",
    )
    path = repo / "meetings/2024/2024-05-30-thursday-touchpoint.md"
    path.write_text(text.replace(PLACEHOLDER, "A talk on SBOM tooling, for OSPO leads."))
    assert validate_repository(load_repository(repo)) == []


def test_taken_slot_is_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "thursday-touchpoint", "--now", "2024-04-20T10:00Z", "--title", "A"]) == 0
    first = repo / "meetings/2024/2024-04-25-thursday-touchpoint.md"
    # A placeholder left in the first file is an error, so `new` refuses until it is replaced.
    assert main(["new", "thursday-touchpoint", "--now", "2024-04-20T10:00Z", "--title", "B"]) == 1
    first.write_text(first.read_text().replace(PLACEHOLDER, "Session A."))
    assert main(["new", "thursday-touchpoint", "--now", "2024-04-20T10:00Z", "--title", "B"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "meetings/2024/2024-04-25-thursday-touchpoint.md",
        "meetings/2024/2024-05-30-thursday-touchpoint.md",
    ]


def test_second_friday_and_title_quoting(repo: Path) -> None:
    assert (
        main(["new", "friday-touchpoint", "--now", "2024-04-13T00:00Z", "--title", 'Say "hi": #1'])
        == 0
    )
    text = (repo / "meetings/2024/2024-05-10-friday-touchpoint.md").read_text()
    assert 'title: "Say \\"hi\\": #1"\n' in text
    assert 'start: "2024-05-10T17:30"' in text
    assert [p.rule for p in validate_repository(load_repository(repo))] == ["placeholder"]


def test_wrong_weekday_and_unknown_series_are_usage_errors(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "friday-touchpoint", "--date", "2024-05-09"]) == 2
    assert main(["new", "nope"]) == 2
    err = capsys.readouterr().err
    assert "2024-05-09 is a Thursday; Friday Touchpoint meets on another weekday" in err
    assert (
        "unknown series 'nope'; choose one of friday-touchpoint, thursday-call, thursday-touchpoint"
        in err
    )


def test_existing_file_is_not_overwritten(repo: Path) -> None:
    assert main(["new", "thursday-call", "--date", "2024-04-25"]) == 1
