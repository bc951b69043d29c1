"""The iCalendar files: raw bytes (CRLF, folding), escaping by parsing back, properties,
VTIMEZONEs, and the DST-crossing weekly call as Python readers and ical.js expand it."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar, Event
from mini_site import NOW, Built, build_copy

from meetingkit.model.records import Meeting, Programme
from meetingkit.render.ics import calendar_bytes, plain

from icaljs import icaljs_instants, node_available, python_instants

HOSTILE = "2024-03-28-monthly-talk"
DOCS = "2024-03-07-docs-wg-call"
needs_node = pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
# Property names a feed may contain; anything else at the start of a line was injected.
KNOWN = {
    "BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME",
    "DESCRIPTION", "X-WR-CALDESC", "REFRESH-INTERVAL", "X-PUBLISHED-TTL",
    "TZID", "DTSTART", "RRULE", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "SUMMARY", "DTEND",
    "DTSTAMP", "UID", "SEQUENCE", "EXDATE", "CATEGORIES", "LAST-MODIFIED", "LOCATION",
    "STATUS", "URL",
}  # fmt: skip


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_copy(tmp_path_factory.mktemp("ics"))


def ics_files(built: Built) -> list[Path]:
    return sorted(built.site.rglob("*.ics"))


def unfolded(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def events(path: Path) -> dict[str, Event]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def as_text(escaped: str) -> str:
    """Read a property icalendar keeps raw (NAME, X-WR-*) the way a client reads TEXT."""
    return str(Event.from_ical(f"BEGIN:VEVENT\r\nSUMMARY:{escaped}\r\nEND:VEVENT\r\n")["SUMMARY"])


def meeting(programme: Programme, meeting_id: str) -> Meeting:
    return next(m for m in programme.meetings if m.id == meeting_id)


def uid(meeting_id: str) -> str:
    return f"{meeting_id}@example.org"


def test_every_file_is_crlf_folded_at_75_octets_on_character_boundaries(mini: Built) -> None:
    files = ics_files(mini)
    assert len(files) == 11
    for path in files:
        raw = path.read_bytes()
        assert raw.endswith(b"END:VCALENDAR\r\n"), path
        lines = raw.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), path
        assert max(len(line) for line in lines) <= 75, path
        for line in lines:
            line.decode("utf-8")  # a fold inside a multi-byte character would fail here
    hostile = (mini.site / "meetings" / f"{HOSTILE}.ics").read_bytes().split(b"\r\n")
    assert sum(line.startswith(b" ") for line in hostile) >= 10  # the long description folds
    assert any(len(line) < 75 and len(line) > 70 for line in hostile)  # folded before a 4-byte char


def test_no_line_starts_a_property_that_was_not_intended(mini: Built) -> None:
    for path in ics_files(mini):
        names = [re.split(r"[;:]", line, maxsplit=1)[0] for line in unfolded(path.read_bytes())]
        assert set(names) <= KNOWN, path
        assert names.count("BEGIN") == names.count("END")
    archive = unfolded((mini.site / "calendars" / "archive.ics").read_bytes())
    assert archive.count("BEGIN:VEVENT") == 6
    assert archive.count("BEGIN:VCALENDAR") == 1 and archive[-1] == "END:VCALENDAR"


def test_hostile_text_round_trips_exactly(mini: Built) -> None:
    source = meeting(mini.programme, HOSTILE)
    event = events(mini.site / "calendar.ics")[uid(HOSTILE)]
    assert str(event["SUMMARY"]) == f"Monthly Talk: {source.title}"
    assert source.title.startswith('Semicolons; commas, back\\slashes & "quotes" |')
    description = str(event["DESCRIPTION"])
    assert source.body in description
    assert "\nBEGIN:VEVENT\nUID:evil@example.org\nEND:VEVENT\nEND:VCALENDAR\n" in description
    assert "a backslash \\n that is not a newline" in description
    assert "Guests: Zoë O'Brien (Café; Bar, Inc.), Li Wei\n" in description
    assert str(event["LOCATION"]) == "https://meet.example.org/talk?room=a;b,c"
    assert event["CATEGORIES"].cats == ["Monthly Talk", "security", "C++"]
    text = "\n".join(unfolded((mini.site / "calendar.ics").read_bytes()))
    assert text.count("UID:evil@example.org") == text.count("\\nUID:evil@example.org") == 1


def test_control_characters_cannot_break_out(mini: Built) -> None:
    programme = mini.programme
    evil = dataclasses.replace(
        meeting(programme, HOSTILE),
        title="A\r\nBEGIN:VEVENT\x00\x1b[31m;x",
        body="one\rEND:VCALENDAR\x0bTWO\r\nthree\x7f\ttab",
        tags=("a,b", "c;d"),
    )
    raw = calendar_bytes(programme, [evil], name="N\r\nX-EVIL:1", caption="C\nD", now=NOW)
    lines = unfolded(raw)
    assert not any(line.startswith(("X-EVIL", "END:VCALENDAR\\")) for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VCALENDAR") == 1
    cal = Calendar.from_ical(raw)
    assert "X-WR-CALNAME:N\\nX-EVIL:1" in lines
    for key in ("NAME", "X-WR-CALNAME"):
        assert as_text(str(cal[key])) == "N\nX-EVIL:1"
    assert str(cal["DESCRIPTION"]) == as_text(str(cal["X-WR-CALDESC"])) == "C\nD"
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Monthly Talk: A\nBEGIN:VEVENT[31m;x"
    assert "\n\none\nEND:VCALENDARTWO\nthree\ttab\n\n" in str(event["DESCRIPTION"])
    assert event["CATEGORIES"].cats == ["Monthly Talk", "a,b", "c;d"]


def test_plain_keeps_tabs_and_newlines_only() -> None:
    assert plain("a\r\nb\rc\nd\te\x00\x01\x1f\x7f") == "a\nb\nc\nd\te"


def test_calendar_properties(mini: Built) -> None:
    head = unfolded((mini.site / "calendars" / "monthly-talk.ics").read_bytes())[:12]
    # No X-WR-TIMEZONE: readers honouring it re-anchor UTC series (tests/render/test_zones.py).
    assert head == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//meetingkit//example/mini-meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "DESCRIPTION:A guest talk on the last Thursday of the month\\, followed by questions.",
        "X-WR-CALDESC:A guest talk on the last Thursday of the month\\, followed by questions.",
        "NAME:Mini Community: Monthly Talk",
        "X-WR-CALNAME:Mini Community: Monthly Talk",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        "BEGIN:VTIMEZONE",
    ]


def test_event_properties(mini: Built) -> None:
    lines = unfolded((mini.site / "meetings" / "2024-05-30-monthly-talk.ics").read_bytes())
    event = lines[lines.index("BEGIN:VEVENT") :]
    assert event == [
        "BEGIN:VEVENT",
        "SUMMARY:Monthly Talk: Community metrics\\, rescheduled",
        "DTSTART;TZID=Europe/Madrid:20240530T140000",
        "DTEND;TZID=Europe/Madrid:20240530T153000",
        "DTSTAMP:20240420T090000Z",
        "UID:2024-05-30-monthly-talk@example.org",
        "SEQUENCE:0",
        "CATEGORIES:Monthly Talk,metrics",
        "DESCRIPTION:Theme: Community metrics\\, rescheduled\\nGuests: Cy (Metrics Lab)"
        "\\nAudience: Everyone\\nRSVP: https://events.example.org/metrics\\nThis meeting is "
        "held under the Chatham House Rule: you may use what you hear\\, but not say who said "
        "it.\\n\\nThe talk on community metrics\\, moved from April.\\n\\nMeeting page: "
        "https://example.org/mini/meetings/2024-05-30-monthly-talk.html",
        "LAST-MODIFIED:20240420T090000Z",
        "LOCATION:https://example.org/mini/meetings/2024-05-30-monthly-talk.html",
        "STATUS:CONFIRMED",
        "URL:https://example.org/mini/meetings/2024-05-30-monthly-talk.html",
        "END:VEVENT",
        "END:VCALENDAR",
    ]


def test_git_history_gives_sequence_and_timestamps(mini: Built) -> None:
    edited = dataclasses.replace(
        meeting(mini.programme, DOCS),
        sequence=3,
        last_modified=datetime(2024, 2, 1, 8, 30, 15, 999, tzinfo=UTC),
    )
    lines = unfolded(calendar_bytes(mini.programme, [edited], name="n", caption="c", now=NOW))
    assert "SEQUENCE:3" in lines
    assert "DTSTAMP:20240201T083015Z" in lines and "LAST-MODIFIED:20240201T083015Z" in lines


def test_status_of_each_meeting(mini: Built) -> None:
    found = {
        u: str(e["STATUS"]) for u, e in events(mini.site / "calendars" / "archive.ics").items()
    }
    assert found == {
        uid("2023-11-30-monthly-talk"): "CONFIRMED",
        uid(DOCS): "CONFIRMED",
        uid(HOSTILE): "CONFIRMED",
        uid("2024-04-12-office-hours"): "TENTATIVE",
        uid("2024-04-25-monthly-talk"): "CANCELLED",
        uid("2024-05-30-monthly-talk"): "CONFIRMED",
    }
    cancelled = unfolded((mini.site / "meetings" / "2024-04-25-monthly-talk.ics").read_bytes())
    assert "STATUS:CANCELLED" in cancelled
    assert "SUMMARY:Cancelled: Monthly Talk: Community metrics" in cancelled


def test_recurring_call_has_rrule_with_utc_until_and_one_exdate_per_date(mini: Built) -> None:
    lines = unfolded((mini.site / "calendars" / "docs.ics").read_bytes())
    assert "RRULE:FREQ=WEEKLY;UNTIL=20240425T215959Z;BYDAY=TH" in lines
    assert [line for line in lines if line.startswith("EXDATE")] == [
        "EXDATE;TZID=Europe/Berlin:20240411T100000"
    ]


def test_a_vtimezone_for_every_tzid_used(mini: Built) -> None:
    for path in ics_files(mini):
        cal = Calendar.from_ical(path.read_bytes())
        defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        used = set(re.findall(r";TZID=([^:;]+)", path.read_text("utf-8").replace("\r\n ", "")))
        assert used == defined, path
    zones = Calendar.from_ical((mini.site / "calendar.ics").read_bytes()).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["America/New_York", "Europe/Berlin", "Europe/Madrid"]


def test_an_empty_feed_still_has_a_component(mini: Built) -> None:
    empty = dataclasses.replace(mini.programme, meetings=())
    lines = unfolded(calendar_bytes(empty, [], name="n", caption="c", now=NOW))
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    assert "BEGIN:VEVENT" not in lines


def test_events_are_sorted_by_start(mini: Built) -> None:
    order = [str(e["UID"]) for e in Calendar.from_ical(
        (mini.site / "calendars" / "archive.ics").read_bytes()
    ).walk("VEVENT")]  # fmt: skip
    assert order == [uid(m) for m in (
        "2023-11-30-monthly-talk", DOCS, HOSTILE, "2024-04-12-office-hours",
        "2024-04-25-monthly-talk", "2024-05-30-monthly-talk",
    )]  # fmt: skip


WINDOW = (datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC))
DOCS_INSTANTS = [
    ("2024-03-07T09:00:00Z", "2024-03-07T09:30:00Z"),
    ("2024-03-14T09:00:00Z", "2024-03-14T09:30:00Z"),
    ("2024-03-21T09:00:00Z", "2024-03-21T09:30:00Z"),
    ("2024-03-28T09:00:00Z", "2024-03-28T09:30:00Z"),  # last Thursday in CET
    ("2024-04-04T08:00:00Z", "2024-04-04T08:30:00Z"),  # 10:00 CEST after 31 March
    ("2024-04-18T08:00:00Z", "2024-04-18T08:30:00Z"),  # 11 April is cancelled
    ("2024-04-25T08:00:00Z", "2024-04-25T08:30:00Z"),  # UNTIL=20240425 includes that day
]


def test_weekly_berlin_call_across_dst_in_python_readers(mini: Built) -> None:
    found = python_instants(mini.site / "calendars" / "docs.ics", *WINDOW)
    assert [(f["start"], f["end"]) for f in found] == DOCS_INSTANTS
    assert {f["uid"] for f in found} == {uid(DOCS)}


@needs_node
def test_weekly_berlin_call_across_dst_in_icaljs(mini: Built) -> None:
    found = icaljs_instants(mini.site / "calendars" / "docs.ics", *WINDOW)
    assert [(f["start"], f["end"]) for f in found] == DOCS_INSTANTS


@needs_node
def test_icaljs_and_python_agree_on_every_feed(mini: Built) -> None:
    start, end = datetime(2023, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    for path in ics_files(mini):
        assert icaljs_instants(path, start, end) == python_instants(path, start, end), path
