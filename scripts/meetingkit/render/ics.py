"""iCalendar (RFC 5545) text of meetings: one VEVENT per meeting, one VCALENDAR per feed.

Escaping and line folding are icalendar's; we only make sure every contributor string is
given to it as TEXT (icalendar types NAME, X-WR-CALNAME and X-WR-CALDESC as "unknown" and
would write them unescaped) and that it holds no control character RFC 5545 forbids.

No X-WR-TIMEZONE header: readers that honour it (recurring-ical-events, Google-style
clients) re-read every UTC time in the header's zone, so a weekly call written in UTC moved
by an hour at that zone's summer time and its cancelled dates came back. Every time is
written with its own TZID (or as UTC), so the header adds nothing but that risk.

Timestamps: DTSTAMP and LAST-MODIFIED are the meeting's last commit (git history). Outside a
git checkout there is none, and both fall back to the build's ``now`` truncated to the second:
a client then sees the data as fresh, and two builds with the same ``--now`` stay identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur, vText

from meetingkit.model.clock import wall_end
from meetingkit.model.occurrences import Occurrence, as_occurrence, changed, straddling
from meetingkit.model.records import Meeting, Programme
from meetingkit.model.recurrence import until_utc
from meetingkit.render.vtimezone import vtimezone

CHATHAM_HOUSE_NOTE = (
    "This meeting is held under the Chatham House Rule: you may use what you hear, "
    "but not say who said it."
)
LINK_LABELS = (
    ("agenda", "Agenda"),
    ("join", "Join"),
    ("rsvp", "RSVP"),
    ("slides", "Slides"),
    ("notes", "Notes"),
    ("recording", "Recording"),
    ("event", "Event"),
)
# RFC 5545 TEXT: any character but the controls, except HTAB (newlines are escaped as \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(text: str) -> str:
    """Contributor text made safe to hand to icalendar: line ends unified, controls dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def page_url(programme: Programme, meeting: Meeting) -> str:
    return f"{programme.site.base_url}meetings/{meeting.id}.html"


def ics_url(programme: Programme, meeting: Meeting) -> str:
    return f"{programme.site.base_url}meetings/{meeting.id}.ics"


def summary(programme: Programme, occurrence: Occurrence) -> str:
    """'Thursday Touchpoint: <title>'; 'Cancelled: ' first, since Google Calendar shows a
    cancelled event of a subscribed feed as if it took place."""
    prefix = programme.context_name(occurrence.meeting)
    text = occurrence.title
    if prefix and not text.startswith(prefix):
        text = f"{prefix}: {text}"
    return f"Cancelled: {text}" if occurrence.status == "cancelled" else text


def description(programme: Programme, occurrence: Occurrence) -> str:
    """Plain text for DESCRIPTION: status, theme, people, links, rules, body, page link."""
    meeting, links = occurrence.meeting, occurrence.links
    lines: list[str] = []
    if occurrence.status == "cancelled":
        lines.append("This meeting is cancelled.")
    elif occurrence.status == "tentative":
        lines.append("Tentative: the date or time may still change.")
    lines.append(f"Theme: {occurrence.title}")
    for label, people in (("Guests", occurrence.guests), ("Hosts", occurrence.hosts)):
        if people:
            lines.append(f"{label}: {', '.join(p.label for p in people)}")
    if meeting.audience:
        lines.append(f"Audience: {meeting.audience}")
    lines.extend(f"{label}: {links[kind]}" for kind, label in LINK_LABELS if kind in links)
    if meeting.chatham_house:
        lines.append(CHATHAM_HOUSE_NOTE)
    if occurrence.body.strip():
        lines.extend(["", occurrence.body.strip("\n")])
    lines.extend(["", f"Meeting page: {page_url(programme, meeting)}"])
    return "\n".join(lines)


def categories(programme: Programme, meeting: Meeting) -> list[str]:
    names: list[str] = []
    if meeting.series and meeting.series in programme.series:
        names.append(programme.series[meeting.series].name)
    if meeting.working_group and meeting.working_group in programme.working_groups:
        names.append(programme.working_groups[meeting.working_group].name)
    names.extend(meeting.tags)
    return list(dict.fromkeys(n for n in map(plain, names) if n.strip()))  # unique, in order


def stamp(meeting: Meeting, now: datetime) -> datetime:
    """DTSTAMP / LAST-MODIFIED: the last commit of the file, else ``now`` to the second."""
    moment = meeting.last_modified or now
    return moment.astimezone(UTC).replace(microsecond=0)


def meeting_events(programme: Programme, meeting: Meeting, now: datetime) -> list[Event]:
    """The meeting's VEVENT, then one per overridden occurrence (same UID, RECURRENCE-ID)."""
    events = [meeting_event(programme, meeting, now)]
    written = [*changed(meeting), *straddling(meeting, now)]
    written.sort(key=lambda o: o.day)
    events += [occurrence_event(programme, o, now) for o in written]
    return events


def meeting_event(programme: Programme, meeting: Meeting, now: datetime) -> Event:
    """The VEVENT of a one-off meeting, or the master of a recurring one, whose DTEND gives
    the length on the wall clock as readers take it (the first occurrence, should a DST change
    fall inside it, is written out with its exact end by meeting_events)."""
    end = wall_end(meeting.start, meeting.duration) if meeting.recurrence else None
    event = _event(programme, as_occurrence(meeting), now, end)
    if meeting.recurrence:
        event.add("rrule", vRecur.from_ical(until_utc(meeting.recurrence, meeting.zone)))
        for day in meeting.cancelled_dates:  # one EXDATE each: some readers take only the first
            event.add("exdate", _local(day, meeting.start.time(), meeting))
    return event


def occurrence_event(programme: Programme, occurrence: Occurrence, now: datetime) -> Event:
    """One occurrence of a recurring meeting as its own VEVENT: RECURRENCE-ID names the
    original slot in the form of the series' DTSTART, DTSTART/DTEND say when it is."""
    meeting = occurrence.meeting
    event = _event(programme, occurrence, now)
    event.add("recurrence-id", _local(occurrence.day, meeting.start.time(), meeting))
    return event


def _event(
    programme: Programme, occurrence: Occurrence, now: datetime, end: datetime | None = None
) -> Event:
    meeting, links = occurrence.meeting, occurrence.links
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp(meeting, now))
    event.add("last-modified", stamp(meeting, now))
    event.add("sequence", meeting.sequence)
    if meeting.all_day:  # VALUE=DATE; DTEND is the day after the last day (RFC 5545 §3.6.1)
        event.add("dtstart", occurrence.start.date())
        event.add("dtend", occurrence.end.date())
    else:
        event.add("dtstart", occurrence.start)
        event.add("dtend", end or occurrence.end)
    event.add("summary", plain(summary(programme, occurrence)))
    event.add("description", plain(description(programme, occurrence)))
    event.add("url", page_url(programme, meeting))
    event.add("location", plain(links.get("join") or page_url(programme, meeting)))
    cats = categories(programme, meeting)
    if cats:  # an empty CATEGORIES: line is a category with no name in some readers
        event.add("categories", cats)
    event.add("status", occurrence.status.upper())
    return event


def _local(day: date, at: time, meeting: Meeting) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=meeting.zone)


def _header(programme: Programme, name: str, caption: str) -> Calendar:
    site = programme.site
    cal = Calendar()
    cal.add("prodid", f"-//meetingkit//{site.repository}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for key in ("name", "x-wr-calname"):
        cal.add(key, vText(plain(name)))
    for key in ("description", "x-wr-caldesc"):
        cal.add(key, vText(plain(caption)))
    refresh = timedelta(hours=site.refresh_hours)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", f"PT{site.refresh_hours}H")
    return cal


def _ordered(meetings: Sequence[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=lambda m: (m.start.astimezone(UTC), m.uid))


def _zones_since(
    programme: Programme, ordered: Sequence[Meeting], now: datetime
) -> tuple[list[str], date]:
    # RFC 5545 wants at least one component: an empty feed carries the site's zone.
    since = min((m.start.date() for m in ordered), default=now.date())
    zones = sorted({m.timezone for m in ordered}) if ordered else [programme.site.timezone]
    return zones, since


_END = b"END:VCALENDAR\r\n"


# The one speed-up of the build: each VEVENT and VTIMEZONE serialised once for all its feeds.
class Serialised:
    """icalendar's bytes of each meeting's VEVENT and each zone's VTIMEZONE, written once
    however many feeds carry them (a meeting is in three or four)."""

    def __init__(self, programme: Programme, now: datetime) -> None:
        self.programme = programme
        self.now = now
        self._events: dict[str, bytes] = {}
        self._zones: dict[tuple[str, int], bytes] = {}

    def event(self, meeting: Meeting) -> bytes:
        if meeting.uid not in self._events:
            events = meeting_events(self.programme, meeting, self.now)
            self._events[meeting.uid] = b"".join(event.to_ical() for event in events)
        return self._events[meeting.uid]

    def zone(self, tzid: str, since: date) -> bytes:
        key = (tzid, since.year)  # vtimezone() depends on the year of ``since`` only
        if key not in self._zones:
            self._zones[key] = vtimezone(tzid, date(since.year, 1, 1)).to_ical()
        return self._zones[key]


def calendar_bytes(
    programme: Programme,
    meetings: Sequence[Meeting],
    *,
    name: str,
    caption: str,
    now: datetime,
    serialised: Serialised | None = None,
) -> bytes:
    """A published VCALENDAR of ``meetings``, sorted by start (UTC) and UID: UTF-8, CRLF
    line ends, folded at 75 octets, every line written by icalendar.

    The header is serialised here, the VTIMEZONEs and VEVENTs by ``serialised`` (shared by
    a build between its feeds), and placed before END:VCALENDAR.
    """
    serialised = serialised or Serialised(programme, now)
    ordered = _ordered(meetings)
    zones, since = _zones_since(programme, ordered, now)
    header: bytes = _header(programme, name, caption).to_ical()
    parts = [header.removesuffix(_END)]
    parts += [serialised.zone(tzid, since) for tzid in zones]
    parts += [serialised.event(meeting) for meeting in ordered]
    parts.append(_END)
    return b"".join(parts)
