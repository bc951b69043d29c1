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

import functools
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCategory, vRecur, vText, vUri
from icalendar.parser import Contentline

from meetingkit.model.records import Meeting, Programme
from meetingkit.model.recurrence import until_utc
from meetingkit.render import ical_speed
from meetingkit.render.vtimezone import vtimezone

ical_speed.install()

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


def summary(programme: Programme, meeting: Meeting) -> str:
    """'Thursday Touchpoint: <title>'; 'Cancelled: ' first, since Google Calendar shows a
    cancelled event of a subscribed feed as if it took place."""
    prefix = programme.context_name(meeting)
    text = meeting.title
    if prefix and not text.startswith(prefix):
        text = f"{prefix}: {text}"
    return f"Cancelled: {text}" if meeting.status == "cancelled" else text


def description(programme: Programme, meeting: Meeting) -> str:
    """Plain text for DESCRIPTION: status, theme, people, links, rules, body, page link."""
    lines: list[str] = []
    if meeting.status == "cancelled":
        lines.append("This meeting is cancelled.")
    elif meeting.status == "tentative":
        lines.append("Tentative: the date or time may still change.")
    lines.append(f"Theme: {meeting.title}")
    for label, people in (("Guests", meeting.guests), ("Hosts", meeting.hosts)):
        if people:
            lines.append(f"{label}: {', '.join(p.label for p in people)}")
    if meeting.audience:
        lines.append(f"Audience: {meeting.audience}")
    lines.extend(
        f"{label}: {meeting.links[kind]}" for kind, label in LINK_LABELS if kind in meeting.links
    )
    if meeting.chatham_house:
        lines.append(CHATHAM_HOUSE_NOTE)
    if meeting.body.strip():
        lines.extend(["", meeting.body.strip("\n")])
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


def meeting_event(programme: Programme, meeting: Meeting, now: datetime) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp(meeting, now))
    event.add("last-modified", stamp(meeting, now))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", plain(summary(programme, meeting)))
    event.add("description", plain(description(programme, meeting)))
    event.add("url", page_url(programme, meeting))
    event.add("location", plain(meeting.links.get("join") or page_url(programme, meeting)))
    cats = categories(programme, meeting)
    if cats:  # an empty CATEGORIES: line is a category with no name in some readers
        event.add("categories", cats)
    event.add("status", meeting.status.upper())
    if meeting.recurrence:
        event.add("rrule", vRecur.from_ical(until_utc(meeting.recurrence, meeting.zone)))
        for day in meeting.cancelled_dates:  # one EXDATE each: some readers take only the first
            event.add("exdate", _local(day, meeting.start.time(), meeting))
    return event


def event_bytes(programme: Programme, meeting: Meeting, now: datetime) -> bytes:
    """``meeting_event(...).to_ical()``, written line by line.

    Building an icalendar Event and serialising it costs ~0.75 ms, most of it in generic
    machinery (type inference, parameter objects) for a dozen known properties; a build
    writes one VEVENT per meeting. Here each value is still written by icalendar's own type
    (escaping, the recurrence rule) and each line folded by icalendar's Contentline, in the
    order icalendar writes them; zones icalendar writes differently (UTC) take the full
    path. tests/render/test_ics.py holds the two to the same bytes.
    """
    cats = categories(programme, meeting)
    if not cats or not _writes_tzid(meeting.timezone):
        data: bytes = meeting_event(programme, meeting, now).to_ical()
        return data
    tzid = meeting.timezone
    moment = _utc_text(stamp(meeting, now))
    url = page_url(programme, meeting)
    lines = [
        ("SUMMARY", _text(plain(summary(programme, meeting)))),
        (f"DTSTART;TZID={tzid}", _local_text(meeting.start)),
        (f"DTEND;TZID={tzid}", _local_text(meeting.end)),
        ("DTSTAMP", moment),
        ("UID", _text(meeting.uid)),
        ("SEQUENCE", str(meeting.sequence)),
    ]
    if meeting.recurrence:
        rule = vRecur.from_ical(until_utc(meeting.recurrence, meeting.zone))
        lines.append(("RRULE", rule.to_ical().decode("utf-8-sig")))
        at = meeting.start.time()
        lines += [
            (f"EXDATE;TZID={tzid}", _local_text(_local(day, at, meeting)))
            for day in meeting.cancelled_dates
        ]
    lines += [
        ("CATEGORIES", vCategory(cats).to_ical().decode("utf-8-sig")),  # cats is not empty here
        ("DESCRIPTION", _text(plain(description(programme, meeting)))),
        ("LAST-MODIFIED", moment),
        ("LOCATION", _text(plain(meeting.links.get("join") or url))),
        ("STATUS", _text(meeting.status.upper())),
        ("URL", vUri(url).to_ical().decode("utf-8-sig")),
    ]
    body = b"".join(_line(f"{name}:{value}") for name, value in lines)
    return b"BEGIN:VEVENT\r\n" + body + b"END:VEVENT\r\n"


def _line(text: str) -> bytes:
    folded: bytes = Contentline(text).to_ical()  # type: ignore[no-untyped-call]
    return folded + b"\r\n"


def _text(value: str) -> str:
    # icalendar decodes every serialised value as utf-8-sig (a leading U+FEFF is dropped).
    return vText(value).to_ical().decode("utf-8-sig")


def _utc_text(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _local_text(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


@functools.cache
def _writes_tzid(tzid: str) -> bool:
    """True when icalendar writes a time of this zone as ``;TZID=<zone>:`` + local time."""
    sample = Event()
    sample.add("dtstart", datetime(2024, 1, 2, 3, 4, 5, tzinfo=ZoneInfo(tzid)))
    written: bytes = sample.to_ical()
    return written == (
        f"BEGIN:VEVENT\r\nDTSTART;TZID={tzid}:20240102T030405\r\nEND:VEVENT\r\n".encode()
    )


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


def calendar(
    programme: Programme,
    meetings: Sequence[Meeting],
    *,
    name: str,
    caption: str,
    now: datetime,
) -> Calendar:
    """A published VCALENDAR of ``meetings``, sorted by start (UTC) and UID."""
    cal = _header(programme, name, caption)
    ordered = _ordered(meetings)
    zones, since = _zones_since(programme, ordered, now)
    for tzid in zones:
        cal.add_component(vtimezone(tzid, since))
    for meeting in ordered:
        cal.add_component(meeting_event(programme, meeting, now))
    return cal


_END = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=1024)
def _vtimezone_bytes(tzid: str, year: int) -> bytes:
    # vtimezone() depends on the year of ``since`` only; serialising is the costly part.
    data: bytes = vtimezone(tzid, date(year, 1, 1)).to_ical()
    return data


class Pieces:
    """Parts of feeds serialised once: each meeting's VEVENT, however many feeds carry it,
    and the feed header per caption (a build has one feed per meeting, whose headers differ
    only in the calendar name)."""

    # The calendar name stands in the header template as this (text with nothing to escape,
    # short enough never to fold); each feed's own name lines replace it.
    _NAME = "meetingkit-calendar-name"

    def __init__(self, programme: Programme, now: datetime) -> None:
        self.programme = programme
        self.now = now
        self._events: dict[str, bytes] = {}
        self._templates: dict[str, tuple[bytes, bytes] | None] = {}

    def event(self, meeting: Meeting) -> bytes:
        found = self._events.get(meeting.uid)
        if found is None:
            found = event_bytes(self.programme, meeting, self.now)
            self._events[meeting.uid] = found
        return found

    def header(self, name: str, caption: str) -> bytes:
        """``_header(programme, name, caption).to_ical()`` without its END:VCALENDAR line."""
        if caption not in self._templates:
            self._templates[caption] = self._template(caption)
        template = self._templates[caption]
        if template is None:  # an icalendar that orders the header otherwise: the slow way
            whole: bytes = _header(self.programme, name, caption).to_ical()
            return whole[: -len(_END)]
        before, after = template
        return before + _name_lines(name) + after

    def _template(self, caption: str) -> tuple[bytes, bytes] | None:
        whole: bytes = _header(self.programme, self._NAME, caption).to_ical()
        lines = f"NAME:{self._NAME}\r\nX-WR-CALNAME:{self._NAME}\r\n".encode("ascii")
        before, found, after = whole.partition(lines)
        if not found or not after.endswith(_END) or self._NAME.encode() in before + after:
            return None
        return before, after[: -len(_END)]


def _name_lines(name: str) -> bytes:
    """The NAME and X-WR-CALNAME lines of a header, as ``_header`` writes them."""
    text = _text(plain(name))
    return _line(f"NAME:{text}") + _line(f"X-WR-CALNAME:{text}")


def calendar_bytes(
    programme: Programme,
    meetings: Sequence[Meeting],
    *,
    name: str,
    caption: str,
    now: datetime,
    pieces: Pieces | None = None,
) -> bytes:
    """The feed as it is published: UTF-8, CRLF line ends, folded at 75 octets.

    Byte for byte what ``calendar(...).to_ical()`` writes, assembled from pieces serialised
    once: the zones per (zone, year) and, with ``pieces`` shared between feeds, each
    meeting's VEVENT and the header around the calendar name.
    """
    pieces = pieces or Pieces(programme, now)
    ordered = _ordered(meetings)
    zones, since = _zones_since(programme, ordered, now)
    parts = [pieces.header(name, caption)]
    parts += [_vtimezone_bytes(tzid, since.year) for tzid in zones]
    parts += [pieces.event(meeting) for meeting in ordered]
    parts.append(_END)
    return b"".join(parts)
