"""RFC 5545 recurrence rules as meetings use them: parsed once, expanded in local time.

Occurrences are computed on naive wall-clock times and then placed in the meeting's zone,
so a weekly 10:00 call stays at 10:00 local across a daylight-saving change (the UTC instant
moves, as every calendar client expects).

Work stays bounded: a rule repeats at most daily, its UNTIL lies in the years a meeting may
be in, its first occurrence is its start (checked without searching the calendar), and
expansion always stops at a given local time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from meetingkit.model.clock import YEARS, resolve

_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_UNTIL = re.compile(r"(^|;)UNTIL=([0-9]{8})(T([0-9]{6})(Z?))?(?=;|$)")
_UNTIL_FORM = re.compile(r"^([0-9]{4})[0-9]{4}(T[0-9]{6}Z?)?\Z")
# How far ahead of the later of a recurring meeting's start and today its occurrences are
# checked (DST gaps) and written out where readers would get them wrong (DST-straddling).
RECURRENCE_HORIZON = timedelta(days=2 * 366)
# An INTERVAL this long leaves only the rule's first period before year 9999 (see starts_at).
_ONE_PERIOD = 4_000_000


class RuleError(ValueError):
    """The rule text is not a usable RRULE; the message says why."""


def parse_rule(text: str, start: datetime, zone: ZoneInfo) -> rrule:
    """``text`` without 'RRULE:', anchored at the naive local ``start``."""
    _check_parts(text)
    try:
        rule = rrulestr(_until_as_local(text, zone), dtstart=start)
    except _REFUSALS:
        raise RuleError(_refused_part(text, start)) from None
    if not isinstance(rule, rrule):
        raise RuleError("give one RRULE, not a set of rules")
    return rule


_REFUSALS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


def _refused_part(text: str, start: datetime) -> str:
    """Our words for a rule dateutil refuses: the first part it refuses on its own."""
    frequency = next(p for p in text.split(";") if p.upper().startswith("FREQ="))
    for part in text.split(";"):
        if part.upper().startswith(("FREQ=", "UNTIL=")):
            continue
        try:
            rrulestr(f"{frequency};{part}", dtstart=start)
        except _REFUSALS:
            return (
                f"{part} is not a valid part of an RRULE (RFC 5545); for example "
                "BYDAY=MO,TH or BYDAY=-1TH, BYMONTHDAY=15, BYSETPOS=2, COUNT=6"
            )
    return "not a valid RRULE (RFC 5545); for example FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"


def _check_parts(text: str) -> None:
    """What dateutil would accept but a meeting cannot use: checked on the text itself."""
    if "DTSTART" in text.upper() or text.upper().startswith("RRULE:"):
        raise RuleError("write only the rule, e.g. FREQ=WEEKLY;BYDAY=TH, without RRULE: or DTSTART")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, value = part.partition("=")
        if not sep or not value:
            raise RuleError(f"{part!r} is not NAME=VALUE; parts are separated by ';'")
        parts[key.upper()] = value
    if parts.get("FREQ", "").upper() not in _FREQUENCIES:
        raise RuleError("meetings recur at most daily; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    for key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if "," in parts.get(key, ""):
            raise RuleError(
                f"{key} with several values repeats the meeting more than once a day; "
                "meetings recur at most daily: remove it (start gives the time of day)"
            )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 1000:
        raise RuleError(f"INTERVAL={interval} is not a whole number from 1 to 1000")
    if "UNTIL" in parts:
        _check_until(parts["UNTIL"])


def _check_until(value: str) -> None:
    form = _UNTIL_FORM.match(value)
    hint = "write UNTIL=YYYYMMDD, or YYYYMMDDTHHMMSSZ in UTC"
    if not form:
        raise RuleError(f"UNTIL={value} is not a date; {hint}")
    if not YEARS[0] <= int(form.group(1)) <= YEARS[1]:
        raise RuleError(f"UNTIL={value} is outside the years {YEARS[0]}–{YEARS[1]}")
    try:
        datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S" if form.group(2) else "%Y%m%d")
    except ValueError:
        raise RuleError(f"UNTIL={value} is not a real date and time; {hint}") from None


def _until_as_local(text: str, zone: ZoneInfo) -> str:
    """Turn UNTIL into a naive local time: UTC values converted, a bare date = end of day."""
    match = _UNTIL.search(text)
    if not match:
        return text
    day = datetime.strptime(match.group(2), "%Y%m%d")
    if match.group(3) is None:
        local = datetime.combine(day.date(), time(23, 59, 59))
    else:
        local = datetime.strptime(match.group(2) + match.group(4), "%Y%m%d%H%M%S")
        if match.group(5):
            local = local.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    return (
        text[: match.start()] + f"{match.group(1)}UNTIL={local:%Y%m%dT%H%M%S}" + text[match.end() :]
    )


def until_utc(text: str, zone: ZoneInfo) -> str:
    """The rule with UNTIL in UTC, as RFC 5545 requires next to a DTSTART with TZID."""
    match = _UNTIL.search(_until_as_local(text, zone))
    if not match:
        return text
    local = datetime.strptime(match.group(2) + match.group(4), "%Y%m%d%H%M%S")
    instant = resolve(local, zone).astimezone(UTC)
    original = _UNTIL.search(text)
    assert original is not None
    return (
        text[: original.start()]
        + f"{original.group(1)}UNTIL={instant:%Y%m%dT%H%M%SZ}"
        + text[original.end() :]
    )


def starts_at(rule: rrule, start: datetime) -> bool:
    """Whether ``start`` (the rule's DTSTART) is its first occurrence.

    Calendar clients always count DTSTART as an occurrence. Only the period holding DTSTART
    can contain it, and a rule that never occurs (30 February) would make dateutil search up
    to year 9999: with one period only, the answer comes at once.
    """
    return next(iter(rule.replace(interval=_ONE_PERIOD)), None) == start


def local_starts(rule: rrule, until: datetime) -> Iterator[datetime]:
    """Naive local starts up to ``until`` (naive local), lazily."""
    for occurrence in rule:
        if occurrence > until:
            return
        yield occurrence


def occurrence_dates(rule: rrule, last: date) -> frozenset[date]:
    """The dates of every occurrence up to ``last``: one pass, for checking many dates."""
    end = datetime.combine(min(last, date(YEARS[1], 12, 31)), time.max)
    return frozenset(local.date() for local in local_starts(rule, end))
