"""Meetings placed in time: a one-off meeting is one occurrence, a recurring one many."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from meetingkit.model.clock import end_of, resolve
from meetingkit.model.records import Meeting
from meetingkit.model.recurrence import local_starts


@dataclass(frozen=True)
class Occurrence:
    meeting: Meeting
    start: datetime  # aware, in the meeting's zone
    end: datetime
    cancelled: bool  # the meeting is cancelled, or this date is in cancelled_dates

    @property
    def key(self) -> str:
        """Names the occurrence in agenda markers: the meeting id, plus the date if recurring."""
        if self.meeting.rule is not None:
            return f"{self.meeting.id}/{self.start.date().isoformat()}"
        return self.meeting.id

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)


def occurrences(meeting: Meeting, until: datetime | None = None) -> Iterator[Occurrence]:
    """The meeting's occurrences in order, lazily, up to those starting at ``until`` (aware);
    a one-off meeting is its one occurrence.

    Without ``until`` an endless rule yields forever: the caller stops when it has enough.
    """
    cancelled = meeting.status == "cancelled"
    if meeting.rule is None:
        # Whatever the window, as before: the index lists every future one-off meeting.
        yield Occurrence(meeting, meeting.start, meeting.end, cancelled)
        return
    zone = meeting.zone
    skipped = frozenset(meeting.cancelled_dates)
    length = meeting.duration
    local_until = until.astimezone(zone).replace(tzinfo=None) if until else datetime.max
    for local in local_starts(meeting.rule, local_until):
        start = resolve(local, zone)
        yield Occurrence(
            meeting, start, end_of(start, length), cancelled or local.date() in skipped
        )


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
