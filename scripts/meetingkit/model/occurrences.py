"""Meetings placed in time: a one-off meeting is one occurrence, a recurring one many.

An occurrence carries what it shows (title, people, links, status, description): the
meeting's, or those its ``overrides:`` entry gives that date.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from meetingkit.model.clock import end_of, resolve, wall_end
from meetingkit.model.records import Meeting, Override, Person, Status
from meetingkit.model.recurrence import RECURRENCE_HORIZON, local_starts


@dataclass(frozen=True)
class Occurrence:
    meeting: Meeting
    start: datetime  # aware, in the meeting's zone
    end: datetime
    cancelled: bool  # the meeting is cancelled, or this date is cancelled (or overridden so)
    day: date  # the original local date (RECURRENCE-ID); an override may move ``start`` away
    title: str
    guests: tuple[Person, ...]
    hosts: tuple[Person, ...]
    links: Mapping[str, str]
    status: Status
    body: str
    overridden: bool = False  # an ``overrides:`` entry changed this occurrence

    @property
    def key(self) -> str:
        """Names the occurrence in agenda markers: the meeting id, plus the date if recurring."""
        if self.meeting.rule is not None:
            return f"{self.meeting.id}/{self.day.isoformat()}"
        return self.meeting.id

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)


def own(meeting: Meeting, start: datetime, end: datetime, cancelled: bool) -> Occurrence:
    """An occurrence as the meeting itself describes it."""
    return Occurrence(
        meeting,
        start,
        end,
        cancelled,
        start.date(),
        meeting.title,
        meeting.guests,
        meeting.hosts,
        meeting.links,
        meeting.status,
        meeting.body,
    )


def as_occurrence(meeting: Meeting) -> Occurrence:
    """The meeting's own values as one occurrence: a one-off meeting, or a series' master."""
    return own(meeting, meeting.start, meeting.end, meeting.status == "cancelled")


def overridden(meeting: Meeting, change: Override) -> Occurrence:
    """The occurrence of ``change.day`` as its ``overrides:`` entry changes it."""
    status = change.status or meeting.status
    return Occurrence(
        meeting,
        change.start,
        change.end,
        status == "cancelled" or meeting.status == "cancelled",
        change.day,
        change.title or meeting.title,
        meeting.guests if change.guests is None else change.guests,
        meeting.hosts if change.hosts is None else change.hosts,
        {**meeting.links, **change.links},
        "cancelled" if meeting.status == "cancelled" else status,
        meeting.body if change.body is None else change.body,
        overridden=True,
    )


def changed(meeting: Meeting) -> list[Occurrence]:
    """The occurrences ``overrides:`` changes, by original date (a cancelled date stays
    cancelled: the overrides rule refuses both at once)."""
    return [
        overridden(meeting, change)
        for change in meeting.overrides.values()
        if change.day not in meeting.cancelled_dates
    ]


def straddling(meeting: Meeting, now: datetime) -> list[Occurrence]:
    """The rule's own occurrences, up to the horizon, whose exact end is not their start plus
    the duration on the wall clock (a DST change falls inside). Readers add the duration on
    the wall clock, so these must be written out with their own DTEND."""
    if meeting.rule is None:
        return []
    until = max(meeting.start, now) + RECURRENCE_HORIZON
    length = meeting.duration
    return [
        o
        for o in _regular(meeting, until)
        if not o.cancelled
        and wall_end(o.start, length).replace(tzinfo=None) != o.end.replace(tzinfo=None)
    ]


def occurrences(meeting: Meeting, until: datetime | None = None) -> Iterator[Occurrence]:
    """The meeting's occurrences in order of start, lazily, up to those starting at ``until``
    (aware); a one-off meeting is its one occurrence. An overridden occurrence comes at its
    new time.

    Without ``until`` an endless rule yields forever: the caller stops when it has enough.
    """
    if meeting.rule is None:
        # Whatever the window, as before: the index lists every future one-off meeting.
        yield as_occurrence(meeting)
        return
    moved = [o for o in changed(meeting) if until is None or o.start <= until]
    moved.sort(key=lambda o: o.start_utc)
    yield from heapq.merge(_regular(meeting, until), moved, key=lambda o: o.start_utc)


def _regular(meeting: Meeting, until: datetime | None) -> Iterator[Occurrence]:
    """The occurrences the rule places, but those an override moves or changes."""
    assert meeting.rule is not None
    zone = meeting.zone
    skipped = frozenset(meeting.cancelled_dates)
    length = meeting.duration
    cancelled = meeting.status == "cancelled"
    local_until = until.astimezone(zone).replace(tzinfo=None) if until else datetime.max
    for local in local_starts(meeting.rule, local_until):
        if local.date() in meeting.overrides and local.date() not in skipped:
            continue
        start = resolve(local, zone)
        yield own(meeting, start, end_of(start, length), cancelled or local.date() in skipped)


def all_occurrences(meetings: Iterable[Meeting], until: datetime) -> list[Occurrence]:
    """Occurrences of every meeting up to ``until``, sorted by UTC start then id."""
    found = [o for m in meetings for o in occurrences(m, until)]
    found.sort(key=lambda o: (o.start_utc, o.meeting.id))
    return found


def next_of_series(
    meetings: Iterable[Meeting], series: str, now: datetime, horizon: datetime
) -> Occurrence | None:
    """The first occurrence of ``series`` that has not ended by ``now``, not cancelled."""
    candidates = [
        o
        for o in all_occurrences((m for m in meetings if m.series == series), horizon)
        if o.end_utc > now and not o.cancelled
    ]
    return candidates[0] if candidates else None
