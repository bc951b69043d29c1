"""All-day and multi-day events: dates in the file, VALUE=DATE in feeds, dates on the page and in
meetings.json, and 00:00 of the event's zone for everything that needs an instant."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from meetingkit.cli import main
from meetingkit.model.occurrences import occurrences
from meetingkit.pipeline import load_programme

from conftest import REPO_ROOT
from icaljs import icaljs_instants, node_available, python_instants

SUMMIT = """---
title: Open source summit
start: "2024-09-16"
end: "2024-09-18"
timezone: Asia/Tokyo
---
Three days.
"""
DAY = """---
title: Docs sprint
working_group: docs
start: "2024-10-27"
timezone: Europe/Berlin
---
"""
WINDOW = (dt.datetime(2024, 9, 1, tzinfo=dt.UTC), dt.datetime(2024, 11, 1, tzinfo=dt.UTC))


@pytest.fixture
def built(base_repo: Path) -> Path:
    (base_repo / "meetings" / "2024" / "2024-09-16-summit.md").write_text(SUMMIT)
    (base_repo / "meetings" / "2024" / "2024-10-27-docs-sprint.md").write_text(DAY)
    out = base_repo / "site"
    args = ["build", "--root", str(base_repo), "--out", str(out), "--now", "2024-09-01T00:00Z"]
    assert main(args) == 0
    return base_repo


def test_the_record_starts_at_midnight_of_its_zone(built: Path) -> None:
    programme, problems = load_programme(built, use_git=False)
    assert problems == [] and programme is not None
    summit = next(m for m in programme.meetings if m.id == "2024-09-16-summit")
    assert summit.all_day and summit.days == (dt.date(2024, 9, 16), dt.date(2024, 9, 18))
    [only] = occurrences(summit)
    assert (only.start_utc.isoformat(), only.end_utc.isoformat()) == (
        "2024-09-15T15:00:00+00:00",  # the agenda's lead time counts from here
        "2024-09-18T15:00:00+00:00",
    )


def test_feeds_write_value_date_with_the_day_after_the_last_day(built: Path) -> None:
    text = (built / "site" / "meetings" / "2024-09-16-summit.ics").read_bytes().decode()
    assert "DTSTART;VALUE=DATE:20240916\r\n" in text
    assert "DTEND;VALUE=DATE:20240919\r\n" in text
    sprint = (built / "site" / "meetings" / "2024-10-27-docs-sprint.ics").read_bytes().decode()
    assert "DTSTART;VALUE=DATE:20241027\r\nDTEND;VALUE=DATE:20241028\r\n" in sprint


EXPECTED = [
    ("2024-09-16", "2024-09-19", "2024-09-16-summit@example.github.io"),
    ("2024-10-27", "2024-10-28", "2024-10-27-docs-sprint@example.github.io"),
]


def _days(found: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(o["start"], o["end"], o["uid"]) for o in found if "T" not in o["start"]]


def test_recurring_ical_events_reads_the_days(built: Path) -> None:
    assert _days(python_instants(built / "site" / "calendar.ics", *WINDOW)) == EXPECTED


@pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
def test_icaljs_reads_the_days(built: Path) -> None:
    assert _days(icaljs_instants(built / "site" / "calendar.ics", *WINDOW)) == EXPECTED


def test_page_and_json_show_dates_without_times(built: Path) -> None:
    document = json.loads((built / "site" / "meetings.json").read_text())
    summit = next(m for m in document["meetings"] if m["id"] == "2024-09-16-summit")
    assert {k: summit[k] for k in ("start", "end", "start_utc", "end_utc", "all_day")} == {
        "start": "2024-09-16",
        "end": "2024-09-18",
        "start_utc": "2024-09-15T15:00:00Z",
        "end_utc": "2024-09-18T15:00:00Z",
        "all_day": True,
    }
    schema = json.loads((REPO_ROOT / "schemas" / "meetings-json.schema.json").read_text())
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in checker.iter_errors(document)] == []
    page = (built / "site" / "meetings" / "2024-09-16-summit.html").read_text()
    assert (
        '<time datetime="2024-09-16">Monday 16 September 2024 – Wednesday 18 September 2024'
        "</time>" in page
    )
    index = (built / "site" / "index.html").read_text()
    assert '<time datetime="2024-10-27">Sunday 27 October 2024</time>' in index
    assert 'data-start="2024-10-2' not in index
