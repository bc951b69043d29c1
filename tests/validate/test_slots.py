"""Two slots of one series on one day (EMEA and APAC), real region labels, and coinciding dates."""

from __future__ import annotations

from pathlib import Path

from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository

BASE = "meetings/2024/2024-04-25-thursday-call.md"


def _write(repo: Path, name: str, front: str) -> None:
    (repo / "meetings" / name[:4]).mkdir(exist_ok=True)
    (repo / "meetings" / name[:4] / f"{name}.md").write_text(f"---\n{front}---\n", encoding="utf-8")


def _report(repo: Path) -> list[str]:
    return [str(p) for p in validate_repository(load_repository(repo))]


def test_an_apac_slot_on_the_day_of_an_emea_slot_validates(base_repo: Path) -> None:
    _write(
        base_repo,
        "2024-04-25-thursday-call-apac",
        "title: Composition analysis tools (APAC)\nseries: thursday-call\n"
        'start: "2024-04-25T17:00"\ntimezone: Asia/Singapore\n'
        'tags: ["EMEA & APAC", "NA (General Members)", "Europe / Asia", "AMER & EMEA"]\n',
    )
    assert _report(base_repo) == []


def test_the_same_start_twice_is_an_error_naming_the_other_file(base_repo: Path) -> None:
    _write(
        base_repo,
        "2024-04-25-thursday-call-apac",
        'title: Copy\nseries: thursday-call\nstart: "2024-04-25T14:00"\n',
    )
    assert _report(base_repo) == [
        f"{BASE}:4:8: error: meetings/2024/2024-04-25-thursday-call-apac.md already holds a "
        "thursday-call meeting on 2024-04-25 at 14:00; one series has one meeting at a time "
        "(merge the files, give this slot another start time, or cancel one with status: "
        "cancelled) (same-day)"
    ]


MONTHLY = (
    'title: Monthly call\nseries: thursday-call\nstart: "2024-05-30T14:00"\n'
    "recurrence: FREQ=MONTHLY;BYDAY=-1TH\ncancelled_dates: ['2024-07-25']\n"
)


def test_a_dated_meeting_on_a_date_of_a_recurring_one_of_its_series_is_a_warning(
    base_repo: Path,
) -> None:
    _write(base_repo, "2024-05-30-thursday-call-monthly", MONTHLY)
    _write(
        base_repo,
        "2024-06-27-special",
        'title: Special\nseries: thursday-call\nstart: "2024-06-27T17:00"\n'
        "timezone: Asia/Singapore\n",
    )
    _write(  # on a cancelled date: no double booking
        base_repo,
        "2024-07-25-special",
        'title: Special\nseries: thursday-call\nstart: "2024-07-25T14:00"\n',
    )
    _write(  # another day: nothing to say
        base_repo,
        "2024-06-20-special",
        'title: Special\nseries: thursday-call\nstart: "2024-06-20T14:00"\n',
    )
    assert _report(base_repo) == [
        "meetings/2024/2024-06-27-special.md:4:8: warning: "
        "meetings/2024/2024-05-30-thursday-call-monthly.md is a recurring thursday-call meeting "
        "that also meets on 2024-06-27; give that date its own title or guests with overrides "
        "in that file, or add it to its cancelled_dates, instead of a second meeting (same-day)"
    ]


def test_the_same_wall_clock_time_in_two_zones_is_two_slots(base_repo: Path) -> None:
    """14:00 in Madrid (12:00 UTC) and 14:00 in Singapore (06:00 UTC) are different starts."""
    _write(
        base_repo,
        "2024-04-25-thursday-call-apac",
        'title: APAC session\nseries: thursday-call\nstart: "2024-04-25T14:00"\n'
        "timezone: Asia/Singapore\n",
    )
    assert _report(base_repo) == []


def test_the_same_instant_written_in_two_zones_is_the_same_start(base_repo: Path) -> None:
    _write(
        base_repo,
        "2024-04-25-thursday-call-london",
        'title: Copy\nseries: thursday-call\nstart: "2024-04-25T13:00"\ntimezone: Europe/London\n',
    )
    assert _report(base_repo) == [
        f"{BASE}:4:8: error: meetings/2024/2024-04-25-thursday-call-london.md already holds a "
        "thursday-call meeting on 2024-04-25 at 14:00; one series has one meeting at a time "
        "(merge the files, give this slot another start time, or cancel one with status: "
        "cancelled) (same-day)"
    ]


def test_an_apac_slot_on_the_next_local_day_keeps_the_series_weekday(base_repo: Path) -> None:
    """Friday 06:00 in Tokyo is Thursday 23:00 in Madrid, the Thursday series' zone."""
    _write(
        base_repo,
        "2024-06-28-thursday-call-apac",
        'title: APAC session\nseries: thursday-call\nstart: "2024-06-28T06:00"\n'
        "timezone: Asia/Tokyo\n",
    )
    _write(  # Friday 07:00 in Tokyo is Friday in Madrid too: still the wrong weekday
        base_repo,
        "2024-06-21-thursday-call-apac",
        'title: APAC session\nseries: thursday-call\nstart: "2024-06-21T07:00"\n'
        "timezone: Asia/Tokyo\n",
    )
    assert _report(base_repo) == [
        "meetings/2024/2024-06-21-thursday-call-apac.md:4:8: error: the thursday-call series "
        "meets on Thursdays, but 2024-06-21 is a Friday; check the date (weekday)"
    ]
