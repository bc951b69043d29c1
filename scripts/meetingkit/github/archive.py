"""The archive job's plan: copy notes from agenda issues into meeting files, then close them.

Two steps, each safe to repeat. While the meeting file has no notes for an ended meeting,
the notes (the issue body's notes section and every comment but the bot's own) are written
into the work tree, for the workflow's pull request. Once they are in the file on the
default branch, the issue gets one comment linking them and is closed.

Under the Chatham House Rule the notes carry no names and no handles. Copied text always
lands below the front matter, and lines that look like the structure the job itself relies
on (``## Notes``, ``### YYYY-MM-DD``) are escaped, so a comment cannot fake an archive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from meetingkit.github.agenda import agenda_issues, occurrence_index
from meetingkit.github.edit import append_notes, has_notes
from meetingkit.github.markers import NOTES_END, archived_marker
from meetingkit.github.records import Comment, Issue
from meetingkit.github.text import neutralise
from meetingkit.model.build import NOTES_HEADING
from meetingkit.model.occurrences import Occurrence
from meetingkit.model.records import Meeting, Programme

NO_NOTES = "_No notes were taken._"
ANONYMOUS = "a participant"
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HANDLE = re.compile(r"(?<![\w`/.@-])@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?(?![\w-])")
_DAY_HEADING = re.compile(r"### [0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class ArchiveNotes:
    key: str
    path: str
    day: str | None  # the occurrence date of a recurring meeting (its ### sub-heading)
    number: int
    notes: str
    comments: int  # how many comments the notes hold

    @property
    def description(self) -> str:
        where = f"{NOTES_HEADING} / ### {self.day}" if self.day else NOTES_HEADING
        return (
            f"{self.path}: copy the notes of issue #{self.number} "
            f"(the body and {self.comments} comment{'' if self.comments == 1 else 's'}) "
            f"into '{where}'"
        )


@dataclass(frozen=True)
class CloseIssue:
    key: str
    path: str
    number: int
    marker: str
    comment: str | None  # None: the linking comment is already there

    @property
    def description(self) -> str:
        if self.comment is None:
            return f"issue #{self.number}: close it (the notes are archived and linked)"
        return f"issue #{self.number}: comment with a link to the archived notes and close it"


ArchiveAction = ArchiveNotes | CloseIssue


def archive_candidates(
    programme: Programme, now: datetime, issues: Iterable[Issue]
) -> list[tuple[Issue, Occurrence]]:
    """Open bot agenda issues whose occurrence has ended (cancelled ones stay as they are)."""
    index = occurrence_index(programme, now)
    found = []
    for key, (issue, _marker) in agenda_issues(issues, programme.site.bot_login).items():
        occurrence = index.get(key)
        if issue.state != "open" or occurrence is None or occurrence.cancelled:
            continue
        if occurrence.end_utc <= now:
            found.append((issue, occurrence))
    return found


def plan_archive(
    programme: Programme,
    now: datetime,
    issues: Sequence[Issue],
    comments: Mapping[int, Sequence[Comment]],
) -> list[ArchiveAction]:
    """``issues``: the issues with the bot's label; ``comments``: those of every issue
    :func:`archive_candidates` returns."""
    bot = programme.site.bot_login
    actions: list[ArchiveAction] = []
    for issue, occurrence in archive_candidates(programme, now, issues):
        meeting, key = occurrence.meeting, occurrence.key
        day = occurrence.start.date().isoformat() if meeting.recurrence else None
        thread = comments.get(issue.number, ())
        if is_archived(meeting.notes, day):
            marker = archived_marker(key)
            posted = any(marker in c.body and c.author == bot for c in thread)
            body = None if posted else closing_comment(programme, meeting, marker)
            actions.append(CloseIssue(key, meeting.path, issue.number, marker, body))
        else:
            notes, count = collect_notes(issue, thread, meeting, bot)
            actions.append(ArchiveNotes(key, meeting.path, day, issue.number, notes, count))
    return actions


def is_archived(notes: str | None, day: str | None) -> bool:
    """Whether the file's notes section (``Meeting.notes``) holds this occurrence's notes."""
    if notes is None or day is None:
        return notes is not None
    return any(line.rstrip() == f"### {day}" for line in notes.split("\n"))


def closing_comment(programme: Programme, meeting: Meeting, marker: str) -> str:
    url = f"{programme.site.base_url}meetings/{meeting.id}.html#notes"
    return (
        f"{marker}\nThe notes of this meeting are archived: {url}\n\n"
        "Thank you for taking them. Closing this issue.\n"
    )


def body_notes(body: str) -> str:
    """The issue body's notes section: below the last ``## Notes`` heading, above the end
    marker (or the end of the body), without HTML comments."""
    lines = body.replace("\r\n", "\n").split("\n")
    end = next((i for i, line in enumerate(lines) if line.strip() == NOTES_END), len(lines))
    heading = [i for i, line in enumerate(lines[:end]) if line.rstrip() == NOTES_HEADING]
    if not heading:
        return ""
    return _HTML_COMMENT.sub("", "\n".join(lines[heading[-1] + 1 : end])).strip()


def collect_notes(
    issue: Issue, comments: Sequence[Comment], meeting: Meeting, bot_login: str
) -> tuple[str, int]:
    """(the Markdown to archive, how many comments it holds)."""
    people = [comment.author for comment in comments]
    chunks = [body_notes(issue.body)]
    others = [c for c in comments if c.author != bot_login]
    for comment in sorted(others, key=lambda c: (c.created_at, c.id)):
        text = comment.body.replace("\r\n", "\n").strip()
        if text and not meeting.chatham_house:
            text = f"**@{comment.author}** ({comment.created_at:%Y-%m-%d}):\n\n{text}"
        chunks.append(text)
    if meeting.chatham_house:
        chunks = [anonymise(chunk, meeting, people) for chunk in chunks]
    kept = [_escape_structure(neutralise(chunk)) for chunk in chunks if chunk.strip()]
    return ("\n\n---\n\n".join(kept) if kept else NO_NOTES), len(others)


def anonymise(text: str, meeting: Meeting, logins: Iterable[str]) -> str:
    """Chatham House: every @handle, and the names and logins of the meeting's guests and
    hosts and of the commenters, become 'a participant'."""
    text = _HANDLE.sub(ANONYMOUS, text)
    people = (*meeting.guests, *meeting.hosts)
    exact = {p.name for p in people} | {p.github for p in people if p.github} | set(logins)
    words = {w for p in people for w in p.name.split() if len(w) >= 3 and w[0].isupper()}
    text = _replace_words(text, exact, re.IGNORECASE)
    return _replace_words(text, words - exact, 0)


def _replace_words(text: str, words: Iterable[str], flags: int) -> str:
    terms = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not terms:
        return text
    pattern = re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w])", flags)
    return pattern.sub(ANONYMOUS, text)


def _escape_structure(text: str) -> str:
    """A backslash before lines that would read as the archive's own headings."""
    lines = text.split("\n")
    return "\n".join(
        "\\" + line
        if line.rstrip() == NOTES_HEADING or _DAY_HEADING.fullmatch(line.rstrip())
        else line
        for line in lines
    )


def add_notes(text: str, day: str | None, notes: str) -> str:
    """The meeting file ``text`` with ``notes`` added once: as the ``## Notes`` section, or
    for a recurring meeting as its ``### day`` sub-section."""
    if day is None:
        return append_notes(text, notes)
    section = f"### {day}\n\n{notes.strip(chr(10))}"
    if not has_notes(text):
        return append_notes(text, section)
    body = text.replace("\r\n", "\n").split(f"\n{NOTES_HEADING}", 1)[-1]
    if any(line.rstrip() == f"### {day}" for line in body.split("\n")):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    stripped = text.rstrip("\r\n")
    return stripped + newline * 2 + newline.join(section.split("\n")) + newline
