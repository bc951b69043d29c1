"""What the agenda bot writes on GitHub: issue titles, bodies and notices.

Contributor text goes through :func:`meetingkit.github.text.neutralise` on the way in, so a
copied description cannot mention, link or close anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from meetingkit.github.markers import NOTES_END, NoticeKind
from meetingkit.github.text import neutralise
from meetingkit.model.build import DEFAULT_ISSUE_TITLE, NOTES_HEADING
from meetingkit.model.occurrences import Occurrence
from meetingkit.model.records import Person, Programme
from meetingkit.model.timetext import instant_text, when

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
        title=occurrence.title,
    )
    return neutralise(title)


def when_text(occurrence: Occurrence) -> str:
    """'Thursday 25 April 2024, 14:00–15:00 CEST (12:00–13:00 UTC)' and a converter link."""
    span = when(occurrence.start, occurrence.end, all_day=occurrence.meeting.all_day)
    if span.all_day:
        return f"{span.local} (all day)"
    link = CONVERTER.format(stamp=occurrence.start_utc.strftime("%Y%m%dT%H%M"))
    utc = f" ({span.utc})" if span.utc else ""
    return f"{span.local}{utc}, [in your time zone]({link})"


def _people(people: Sequence[Person]) -> str:
    return neutralise(", ".join(p.label for p in people))


def issue_body(programme: Programme, occurrence: Occurrence, marker: str) -> str:
    """The agenda issue: marker, facts, Chatham House note, planned agenda, notes section."""
    meeting = occurrence.meeting
    series = programme.series.get(meeting.series or "")
    lines = [
        marker,
        f"## {neutralise(_series_name(programme, occurrence))}: {neutralise(occurrence.title)}",
        "",
        f"- **When:** {when_text(occurrence)}",
    ]
    if meeting.audience:
        lines.append(f"- **Audience:** {neutralise(meeting.audience)}")
    if occurrence.guests:
        lines.append(f"- **Guests:** {_people(occurrence.guests)}")
    if occurrence.hosts:
        lines.append(f"- **Hosts:** {_people(occurrence.hosts)}")
    links = occurrence.links
    lines += [f"- **{label}:** <{links[k]}>" for k, label in _LINKS if k in links]
    lines.append(f"- **Meeting page:** <{programme.site.base_url}meetings/{meeting.id}.html>")
    if meeting.chatham_house:
        lines += ["", CHATHAM_HOUSE_NOTE]
    description = occurrence.body.strip("\n")
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
