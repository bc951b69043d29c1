"""Occurrences with a DST change inside them: readers (ical.js, recurring-ical-events) add a
recurring event's length on the wall clock, so each such occurrence within the horizon is
written out with its exact DTEND, and the master's DTEND gives the length on the wall clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from meetingkit.cli import main

from icaljs import icaljs_instants, node_available, python_instants

WINDOW = (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 3, 31, tzinfo=dt.UTC))
NIGHTS = {  # a yearly 180-minute meeting at 01:30 on Europe/Berlin's two DST nights
    "spring": ("2026-03-29", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
    "autumn": ("2026-10-25", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
    "plain": ("2026-06-28", "FREQ=YEARLY;BYMONTH=6;BYDAY=-1SU"),  # no change inside
}


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("straddle") / "repo"
    for folder in ("series", "working-groups", "meetings/2026"):
        (root / folder).mkdir(parents=True)
    (root / "site.yaml").write_text(
        "community: Night\ntitle: Calls\nrepository: example/night\n"
        "base_url: https://example.org/night/\ntimezone: Europe/Berlin\nintroduction: x\n"
    )
    for slug, (day, rule) in NIGHTS.items():
        (root / "meetings" / "2026" / f"{day}-{slug}.md").write_text(
            f'---\ntitle: {slug}\nstart: "{day}T01:30"\nduration: 180\n'
            f"timezone: Europe/Berlin\nrecurrence: {rule}\n---\n"
        )
    out = root.parent / "site"
    args = ["build", "--root", str(root), "--out", str(out), "--now", "2026-01-01T00:00Z"]
    assert main(args) == 0
    return out / "calendar.ics"


EXPECTED = [  # (slug, start, end) in UTC: exactly three hours each
    ("spring", "2026-03-29T00:30:00Z", "2026-03-29T03:30:00Z"),
    ("plain", "2026-06-27T23:30:00Z", "2026-06-28T02:30:00Z"),
    ("autumn", "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z"),
    ("spring", "2027-03-28T00:30:00Z", "2027-03-28T03:30:00Z"),
    ("plain", "2027-06-26T23:30:00Z", "2027-06-27T02:30:00Z"),
    ("autumn", "2027-10-30T23:30:00Z", "2027-10-31T02:30:00Z"),
    ("spring", "2028-03-26T00:30:00Z", "2028-03-26T03:30:00Z"),
]


def _spans(found: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(o["uid"].split("@")[0][11:], o["start"], o["end"]) for o in found]


def test_recurring_ical_events_gives_three_hours_each_year(feed: Path) -> None:
    assert _spans(python_instants(feed, *WINDOW)) == EXPECTED


@pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
def test_icaljs_gives_three_hours_each_year(feed: Path) -> None:
    assert _spans(icaljs_instants(feed, *WINDOW)) == EXPECTED


def test_only_the_straddling_occurrences_are_written_out(feed: Path) -> None:
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    written = sorted(
        (str(e["UID"]).split("@")[0][11:], e["RECURRENCE-ID"].to_ical().decode())
        for e in events
        if "RECURRENCE-ID" in e
    )
    assert written == [  # up to two years after the build's now (the validation horizon)
        ("autumn", "20261025T013000"),
        ("autumn", "20271031T013000"),
        ("spring", "20260329T013000"),
        ("spring", "20270328T013000"),
        ("spring", "20280326T013000"),
    ]
    text = feed.read_bytes().decode()
    # the masters' DTEND: 01:30 plus three hours on the wall clock
    assert text.count("DTEND;TZID=Europe/Berlin:20260329T043000\r\n") == 1
    assert text.count("DTEND;TZID=Europe/Berlin:20260329T053000\r\n") == 1  # its exact end
