"""The "Virtual Meetings" web page and a page per meeting, rendered from the programme.

Pure: ``render_index`` and ``render_pages`` return the files as bytes and touch no disk, so
two builds with the same content and ``now`` are byte-identical. Templates receive small
view records built here; every text from content goes through Jinja2's autoescaping and
every Markdown body through :func:`meetingkit.render.markdown.markdown_html`.
"""

from __future__ import annotations

import importlib.resources
import traceback
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import jinja2

from meetingkit.load.templates import OVERRIDES, environment
from meetingkit.model.clock import utc_iso
from meetingkit.model.occurrences import Occurrence, all_occurrences, next_of_series, occurrences
from meetingkit.model.records import (
    ARCHIVE_FEED,
    LINK_KINDS,
    Meeting,
    Person,
    Programme,
    Recording,
    Series,
    feed_path,
)
from meetingkit.model.timetext import When, date_text, describe_rule, instant_text, when
from meetingkit.render.markdown import markdown_html

NEXT_HORIZON = timedelta(days=400)  # a Touchpoint is announced at most about a year ahead
UPCOMING_WINDOW = timedelta(weeks=8)  # the index's list of every call coming up
MEETING_PAGE_OCCURRENCES = 6  # next dates listed on a recurring meeting's page
LINK_LABELS = {
    "agenda": "Agenda",
    "join": "Join the call",
    "rsvp": "RSVP",
    "notes": "Notes",
    "recording": "Recording",
    "slides": "Slides",
    "event": "Event page",
}
STATIC_FILES = ("style.css", "localtime.js")
SAFE_SCHEMES = frozenset({"https", "http", "mailto"})


@dataclass(frozen=True)
class Link:
    label: str
    url: str | None  # None: shown as text (a chat channel given by name)


class TemplateError(ValueError):
    """A repository's own template failed while rendering; the message names file and line."""


@dataclass(frozen=True)
class NextSlot:
    series: Series
    feed: str  # the series' feed, relative to the site root
    occurrence: Occurrence | None
    when: When | None
    guests: str
    audience: str | None


@dataclass(frozen=True)
class Listed:
    """One meeting or occurrence in a list: upcoming calls, past meetings."""

    title: str
    href: str
    when: When
    day: str  # "Thursday 28 March 2024"
    cancelled: bool
    context: str  # series or working group name
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    id: str
    name: str
    website: str | None
    scope: str
    notes: str | None
    repo: str | None
    channels: tuple[Link, ...]
    chairs: tuple[Link, ...]
    chairs_text: str | None


@dataclass(frozen=True)
class FeedLink:
    name: str
    https: str
    webcal: str
    google: str


def _template(programme: Programme, name: str) -> jinja2.Template:
    env = environment(programme.root)
    env.filters["external"] = external_url
    return env.get_template(name)


def _render(programme: Programme, template: jinja2.Template, **values: object) -> bytes:
    """The page's bytes; an error inside the repository's own template names its line."""
    try:
        return template.render(values).encode("utf-8")
    except jinja2.TemplateError as exc:
        folder = Path(programme.root) / OVERRIDES
        frames = traceback.extract_tb(exc.__traceback__)
        own = [f for f in frames if Path(f.filename).parent == folder]
        if not own:
            raise  # the packaged templates are tested: this is a programming error
        name = Path(own[-1].filename).name
        raise TemplateError(f"{OVERRIDES}/{name}:{own[-1].lineno}: {exc}") from None


_SAFE_STARTS = tuple(f"{scheme}:" for scheme in sorted(SAFE_SCHEMES))


def external_url(url: str) -> str:
    """The URL if its scheme is safe to link; schemas already demand https, this is the backstop.

    Stricter than a URL parser on purpose: anything before the scheme but spaces (a control
    character a browser would skip, say) makes the link blank.
    """
    return url if url.strip().lower().startswith(_SAFE_STARTS) else "about:blank"


def feed_link(name: str, base_url: str, path: str) -> FeedLink:
    """https, webcal and "add to Google Calendar" forms of a feed's address."""
    https = base_url + path
    webcal = "webcal://" + https.split("://", 1)[1]
    return FeedLink(
        name,
        https,
        webcal,
        "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    )


def _person_link(person: Person) -> Link:
    if person.url:
        return Link(person.label, person.url)
    if person.github:
        return Link(person.label, f"https://github.com/{person.github}")
    return Link(person.label, None)


def _meeting_links(meeting: Meeting) -> tuple[Link, ...]:
    return tuple(Link(LINK_LABELS[k], meeting.links[k]) for k in LINK_KINDS if k in meeting.links)


def active_series(programme: Programme) -> list[Series]:
    """Active series, a working group's own included, in weekday order like the seed page."""
    chosen = [s for s in programme.series.values() if s.status == "active"]
    return sorted(chosen, key=lambda s: (7 if s.weekday is None else s.weekday, s.name, s.id))


def next_slots(programme: Programme, now: datetime) -> list[NextSlot]:
    slots = []
    for series in active_series(programme):
        found = next_of_series(programme.meetings, series.id, now, now + NEXT_HORIZON)
        if found is None:
            slots.append(NextSlot(series, feed_path(series.id), None, None, "", series.audience))
            continue
        meeting = found.meeting
        guests = ", ".join(g.label for g in found.guests)
        slots.append(
            NextSlot(
                series,
                feed_path(series.id),
                found,
                when(found.start, found.end, all_day=meeting.all_day),
                guests,
                meeting.audience or series.audience,
            )
        )
    return slots


def upcoming(programme: Programme, now: datetime) -> list[Listed]:
    found = all_occurrences(programme.meetings, now + UPCOMING_WINDOW)
    return [_listed(programme, o) for o in found if o.end_utc > now]


def _listed(programme: Programme, o: Occurrence, links: tuple[Link, ...] = ()) -> Listed:
    return Listed(
        o.title,
        f"meetings/{o.meeting.id}.html",
        when(o.start, o.end, all_day=o.meeting.all_day),
        date_text(o.start),
        o.cancelled,
        programme.context_name(o.meeting) or "",
        links,
    )


def past_by_year(programme: Programme, now: datetime) -> list[tuple[int, list[Listed]]]:
    """Meetings that have ended, newest first, grouped by their local year.

    A recurring meeting is listed once, at its latest occurrence that has ended (held, or
    cancelled when none was held): its notes and recording belong to the whole file.
    """
    ended = [found for m in programme.meetings if (found := _latest_ended(m, now))]
    ended.sort(key=lambda o: (o.start_utc, o.meeting.id), reverse=True)
    entries = [_listed(programme, o, _past_links(o.meeting)) for o in ended]
    return [(year, list(group)) for year, group in groupby(entries, key=lambda e: int(e.when.year))]


def _latest_ended(meeting: Meeting, now: datetime) -> Occurrence | None:
    ended = [o for o in occurrences(meeting, now) if o.end_utc <= now]
    held = [o for o in ended if not o.cancelled] or ended
    return held[-1] if held else None


def _past_links(meeting: Meeting) -> tuple[Link, ...]:
    links = [
        Link(LINK_LABELS[k], meeting.links[k])
        for k in ("notes", "recording", "slides")
        if k in meeting.links
    ]
    if meeting.notes and "notes" not in meeting.links:
        links.insert(0, Link("Notes", f"meetings/{meeting.id}.html#notes"))
    return tuple(links)


def recordings_by_year(recordings: Iterable[Recording]) -> list[tuple[str, list[Recording]]]:
    """Newest year first, undated ones last; the file's order kept within a year."""
    ordered = sorted(recordings, key=lambda r: -(r.year or 0))
    return [(str(y) if y else "Other", list(g)) for y, g in groupby(ordered, key=lambda r: r.year)]


def group_rows(programme: Programme) -> list[GroupRow]:
    rows = []
    for group in sorted(programme.working_groups.values(), key=lambda g: (g.name.casefold(), g.id)):
        if group.status != "active":
            continue
        links = group.links
        channels = []
        if "mailing_list" in links:
            channels.append(Link("Mailing list", links["mailing_list"]))
        if group.chat_name:
            channels.append(Link(group.chat_name, None))
        elif "chat" in links:
            channels.append(Link("Chat", links["chat"]))
        rows.append(
            GroupRow(
                group.id,
                group.name,
                links.get("website"),
                group.scope,
                links.get("notes"),
                links.get("repo"),
                tuple(channels),
                tuple(_person_link(p) for p in group.chairs),
                group.chairs_text,
            )
        )
    return rows


def feed_links(programme: Programme) -> list[FeedLink]:
    base = programme.site.base_url
    result = [feed_link(programme.site.words.all_meetings, base, "calendar.ics")]
    result += [feed_link(s.name, base, feed_path(s.id)) for s in active_series(programme)]
    # A working group that shares its id with a series shares that series' feed.
    result += [
        feed_link(g.name, base, feed_path(g.id))
        for g in group_rows(programme)
        if g.id not in programme.series
    ]
    return result


def meeting_context(programme: Programme, meeting: Meeting, now: datetime) -> dict[str, object]:
    """Everything meeting.html shows about one meeting."""
    series = programme.series.get(meeting.series) if meeting.series else None
    group = programme.working_groups.get(meeting.working_group) if meeting.working_group else None
    coming = [o for o in occurrences(meeting, now + NEXT_HORIZON) if o.end_utc > now]
    return {
        "meeting": meeting,
        "series": series,
        "group": group,
        "feed_path": feed_path(owner.id) if (owner := series or group) else "",
        "when": when(meeting.start, meeting.end, all_day=meeting.all_day),
        "rule": describe_rule(meeting.recurrence) if meeting.recurrence else None,
        "coming": [
            (when(o.start, o.end), o.cancelled, o.title if o.title != meeting.title else None)
            for o in coming[:MEETING_PAGE_OCCURRENCES]
        ],
        "cancelled_dates": [date_text(d) for d in sorted(meeting.cancelled_dates)],
        "guests": [_person_link(p) for p in meeting.guests],
        "hosts": [_person_link(p) for p in meeting.hosts],
        "audience": meeting.audience or (series.audience if series else None),
        "links": _meeting_links(meeting),
        "body": markdown_html(meeting.body),
        "notes": markdown_html(meeting.notes) if meeting.notes else None,
    }


def _static(name: str) -> bytes:
    return importlib.resources.files("meetingkit").joinpath("static").joinpath(name).read_bytes()


def _common(programme: Programme, now: datetime) -> Mapping[str, object]:
    return {
        "site": programme.site,
        "words": programme.site.words,
        "now_iso": utc_iso(now),
        "now_text": instant_text(now),
    }


def render_index(programme: Programme, now: datetime) -> dict[str, bytes]:
    """index.html and the static files."""
    now = now.astimezone(UTC)
    site = programme.site
    index = _render(
        programme,
        _template(programme, "index.html"),
        **_common(programme, now),
        root="",
        slots=next_slots(programme, now),
        upcoming=upcoming(programme, now),
        past=past_by_year(programme, now),
        recordings=recordings_by_year(site.recordings),
        groups=group_rows(programme),
        feeds=feed_links(programme),
        archive=feed_link("Archive", site.base_url, ARCHIVE_FEED),
        introduction=markdown_html(site.introduction),
        contributor_introduction=markdown_html(site.contributor_introduction),
        ecosystem=markdown_html(site.ecosystem),
    )
    files = {"index.html": index}
    for name in STATIC_FILES:
        files[name] = _static(name)
    return files


def render_pages(programme: Programme, now: datetime) -> Iterator[tuple[str, bytes]]:
    """(meetings/<id>.html, its bytes) for each meeting, one page rendered at a time."""
    now = now.astimezone(UTC)
    common = _common(programme, now)
    page = _template(programme, "meeting.html")
    for meeting in programme.meetings:
        html = _render(programme, page, **common, root="../", **meeting_context(programme, meeting, now))
        yield f"meetings/{meeting.id}.html", html
