"""Typed, frozen records of the programme: what later stages (render, github) work with.

Built once from validated documents by :mod:`meetingkit.model.build`; nothing after this
stage sees raw YAML dictionaries.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from meetingkit.model.clock import elapsed
from meetingkit.model.recurrence import parse_rule

Status = Literal["confirmed", "tentative", "cancelled"]
LINK_KINDS = ("agenda", "notes", "recording", "slides", "rsvp", "join", "event")
ARCHIVE_FEED = "calendars/archive.ics"


def feed_path(owner: str) -> str:
    """Where the feed of a series or working group is published (SPEC §5). A series and a
    working group of one id share it: it holds the meetings of both."""
    return f"calendars/{owner}.ics"


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str | None = None
    github: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """'Mirko (LF Europe)' — how the page names a guest."""
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass(frozen=True)
class AgendaVenue:
    """An ``agenda:`` block as written (site, series or working group); None = not set here,
    so the next level's value applies (series, then working group, then site)."""

    venue: Literal["issues", "discussions"] | None = None
    category: str | None = None
    repository: str | None = None  # owner/name
    notes_label: str | None = None


@dataclass(frozen=True)
class Series:
    id: str
    path: str
    name: str
    description: str
    weekday: int | None  # 0 = Monday, as datetime.weekday()
    start_time: time | None
    duration: timedelta
    timezone: str
    audience: str | None
    chatham_house: bool
    rrule: str | None  # the usual slot, e.g. FREQ=MONTHLY;BYDAY=-1TH
    agenda_lead: timedelta
    labels: tuple[str, ...]
    issue_title: str  # str.format template: {series} {date} {title}
    agenda_template: str  # Markdown of the planned agenda
    working_group: str | None = None
    status: Literal["active", "archived"] = "active"
    agenda: AgendaVenue = AgendaVenue()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class WorkingGroup:
    id: str
    path: str
    name: str
    scope: str
    chairs: tuple[Person, ...]
    chairs_text: str | None  # free text where chairs are listed elsewhere
    links: Mapping[str, str]
    status: Literal["active", "archived"]
    body: str
    agenda: AgendaVenue = AgendaVenue()

    @property
    def chat_name(self) -> str | None:
        """The chat channel when given by name ('TODO Slack #wg-x'), not as an https URL."""
        chat = self.links.get("chat")
        return None if chat is None or chat.startswith("https://") else chat

    @property
    def url_links(self) -> dict[str, str]:
        """The links that are https URLs: all but a chat channel given by name."""
        return {kind: url for kind, url in self.links.items() if url.startswith("https://")}


@dataclass(frozen=True)
class Override:
    """One occurrence of a recurring meeting changed by ``overrides:``; its instants are
    resolved once here, what it leaves out (None) stays as the meeting has it."""

    day: date  # the original occurrence date: the RECURRENCE-ID and the occurrence's key
    start: datetime  # aware, in the meeting's zone
    end: datetime
    title: str | None = None
    guests: tuple[Person, ...] | None = None
    hosts: tuple[Person, ...] | None = None
    links: Mapping[str, str] = field(default_factory=dict)  # added to the meeting's
    status: Status | None = None
    body: str | None = None


@dataclass(frozen=True)
class Meeting:
    id: str  # file name without .md, e.g. 2024-04-25-thursday-touchpoint
    path: str  # repository-relative, POSIX separators
    uid: str  # iCalendar UID, stable across edits
    title: str
    start: datetime  # aware, in ZoneInfo(timezone), a real wall-clock time (see clock.resolve)
    end: datetime  # aware, in ZoneInfo(timezone): start plus exact elapsed time
    timezone: str
    series: str | None
    working_group: str | None
    status: Status
    guests: tuple[Person, ...]
    hosts: tuple[Person, ...]
    audience: str | None
    chatham_house: bool
    recurrence: str | None  # RRULE text without the 'RRULE:' prefix
    cancelled_dates: tuple[date, ...]
    links: Mapping[str, str]
    tags: tuple[str, ...]
    body: str  # Markdown without the '## Notes' section
    notes: str | None  # the archived '## Notes' section's content, if any
    agendas: Mapping[str, str] = field(default_factory=dict)  # occurrence date → agenda issue URL
    overrides: Mapping[date, Override] = field(default_factory=dict)  # by original date, sorted
    all_day: bool = False  # start: YYYY-MM-DD: start/end are the first day's and the day after
    # the last day's 00:00 in the zone (clock.day_start)
    sequence: int = 0  # edits seen in history; lets clients see a change as newer
    last_modified: datetime | None = None  # UTC

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @functools.cached_property
    def rule(self) -> rrule | None:
        """The recurrence, parsed once, anchored at the local start (validation refused bad ones)."""
        if self.recurrence is None:
            return None
        return parse_rule(self.recurrence, self.start.replace(tzinfo=None), self.zone)

    @property
    def duration(self) -> timedelta:
        """Exact elapsed time (a DST change in between does not count)."""
        return elapsed(self.start, self.end)

    @property
    def days(self) -> tuple[date, date]:
        """An all-day event's first and last day (inclusive)."""
        return self.start.date(), self.end.date() - timedelta(days=1)


@dataclass(frozen=True)
class Recording:
    title: str
    url: str
    year: int | None = None


@dataclass(frozen=True)
class CalendarLink:
    name: str
    url: str
    description: str | None = None


@dataclass(frozen=True)
class SiteLink:
    label: str
    url: str


@dataclass(frozen=True)
class Words:
    """The page's headings and fixed sentences (site.yaml ``words:``); defaults name no community."""

    about: str = "About"
    next: str = "Upcoming meetings"
    next_caption: str = "The next meeting of each series"
    propose: str = "Propose a session"
    upcoming: str = "All upcoming meetings"
    past: str = "Past meetings"
    past_notes: str = "Past meeting notes"
    past_notes_link: str = "Notes of past meetings"
    recordings: str = "Past recordings"
    working_groups: str = "Working groups"
    working_groups_caption: str = "Active working groups"
    subscribe: str = "Subscribe to the calendar"
    all_meetings: str = "All meetings"
    links: str = "Links"
    other_calendars: str = "Other calendars of interest"


@dataclass(frozen=True)
class Site:
    path: str
    community: str
    title: str
    repository: str  # owner/name
    base_url: str  # ends with '/'
    timezone: str
    introduction: str  # Markdown
    contributor_introduction: str  # Markdown
    links: tuple[SiteLink, ...]  # shown in the page's links section
    recordings: tuple[Recording, ...]
    calendars_of_interest: tuple[CalendarLink, ...]
    ecosystem: str  # Markdown: sister projects paragraph
    calendar_name: str  # name of the all-meetings feed, e.g. "TODO Group Virtual Meetings"
    words: Words = field(default_factory=Words)
    past_notes_url: str | None = None
    propose_url: str | None = None
    timezone_help_url: str | None = None
    feed_past_days: int | None = None  # None: the subscribed feeds keep every past meeting
    refresh_hours: int = 12
    bot_login: str = "github-actions[bot]"
    bot_label: str = "meetingkit"
    default_lead_days: int = 14
    agenda: AgendaVenue = AgendaVenue()

    def named(self, name: str) -> str:
        """'CHAOSS: Metrics Models', or the name alone when it already says the community."""
        return name if self.community.casefold() in name.casefold() else f"{self.community}: {name}"


@dataclass(frozen=True)
class Programme:
    """Everything the repository holds, validated and typed."""

    site: Site
    series: Mapping[str, Series]
    working_groups: Mapping[str, WorkingGroup]
    meetings: tuple[Meeting, ...]  # sorted by (start in UTC, id)
    root: str = field(default=".")

    def context_name(self, meeting: Meeting) -> str | None:
        """What the meeting belongs to, as people call it: the series, else the working group."""
        if meeting.series and meeting.series in self.series:
            return self.series[meeting.series].name
        if meeting.working_group and meeting.working_group in self.working_groups:
            return self.working_groups[meeting.working_group].name
        return None
