"""RFC 5545 recurrence rules as meetings use them: parsed once, expanded in local time.

Occurrences are computed on naive wall-clock times and then placed in the meeting's zone,
so a weekly 10:00 call stays at 10:00 local across a daylight-saving change (the UTC instant
moves, as every calendar client expects).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule, rrulestr

MAX_OCCURRENCES = 5000
_UNTIL = re.compile(r"(^|;)UNTIL=([0-9]{8})(T([0-9]{6})(Z?))?(?=;|$)")


class RuleError(ValueError):
    """The rule text is not a usable RRULE; the message says why."""


def parse_rule(text: str, start: datetime, zone: ZoneInfo) -> rrule:
    """``text`` without 'RRULE:', anchored at the naive local ``start``."""
    if text.upper().startswith(("RRULE:", "DTSTART")) or "DTSTART" in text.upper():
        raise RuleError("write only the rule, e.g. FREQ=WEEKLY;BYDAY=TH, without RRULE: or DTSTART")
    local_text = _until_as_local(text, zone)
    try:
        rule = rrulestr(local_text, dtstart=start)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RuleError(f"not a valid RRULE: {exc}") from None
    if not isinstance(rule, rrule):
        raise RuleError("give one RRULE, not a set of rules")
    if rule._freq > DAILY:  # type: ignore[attr-defined]  # no public accessor; constants grow as frequency rises
        raise RuleError("meetings recur at most daily; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    return rule


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
    instant = local.replace(tzinfo=zone).astimezone(UTC)
    original = _UNTIL.search(text)
    assert original is not None
    return (
        text[: original.start()]
        + f"{original.group(1)}UNTIL={instant:%Y%m%dT%H%M%SZ}"
        + text[original.end() :]
    )


def local_starts(rule: rrule, until: datetime | None = None) -> list[datetime]:
    """Naive local starts, bounded by ``until`` and by MAX_OCCURRENCES."""
    starts: list[datetime] = []
    for occurrence in rule:
        if until is not None and occurrence > until:
            break
        starts.append(occurrence)
        if len(starts) >= MAX_OCCURRENCES:
            break
    return starts


def is_occurrence(rule: rrule, day: date) -> bool:
    try:
        first = datetime.combine(day, time.min) - timedelta(microseconds=1)
    except OverflowError:  # 0001-01-01: nothing can come before it
        return False
    nxt = rule.after(first, inc=True)
    return nxt is not None and nxt.date() == day
