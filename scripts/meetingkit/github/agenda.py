"""The agenda job's plan: which issues to open, which links to write, which notices to post.

Pure: everything it needs (the programme, the moment, the issues and comments GitHub
holds, the agenda links the files record) comes in as arguments, and the plan comes out as
a list of actions, each able to describe itself in one line. :mod:`meetingkit.github.apply`
carries them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from meetingkit.build_model import DEFAULT_ISSUE_TITLE, NOTES_HEADING
from meetingkit.github.client import Comment, Issue
from meetingkit.github.markers import (
    NOTES_END,
    AgendaMarker,
    NoticeKind,
    NoticeMarker,
    parse_agenda,
)
from meetingkit.github.text import neutralise
from meetingkit.model import Person, Programme
from meetingkit.occurrences import Occurrence, occurrences
from meetingkit.render.timetext import instant_text, when


@dataclass(frozen=True)
class LinkTarget:
    """Where an agenda URL goes: ``links.agenda``, or ``agendas.<date>`` when recurring."""

    path: str
    parent: str
    child: str

    @property
    def field(self) -> str:
        return f"{self.parent}.{self.child}"


@dataclass(frozen=True)
class OpenIssue:
    key: str
    marker: str
    title: str
    body: str
    labels: tuple[str, ...]
    target: LinkTarget

    @property
    def path(self) -> str:
        return self.target.path

    @property
    def description(self) -> str:
        return (
            f"{self.target.path}: open the agenda issue {self.title!r} "
            f"(labels: {', '.join(self.labels)}) and write its URL into {self.target.field}"
        )


@dataclass(frozen=True)
class LinkExisting:
    key: str
    number: int
    url: str
    target: LinkTarget

    @property
    def path(self) -> str:
        return self.target.path

    @property
    def description(self) -> str:
        return f"{self.target.path}: write the agenda issue #{self.number} into {self.target.field}"


@dataclass(frozen=True)
class PostNotice:
    key: str
    path: str  # the meeting file, or "" when it is gone
    number: int
    kind: NoticeKind
    marker: str
    body: str

    @property
    def description(self) -> str:
        what = "was cancelled" if self.kind == "cancelled" else "has moved"
        return f"issue #{self.number}: comment that {self.key} {what}"


AgendaAction = OpenIssue | LinkExisting | PostNotice


def occurrence_index(programme: Programme, until: datetime) -> dict[str, Occurrence]:
    """Occurrence key → occurrence, for every meeting, up to ``until``."""
    return {o.key: o for m in programme.meetings for o in occurrences(m, until)}


def agenda_issues(issues: Iterable[Issue], bot_login: str) -> dict[str, tuple[Issue, AgendaMarker]]:
    """Key → the oldest issue the bot authored with that key's agenda marker.

    Anyone can paste a marker into an issue of their own; only the bot's count."""
    found: dict[str, tuple[Issue, AgendaMarker]] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        marker = parse_agenda(issue.body) if issue.author == bot_login else None
        if marker is not None and marker.key not in found:
            found[marker.key] = (issue, marker)
    return found


def recorded_links(programme: Programme) -> dict[str, str]:
    """Occurrence key → agenda URL already written in the meeting files.

    A recurring meeting's per-date ``agendas`` map names each occurrence's issue; its
    ``links.agenda`` (one running agenda for every date) counts for all its occurrences,
    marked by the key ``<id>/*``.
    """
    links: dict[str, str] = {}
    for meeting in programme.meetings:
        agenda = meeting.links.get("agenda")
        if not meeting.recurrence:
            if agenda:
                links[meeting.id] = agenda
            continue
        if agenda:
            links[f"{meeting.id}/*"] = agenda
        for day, url in meeting.agendas.items():
            links[f"{meeting.id}/{day}"] = url
    return links


def _has_link(recorded: Mapping[str, str], occurrence: Occurrence) -> bool:
    return occurrence.key in recorded or f"{occurrence.meeting.id}/*" in recorded


def link_target(occurrence: Occurrence) -> LinkTarget:
    meeting = occurrence.meeting
    if meeting.recurrence:
        return LinkTarget(meeting.path, "agendas", occurrence.start.date().isoformat())
    return LinkTarget(meeting.path, "links", "agenda")


def lead_time(programme: Programme, occurrence: Occurrence) -> timedelta:
    series = programme.series.get(occurrence.meeting.series or "")
    return series.agenda_lead if series else timedelta(days=programme.site.default_lead_days)


def issue_labels(programme: Programme, occurrence: Occurrence) -> tuple[str, ...]:
    series = programme.series.get(occurrence.meeting.series or "")
    names = (programme.site.bot_label, *(series.labels if series else ()))
    return tuple(dict.fromkeys(names))  # unique, in order


def horizon(programme: Programme, now: datetime, markers: Iterable[AgendaMarker]) -> datetime:
    """Far enough ahead for every lead time and every start an issue announced."""
    leads = [s.agenda_lead for s in programme.series.values()]
    lead = max([timedelta(days=programme.site.default_lead_days), *leads])
    return max([now + lead, *(m.start for m in markers)]) + timedelta(days=1)


@dataclass(frozen=True)
class Notice:
    issue: Issue
    key: str
    kind: NoticeKind
    start: datetime  # UTC: the new start (moved) or the one cancelled
    occurrence: Occurrence | None  # None: the meeting (or that date) is gone


def notices_due(programme: Programme, now: datetime, issues: Sequence[Issue]) -> list[Notice]:
    """Open bot issues of meetings still ahead whose meeting was cancelled, removed or moved.

    Which of them were already told so is decided against their comments, which the caller
    lists only for these issues."""
    found = agenda_issues(issues, programme.site.bot_login)
    index = occurrence_index(programme, horizon(programme, now, (m for _, m in found.values())))
    due: list[Notice] = []
    for key, (issue, marker) in found.items():
        if issue.state != "open" or marker.start <= now:
            continue
        occurrence = index.get(key)
        if occurrence is None or occurrence.cancelled:
            due.append(Notice(issue, key, "cancelled", marker.start, occurrence))
        elif occurrence.start_utc != marker.start:
            due.append(Notice(issue, key, "moved", occurrence.start_utc, occurrence))
    return due


def plan_agenda(
    programme: Programme,
    now: datetime,
    issues: Sequence[Issue],
    comments: Mapping[int, Sequence[Comment]],
    recorded: Mapping[str, str],
) -> list[AgendaAction]:
    """What the agenda job should do as of ``now``.

    ``issues``: every issue with the bot's label, any state; ``comments``: those of the issues
    :func:`notices_due` names; ``recorded``: :func:`recorded_links`."""
    found = agenda_issues(issues, programme.site.bot_login)
    index = occurrence_index(programme, horizon(programme, now, (m for _, m in found.values())))
    actions: list[tuple[datetime, AgendaAction]] = []
    for key, occurrence in index.items():
        if occurrence.cancelled or _has_link(recorded, occurrence):
            continue
        if key in found:  # opened before: only the link may be missing (crash, unmerged PR)
            issue = found[key][0]
            link = LinkExisting(key, issue.number, issue.html_url, link_target(occurrence))
            actions.append((occurrence.start_utc, link))
        elif now < occurrence.start_utc <= now + lead_time(programme, occurrence):
            actions.append((occurrence.start_utc, _open(programme, occurrence)))
    for notice in notices_due(programme, now, issues):
        action = _notice(programme, notice)
        if not any(
            action.marker in c.body and c.author == programme.site.bot_login
            for c in comments.get(notice.issue.number, ())
        ):
            actions.append((notice.start, action))
    actions.sort(key=lambda pair: pair[0])
    return [action for _, action in actions]


def _open(programme: Programme, occurrence: Occurrence) -> OpenIssue:
    marker = AgendaMarker(occurrence.key, occurrence.start_utc).text()
    return OpenIssue(
        key=occurrence.key,
        marker=marker,
        title=issue_title(programme, occurrence),
        body=issue_body(programme, occurrence, marker),
        labels=issue_labels(programme, occurrence),
        target=link_target(occurrence),
    )


def _notice(programme: Programme, notice: Notice) -> PostNotice:
    marker = NoticeMarker(notice.key, notice.kind, notice.start).text()
    path = notice.occurrence.meeting.path if notice.occurrence else ""
    body = notice_body(marker, notice.kind, notice.start, notice.occurrence)
    return PostNotice(notice.key, path, notice.issue.number, notice.kind, marker, body)


# ------------------------------------------------------------------ issue text
CHATHAM_HOUSE_NOTE = (
    "> This meeting is held under the [Chatham House Rule]"
    "(https://www.chathamhouse.org/about-us/chatham-house-rule): you may use what you hear, "
    "but not say who said it. Notes taken here are archived without names or handles."
)
CONVERTER = "https://www.timeanddate.com/worldclock/fixedtime.html?iso={stamp}&p1=1440"
_AGENDA_HEADING = re.compile(r"^#{1,6}[ \t]+(planned[ \t]+)?agenda\b", re.IGNORECASE | re.MULTILINE)
_LINKS = (("join", "Join"), ("rsvp", "RSVP"), ("event", "Event"))


def _series_name(programme: Programme, occurrence: Occurrence) -> str:
    meeting = occurrence.meeting
    series = programme.series.get(meeting.series or "")
    group = programme.working_groups.get(meeting.working_group or "")
    return series.name if series else group.name if group else "Meeting"


def issue_title(programme: Programme, occurrence: Occurrence) -> str:
    series = programme.series.get(occurrence.meeting.series or "")
    template = series.issue_title if series else DEFAULT_ISSUE_TITLE
    title = template.format(
        series=_series_name(programme, occurrence),
        date=occurrence.start.date().isoformat(),
        title=occurrence.meeting.title,
    )
    return neutralise(title)


def when_text(occurrence: Occurrence) -> str:
    """'Thursday 25 April 2024, 14:00–15:00 CEST (12:00–13:00 UTC)' and a converter link."""
    span = when(occurrence.start, occurrence.end)
    link = CONVERTER.format(stamp=occurrence.start_utc.strftime("%Y%m%dT%H%M"))
    return f"{span.local} ({span.utc}), [in your time zone]({link})"


def _people(people: Sequence[Person]) -> str:
    return neutralise(", ".join(p.label for p in people))


def issue_body(programme: Programme, occurrence: Occurrence, marker: str) -> str:
    """The agenda issue: marker, facts, Chatham House note, planned agenda, notes section."""
    meeting = occurrence.meeting
    series = programme.series.get(meeting.series or "")
    lines = [
        marker,
        f"## {neutralise(_series_name(programme, occurrence))}: {neutralise(meeting.title)}",
        "",
        f"- **When:** {when_text(occurrence)}",
    ]
    if meeting.audience:
        lines.append(f"- **Audience:** {neutralise(meeting.audience)}")
    if meeting.guests:
        lines.append(f"- **Guests:** {_people(meeting.guests)}")
    if meeting.hosts:
        lines.append(f"- **Hosts:** {_people(meeting.hosts)}")
    lines += [f"- **{label}:** <{meeting.links[k]}>" for k, label in _LINKS if k in meeting.links]
    lines.append(f"- **Meeting page:** <{programme.site.base_url}meetings/{meeting.id}.html>")
    if meeting.chatham_house:
        lines += ["", CHATHAM_HOUSE_NOTE]
    description = meeting.body.strip("\n")
    if description:
        lines += ["", "## About this meeting", "", neutralise(description)]
    if not _AGENDA_HEADING.search(description):
        template = series.agenda_template.strip("\n") if series else ""
        lines += ["", "## Planned agenda", "", neutralise(template) or "_To be announced._"]
    names = ", without names or handles (Chatham House Rule)" if meeting.chatham_house else ""
    lines += [
        "",
        NOTES_HEADING,
        "",
        "<!-- Take notes here (edit this issue) or add them as comments below. After the "
        f"meeting they are copied into the meeting file{names}. -->",
        "",
        NOTES_END,
        "",
    ]
    return "\n".join(lines)


def notice_body(
    marker: str, kind: NoticeKind, start: datetime, occurrence: Occurrence | None
) -> str:
    if kind == "moved" and occurrence is not None:
        text = f"**This meeting has moved.** It now takes place on {when_text(occurrence)}."
    elif occurrence is not None:
        text = (
            f"**This meeting has been cancelled.** It will not take place on {instant_text(start)}."
        )
    else:
        text = (
            "**This meeting is no longer in the programme** (its file was removed or renamed, "
            f"or its series no longer has that date), so it will not take place on "
            f"{instant_text(start)}."
        )
    return f"{marker}\n{text}\n"
