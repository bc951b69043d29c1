from __future__ import annotations

from pathlib import Path

import pytest

from meetingkit.cli import main
from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository

OLD = "meetings/2024/2024-04-25-thursday-call.md"


@pytest.fixture
def repo(base_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(base_repo)
    return base_repo


def test_move_renames_keeps_the_uid_and_records_the_first_date(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["move", "2024-04-25-thursday-call", "--to", "2024-04-29"]) == 0
    new = "meetings/2024/2024-04-29-thursday-call.md"
    assert capsys.readouterr().out == new + "\n"
    assert not (repo / OLD).exists()
    assert (repo / new).read_text() == (
        "---\n"
        "title: Composition analysis tools\n"
        "series: thursday-call\n"
        'start: "2024-04-29T14:00"\n'
        "guests:\n"
        "  - name: Mirko\n"
        "    affiliation: LF Europe\n"
        "links:\n"
        "  agenda: https://github.com/example/meetings/issues/1\n"
        'uid: "2024-04-25-thursday-call@example.github.io"\n'
        'moved_from: "2024-04-25"\n'
        "---\n"
        "Planned agenda.\n"
    )
    # A Monday, although the series meets on Thursdays: the weekday rule accepts a moved meeting.
    assert validate_repository(load_repository(repo)) == []


def test_moving_again_keeps_the_first_date_and_uid_and_shifts_a_written_end(repo: Path) -> None:
    path = repo / OLD
    text = path.read_text().replace('start: "2024-04-25T14:00"\n', 'start: "2024-04-25T14:00"\nend: "2024-04-25T15:30"\n')
    path.write_bytes(text.replace("\n", "\r\n").encode())  # CRLF, as Windows editors write
    assert main(["move", "2024-04-25-thursday-call", "--to", "2024-05-02T09:00"]) == 0
    assert main(["move", "2024-05-02-thursday-call", "--to", "2024-05-03T10:00"]) == 0
    text = (repo / "meetings/2024/2024-05-03-thursday-call.md").read_bytes().decode()
    assert 'start: "2024-05-03T10:00"\r\nend: "2024-05-03T11:30"\r\n' in text
    assert 'uid: "2024-04-25-thursday-call@example.github.io"\r\n' in text
    assert 'moved_from: "2024-04-25"\r\n---\r\n' in text
    assert sorted(p.name for p in (repo / "meetings/2024").iterdir()) == [
        "2024-05-03-thursday-call.md"
    ]


def test_a_move_that_would_not_validate_changes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (repo / OLD).read_bytes()
    # 02:30 on the night Europe/Madrid skips an hour does not exist.
    assert main(["move", "2024-04-25-thursday-call", "--to", "2024-03-31T02:30"]) == 1
    err = capsys.readouterr().err
    assert "meetings/2024/2024-03-31-thursday-call.md:4:8: error:" in err
    assert "(dst-gap)" in err
    assert err.rstrip().endswith(
        "meetingkit move: 2024-04-25-thursday-call would not validate on its new date; nothing moved"
    )
    assert (repo / OLD).read_bytes() == before
    assert not (repo / "meetings/2024/2024-03-31-thursday-call.md").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["move", "nope", "--to", "2024-05-01"], "no meeting 'nope'"),
        (["move", "2024-04-25-thursday-call", "--to", "May 1"], "--to 'May 1' is not"),
        (["move", "2024-04-25-thursday-call", "--to", "2024-04-25"], "already starts at"),
    ],
)
def test_usage_errors(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_all_day_event_moves_by_whole_days_and_stays_all_day(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summit = repo / "meetings" / "2024" / "2024-09-16-summit.md"
    summit.write_text('---\ntitle: Summit\nstart: "2024-09-16"\nend: "2024-09-18"\n---\n')
    assert main(["move", "2024-09-16-summit", "--to", "2024-09-16T10:00"]) == 2
    assert "is an all-day event: give --to YYYY-MM-DD" in capsys.readouterr().err
    assert main(["move", "2024-09-16-summit", "--to", "2024-10-01"]) == 0
    assert (repo / "meetings" / "2024" / "2024-10-01-summit.md").read_text() == (
        '---\ntitle: Summit\nstart: "2024-10-01"\nend: "2024-10-03"\n'
        'uid: "2024-09-16-summit@example.github.io"\nmoved_from: "2024-09-16"\n---\n'
    )
    assert [str(p) for p in validate_repository(load_repository(repo))] == []
