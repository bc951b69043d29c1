"""DST across the horizon: later occurrences of a recurring call in a gap or a repeated hour."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from meetingkit.load.repository import load_repository
from meetingkit.validate.meaning import RECURRENCE_HORIZON
from meetingkit.validate.run import validate_repository


def write(root: Path, name: str, body: str) -> None:
    path = root / "meetings" / name[:4] / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{body}---\n")


def messages(root: Path) -> list[str]:
    return [
        f"{p.severity}:{p.rule}:{p.message}"
        for p in validate_repository(load_repository(root))
        if p.rule.startswith("dst")
    ]


def second_sundays_of_march(first: int, last: date) -> list[date]:
    found = []
    for year in range(first, last.year + 1):
        sundays = [d for d in range(1, 15) if date(year, 3, d).weekday() == 6]
        if date(year, 3, sundays[1]) <= last:
            found.append(date(year, 3, sundays[1]))
    return found


def test_an_open_ended_call_is_checked_until_two_years_from_today(base_repo: Path) -> None:
    write(
        base_repo,
        "2020-03-01-night-call",
        'title: Night call\nstart: "2020-03-01T02:15"\ntimezone: America/New_York\n'
        "recurrence: FREQ=WEEKLY;BYDAY=SU\n",
    )
    horizon = (datetime.now(UTC) + RECURRENCE_HORIZON).date()
    gaps = second_sundays_of_march(2020, horizon)
    assert gaps[-1] > datetime.now(UTC).date() + timedelta(days=365)
    shown = ", ".join(d.isoformat() for d in gaps[:6])
    assert messages(base_repo) == [
        f"error:dst-gap:recurrence: 02:15 does not exist in America/New_York on {shown} and "
        f"{len(gaps) - 6} more (the clocks skip that hour), so calendar apps place those "
        "occurrences differently; pick another time or add those dates to cancelled_dates"
    ]


def test_zones_without_the_hour_in_question_and_utc_calls_pass(base_repo: Path) -> None:
    write(
        base_repo,
        "2024-03-03-utc-call",
        'title: UTC call\nstart: "2024-03-03T02:30"\ntimezone: Etc/UTC\n'
        "recurrence: FREQ=WEEKLY;BYDAY=SU\n",
    )
    write(
        base_repo,
        "2024-03-03-afternoon-call",
        'title: Afternoon call\nstart: "2024-03-03T14:30"\ntimezone: America/New_York\n'
        "recurrence: FREQ=WEEKLY;BYDAY=SU\n",
    )
    assert messages(base_repo) == []


def test_a_cancelled_gap_date_is_not_reported(base_repo: Path) -> None:
    # Lord Howe moves by half an hour: 02:00-02:30 is skipped on the first Sunday of October,
    # 01:30-02:00 repeated on the first Sunday of April.
    call = (
        'title: Lord Howe call\nstart: "2026-03-01T{at}"\ntimezone: Australia/Lord_Howe\n'
        "recurrence: FREQ=MONTHLY;BYDAY=1SU;COUNT=14\ncancelled_dates: [{cancelled}]\n"
    )
    write(base_repo, "2026-03-01-lord-howe", call.format(at="02:10", cancelled='"2026-10-04"'))
    assert messages(base_repo) == []
    write(base_repo, "2026-03-01-lord-howe", call.format(at="02:10", cancelled=""))
    assert [m.split(" (")[0] for m in messages(base_repo)] == [
        "error:dst-gap:recurrence: 02:10 does not exist in Australia/Lord_Howe on 2026-10-04"
    ]
    write(base_repo, "2026-03-01-lord-howe", call.format(at="01:45", cancelled=""))
    assert [m.split(" (")[0] for m in messages(base_repo)] == [
        "warning:dst-ambiguous:recurrence: 01:45 happens twice in Australia/Lord_Howe on "
        "2026-04-05, 2027-04-04"
    ]
