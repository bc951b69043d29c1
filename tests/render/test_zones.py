"""Every client sees the same instants (SPEC §5): weekly and monthly calls in many zones,
crossing their daylight-saving changes, with cancelled dates, built by ``meetingkit build``
some occurrences moved by ``overrides`` to another day and time (across a change), and read
by three independent readers:

* ical.js (Thunderbird), which takes every offset from the VTIMEZONEs in the file;
* recurring-ical-events as it is, which honours an ``X-WR-TIMEZONE`` header (Google-style);
* a reader that resolves each TZID by its IANA name (icalendar + zoneinfo + dateutil).

Each must give exactly the instants the zone's own rules give (computed here from dates and
zoneinfo, not from the feed): a moved occurrence at its new time and not at its old one, and
no cancelled date may come back.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from meetingkit.cli import main

from icaljs import icaljs_instants, node_available, python_instants

UTC = dt.UTC
WINDOW = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2028, 3, 1, tzinfo=UTC))
needs_node = pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")


@dataclass(frozen=True)
class Call:
    slug: str
    zone: str
    start: dt.datetime  # local wall-clock time of the first occurrence
    rule: str
    dates: tuple[dt.date, ...]  # every occurrence date, by the calendar alone
    cancelled: tuple[dt.date, ...]
    moved: tuple[tuple[dt.date, dt.datetime], ...] = ()  # original date → new local start


def weekly(
    zone: str, slug: str, at: dt.time, cancelled: tuple[dt.date, ...], weeks: int = 40
) -> Call:
    # Thursdays from 5 March 2026 for 40 weeks: across the March/April changes of both
    # hemispheres, Santiago's September one, October's and the US November one.
    first = dt.date(2026, 3, 5)
    dates = tuple(first + dt.timedelta(weeks=n) for n in range(weeks))
    rule = f"FREQ=WEEKLY;COUNT={weeks}"
    return Call(slug, zone, dt.datetime.combine(first, at), rule, dates, cancelled)


def first_tuesdays(count: int) -> tuple[dt.date, ...]:
    found = []
    for n in range(count):
        year, month = 2026 + n // 12, n % 12 + 1
        day = next(d for d in range(1, 8) if dt.date(year, month, d).weekday() == 1)
        found.append(dt.date(year, month, day))
    return tuple(found)


def monthly(zone: str, slug: str, at: dt.time, count: int, cancelled: tuple[dt.date, ...]) -> Call:
    dates = first_tuesdays(count)
    rule = f"FREQ=MONTHLY;BYDAY=1TU;COUNT={count}"
    return Call(slug, zone, dt.datetime.combine(dates[0], at), rule, dates, cancelled)


D = dt.date
T = dt.datetime
MOVED = {  # overrides: across the change after the original date, to another day and time
    "etc-utc-weekly": ((D(2026, 3, 19), T(2026, 3, 20, 9)),),
    "new-york-weekly": ((D(2026, 10, 29), T(2026, 11, 2, 10)),),
    "london-monthly": ((D(2026, 3, 3), T(2026, 3, 31, 14)),),
    "sydney-weekly": ((D(2026, 4, 2), T(2026, 4, 6, 18, 30)),),
    "santiago-monthly": ((D(2026, 4, 7), T(2026, 3, 30, 12)),),  # earlier, before the change
}
CALLS = [
    weekly("Etc/UTC", "etc-utc-weekly", dt.time(15), (D(2026, 4, 2), D(2026, 11, 5))),
    monthly("Etc/UTC", "etc-utc-monthly", dt.time(15), 24, (D(2026, 4, 7), D(2027, 11, 2))),
    weekly("UTC", "utc-weekly", dt.time(8, 30), (D(2026, 3, 12), D(2026, 10, 29))),
    monthly("UTC", "utc-monthly", dt.time(23, 30), 24, (D(2026, 11, 3),)),
    weekly("America/New_York", "new-york-weekly", dt.time(11), (D(2026, 3, 12),)),
    monthly("America/New_York", "new-york-monthly", dt.time(9), 24, (D(2027, 3, 2),)),
    weekly("Europe/London", "london-weekly", dt.time(16), (D(2026, 4, 2),)),
    monthly("Europe/London", "london-monthly", dt.time(1, 30), 24, (D(2026, 11, 3),)),
    weekly("Australia/Sydney", "sydney-weekly", dt.time(18), (D(2026, 4, 9),)),
    monthly("Australia/Sydney", "sydney-monthly", dt.time(7), 24, (D(2026, 10, 6),)),
    weekly("Australia/Lord_Howe", "lord-howe-weekly", dt.time(9, 30), (D(2026, 10, 8),)),
    monthly("Australia/Lord_Howe", "lord-howe-monthly", dt.time(20), 24, (D(2027, 4, 6),)),
    weekly("America/Santiago", "santiago-weekly", dt.time(10), (D(2026, 9, 10),)),
    monthly("America/Santiago", "santiago-monthly", dt.time(12), 24, (D(2026, 9, 1),)),
    # Casablanca: tzdata 2026 ends its summer time on 20 September 2026.
    weekly("Africa/Casablanca", "casablanca-weekly", dt.time(14), (D(2026, 3, 26),)),
    monthly("Africa/Casablanca", "casablanca-monthly", dt.time(14), 24, (D(2026, 4, 7),)),
    weekly("Asia/Kolkata", "kolkata-weekly", dt.time(19, 30), (D(2026, 3, 26),)),
    monthly("Asia/Kolkata", "kolkata-monthly", dt.time(17), 24, (D(2027, 1, 5),)),
]
CALLS = [replace(call, moved=MOVED.get(call.slug, ())) for call in CALLS]


def meeting_file(call: Call) -> str:
    dates = ", ".join(f'"{d.isoformat()}"' for d in call.cancelled)
    moved = "".join(
        f'  "{day.isoformat()}": {{start: "{to:%Y-%m-%dT%H:%M}", title: Moved}}\n'
        for day, to in call.moved
    )
    return (
        f'---\ntitle: {call.slug}\nstart: "{call.start:%Y-%m-%dT%H:%M}"\n'
        f"timezone: {call.zone}\nrecurrence: {call.rule}\ncancelled_dates: [{dates}]\n"
        + (f"overrides:\n{moved}" if moved else "")
        + "---\n"
    )


def build(target: Path, site_zone: str) -> Path:
    root = target / "repo"
    for folder in ("series", "working-groups"):
        (root / folder).mkdir(parents=True)
    (root / "site.yaml").write_text(
        "community: Zones\ntitle: Calls\nrepository: example/zones\n"
        f"base_url: https://example.org/zones/\ntimezone: {site_zone}\nintroduction: x\n"
    )
    for call in CALLS:
        path = root / "meetings" / f"{call.start.year}" / f"{call.start:%Y-%m-%d}-{call.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(meeting_file(call))
    out = target / "site"
    assert (
        main(["build", "--root", str(root), "--out", str(out), "--now", "2026-01-01T00:00Z"]) == 0
    )
    return out / "calendar.ics"


def expected() -> dict[str, list[str]]:
    """Each call's instants from the zone's own rules: the local time on each date."""
    found = {}
    for call in CALLS:
        zone = zoneinfo.ZoneInfo(call.zone)
        moved = dict(call.moved)
        found[call.slug] = sorted(
            moved.get(day, dt.datetime.combine(day, call.start.time()))
            .replace(tzinfo=zone)
            .astimezone(UTC)
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            for day in call.dates
            if day not in call.cancelled
        )
    return found


def by_call(found: list[dict[str, Any]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for item in found:
        result.setdefault(item["uid"].split("@")[0][11:], []).append(item["start"])
    return {slug: sorted(starts) for slug, starts in result.items()}


def iana_instants(path: Path) -> dict[str, list[str]]:
    """A reader that ignores the VTIMEZONEs and resolves each TZID by its IANA name."""
    result: dict[str, list[str]] = {}
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    moved = [e for e in events if "RECURRENCE-ID" in e]
    for event in (e for e in events if "RECURRENCE-ID" not in e):
        uid = event["UID"]
        start = event["DTSTART"].dt
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        exdates = event.get("EXDATE", [])
        skipped = {
            d.dt.astimezone(UTC)
            for group in (exdates if isinstance(exdates, list) else [exdates])
            for d in group.dts
        }
        own = [e for e in moved if e["UID"] == uid]
        skipped |= {e["RECURRENCE-ID"].dt.astimezone(UTC) for e in own}
        result[str(uid).split("@")[0][11:]] = sorted(
            [
                moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                for moment in rule
                if moment.astimezone(UTC) not in skipped
            ]
            + [e["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for e in own]
        )
    return result


@pytest.fixture(scope="module", params=["Europe/Madrid", "America/Chicago"])
def feed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("zones"), request.param)


def test_the_expected_instants_cross_the_changes() -> None:
    # The examples are what they claim: the UTC time changes within each DST-zone series.
    want = expected()
    assert want["etc-utc-weekly"][:4] == [
        "2026-03-05T15:00:00Z",
        "2026-03-12T15:00:00Z",
        "2026-03-20T09:00:00Z",
        "2026-03-26T15:00:00Z",
    ]  # fmt: skip (19 March moved to the 20th at 09:00)
    assert "2026-04-02T15:00:00Z" not in want["etc-utc-weekly"]
    for call in CALLS:
        moved = {to.replace(tzinfo=zoneinfo.ZoneInfo(call.zone)) for _, to in call.moved}
        starts = [s for s in want[call.slug] if dt.datetime.fromisoformat(s) not in moved]
        slug, hours = call.slug, {s[11:16] for s in starts}
        fixed = slug.startswith(("etc-utc", "utc", "kolkata"))
        assert (len(hours) == 1) == fixed, (slug, hours)
    assert sum(len(v) for v in want.values()) == 555
    assert "2026-11-02T15:00:00Z" in want["new-york-weekly"]  # EST, moved from 29 October
    assert "2026-10-29T15:00:00Z" not in want["new-york-weekly"]


def test_no_header_changes_the_meaning_of_an_event(feed: Path) -> None:
    assert b"X-WR-TIMEZONE" not in feed.read_bytes()


def test_recurring_ical_events_as_it_is(feed: Path) -> None:
    assert by_call(python_instants(feed, *WINDOW)) == expected()


def test_a_reader_resolving_tzids_by_iana_name(feed: Path) -> None:
    assert iana_instants(feed) == expected()


@needs_node
def test_icaljs_from_the_files_own_vtimezones(feed: Path) -> None:
    assert by_call(icaljs_instants(feed, *WINDOW)) == expected()
