"""The rules about what a meeting means in time, run on its record (model/build.py).

A meeting gets a record once its file passed the schema and its times and zone are usable,
so these rules read typed values: the zone-aware start, the end instant, the parsed rule.
The file is still needed to point at what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from itertools import islice

from meetingkit.load.document import Document
from meetingkit.model.build import Records
from meetingkit.model.clock import WEEKDAYS, local_state, parse_local
from meetingkit.model.records import Meeting
from meetingkit.model.recurrence import (
    RECURRENCE_HORIZON,
    RuleError,
    local_starts,
    occurrence_dates,
    starts_at,
)
from meetingkit.problems import Problem
from meetingkit.validate.facts import parse_day
from meetingkit.validate.schema import quote

MeetingRule = Callable[[Meeting, Document, Records], Iterator[Problem]]


def series_weekday(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    series = records.series.get(meeting.series or "")
    if series is None or series.weekday is None or meeting.start.weekday() == series.weekday:
        return
    if not meeting.all_day and meeting.start.astimezone(series.zone).weekday() == series.weekday:
        return  # e.g. an APAC slot on Friday morning in Tokyo is Thursday in the series' zone
    if "moved_from" in (doc.data or {}):
        return  # `meetingkit move` put it on another day, on purpose
    yield doc.problem(
        f"the {series.id} series meets on {WEEKDAYS[series.weekday].capitalize()}s, but "
        f"{meeting.start.date().isoformat()} is a "
        f"{WEEKDAYS[meeting.start.weekday()].capitalize()}; check the date",
        "weekday",
        "start",
    )


def end_after_start(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    data = doc.data or {}
    if meeting.all_day and meeting.end <= meeting.start:
        yield doc.problem(
            f"end {data['end']} is before start {data['start']}; end is the event's last day",
            "end-after-start",
            "end",
        )
    elif "end" in data and meeting.end <= meeting.start:
        yield doc.problem(
            f"end {data['end']} is not after start {data['start']}", "end-after-start", "end"
        )


def local_times_exist(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    """A wall-clock time skipped by a DST change is an error; a repeated one, a warning.

    Only times written as wall-clock times are checked: an end given by a duration is an
    instant (start plus elapsed time), which always exists.
    """
    data = doc.data or {}
    zone = meeting.zone
    for field in ("start", "end"):
        value = parse_local(data.get(field))
        state = "ok" if value is None else local_state(value, zone)
        if state == "gap":
            yield doc.problem(
                f"{field} {value:%Y-%m-%d %H:%M} does not exist in {zone.key}: the clocks skip "
                "that hour for daylight saving time; pick another time",
                "dst-gap",
                field,
            )
        elif state == "repeated":
            yield doc.problem(
                f"{field} {value:%Y-%m-%d %H:%M} happens twice in {zone.key} (clocks go back); "
                "meetingkit uses the first, but some calendar apps show the second; "
                "better pick another time",
                "dst-ambiguous",
                field,
                severity="warning",
            )


def recurrence_valid(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    cancelled = (doc.data or {}).get("cancelled_dates")
    texts = cancelled if isinstance(cancelled, list) else []
    if meeting.recurrence is None:
        if texts:
            yield doc.problem(
                "cancelled_dates is only for recurring meetings; to cancel this meeting write "
                "status: cancelled",
                "cancelled-date",
                "cancelled_dates",
            )
        return
    try:
        rule = meeting.rule
    except RuleError as exc:
        yield doc.problem(f"recurrence: {exc}", "recurrence", "recurrence")
        return
    assert rule is not None
    start = meeting.start
    if not starts_at(rule, start.replace(tzinfo=None)):
        # Calendar clients always count DTSTART as the first occurrence; our own expansion
        # would not, so the two would disagree.
        yield doc.problem(
            f"start {start.date().isoformat()} is not a date of its own recurrence rule "
            f"{meeting.recurrence}; make start the first meeting of the series",
            "recurrence",
            "start",
        )
        return
    days = [parse_day(text) for text in texts]
    known = [day for day in days if day is not None]
    held = occurrence_dates(rule, max(known)) if known else frozenset()
    for i, day in enumerate(days):
        if day is None:
            yield doc.problem(
                f"cancelled_dates: {quote(texts[i])} is not a real date; write YYYY-MM-DD",
                "cancelled-date",
                "cancelled_dates",
                i,
            )
        elif day not in held:
            yield doc.problem(
                f"cancelled_dates: {day.isoformat()} is not an occurrence of this meeting "
                f"({meeting.recurrence} from {start.date().isoformat()})",
                "cancelled-date",
                "cancelled_dates",
                i,
            )


def overrides_valid(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    """Each override names an occurrence that takes place, at times that exist."""
    given = (doc.data or {}).get("overrides")
    if not isinstance(given, dict) or not given:
        return
    if meeting.recurrence is None:
        yield doc.problem(
            "overrides is only for recurring meetings; change this meeting's own fields instead",
            "override",
            "overrides",
            key=True,
        )
        return
    try:
        rule = meeting.rule
    except RuleError:
        return  # recurrence_valid says why
    assert rule is not None
    days = {text: parse_day(text) for text in given}
    known = [day for day in days.values() if day is not None]
    held = occurrence_dates(rule, max(known)) if known else frozenset()
    for text, day in days.items():
        if day is None:
            issue = f"{quote(text)} is not a real date; write YYYY-MM-DD"
        elif day not in held:
            issue = (
                f"{day.isoformat()} is not an occurrence of this meeting ({meeting.recurrence} "
                f"from {meeting.start.date().isoformat()}); the key is the original date"
            )
        elif day in meeting.cancelled_dates:
            issue = (
                f"{day.isoformat()} is also in cancelled_dates; remove it there, or give this "
                "override status: cancelled"
            )
        else:
            yield from _override_times(meeting, doc, text)
            continue
        yield doc.problem(f"overrides: {issue}", "override", "overrides", text, key=True)


def _override_times(meeting: Meeting, doc: Document, text: str) -> Iterator[Problem]:
    changes = doc.data["overrides"][text] if doc.data else {}
    for field in ("start", "end"):
        value = parse_local(changes.get(field))
        if field in changes and value is None:
            yield doc.problem(
                f"overrides: {text}: {field} {quote(changes[field])} is not a real date and time",
                "override",
                "overrides",
                text,
                field,
            )
            return
        state = "ok" if value is None else local_state(value, meeting.zone)
        if state == "gap":
            yield doc.problem(
                f"overrides: {text}: {field} {value:%Y-%m-%d %H:%M} does not exist in "
                f"{meeting.timezone}: the clocks skip that hour; pick another time",
                "dst-gap",
                "overrides",
                text,
                field,
            )
        elif state == "repeated":
            yield doc.problem(
                f"overrides: {text}: {field} {value:%Y-%m-%d %H:%M} happens twice in "
                f"{meeting.timezone} (clocks go back); better pick another time",
                "dst-ambiguous",
                "overrides",
                text,
                field,
                severity="warning",
            )
    change = meeting.overrides.get(date.fromisoformat(text))
    if "end" in changes and change is not None and change.end <= change.start:
        yield doc.problem(
            f"overrides: {text}: end {changes['end']} is not after its start "
            f"{change.start:%Y-%m-%dT%H:%M}",
            "end-after-start",
            "overrides",
            text,
            "end",
        )


# Feeds publish a recurring call's rule for ever; we check the occurrences readers are most
# likely to show: up to two years after the later of its start and today (RECURRENCE_HORIZON).
_DATES_SHOWN = 6


def recurring_times_exist(meeting: Meeting, doc: Document, records: Records) -> Iterator[Problem]:
    """Later occurrences of a recurring call on a skipped or repeated local time: readers
    place them differently (before or after the gap, first or second instant)."""
    try:
        rule = meeting.rule
    except RuleError:
        return  # recurrence_valid says why
    if rule is None:
        return
    zone, start = meeting.zone, meeting.start.replace(tzinfo=None)
    until = max(start, datetime.now(UTC).replace(tzinfo=None)) + RECURRENCE_HORIZON
    cancelled = set(meeting.cancelled_dates)
    found: dict[str, list[date]] = {"gap": [], "repeated": []}
    if not starts_at(rule, start):
        return  # recurrence_valid says why; such a rule may never occur at all
    # At most daily over the horizon: the count bounds the work whatever the rule.
    for local in islice(local_starts(rule, until), 1, RECURRENCE_HORIZON.days + 1):
        state = local_state(local, zone)
        if state != "ok" and local.date() not in cancelled:
            found[state].append(local.date())
    at = f"{start:%H:%M}"
    if found["gap"]:
        yield doc.problem(
            f"recurrence: {at} does not exist in {zone.key} on {_dates(found['gap'])} (the "
            "clocks skip that hour), so calendar apps place those occurrences differently; "
            "pick another time or add those dates to cancelled_dates",
            "dst-gap",
            "recurrence",
        )
    if found["repeated"]:
        yield doc.problem(
            f"recurrence: {at} happens twice in {zone.key} on {_dates(found['repeated'])} "
            "(clocks go back), and calendar apps differ on which one they show; better pick "
            "another time",
            "dst-ambiguous",
            "recurrence",
            severity="warning",
        )


def _dates(days: list[date]) -> str:
    shown = ", ".join(d.isoformat() for d in days[:_DATES_SHOWN])
    more = len(days) - _DATES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


MEETING_RECORD_RULES: tuple[MeetingRule, ...] = (
    series_weekday,
    end_after_start,
    local_times_exist,
    recurring_times_exist,
    recurrence_valid,
    overrides_valid,
)
