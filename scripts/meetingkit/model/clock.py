"""Local time in a zone, the one place meetingkit turns wall clocks into instants.

Follows RFC 5545 §3.3.5: a local time inside a daylight-saving gap takes the offset from
before the gap (02:30 on a spring-forward night in Berlin is 03:30 CEST), and a local time
that happens twice means the first one. A duration is exact elapsed time (§3.3.6), so an end
is always the start instant plus the duration, never a wall-clock sum or difference.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

LocalState = Literal["ok", "gap", "repeated"]
LOCAL_TIME_FORM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}\Z")
DAY_FORM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
YEARS = (1970, 2199)  # the years a meeting may be in: far-off years overflow with any offset
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# Names tzdata ships that are not places a meeting happens in.
_NOT_MEETING_ZONES = frozenset({"localtime", "posixrules", "Factory", "posix", "right"})


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _NOT_MEETING_ZONES


@functools.lru_cache(maxsize=256)
def zone_or_none(name: str) -> ZoneInfo | None:
    """The zone for a known IANA name, built once per run; None for any other name."""
    return ZoneInfo(name) if name in known_zones() else None


def parse_local(value: Any) -> datetime | None:
    """A YYYY-MM-DDTHH:MM text as a naive wall-clock time; None if it is not one."""
    if not isinstance(value, str):
        return None
    return _parse_local_text(value)


@functools.cache
def _parse_local_text(value: str) -> datetime | None:
    # The file rules, the record and the DST rule read each start in turn (one entry a file);
    # strptime is slow, the fixed layout is not.
    if not LOCAL_TIME_FORM.match(value) or not YEARS[0] <= int(value[0:4]) <= YEARS[1]:
        return None
    try:
        return datetime(
            int(value[0:4]), int(value[5:7]), int(value[8:10]), int(value[11:13]), int(value[14:16])
        )
    except ValueError:
        return None


def parse_day(value: Any) -> date | None:
    """A YYYY-MM-DD text (an all-day event's start or last day) as a date; None otherwise."""
    if not isinstance(value, str) or not DAY_FORM.match(value):
        return None
    if not YEARS[0] <= int(value[0:4]) <= YEARS[1]:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The instant a day begins in ``zone``: an all-day event starts (and the day after its
    last day ends) there, which is what lead times and the page's order go by."""
    return resolve(datetime.combine(day, time(0)), zone)


def resolve(local: datetime, zone: ZoneInfo) -> datetime:
    """The instant a naive wall-clock time in ``zone`` means, as an aware time in ``zone``."""
    # fold=0 is the offset before the transition, in a gap and in a repeated hour alike.
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def local_state(local: datetime, zone: ZoneInfo) -> LocalState:
    """Whether a naive wall-clock time exists once, not at all ("gap") or twice ("repeated")."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    return "gap" if resolve(local, zone).replace(tzinfo=None) != local else "repeated"


def end_of(start: datetime, duration: timedelta) -> datetime:
    """``start`` (aware) plus exact elapsed time, in the start's zone."""
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def wall_end(start: datetime, duration: timedelta) -> datetime:
    """``start`` plus ``duration`` on the wall clock, as written (it may not exist): the end a
    recurring event's DTEND must show, since readers (ical.js, recurring-ical-events) derive
    each occurrence's length from the wall clocks of DTSTART and DTEND."""
    return (start.replace(tzinfo=None) + duration).replace(tzinfo=start.tzinfo)


def utc_iso(moment: datetime) -> str:
    """An aware time in UTC as '2024-04-25T12:00:00Z' (meetings.json, the page's datetime)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Exact time between two aware instants (Python subtracts wall clocks within one zone)."""
    return end.astimezone(UTC) - start.astimezone(UTC)
