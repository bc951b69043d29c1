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
