"""Which calendar feeds the site publishes and which meetings each holds.

Subscribed feeds (``calendar.ics``, one per series, one per working group) keep every future
meeting and those of the last ``site.feed_past_days`` days, so that clients re-reading them
every few hours stay fast; a recurring meeting stays while any of its occurrences is in that
window. ``calendars/archive.ics`` keeps everything, and ``meetings/<id>.ics`` is one meeting
for "add to my calendar".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from meetingkit.model import Meeting, Programme
from meetingkit.recurrence import parse_rule
from meetingkit.render.ics import Serialised, calendar_bytes, summary

ARCHIVE = "calendars/archive.ics"


class FeedError(ValueError):
    """Two feeds would be written to the same file; the message names both."""


@dataclass(frozen=True)
class Feed:
    path: str  # relative output path, e.g. calendars/thursday-touchpoint.ics
    name: str  # calendar name shown by clients
    caption: str  # calendar description
    meetings: tuple[Meeting, ...]


def window_start(programme: Programme, now: datetime) -> datetime | None:
    """The oldest end a subscribed feed keeps; None keeps every meeting (SPEC §5)."""
    days = programme.site.feed_past_days
    return None if days is None else now.astimezone(UTC) - timedelta(days=days)


def in_window(meeting: Meeting, since: datetime) -> bool:
    """True when the meeting (or any occurrence of it) ends at or after ``since``."""
    if meeting.end.astimezone(UTC) >= since:
        return True
    if not meeting.recurrence:
        return False
    zone = meeting.zone
    rule = parse_rule(meeting.recurrence, meeting.start.replace(tzinfo=None), zone)
    # Search from a day early in local time, then check each candidate's real end in UTC.
    local = since.astimezone(zone).replace(tzinfo=None) - meeting.duration - timedelta(days=1)
    candidate = rule.after(local, inc=True)
    while candidate is not None:
        end = candidate.replace(tzinfo=zone).astimezone(UTC) + meeting.duration
        if end >= since:
            return True
        candidate = rule.after(candidate)
    return False


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def feeds(programme: Programme, now: datetime) -> list[Feed]:
    """Every feed the site publishes, in output-path order."""
    site = programme.site
    since = window_start(programme, now)
    if since is None:
        recent = programme.meetings
        window = "meetings, past and upcoming"
    else:
        recent = tuple(m for m in programme.meetings if in_window(m, since))
        window = (
            f"upcoming meetings and those of the past {site.feed_past_days} days"
            if site.feed_past_days
            else "upcoming meetings"
        )
    found = [
        Feed("calendar.ics", f"{site.community} {site.title}", f"All {window}.", recent),
        Feed(
            ARCHIVE,
            f"{site.community} {site.title} (archive)",
            "Every meeting, past and future.",
            programme.meetings,
        ),
    ]
    for series in programme.series.values():
        found.append(
            Feed(
                f"calendars/{series.id}.ics",
                f"{site.community}: {series.name}",
                _one_line(series.description) or f"{series.name}: {window}.",
                tuple(m for m in recent if m.series == series.id),
            )
        )
    for group in programme.working_groups.values():
        found.append(
            Feed(
                f"calendars/{group.id}.ics",
                f"{site.community}: {group.name}",
                _one_line(group.scope),
                tuple(m for m in recent if m.working_group == group.id),
            )
        )
    for meeting in programme.meetings:
        found.append(
            Feed(
                f"meetings/{meeting.id}.ics",
                summary(programme, meeting),
                f"{site.community} {site.title}: one meeting.",
                (meeting,),
            )
        )
    _refuse_clashes(found)
    return sorted(found, key=lambda f: f.path)


def _refuse_clashes(found: list[Feed]) -> None:
    """A series and a working group with one id (or an id 'archive') would share a file."""
    seen: dict[str, Feed] = {}
    for feed in found:
        if feed.path in seen:
            raise FeedError(
                f"{seen[feed.path].name!r} and {feed.name!r} would both be published as "
                f"{feed.path}; rename the series or working-group file so the ids differ"
            )
        seen[feed.path] = feed


def feed_files(programme: Programme, now: datetime) -> dict[str, bytes]:
    """Relative output path → iCalendar bytes, for every feed."""
    serialised = Serialised(programme, now)
    return {
        feed.path: calendar_bytes(
            programme,
            feed.meetings,
            name=feed.name,
            caption=feed.caption,
            now=now,
            serialised=serialised,
        )
        for feed in feeds(programme, now)
    }
