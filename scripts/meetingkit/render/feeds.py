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

from meetingkit.model.occurrences import as_occurrence, occurrences
from meetingkit.model.records import ARCHIVE_FEED, Meeting, Programme, feed_path
from meetingkit.render.ics import Serialised, calendar_bytes, summary


@dataclass(frozen=True)
class Feed:
    path: str  # relative output path, e.g. calendars/series/monthly-talk.ics
    name: str  # calendar name shown by clients
    caption: str  # calendar description
    meetings: tuple[Meeting, ...]


def window_start(programme: Programme, now: datetime) -> datetime | None:
    """The oldest end a subscribed feed keeps; None keeps every meeting (SPEC §5)."""
    days = programme.site.feed_past_days
    return None if days is None else now.astimezone(UTC) - timedelta(days=days)


def in_window(meeting: Meeting, since: datetime) -> bool:
    """True when the meeting (or any occurrence of it) ends at or after ``since``."""
    return any(o.end_utc >= since for o in occurrences(meeting))


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
        Feed("calendar.ics", site.calendar_name, f"All {window}.", recent),
        Feed(
            ARCHIVE_FEED,
            f"{site.calendar_name} (archive)",
            "Every meeting, past and future.",
            programme.meetings,
        ),
    ]
    for series in programme.series.values():
        # A working group of the same id shares the path: one feed holds the meetings of both.
        group = programme.working_groups.get(series.id)
        found.append(
            Feed(
                feed_path(series.id),
                site.named(group.name if group else series.name),
                _one_line(group.scope if group else series.description)
                or f"{series.name}: {window}.",
                tuple(
                    m
                    for m in recent
                    if m.series == series.id or (group and m.working_group == group.id)
                ),
            )
        )
    for group in programme.working_groups.values():
        if group.id in programme.series:
            continue  # published above, with the series of the same id
        found.append(
            Feed(
                feed_path(group.id),
                site.named(group.name),
                _one_line(group.scope),
                tuple(m for m in recent if m.working_group == group.id),
            )
        )
    for meeting in programme.meetings:
        found.append(
            Feed(
                f"meetings/{meeting.id}.ics",
                summary(programme, as_occurrence(meeting)),
                f"{site.calendar_name}: one meeting.",
                (meeting,),
            )
        )
    return sorted(found, key=lambda f: f.path)


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
