"""Hidden markers: how the bot recognises its own issues and comments again.

A marker is one HTML comment on the first line of a body the bot wrote, e.g.::

    <!-- meetingkit:agenda key=2024-04-25-thursday-touchpoint start=2024-04-25T12:00:00Z -->

GitHub renders nothing for it, and it survives a maintainer renaming or closing the issue.
Parsing is strict (exact spacing, field order and value shapes, first line only), so text
a person pastes further down a body is never taken for a marker; callers still accept
markers only from bodies the bot itself authored.

In a meeting file, each block of archived notes starts with a notes marker on a line of its
own (:func:`notes_marker`); it is how the archive job knows the notes are there. Text copied
from GitHub can carry no marker: :func:`meetingkit.github.text.neutralise` breaks every
``<!-- meetingkit`` in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

NoticeKind = Literal["cancelled", "moved"]

#: Ends the notes section of an agenda issue body, for people editing it; the archive copies
#: everything below the section's heading and drops HTML comments, this one included.
NOTES_END = "<!-- meetingkit:notes-end -->"

_STAMP = "%Y-%m-%dT%H:%M:%SZ"
# A meeting id (its file name) plus, for a recurring meeting, "/YYYY-MM-DD".
_KEY = r"[a-z0-9][a-z0-9._-]*(?:/[0-9]{4}-[0-9]{2}-[0-9]{2})?"
_START = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
_AGENDA = re.compile(rf"<!-- meetingkit:agenda key=({_KEY}) start=({_START}) -->")
_NOTICE = re.compile(
    rf"<!-- meetingkit:notice key=({_KEY}) kind=(cancelled|moved) start=({_START}) -->"
)
_ARCHIVED = re.compile(rf"<!-- meetingkit:archived key=({_KEY}) -->")
_PROPOSAL = re.compile(r"<!-- meetingkit:proposal issue=([1-9][0-9]*) -->")
_NOTES = re.compile(rf"<!-- meetingkit:notes key=({_KEY}) -->")


class MarkerError(ValueError):
    """A value that cannot go into a marker (it would not parse back)."""


@dataclass(frozen=True)
class AgendaMarker:
    """Identifies the agenda issue of one occurrence; ``start`` is the UTC start announced."""

    key: str
    start: datetime

    def text(self) -> str:
        return f"<!-- meetingkit:agenda key={_checked(self.key)} start={_stamp(self.start)} -->"


@dataclass(frozen=True)
class NoticeMarker:
    """Identifies a comment saying an occurrence was cancelled or moved (to ``start``)."""

    key: str
    kind: NoticeKind
    start: datetime

    def text(self) -> str:
        return (
            f"<!-- meetingkit:notice key={_checked(self.key)} kind={self.kind} "
            f"start={_stamp(self.start)} -->"
        )


def archived_marker(key: str) -> str:
    """Identifies the comment that links the archived notes before the issue is closed."""
    return f"<!-- meetingkit:archived key={_checked(key)} -->"


def proposal_marker(number: int) -> str:
    """Identifies the one comment the proposals job keeps on proposal issue ``number``."""
    return f"<!-- meetingkit:proposal issue={number} -->"


def notes_marker(key: str) -> str:
    """Opens the archived notes of one occurrence in its meeting file."""
    return f"<!-- meetingkit:notes key={_checked(key)} -->"


def parse_notes(line: str) -> str | None:
    """The key of a notes-marker line of a meeting file (the whole line), or None."""
    match = _NOTES.fullmatch(line.rstrip())
    return match.group(1) if match else None


def parse_agenda(body: str) -> AgendaMarker | None:
    match = _AGENDA.fullmatch(first_line(body))
    if not match:
        return None
    start = _parse_stamp(match.group(2))
    return AgendaMarker(match.group(1), start) if start else None


def parse_notice(body: str) -> NoticeMarker | None:
    match = _NOTICE.fullmatch(first_line(body))
    if not match:
        return None
    start = _parse_stamp(match.group(3))
    kind: NoticeKind = "cancelled" if match.group(2) == "cancelled" else "moved"
    return NoticeMarker(match.group(1), kind, start) if start else None


def parse_archived(body: str) -> str | None:
    """The key of an archived-notes comment, or None."""
    match = _ARCHIVED.fullmatch(first_line(body))
    return match.group(1) if match else None


def parse_proposal(body: str) -> int | None:
    """The issue number of a proposal comment's marker, or None."""
    match = _PROPOSAL.fullmatch(first_line(body))
    return int(match.group(1)) if match else None


def first_line(body: str) -> str:
    # GitHub stores bodies edited in the browser with CRLF; a BOM never belongs to a marker.
    return body.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def _checked(key: str) -> str:
    if not re.fullmatch(_KEY, key):
        raise MarkerError(f"{key!r} cannot be written into a marker")
    return key


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise MarkerError("a marker time must be timezone-aware")
    return moment.astimezone(UTC).strftime(_STAMP)


def _parse_stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)
    except ValueError:  # right shape, impossible value (month 13)
        return None
