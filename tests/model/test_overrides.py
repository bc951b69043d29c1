"""overrides: one occurrence of a recurring meeting with its own time, title, people, links,
status and description, applied once in the model and read the same by feeds, page and JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator

from meetingkit.cli import main
from meetingkit.model.occurrences import occurrences
from meetingkit.model.records import Meeting
from meetingkit.pipeline import load_programme

from conftest import REPO_ROOT

WEEKLY = """---
title: Docs call
working_group: docs
start: "2024-10-04T16:00"
timezone: Europe/Madrid
recurrence: FREQ=WEEKLY;BYDAY=FR;COUNT=6
cancelled_dates: ["2024-10-11"]
links:
  join: https://example.org/join
overrides:
  "2024-10-18":
    start: "2024-10-28T09:30"
    duration: 90
    title: Handbook sprint
    guests: [{name: Grace}]
    links: {slides: "https://example.org/slides"}
    description: A longer session.
  "2024-11-01": {status: cancelled}
  "2024-11-08": {title: Last call, status: tentative}
---
Weekly docs call.
"""


@pytest.fixture
def built(base_repo: Path) -> Path:
    path = base_repo / "meetings" / "2024" / "2024-10-04-docs-call.md"
    path.write_text(WEEKLY, encoding="utf-8")
    out = base_repo / "site"
    args = ["build", "--root", str(base_repo), "--out", str(out), "--now", "2024-10-01T00:00Z"]
    assert main(args) == 0
    return base_repo


def _meeting(repo: Path) -> Meeting:
    programme, problems = load_programme(repo, use_git=False)
    assert problems == [] and programme is not None
    return next(m for m in programme.meetings if m.id == "2024-10-04-docs-call")


def test_occurrences_come_at_their_new_time_keyed_by_the_original_date(built: Path) -> None:
    found = [
        (o.key[-10:], o.start.isoformat(), o.end.isoformat(), o.title, o.status, o.cancelled)
        for o in occurrences(_meeting(built))
    ]
    assert found == [
        ("2024-10-04", "2024-10-04T16:00:00+02:00", "2024-10-04T17:00:00+02:00", "Docs call", "confirmed", False),
        ("2024-10-11", "2024-10-11T16:00:00+02:00", "2024-10-11T17:00:00+02:00", "Docs call", "confirmed", True),
        ("2024-10-25", "2024-10-25T16:00:00+02:00", "2024-10-25T17:00:00+02:00", "Docs call", "confirmed", False),
        # moved across the end of summer time: 09:30 CET, 90 minutes
        ("2024-10-18", "2024-10-28T09:30:00+01:00", "2024-10-28T11:00:00+01:00", "Handbook sprint", "confirmed", False),
        ("2024-11-01", "2024-11-01T16:00:00+01:00", "2024-11-01T17:00:00+01:00", "Docs call", "cancelled", True),
        ("2024-11-08", "2024-11-08T16:00:00+01:00", "2024-11-08T17:00:00+01:00", "Last call", "tentative", False),
    ]  # fmt: skip
    sprint = next(o for o in occurrences(_meeting(built)) if o.day == date(2024, 10, 18))
    assert [g.name for g in sprint.guests] == ["Grace"]
    assert sprint.links == {
        "join": "https://example.org/join",
        "slides": "https://example.org/slides",
    }
    assert sprint.body == "A longer session."
    # a window ending before the new time leaves the moved occurrence out
    until = datetime(2024, 10, 27, tzinfo=UTC)
    assert [o.key[-10:] for o in occurrences(_meeting(built), until)] == [
        "2024-10-04", "2024-10-11", "2024-10-25",
    ]  # fmt: skip


def test_each_override_is_a_recurrence_id_event_of_the_same_uid(built: Path) -> None:
    feed = (built / "site" / "meetings" / "2024-10-04-docs-call.ics").read_bytes()
    events = Calendar.from_ical(feed).walk("VEVENT")
    assert [(str(e["UID"]), e.get("RECURRENCE-ID") is not None) for e in events] == [
        ("2024-10-04-docs-call@example.github.io", False),
        ("2024-10-04-docs-call@example.github.io", True),
        ("2024-10-04-docs-call@example.github.io", True),
        ("2024-10-04-docs-call@example.github.io", True),
    ]
    text = feed.decode()
    assert "RECURRENCE-ID;TZID=Europe/Madrid:20241018T160000\r\n" in text
    assert "DTSTART;TZID=Europe/Madrid:20241028T093000\r\n" in text
    assert "DTEND;TZID=Europe/Madrid:20241028T110000\r\n" in text
    assert "SUMMARY:Docs Working Group: Handbook sprint\r\n" in text
    assert "SUMMARY:Cancelled: Docs Working Group: Docs call\r\n" in text
    assert "SUMMARY:Docs Working Group: Last call\r\n" in text
    assert text.count("SEQUENCE:0\r\n") == 4
    assert "EXDATE;TZID=Europe/Madrid:20241011T160000\r\n" in text


def test_meetings_json_and_the_page_show_the_override(built: Path) -> None:
    document = json.loads((built / "site" / "meetings.json").read_text())
    record = next(m for m in document["meetings"] if m["id"] == "2024-10-04-docs-call")
    assert record["overrides"][0] == {
        "date": "2024-10-18",
        "start": "2024-10-28T09:30:00+01:00",
        "end": "2024-10-28T11:00:00+01:00",
        "start_utc": "2024-10-28T08:30:00Z",
        "end_utc": "2024-10-28T10:00:00Z",
        "title": "Handbook sprint",
        "status": "confirmed",
        "guests": [{"name": "Grace"}],
        "hosts": [],
        "links": {"join": "https://example.org/join", "slides": "https://example.org/slides"},
        "description": "A longer session.",
    }
    schema = json.loads((REPO_ROOT / "schemas" / "meetings-json.schema.json").read_text())
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in checker.iter_errors(document)] == []
    assert [o["date"] for o in record["overrides"]] == ["2024-10-18", "2024-11-01", "2024-11-08"]
    page = (built / "site" / "meetings" / "2024-10-04-docs-call.html").read_text()
    assert "Monday 28 October 2024, 09:30–11:00 CET" in page
    assert "Friday 18 October 2024" not in page
    assert ": Handbook sprint</li>" in page
    index = (built / "site" / "index.html").read_text()
    assert ">Handbook sprint</a> (Docs Working Group)" in index
