"""A meeting on a DST night: validation, the record, occurrences, feeds and readers agree.

The record is the one fact: Meeting.end is the start instant plus the exact duration, every
occurrence lasts that long, and the feed says the same to independent calendar readers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from meetingkit.model.occurrences import occurrences
from meetingkit.model.records import Meeting, Programme
from meetingkit.pipeline import load_programme

YEARLY = """---
title: Night shift
start: "2024-03-31T01:30"
duration: 180
timezone: Europe/Berlin
recurrence: FREQ=YEARLY
---
"""


def _programme(repo: Path, text: str) -> tuple[Programme, Meeting]:
    path = repo / "meetings" / "2024" / "2024-03-31-night-shift.md"
    path.write_text(text, encoding="utf-8")
    programme, problems = load_programme(repo, use_git=False)
    assert problems == []
    assert programme is not None
    return programme, next(m for m in programme.meetings if m.id == "2024-03-31-night-shift")


def test_an_hour_ending_after_the_gap_is_accepted_and_ends_at_0330_cest(base_repo: Path) -> None:
    text = YEARLY.replace("duration: 180", "duration: 60").replace("recurrence: FREQ=YEARLY\n", "")
    _, meeting = _programme(base_repo, text)
    assert meeting.end.isoformat() == "2024-03-31T03:30:00+02:00"
    assert meeting.duration == timedelta(hours=1)


def test_yearly_three_hours_from_0130_on_the_dst_night(base_repo: Path) -> None:
    _, meeting = _programme(base_repo, YEARLY)
    assert meeting.start.isoformat() == "2024-03-31T01:30:00+01:00"
    assert meeting.end.isoformat() == "2024-03-31T05:30:00+02:00"
    assert meeting.duration == timedelta(hours=3)
    found = list(occurrences(meeting, datetime(2027, 12, 31, tzinfo=UTC)))
    assert [(o.start_utc.isoformat(), o.end_utc.isoformat()) for o in found] == [
        ("2024-03-31T00:30:00+00:00", "2024-03-31T03:30:00+00:00"),
        ("2025-03-30T23:30:00+00:00", "2025-03-31T02:30:00+00:00"),
        ("2026-03-30T23:30:00+00:00", "2026-03-31T02:30:00+00:00"),
        ("2027-03-30T23:30:00+00:00", "2027-03-31T02:30:00+00:00"),
    ]
    assert {o.end_utc - o.start_utc for o in found} == {timedelta(hours=3)}
