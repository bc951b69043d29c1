"""Stage 3: documents that passed the schema → typed, frozen records (defaults applied,
times zoned), built once: the meaning rules check them, then the Programme is made of them.

A meeting whose times or zone are unusable gets no record (a rule of the document says why).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from meetingkit.load.document import Document
from meetingkit.load.history import FileHistory, file_histories
from meetingkit.load.repository import Repository
from meetingkit.model.clock import (
    WEEKDAYS,
    day_start,
    elapsed,
    end_of,
    parse_day,
    parse_local,
    resolve,
    zone_or_none,
)
from meetingkit.model.records import (
    AgendaVenue,
    CalendarLink,
    Meeting,
    Override,
    Person,
    Programme,
    Recording,
    Series,
    Site,
    SiteLink,
    Words,
    WorkingGroup,
)

NOTES_HEADING = "## Notes"
DEFAULT_ISSUE_TITLE = "{series} {date}: {title}"
DEFAULT_TITLE = "Meetings"
DEFAULT_DURATION = timedelta(minutes=60)


def uid_host(base_url: Any) -> str:
    """The host that derived calendar UIDs end in: the site's, from base_url."""
    try:
        host = urlsplit(base_url).hostname if isinstance(base_url, str) else None
    except ValueError:  # a malformed host, such as '[x'; the schema reports base_url
        host = None
    return host or "meetingkit"


def meeting_uid(doc: Document, host: str) -> str:
    """The meeting's calendar UID: its own 'uid', else '<meeting id>@<host>'."""
    uid = (doc.data or {}).get("uid")
    return uid if isinstance(uid, str) and uid else f"{doc.id}@{host}"


@dataclass(frozen=True)
class Records:
    """The record of every document that passed the schema (and, for a meeting, has times)."""

    site: Site | None  # None: site.yaml is missing or refused, and no meeting has a record
    series: Mapping[str, Series]
    working_groups: Mapping[str, WorkingGroup]
    meetings: Mapping[str, Meeting]  # by path


def build_records(repo: Repository, usable: Callable[[Document], bool]) -> Records:
    """Records of the documents ``usable`` accepts (those without schema errors)."""

    def ok(doc: Document) -> bool:
        return doc.data is not None and usable(doc)

    if repo.site is None or not ok(repo.site):
        return Records(
            None, {}, {doc.id: _working_group(doc) for doc in repo.working_groups if ok(doc)}, {}
        )
    site = _site(repo.site)
    series = {doc.id: _series(doc, site) for doc in repo.series if ok(doc)}
    groups = {doc.id: _working_group(doc) for doc in repo.working_groups if ok(doc)}
    host = uid_host(site.base_url)
    meetings = {}
    for doc in repo.meetings:
        meeting = _meeting(doc, site, series, host) if ok(doc) else None
        if meeting is not None:
            meetings[doc.path] = meeting
    return Records(site, series, groups, meetings)


def build_programme(
    repo: Repository, records: Records | None = None, *, use_git: bool = True
) -> Programme:
    """The Programme of a repository without errors, from its records (built here if not given)."""
    records = records or build_records(repo, lambda doc: True)
    assert records.site is not None and len(records.meetings) == len(repo.meetings)
    histories = file_histories(repo.root) if use_git else {}
    meetings = [_with_history(m, histories.get(m.path)) for m in records.meetings.values()]
    meetings.sort(key=lambda m: (m.start.astimezone(UTC), m.id))
    return Programme(
        records.site, records.series, records.working_groups, tuple(meetings), str(repo.root)
    )


def _with_history(meeting: Meeting, history: FileHistory | None) -> Meeting:
    if history is None:
        return meeting
    sequence = max(history.commits - 1, 0)  # edits seen in history
    return dataclasses.replace(meeting, sequence=sequence, last_modified=history.last_change)


def _people(items: Any) -> tuple[Person, ...]:
    return tuple(
        Person(p["name"], p.get("affiliation"), p.get("github"), p.get("url")) for p in items or ()
    )


def _site(doc: Document) -> Site:
    data = doc.data or {}
    feed = data.get("feed", {})
    bot = data.get("bot", {})
    community, title = data["community"], data.get("title", DEFAULT_TITLE)
    return Site(
        path=doc.path,
        community=community,
        title=title,
        repository=data["repository"],
        base_url=data["base_url"],
        timezone=data["timezone"],
        introduction=data.get("introduction", ""),
        contributor_introduction=data.get("contributor_introduction", ""),
        links=tuple(SiteLink(link["label"], link["url"]) for link in data.get("links", ())),
        recordings=tuple(
            Recording(r["title"], r["url"], r.get("year")) for r in data.get("recordings", ())
        ),
        calendars_of_interest=tuple(
            CalendarLink(c["name"], c["url"], c.get("description"))
            for c in data.get("calendars_of_interest", ())
        ),
        ecosystem=data.get("ecosystem", ""),
        calendar_name=feed.get("name") or _calendar_name(community, title),
        words=Words(**data.get("words", {})),
        past_notes_url=data.get("past_notes_url"),
        propose_url=data.get("propose_url"),
        timezone_help_url=data.get("timezone_help_url"),
        feed_past_days=feed.get("past_days"),
        refresh_hours=feed.get("refresh_hours", 12),
        bot_login=bot.get("login", "github-actions[bot]"),
        bot_label=bot.get("label", "meetingkit"),
        agenda=agenda_venue(data),
    )


def agenda_venue(data: Mapping[str, Any]) -> AgendaVenue:
    block = data.get("agenda", {})
    return AgendaVenue(
        block.get("venue"), block.get("category"), block.get("repository"), block.get("notes_label")
    )


def _calendar_name(community: str, title: str) -> str:
    """'TODO Group Virtual Meetings'; 'CHAOSS Meetings' stays as it is (no 'CHAOSS CHAOSS')."""
    return title if community.casefold() in title.casefold() else f"{community} {title}"


def _series(doc: Document, site: Site) -> Series:
    data = doc.data or {}
    weekday = data.get("weekday")
    start_time = data.get("start_time")
    return Series(
        id=doc.id,
        path=doc.path,
        name=data["name"],
        description=data.get("description", ""),
        weekday=WEEKDAYS.index(weekday) if weekday else None,
        start_time=time.fromisoformat(start_time) if start_time else None,
        duration=minutes_or(data.get("duration"), DEFAULT_DURATION),
        timezone=data.get("timezone", site.timezone),
        audience=data.get("audience"),
        chatham_house=data.get("chatham_house", False),
        rrule=data.get("rrule"),
        agenda_lead=timedelta(days=data.get("agenda_lead_days", site.default_lead_days)),
        labels=tuple(data.get("labels", ())),
        issue_title=data.get("issue_title", DEFAULT_ISSUE_TITLE),
        agenda_template=data.get("agenda_template", ""),
        working_group=data.get("working_group"),
        status=data.get("status", "active"),
        agenda=agenda_venue(data),
    )


def _working_group(doc: Document) -> WorkingGroup:
    data = doc.data or {}
    return WorkingGroup(
        id=doc.id,
        path=doc.path,
        name=data["name"],
        scope=data["scope"],
        chairs=_people(data.get("chairs")),
        chairs_text=data.get("chairs_note"),
        links=dict(data.get("links", {})),
        status=data.get("status", "active"),
        body=doc.body.strip("\n"),
        agenda=agenda_venue(data),
    )


def split_notes(body: str) -> tuple[str, str | None]:
    """The Markdown body and the content of its '## Notes' section (the archive job's)."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip() == NOTES_HEADING:
            return "\n".join(lines[:i]).strip("\n"), "\n".join(lines[i + 1 :]).strip("\n")
    return body.strip("\n"), None


def minutes_or(value: Any, default: timedelta) -> timedelta:
    """A duration in whole minutes, or ``default`` where none (or no number) is given."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return timedelta(minutes=value)
    return default


def meeting_span(
    data: Mapping[str, Any], zone: ZoneInfo, default: timedelta
) -> tuple[datetime, datetime] | None:
    """A meeting's start and end instants (in ``zone``); None where either is no time.

    ``end`` is a wall-clock time; a ``duration`` (or ``default``) is exact elapsed time.
    """
    local = parse_local(data.get("start"))
    if local is None:
        return _all_day_span(data, zone)
    start = resolve(local, zone)
    if "end" in data:
        local_end = parse_local(data["end"])
        return None if local_end is None else (start, resolve(local_end, zone))
    return start, end_of(start, minutes_or(data.get("duration"), default))


def _all_day_span(data: Mapping[str, Any], zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """An all-day event's span: from its first day's start to the start of the day after its
    last day (``end``, inclusive; the first day without it). None: not an all-day event, or
    one with a timed end or a duration (the all-day rule says why)."""
    first = parse_day(data.get("start"))
    if first is None or "duration" in data:
        return None
    last = parse_day(data["end"]) if "end" in data else first
    if last is None:
        return None
    return day_start(first, zone), day_start(last + timedelta(days=1), zone)


def _meeting(
    doc: Document,
    site: Site,
    series: Mapping[str, Series],
    host: str,
) -> Meeting | None:
    data = doc.data or {}
    own_series = series.get(data.get("series", ""))
    zone_name = data.get("timezone") or (own_series.timezone if own_series else site.timezone)
    zone = zone_or_none(zone_name)
    default = own_series.duration if own_series else DEFAULT_DURATION
    span = meeting_span(data, zone, default) if zone else None
    if span is None or zone is None:
        return None
    start, end = span
    body, notes = split_notes(doc.body)
    return Meeting(
        id=doc.id,
        path=doc.path,
        uid=meeting_uid(doc, host),
        title=data["title"],
        start=start,
        end=end,
        timezone=zone_name,
        series=data.get("series"),
        working_group=data.get("working_group")
        or (own_series.working_group if own_series else None),
        status=data.get("status", "confirmed"),
        guests=_people(data.get("guests")),
        hosts=_people(data.get("hosts")),
        audience=data.get("audience") or (own_series.audience if own_series else None),
        chatham_house=data.get("chatham_house", own_series.chatham_house if own_series else False),
        recurrence=data.get("recurrence"),
        cancelled_dates=_days(data.get("cancelled_dates", ())),
        links=dict(data.get("links", {})),
        tags=tuple(data.get("tags", ())),
        all_day=parse_day(data.get("start")) is not None,
        agendas=dict(sorted(data.get("agendas", {}).items())),
        overrides=_overrides(data.get("overrides", {}), start, end, zone),
        body=body,
        notes=notes,
    )


def _overrides(
    data: Mapping[str, Any], start: datetime, end: datetime, zone: ZoneInfo
) -> dict[date, Override]:
    """Each usable override by its original date, times resolved once (the overrides rule
    reports the unusable ones)."""
    found = {}
    for text, changes in sorted(data.items()):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            continue
        # The original slot: the rule repeats the start's wall-clock time (recurrence_valid).
        original = datetime.combine(day, start.replace(tzinfo=None).time())
        span = meeting_span(
            {"start": original.strftime("%Y-%m-%dT%H:%M"), **changes}, zone, elapsed(start, end)
        )
        if span is None:
            continue
        found[day] = Override(
            day,
            *span,
            title=changes.get("title"),
            guests=_people(changes["guests"]) if "guests" in changes else None,
            hosts=_people(changes["hosts"]) if "hosts" in changes else None,
            links=dict(changes.get("links", {})),
            status=changes.get("status"),
            body=changes["description"].strip("\n") if "description" in changes else None,
        )
    return found


def _days(texts: list[str]) -> tuple[date, ...]:
    """The real dates among ``texts``, sorted (the cancelled-date rule reports the others)."""
    days = []
    for text in texts:
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            continue
    return tuple(sorted(days))
