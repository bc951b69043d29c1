"""The rules of SPEC §3 that read what a file says, one small function each, listed by kind.

Each rule yields problems for one document, given the cross-file context. Rules read values
defensively: a value the schema already rejected is skipped here, not reported twice. The
rules about what a meeting means in time read its record instead (validate/meaning.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from meetingkit.load.document import Document
from meetingkit.load.repository import MEETING_PATH
from meetingkit.model.clock import DAY_FORM, LOCAL_TIME_FORM, YEARS, parse_day, parse_local
from meetingkit.model.recurrence import RuleError, parse_rule
from meetingkit.problems import Problem
from meetingkit.validate.facts import Context
from meetingkit.validate.schema import field_path, quote
from meetingkit.validate.zones import zone_problem

Rule = Callable[[Document, Context], Iterator[Problem]]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: '$' would allow a final newline
_PASSWORD_KEYS = frozenset({"pwd", "password", "passcode", "pass", "passwd"})
# What an HTML parser reads as the start of a tag or comment; "x < y" and "<3" are text.
_HTML_TAG = re.compile(r"<(?:/?[A-Za-z]|[!?])")
_PLAIN_TEXT_FIELDS = frozenset({"title", "name", "affiliation", "audience", "community"})
_ONE_LINE_TEXT = _PLAIN_TEXT_FIELDS | {"tags", "chat", "scope", "chairs_note"}
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
            if char == "\n" and text.index(char) == len(text.rstrip("\n")):
                # What `title: >` or `title: |` gives: the block keeps its final line break.
                return (
                    "is one line but ends with a line break (a '>' or '|' block keeps one); "
                    "write it on one line, or use '>-' so that YAML drops it"
                )
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


def _strings(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in the front matter with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))
    elif isinstance(value, str):
        yield path, value


def plain_text(doc: Document, ctx: Context) -> Iterator[Problem]:
    """No control characters anywhere, and no markup in one-line text fields."""
    for path, value in _strings(doc.data):
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        issue = _text_problem(value, field)
        if issue:
            yield doc.problem(f"{field_path(path)} {issue}", "plain-text", *path)


_COMMENT_LIKE_TEXT = re.compile(r"[ \t]#\S")


def comment_cuts_text(doc: Document, ctx: Context) -> Iterator[Problem]:
    """`title: Episode #3` is the title 'Episode': YAML reads ' #3' as a comment. A warning
    where a one-line text is followed by what looks like more of it ('#3', not '# note')."""
    if not _COMMENT_LIKE_TEXT.search(doc.text):
        return  # the usual case: no need to locate each value (that composes the YAML again)
    lines = doc.text.split("\n")
    for path, value in _strings(doc.data):
        if path and _cut_by_comment(value, path, doc, lines):
            field = field_path(path)
            yield doc.problem(
                f"{field} ends before ' #': YAML reads ' #' and the rest of the line as a "
                f"comment, so {field} is {quote(value)}; put the whole value in quotes if the "
                "'#…' belongs to it",
                "plain-text",
                *path,
                severity="warning",
            )


def _cut_by_comment(
    value: str, path: tuple[str | int, ...], doc: Document, lines: list[str]
) -> bool:
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    if field not in _ONE_LINE_TEXT:
        return False
    mark = doc.mark(*path)
    if not 0 < mark.line <= len(lines):
        return False
    line = lines[mark.line - 1]
    start = mark.col - 1
    if line[start : start + len(value)] != value:
        return False  # quoted, a block, or over several lines: no comment can cut it
    # ' #3' or ' #wg-metrics' reads as part of the text; '  # note' reads as a comment.
    return _COMMENT_LIKE_TEXT.match(line[start + len(value) :]) is not None


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
    """Why a YYYY-MM-DDTHH:MM (or YYYY-MM-DD) text that the schema accepts is still no usable
    time (or day)."""
    if not isinstance(text, str):
        return None
    if DAY_FORM.match(text):
        if parse_day(text) is not None:
            return None
        if not YEARS[0] <= int(text[:4]) <= YEARS[1]:
            return f"{quote(text)} is outside the years {YEARS[0]}–{YEARS[1]}"
        return f"{quote(text)} is not a real date"
    if not LOCAL_TIME_FORM.match(text):
        return None  # the schema reports the form
    if parse_local(text) is not None:
        return None
    if not YEARS[0] <= int(text[:4]) <= YEARS[1]:
        return f"{quote(text)} is outside the years {YEARS[0]}–{YEARS[1]}"
    return f"{quote(text)} is not a real date and time"


def start_matches_file_name(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data or {}
    timed = parse_local(data.get("start"))
    day = timed.date() if timed else parse_day(data.get("start"))
    match = MEETING_PATH.match(doc.path)
    for field in ("start", "end"):
        issue = _local_time_issue(data.get(field))
        if issue:
            yield doc.problem(f"{field} {issue}", "start-date", field)
            return
    if day is None or not match:
        return
    named = f"{match.group(2)}-{match.group(3)}-{match.group(4)}"
    if day.isoformat() != named:
        yield doc.problem(
            f"start is on {day.isoformat()} but the file name says {named}; rename the "
            f"file to {day.isoformat()}-{match.group(5)}.md or fix the date",
            "start-date",
            "start",
        )


def all_day_form(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A start written as a date is an all-day event: its end is a date too (the last day),
    and it has no duration and no recurrence."""
    data = doc.data or {}
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, str) or (
        not DAY_FORM.match(start) and not LOCAL_TIME_FORM.match(start)
    ):
        return  # the schema reports the form
    all_day = bool(DAY_FORM.match(start))
    if isinstance(end, str) and bool(DAY_FORM.match(end)) != all_day:
        fix = (
            "for an all-day event give the last day, YYYY-MM-DD"
            if all_day
            else "write YYYY-MM-DDTHH:MM, or make start a date (YYYY-MM-DD) for an all-day event"
        )
        yield doc.problem(
            f"end {quote(end)} and start {quote(start)} must be of the same form: {fix}",
            "start-date",
            "end",
        )
    if not all_day:
        return
    for field, fix in (
        ("duration", "give the last day as end: YYYY-MM-DD, or a start time"),
        ("recurrence", "write one file per event, or give start a time"),
    ):
        if field in data:
            yield doc.problem(
                f"{field} is not for an all-day event (start {quote(start)} has no time); {fix}",
                "start-date",
                field,
                key=True,
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
    for path, value in _strings(doc.data):
        if secret := _link_secret(value):
            yield doc.problem(
                f"{field_path(path)} carries {secret} and this repository is public; remove it "
                "from the URL and share it privately or use a waiting room",
                "link-password",
                *path,
            )


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
    all_day_form,
    timezone_exists,
    references_resolve,
    links_are_safe,
    plain_text,
    comment_cuts_text,
    placeholder_replaced,
)
SERIES_RULES: tuple[Rule, ...] = (
    file_name,
    timezone_exists,
    references_resolve,
    series_rule_valid,
    plain_text,
    comment_cuts_text,
)
WORKING_GROUP_RULES: tuple[Rule, ...] = (file_name, links_are_safe, plain_text, comment_cuts_text)
SITE_RULES: tuple[Rule, ...] = (timezone_exists, links_are_safe, plain_text, comment_cuts_text)
RULES_BY_KIND = {
    "meeting": MEETING_RULES,
    "series": SERIES_RULES,
    "working_group": WORKING_GROUP_RULES,
    "site": SITE_RULES,
}
