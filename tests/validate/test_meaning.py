"""The rules about what a meeting means in time (validate/meaning.py), on DST nights in five zones."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository


def _check(repo: Path, day: str, front: str) -> list[str]:
    folder = repo / "meetings" / day[:4]
    folder.mkdir(exist_ok=True)
    path = folder / f"{day}-night.md"
    path.write_text(f"---\ntitle: T\n{front}---\n", encoding="utf-8")
    problems = validate_repository(load_repository(repo))
    path.unlink()  # one file at a time
    return [f"{p.line}:{p.col} {p.rule}: {p.message}" for p in problems]


# zone, a start the clocks skip, a start that happens twice
NIGHTS = [
    ("Europe/Berlin", "2024-03-31T02:30", "2024-10-27T02:30"),
    ("America/New_York", "2024-03-10T02:30", "2024-11-03T01:30"),
    ("Australia/Lord_Howe", "2024-10-06T02:15", "2024-04-07T01:45"),
    ("Europe/Dublin", "2024-03-31T01:30", "2024-10-27T01:30"),
    ("America/Santiago", "2024-09-08T00:30", "2024-04-06T23:30"),
]


@pytest.mark.parametrize(("zone", "skipped", "twice"), NIGHTS)
def test_a_skipped_start_is_an_error_a_repeated_one_a_warning(
    base_repo: Path, zone: str, skipped: str, twice: str
) -> None:
    found = _check(base_repo, skipped[:10], f'start: "{skipped}"\ntimezone: {zone}\n')
    assert found == [
        f"3:8 dst-gap: start {skipped.replace('T', ' ')} does not exist in {zone}: the clocks "
        "skip that hour for daylight saving time; pick another time"
    ]
    found = _check(base_repo, twice[:10], f'start: "{twice}"\ntimezone: {zone}\n')
    assert [line.split(":")[1].split(" ")[1] for line in found] == ["dst-ambiguous"]


@pytest.mark.parametrize(("zone", "skipped", "twice"), NIGHTS)
def test_a_duration_across_either_change_is_no_problem(
    base_repo: Path, zone: str, skipped: str, twice: str
) -> None:
    # an hour before the skipped or repeated time, for two hours: the end is an instant
    for moment in (skipped, twice):
        hour = int(moment[11:13])
        start = f"{moment[:11]}{hour - 1:02d}{moment[13:]}" if hour else None
        if start is None:
            continue  # Santiago's gap is at midnight: the hour before is another day
        assert (
            _check(base_repo, start[:10], f'start: "{start}"\nduration: 120\ntimezone: {zone}\n')
            == []
        )


def test_berlin_0130_for_an_hour_on_the_spring_night_is_accepted(base_repo: Path) -> None:
    front = 'start: "2024-03-31T01:30"\nduration: 60\ntimezone: Europe/Berlin\n'
    assert _check(base_repo, "2024-03-31", front) == []


def test_an_end_written_inside_the_gap_is_an_error_at_end(base_repo: Path) -> None:
    front = 'start: "2024-03-31T01:30"\nend: "2024-03-31T02:15"\ntimezone: Europe/Berlin\n'
    assert _check(base_repo, "2024-03-31", front) == [
        "4:6 dst-gap: end 2024-03-31 02:15 does not exist in Europe/Berlin: the clocks skip "
        "that hour for daylight saving time; pick another time"
    ]


def test_a_yearly_meeting_on_the_dst_night_is_accepted(base_repo: Path) -> None:
    front = (
        'start: "2024-03-31T01:30"\nduration: 180\ntimezone: Europe/Berlin\n'
        "recurrence: FREQ=YEARLY\n"
    )
    assert _check(base_repo, "2024-03-31", front) == []


def test_a_start_that_is_not_the_rules_first_time_of_day_is_refused(base_repo: Path) -> None:
    front = 'start: "2024-05-03T09:00"\ntimezone: Europe/Berlin\nrecurrence: FREQ=DAILY;BYHOUR=10\n'
    assert _check(base_repo, "2024-05-03", front) == [
        "3:8 recurrence: start 2024-05-03 is not a date of its own recurrence rule "
        "FREQ=DAILY;BYHOUR=10; make start the first meeting of the series"
    ]
