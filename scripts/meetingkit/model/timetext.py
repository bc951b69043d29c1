"""Times and recurrence rules as the page writes them, in English whatever the locale.

Names of days and months come from constants rather than ``strftime("%A")``, which follows
the C library's locale and would make two builds of the same content differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from meetingkit.model.clock import WEEKDAYS, utc_iso

DAY_NAMES = tuple(day.capitalize() for day in WEEKDAYS)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
RULE_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    -1: "last",
    -2: "second to last",
}
UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_BYDAY = re.compile(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


@dataclass(frozen=True)
class When:
    """A meeting's time span, ready for a ``<time>`` element and its two readings."""

    start: str  # UTC, ISO 8601 with Z: the datetime attribute and what localtime.js reads
    end: str
    local: str  # "Thursday 25 April 2024, 14:00–15:00 CEST"
    utc: str  # "12:00–13:00 UTC", with the date when the UTC day differs; "" when local is UTC
    zone: str  # the IANA zone of the local reading
    year: int  # local year, for grouping
    all_day: bool = False  # start and end are dates (first and last day), the same everywhere


def date_text(day: date) -> str:
    """'Thursday 25 April 2024'."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def zone_label(moment: datetime) -> str:
    """The zone's abbreviation ('CEST'); zones without one ('+03', '+0545') read as 'UTC+03',
    'UTC+05:45'."""
    name = moment.tzname() or "UTC"
    if name[:1] not in "+-":
        return name
    return f"UTC{name[:3]}:{name[3:]}" if len(name) == 5 else f"UTC{name}"


def span_text(start: datetime, end: datetime, *, with_date: bool = True) -> str:
    """'Thursday 25 April 2024, 14:00–15:00 CEST'; an end on another day names its date."""
    text = f"{date_text(start)}, {start:%H:%M}" if with_date else f"{start:%H:%M}"
    if end.date() != start.date():
        text += f" – {date_text(end)}, {end:%H:%M}"
    else:
        text += f"–{end:%H:%M}"
    return f"{text} {zone_label(end)}"


def when(start: datetime, end: datetime, *, all_day: bool = False) -> When:
    """``start``/``end``: aware; for an all-day event the first day's and the day after the
    last day's start (model.clock.day_start), shown as dates only."""
    if all_day:
        first, last = start.date(), end.date() - timedelta(days=1)
        text = date_text(first) if first == last else f"{date_text(first)} – {date_text(last)}"
        zone = str(start.tzinfo)
        return When(first.isoformat(), last.isoformat(), text, "", zone, first.year, True)
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    same_day = start_utc.date() == start.date()
    utc = span_text(start_utc, end_utc, with_date=not same_day)
    local = span_text(start, end)
    return When(
        start=utc_iso(start),
        end=utc_iso(end),
        local=local,
        utc="" if local.endswith(f", {utc}") else utc,  # a UTC meeting: said once
        zone=str(start.tzinfo),
        year=start.year,
    )


def instant_text(moment: datetime) -> str:
    """'Saturday 20 April 2024, 09:00 UTC'."""
    moment = moment.astimezone(UTC)
    return f"{date_text(moment)}, {moment:%H:%M} UTC"


def _days_text(byday: str) -> str | None:
    names = []
    for item in byday.split(","):
        match = _BYDAY.fullmatch(item)
        if not match:
            return None
        day = DAY_NAMES[RULE_DAYS[match.group(2)]]
        if match.group(1) is None:
            names.append(day)
        elif int(match.group(1)) in ORDINALS:
            names.append(f"the {ORDINALS[int(match.group(1))]} {day}")
        else:
            return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_rule(rule: str) -> str:
    """'Every 2 weeks on Friday' for the simple rules meetings use; else the rule itself."""
    parts = dict(item.split("=", 1) for item in rule.upper().split(";") if "=" in item)
    fallback = f"Repeats by the rule {rule}"
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}:
        return fallback
    unit = UNITS.get(parts.get("FREQ", ""))
    interval = parts.get("INTERVAL", "1")
    if unit is None or not interval.isdigit() or int(interval) < 1:
        return fallback
    text = f"Every {unit}" if int(interval) == 1 else f"Every {int(interval)} {unit}s"
    if "BYDAY" in parts:
        days = _days_text(parts["BYDAY"])
        if days is None:
            return fallback
        text += f" on {days}"
    if parts.get("COUNT", "").isdigit():
        text += f", {int(parts['COUNT'])} times"
    until = parts.get("UNTIL", "")[:8]
    if until.isdigit() and len(until) == 8:
        try:
            text += f", until {date_text(datetime.strptime(until, '%Y%m%d').date())}"
        except ValueError:
            return fallback
    return text
