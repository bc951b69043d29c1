"""The archive job's plan: copy notes from agenda issues into meeting files, then close them.

Two steps, each safe to repeat. While the meeting file has no notes for an ended meeting,
the notes (the issue body's notes section and every comment but the bot's own) are written
into the work tree, for the workflow's pull request. Once they are in the file on the
default branch, the issue gets one comment linking them and is closed.

The file's notes are recognised by the bot's own marker line (``<!-- meetingkit:notes
key=... -->``), never by a heading, and copied text can hold no marker and no notes heading
(:func:`meetingkit.github.text.neutralise`), so neither a description nor a comment can fake
an archive or hide the notes. Notes that would push the file past the size every file must
keep are cut, with a link to the issue. Under the Chatham House Rule the notes carry no
names, no handles, and no link or address that names a participant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from meetingkit.github.agenda import agenda_issues, occurrence_index, recorded_links
from meetingkit.github.chatham import anonymise
from meetingkit.github.edit import EditError, split_newlines
from meetingkit.github.markers import (
    archived_marker,
    notes_marker,
    parse_archived,
    parse_notes,
)
from meetingkit.github.records import Comment, Issue
from meetingkit.github.text import neutralise
from meetingkit.load.document import MAX_FILE_BYTES
from meetingkit.model.build import NOTES_HEADING
from meetingkit.model.occurrences import Occurrence
from meetingkit.model.records import Meeting, Programme

NO_NOTES = "_No notes were taken._"
# Raw HTML that opens a block running to a closing tag (or the end of the file) on the page.
_HTML_BLOCK = re.compile(
    r"^( {0,3})<(?=[?!]|(?:script|pre|style|textarea)(?:[\s>]|$))", re.IGNORECASE | re.MULTILINE
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class ArchiveNotes:
    key: str
    path: str
    day: str | None  # the occurrence date of a recurring meeting (its ### sub-heading)
    number: int
    url: str  # the issue, linked when the notes must be cut
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


def awaiting_notes(programme: Programme, now: datetime) -> list[str]:
    """'<file> (<date>): <agenda link>' for each ended occurrence that has an agenda and no
    archived notes: what archive reads when it has a token."""
    recorded = recorded_links(programme)
    found = []
    for key, occurrence in occurrence_index(programme, now).items():
        link = recorded.get(key)  # a running agenda (<id>/*) is no bot issue to read
        ended = occurrence.end_utc <= now and not occurrence.cancelled
        if ended and link and not is_archived(occurrence.meeting, key):
            found.append(f"{occurrence.meeting.path} ({occurrence.day.isoformat()}): {link}")
    return found


def plan_archive(
    programme: Programme,
    now: datetime,
    issues: Sequence[Issue],
    comments: Mapping[int, Sequence[Comment]],
    thing: str = "issue",
) -> list[ArchiveAction]:
    """``issues``: the issues with the bot's label; ``comments``: those of every issue
    :func:`archive_candidates` returns; ``thing``: what the closing comment calls them."""
    bot = programme.site.bot_login
    actions: list[ArchiveAction] = []
    for issue, occurrence in archive_candidates(programme, now, issues):
        meeting, key = occurrence.meeting, occurrence.key
        day = occurrence.day.isoformat() if meeting.recurrence else None
        thread = comments.get(issue.number, ())
        if is_archived(meeting, key):
            marker = archived_marker(key)
            posted = any(parse_archived(c.body) == key and c.author == bot for c in thread)
            body = None if posted else closing_comment(programme, meeting, marker, thing)
            actions.append(CloseIssue(key, meeting.path, issue.number, marker, body))
        else:
            notes, count = collect_notes(issue, thread, occurrence, bot)
            actions.append(
                ArchiveNotes(key, meeting.path, day, issue.number, issue.html_url, notes, count)
            )
    return actions


def is_archived(meeting: Meeting, key: str) -> bool:
    """Whether the meeting file's notes section holds the notes marker of occurrence ``key``
    on a line of its own (the bot writes it below a ``## Notes`` heading)."""
    notes = meeting.notes or ""
    return any(parse_notes(line) == key for line in notes.split("\n"))


def closing_comment(
    programme: Programme, meeting: Meeting, marker: str, thing: str = "issue"
) -> str:
    """``thing``: "issue" or "discussion", what is being closed."""
    url = f"{programme.site.base_url}meetings/{meeting.id}.html#notes"
    return (
        f"{marker}\nThe notes of this meeting are archived: {url}\n\n"
        f"Thank you for taking them. Closing this {thing}.\n"
    )


def body_notes(body: str) -> str:
    """The issue body's notes section: everything below the bot's ``## Notes`` heading (the
    first: a copied description holds none). HTML comments, the bot's end marker among
    them, are dropped by :func:`collect_notes`, so no marker can cut the notes short."""
    lines = body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.rstrip() == NOTES_HEADING), None)
    return "" if start is None else "\n".join(lines[start + 1 :]).strip()


def collect_notes(
    issue: Issue, comments: Sequence[Comment], occurrence: Occurrence, bot_login: str
) -> tuple[str, int]:
    """(the Markdown to archive, how many comments it holds)."""
    meeting = occurrence.meeting
    people = [comment.author for comment in comments]
    chunks = [body_notes(issue.body)]
    others = [c for c in comments if c.author != bot_login]
    for comment in sorted(others, key=_thread_order(comments)):
        text = comment.body.strip()
        if text and not meeting.chatham_house:
            text = f"**@{comment.author}** ({comment.created_at:%Y-%m-%d}):\n\n{text}"
        chunks.append(text)
    chunks = [without_comments(chunk).strip() for chunk in chunks]
    if meeting.chatham_house:
        chunks = [
            anonymise(chunk, (*occurrence.guests, *occurrence.hosts), people) for chunk in chunks
        ]
    kept = [inert(chunk) for chunk in chunks if chunk]
    return ("\n\n---\n\n".join(kept) if kept else NO_NOTES), len(others)


def _thread_order(comments: Sequence[Comment]) -> Callable[[Comment], tuple[object, ...]]:
    """Oldest first, a discussion reply right after the comment it answers."""
    start = {c.id: (c.created_at, c.id) for c in comments}

    def key(comment: Comment) -> tuple[object, ...]:
        thread = start.get(comment.reply_to or comment.id, start[comment.id])
        return (*thread, comment.reply_to is not None, comment.created_at, comment.id)

    return key


def inert(text: str) -> str:
    """Copied Markdown that cannot mention, forge structure, or swallow what follows it on
    the page (an open HTML block or code fence would)."""
    text = _HTML_BLOCK.sub(lambda m: m.group(1) + "&lt;", neutralise(text))
    return _close_fence(text.replace("<!--", "&lt;!--"))


def _close_fence(text: str) -> str:
    opened: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match is None:
            continue
        fence, rest = match.groups()
        if opened is None and not (fence[0] == "`" and "`" in rest):
            opened = fence
        elif opened and fence[0] == opened[0] and len(fence) >= len(opened) and not rest.strip():
            opened = None
    return f"{text}\n{opened}" if opened else text


def without_comments(text: str) -> str:
    """``text`` without its closed HTML comments (invisible on GitHub, so copied as nothing)."""
    kept, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break  # an open one is made visible text by inert
        kept.append(text[position:start])
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)


# ----------------------------------------------------------------- the file
def add_notes(text: str, action: ArchiveNotes) -> str:
    """The meeting file ``text`` with the notes of ``action`` added once, after a notes
    marker: a new ``## Notes`` section, or for a recurring meeting a ``### day`` block
    (under the section the bot opened before, if any). Notes that would take the file past
    :data:`MAX_FILE_BYTES` are cut, with a link to the issue."""
    bom, newline, lines, closing = split_newlines(text)
    body = lines[closing + 1 :]
    # As is_archived reads it: markers count below the first '## Notes' line only.
    start = next((i for i, line in enumerate(body) if line.rstrip() == NOTES_HEADING), len(body))
    found = [parse_notes(line) for line in body[start + 1 :]]
    if action.key in found:
        return text
    heading = [] if action.day is None else [f"### {action.day}", ""]
    if action.day is None or not any(found):
        heading = [NOTES_HEADING, "", *heading]
    head = newline.join(lines).rstrip("\r\n") + newline * 2
    head += newline.join([*heading, notes_marker(action.key), "", ""])
    room = MAX_FILE_BYTES - len((bom + head + newline).encode("utf-8"))
    notes = _fit(action.notes.strip("\n").replace("\n", newline), room, action.url, newline)
    return bom + head + notes + newline


def _fit(notes: str, room: int, url: str, newline: str) -> str:
    """``notes``, or as much of them as fits in ``room`` bytes, ending in a link to ``url``."""
    if len(notes.encode("utf-8")) <= room:
        return notes
    notice = (
        f"{newline}{newline}_The notes were cut here to keep this file under "
        f"{MAX_FILE_BYTES // 1024} KiB; read them in full on <{url}>._"
    )
    budget = room - len(notice.encode("utf-8"))
    while budget > 0:
        kept = notes.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
        kept = kept[: kept.rfind(newline)] if newline in kept else kept
        cut = _close_fence(kept.replace(newline, "\n")).replace("\n", newline) + notice
        over = len(cut.encode("utf-8")) - room
        if over <= 0:
            return cut
        budget = len(kept.encode("utf-8")) - over  # the closing fence took the room
    raise EditError(
        f"the file is too close to {MAX_FILE_BYTES} bytes to take more notes; move older "
        "notes to a linked document"
    )
