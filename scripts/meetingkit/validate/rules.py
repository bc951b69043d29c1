"""The semantic rules of SPEC §3, one small function each, listed once in RULES.

Each rule yields problems for one document, given the cross-file context. Rules read values
defensively: a value the schema already rejected is skipped here, not reported twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from meetingkit.load.document import Document
from meetingkit.load.repository import MEETING_PATH
from meetingkit.problems import Problem
from meetingkit.recurrence import RuleError, is_occurrence, local_starts, parse_rule
from meetingkit.validate.facts import (
    LOCAL_TIME_FORM,
    YEARS,
    Context,
    local_end,
    parse_day,
    parse_local,
)
from meetingkit.validate.schema import field_path, quote
from meetingkit.validate.zones import zone_problem

Rule = Callable[[Document, Context], Iterator[Problem]]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: '$' would allow a final newline
_DAY_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_PASSWORD_KEYS = frozenset({"pwd", "password", "passcode", "pass", "passwd"})
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_PLAIN_TEXT_FIELDS = frozenset({"title", "name", "affiliation", "audience", "community"})
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# Workflow expressions and shell substitutions have no business in a meeting's title; they
# are what an injection attempt looks like should any script ever interpolate the text.
_EXPRESSION = re.compile(r"\$\{\{|\$\(")
# Characters a URL must percent-encode; raw, they can end an autolink or an attribute.
_URL_UNSAFE = re.compile(r"[<>\"`{}|\\^]")


# Any character one of the checks below could object to; most values have none of them.
_SUSPICIOUS = re.compile('[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069<>"`{}|\\\\^$]')


def _text_problem(text: str, field: str) -> str | None:
    if not _SUSPICIOUS.search(text):
        return None
    for char in text:
        if char in _BIDI:
            return f"contains the invisible direction control U+{ord(char):04X}; delete it"
        if unicodedata.category(char) == "Cc" and (
            char not in "\n\t" or field in _PLAIN_TEXT_FIELDS
        ):
            return f"contains the control character U+{ord(char):04X}; write plain text"
    if text.startswith("https://") and _URL_UNSAFE.search(text):
        bad = _URL_UNSAFE.search(text)
        assert bad is not None
        return f"contains {bad.group()!r}, which a URL must percent-encode"
    if field in _PLAIN_TEXT_FIELDS and _HTML_TAG.search(text):
        return "is plain text: HTML markup such as '<tag>' is not allowed here"
    if field in _PLAIN_TEXT_FIELDS and _EXPRESSION.search(text):
        return "is plain text: '${{' and '$(' look like an injection attempt; remove them"
    return None


def plain_text(doc: Document, ctx: Context) -> Iterator[Problem]:
    """No control characters anywhere, and no markup in one-line text fields."""

    def walk(value: Any, path: tuple[str | int, ...]) -> Iterator[Problem]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*path, i))
        elif isinstance(value, str):
            field = next((p for p in reversed(path) if isinstance(p, str)), "")
            issue = _text_problem(value, field)
            if issue:
                yield doc.problem(f"{field_path(path)} {issue}", "plain-text", *path)

    yield from walk(doc.data, ())


def file_name(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Ids are lower-case slugs; meeting files sit in the folder of their year."""
    if doc.kind == "meeting":
        match = MEETING_PATH.match(doc.path)
        if match and match.group(1) != match.group(2):
            yield Problem(
                doc.path,
                1,
                1,
                "error",
                f"a meeting of {match.group(2)} belongs in meetings/{match.group(2)}/, "
                f"not meetings/{match.group(1)}/",
                "file-name",
            )
    elif doc.kind in ("series", "working_group") and not _ID.match(doc.id):
        yield Problem(
            doc.path,
            1,
            1,
            "error",
            f"the file name {doc.id!r} is used as an id: use lower-case letters, digits "
            "and single hyphens, such as 'community-call'",
            "file-name",
        )


def _local_time_issue(text: Any) -> str | None:
    """Why a YYYY-MM-DDTHH:MM text that the schema accepts is still no usable time."""
    if not isinstance(text, str) or not LOCAL_TIME_FORM.match(text):
        return None  # the schema reports the form
    if parse_local(text) is not None:
        return None
    if not YEARS[0] <= int(text[:4]) <= YEARS[1]:
        return f"{quote(text)} is outside the years {YEARS[0]}–{YEARS[1]}"
    return f"{quote(text)} is not a real date and time"


def start_matches_file_name(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    start = parse_local(data.get("start"))
    match = MEETING_PATH.match(doc.path)
    for field in ("start", "end"):
        issue = _local_time_issue(data.get(field))
        if issue:
            yield doc.problem(f"{field} {issue}", "start-date", field)
            return
    if start is None or not match:
        return
    named = f"{match.group(2)}-{match.group(3)}-{match.group(4)}"
    if start.date().isoformat() != named:
        yield doc.problem(
            f"start is on {start.date().isoformat()} but the file name says {named}; rename the "
            f"file to {start.date().isoformat()}-{match.group(5)}.md or fix the date",
            "start-date",
            "start",
        )


def timezone_exists(doc: Document, ctx: Context) -> Iterator[Problem]:
    name = (doc.data or {}).get("timezone")
    if isinstance(name, str) and re.match(r"^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2})\Z", name):
        issue = zone_problem(name)
        if issue:
            yield doc.problem(issue, "timezone", "timezone")


def references_resolve(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    for field, known, folder, suffix in (
        ("series", ctx.series, "series", ".yaml"),
        ("working_group", ctx.working_groups, "working-groups", ".md"),
    ):
        value = data.get(field)
        if isinstance(value, str) and _ID.match(value) and value not in known:
            options = sorted(known)
            yield doc.problem(
                f"{field} {value!r} is not defined: there is no {folder}/{value}{suffix}"
                + (f"; known: {', '.join(options)}" if options else ""),
                "reference",
                field,
            )


def series_weekday(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    start = parse_local(data.get("start"))
    weekday = ctx.series_of(data).get("weekday")
    if start is None or weekday not in WEEKDAYS or "moved_from" in data:
        return  # a moved meeting keeps its series on another day, on purpose
    actual = WEEKDAYS[start.weekday()]
    if actual != weekday:
        yield doc.problem(
            f"the {data['series']} series meets on {weekday.capitalize()}s, but "
            f"{start.date().isoformat()} is a {actual.capitalize()}; check the date",
            "weekday",
            "start",
        )


def end_after_start(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    start = parse_local(data.get("start"))
    end = parse_local(data.get("end"))
    if start is not None and end is not None and end <= start:
        yield doc.problem(
            f"end {data['end']} is not after start {data['start']}", "end-after-start", "end"
        )


def local_times_exist(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A wall-clock time skipped by a DST change is an error; a repeated one, a warning."""
    data = doc.data or {}
    zone = ctx.zone(data)
    start = parse_local(data.get("start"))
    if zone is None or start is None:
        return
    end = local_end(doc, ctx, start)
    for field, value in (("start", start), ("end", end)):
        if value is None:
            continue
        state = local_time_state(value, zone)
        where = field if field in data else "start"
        if state == "gap":
            yield doc.problem(
                f"{field} {value:%Y-%m-%d %H:%M} does not exist in {zone.key}: the clocks skip "
                "that hour for daylight saving time; pick another time",
                "dst-gap",
                where,
            )
        elif state == "ambiguous":
            yield doc.problem(
                f"{field} {value:%Y-%m-%d %H:%M} happens twice in {zone.key} (clocks go back); "
                "meetingkit uses the first, but some calendar apps show the second; "
                "better pick another time",
                "dst-ambiguous",
                where,
                severity="warning",
            )


# Feeds publish a recurring call's rule for ever; we check the occurrences readers are most
# likely to show: up to two years after the later of its start and today.
RECURRENCE_HORIZON = timedelta(days=2 * 366)
_DATES_SHOWN = 6


def recurring_times_exist(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Later occurrences of a recurring call on a skipped or repeated local time: readers
    place them differently (before or after the gap, first or second instant)."""
    data = doc.data or {}
    zone, start, text = ctx.zone(data), parse_local(data.get("start")), data.get("recurrence")
    if zone is None or start is None or not isinstance(text, str):
        return
    try:
        rule = parse_rule(text, start, zone)
    except RuleError:
        return  # recurrence_valid says why
    listed = data.get("cancelled_dates")
    cancelled = (
        {parse_day(d) for d in listed if isinstance(d, str)} if isinstance(listed, list) else set()
    )
    until = max(start, datetime.now(UTC).replace(tzinfo=None)) + RECURRENCE_HORIZON
    found: dict[str, list[date]] = {"gap": [], "ambiguous": []}
    for local in local_starts(rule, until)[1:]:  # the first is local_times_exist's
        state = local_time_state(local, zone)
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
    if found["ambiguous"]:
        yield doc.problem(
            f"recurrence: {at} happens twice in {zone.key} on {_dates(found['ambiguous'])} "
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


def local_time_state(value: datetime, zone: ZoneInfo) -> str:
    first = value.replace(tzinfo=zone, fold=0)
    second = value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "gap" if back != value else "ambiguous"


# The description `meetingkit new` writes; published as is, it would reach calendars.
PLACEHOLDER = "Describe the session: what the guests will present and who it is for."


def placeholder_replaced(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The text `meetingkit new` leaves for the author must be replaced before merging."""
    if PLACEHOLDER not in doc.body:
        return
    for number, line in enumerate(doc.body.split("\n")):
        if line.strip() == PLACEHOLDER:
            yield Problem(
                doc.path,
                doc.body_line + number,
                1,
                "error",
                "the description is still the text `meetingkit new` wrote; describe the "
                "session (what the guests present, who it is for) or delete the line",
                "placeholder",
            )


def links_are_safe(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The repository is public: a password or user name in any link publishes it."""

    def walk(value: Any, path: tuple[str | int, ...]) -> Iterator[Problem]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*path, i))
        elif isinstance(value, str) and (secret := _link_secret(value)):
            yield doc.problem(
                f"{field_path(path)} carries {secret} and this repository is public; remove it "
                "from the URL and share it privately or use a waiting room",
                "link-password",
                *path,
            )

    yield from walk(doc.data, ())


def _link_secret(text: str) -> str | None:
    """What secret a URL carries: credentials before its host, or a password parameter."""
    scheme, found, rest = text.partition("://")
    if not found or scheme.lower() not in ("https", "http"):
        return None
    # Split by hand: urlsplit raises on some malformed hosts, and any '@' before the path
    # is a user name or password to a browser.
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "a user name or password (user:password@ before the host)"
    query = rest.partition("?")[2].partition("#")[0]
    keys = {k.lower() for k, _ in parse_qsl(query, keep_blank_values=True)} & _PASSWORD_KEYS
    return f"a meeting password ({', '.join(sorted(keys))}=)" if keys else None


def recurrence_valid(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    rule_text = data.get("recurrence")
    start = parse_local(data.get("start"))
    zone = ctx.zone(data)
    cancelled = data.get("cancelled_dates")
    if not isinstance(rule_text, str):
        if isinstance(cancelled, list) and cancelled:
            yield doc.problem(
                "cancelled_dates is only for recurring meetings; to cancel this meeting write "
                "status: cancelled",
                "cancelled-date",
                "cancelled_dates",
            )
        return
    if start is None or zone is None:
        return
    try:
        rule = parse_rule(rule_text, start, zone)
    except RuleError as exc:
        yield doc.problem(f"recurrence: {exc}", "recurrence", "recurrence")
        return
    if not is_occurrence(rule, start.date()):
        # Calendar clients always count DTSTART as the first occurrence; our own expansion
        # would not, so the two would disagree.
        yield doc.problem(
            f"start {start.date().isoformat()} is not a date of its own recurrence rule "
            f"{rule_text}; make start the first meeting of the series",
            "recurrence",
            "start",
        )
        return
    for i, text in enumerate(cancelled if isinstance(cancelled, list) else []):
        day = parse_day(text)
        if day is not None and not is_occurrence(rule, day):
            yield doc.problem(
                f"cancelled_dates: {day.isoformat()} is not an occurrence of this meeting "
                f"({rule_text} from {start.date().isoformat()})",
                "cancelled-date",
                "cancelled_dates",
                i,
            )


def cancelled_dates_exist(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A cancelled date of the right form is also a day of the calendar (not 2024-02-30)."""
    cancelled = (doc.data or {}).get("cancelled_dates")
    for i, text in enumerate(cancelled if isinstance(cancelled, list) else []):
        if isinstance(text, str) and _DAY_FORM.match(text) and parse_day(text) is None:
            yield doc.problem(
                f"cancelled_dates[{i}] {quote(text)} is not a real date",
                "cancelled-date",
                "cancelled_dates",
                i,
            )


def series_rule_valid(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    rule_text = data.get("rrule")
    zone = ctx.zone(data)
    if not isinstance(rule_text, str) or zone is None:
        return
    try:
        parse_rule(rule_text, datetime(2024, 1, 1), zone)
    except RuleError as exc:
        yield doc.problem(f"rrule: {exc}", "recurrence", "rrule")


MEETING_RULES: tuple[Rule, ...] = (
    file_name,
    start_matches_file_name,
    timezone_exists,
    references_resolve,
    series_weekday,
    end_after_start,
    local_times_exist,
    recurring_times_exist,
    links_are_safe,
    recurrence_valid,
    cancelled_dates_exist,
    plain_text,
    placeholder_replaced,
)
SERIES_RULES: tuple[Rule, ...] = (
    file_name,
    timezone_exists,
    references_resolve,
    series_rule_valid,
    plain_text,
)
WORKING_GROUP_RULES: tuple[Rule, ...] = (file_name, links_are_safe, plain_text)
SITE_RULES: tuple[Rule, ...] = (timezone_exists, links_are_safe, plain_text)
RULES_BY_KIND = {
    "meeting": MEETING_RULES,
    "series": SERIES_RULES,
    "working_group": WORKING_GROUP_RULES,
    "site": SITE_RULES,
}
