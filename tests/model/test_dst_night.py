"""A meeting on a DST night: validation, the record, occurrences, feeds and readers agree.

The record is the one fact: Meeting.end is the start instant plus the exact duration, every
occurrence lasts that long, and the feed says the same to independent calendar readers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from meetingkit.cli import main
from meetingkit.model.occurrences import occurrences
from meetingkit.model.records import Meeting, Programme
from meetingkit.pipeline import load_programme
from meetingkit.render.feeds import feed_files
from meetingkit.render.json_feed import meeting_record

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


def test_the_feed_writes_the_records_start_and_end(base_repo: Path) -> None:
    programme, meeting = _programme(base_repo, YEARLY)
    feed = feed_files(programme, datetime(2024, 1, 1, tzinfo=UTC))[f"meetings/{meeting.id}.ics"]
    master, first = Calendar.from_ical(feed).walk("VEVENT")
    # The master's DTEND gives readers the length on the wall clock (they add it so) ...
    assert master.decoded("DTEND").isoformat() == "2024-03-31T04:30:00+02:00"
    assert str(master["RRULE"].to_ical(), "ascii") == "FREQ=YEARLY"
    # ... and the first occurrence, with the change inside it, is written with its exact end.
    assert first.decoded("RECURRENCE-ID") == meeting.start
    start, end = first.decoded("DTSTART"), first.decoded("DTEND")
    assert (start.isoformat(), end.isoformat()) == (
        "2024-03-31T01:30:00+01:00",
        "2024-03-31T05:30:00+02:00",
    )
    assert (start, end) == (meeting.start, meeting.end)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=3)


def test_meetings_json_and_the_page_say_the_same(base_repo: Path, tmp_path: Path) -> None:
    programme, meeting = _programme(base_repo, YEARLY)
    record = meeting_record(programme, meeting)
    assert (record["start_utc"], record["end_utc"]) == (
        "2024-03-31T00:30:00Z",
        "2024-03-31T03:30:00Z",
    )
    assert record["end"] == "2024-03-31T05:30:00+02:00"
    out = tmp_path / "site"
    assert main(["build", "--root", str(base_repo), "--out", str(out), "--now", "2024-06-01"]) == 0
    page = (out / "meetings" / f"{meeting.id}.html").read_text("utf-8")
    assert re.findall(r'data-start="([^"]+)" data-end="([^"]+)"', page) == [
        ("2024-03-31T00:30:00Z", "2024-03-31T03:30:00Z"),  # the meeting itself
        ("2025-03-30T23:30:00Z", "2025-03-31T02:30:00Z"),  # the next occurrence
    ]
