"""The agenda job's plan: which issues to open, which links to write, which notices to post.

Pure: everything it needs (the programme, the moment, the issues and comments GitHub
holds, the agenda links the files record) comes in as arguments, and the plan comes out as
a list of actions, each able to describe itself in one line. :mod:`meetingkit.github.apply`
carries them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from meetingkit.github.issue_text import issue_body, issue_title, notice_body
from meetingkit.github.markers import (
    AgendaMarker,
    NoticeKind,
    NoticeMarker,
    parse_agenda,
    parse_notice,
)
from meetingkit.github.records import Comment, Issue
from meetingkit.model.occurrences import Occurrence, occurrences
from meetingkit.model.records import Programme


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
        return LinkTarget(meeting.path, "agendas", occurrence.day.isoformat())
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
    include: Callable[[Occurrence], bool] = lambda _occurrence: True,
) -> list[AgendaAction]:
    """What the agenda job should do as of ``now``.

    ``issues``: every issue with the bot's label, any state; ``comments``: those of the issues
    :func:`notices_due` names; ``recorded``: :func:`recorded_links`; ``include``: which
    occurrences get a new agenda here (those whose venue this is)."""
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
        elif include(occurrence) and _due(programme, occurrence, now):
            actions.append((occurrence.start_utc, _open(programme, occurrence)))
    for notice in notices_due(programme, now, issues):
        marker = NoticeMarker(notice.key, notice.kind, notice.start)
        if not any(
            parse_notice(c.body) == marker and c.author == programme.site.bot_login
            for c in comments.get(notice.issue.number, ())
        ):
            actions.append((notice.start, _notice(notice, marker)))
    actions.sort(key=lambda pair: pair[0])
    return [action for _, action in actions]


def _due(programme: Programme, occurrence: Occurrence, now: datetime) -> bool:
    return now < occurrence.start_utc <= now + lead_time(programme, occurrence)


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


def _notice(notice: Notice, marker: NoticeMarker) -> PostNotice:
    path = notice.occurrence.meeting.path if notice.occurrence else ""
    body = notice_body(marker.text(), notice.kind, notice.start, notice.occurrence)
    return PostNotice(notice.key, path, notice.issue.number, notice.kind, marker.text(), body)
