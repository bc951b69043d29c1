"""The agenda and archive jobs on a ``discussions`` venue: gather, describe, apply.

The plans are the issue plans (:mod:`.agenda`, :mod:`.archive`) fed with the category's
discussions as records; what differs is how each action is carried out: a discussion is
opened in the category, notices and the closing comment are discussion comments, and an
archived discussion gets the venue's notes label and is closed as resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

from meetingkit.github.agenda import (
    AgendaAction,
    LinkExisting,
    OpenIssue,
    PostNotice,
    notices_due,
    plan_agenda,
    recorded_links,
)
from meetingkit.github.apply import Action, Outcome, edit_file, undo_invalid_edits, write_link
from meetingkit.github.archive import (
    ArchiveAction,
    ArchiveNotes,
    CloseIssue,
    add_notes,
    archive_candidates,
    plan_archive,
)
from meetingkit.github.discussions_client import DiscussionsClient
from meetingkit.github.edit import EditError
from meetingkit.github.records import GitHubError
from meetingkit.github.venue import Venue
from meetingkit.model.occurrences import Occurrence
from meetingkit.model.records import Programme


def gather_agenda(
    client: DiscussionsClient | None,
    venue: Venue,
    programme: Programme,
    now: datetime,
    include: Callable[[Occurrence], bool],
) -> list[AgendaAction]:
    """The category's discussions, the comments of those that may need a notice, the plan."""
    discussions = client.list_discussions(client.category_id(venue.category or "")) if client else []
    comments = {}
    for notice in notices_due(programme, now, discussions):
        number = notice.issue.number
        comments[number] = client.list_discussion_comments(number) if client else []
    return plan_agenda(programme, now, discussions, comments, recorded_links(programme), include)


def gather_archive(
    client: DiscussionsClient | None, venue: Venue, programme: Programme, now: datetime
) -> list[ArchiveAction]:
    """The category's open discussions, the comments and replies of ended meetings', the plan."""
    found = client.list_discussions(client.category_id(venue.category or "")) if client else []
    discussions = [d for d in found if d.state == "open"]
    comments = {}
    for discussion, _occurrence in archive_candidates(programme, now, discussions):
        number = discussion.number
        comments[number] = client.list_discussion_comments(number) if client else []
    return plan_archive(programme, now, discussions, comments, "discussion")


def describe(action: Action) -> str:
    """One line per planned action, as the issue plan's, naming discussions."""
    match action:
        case OpenIssue():
            return (
                f"{action.path}: open the agenda discussion {action.title!r} "
                f"and write its URL into {action.target.field}"
            )
        case LinkExisting():
            return f"{action.path}: write the agenda discussion #{action.number} into {action.target.field}"
        case PostNotice():
            what = "was cancelled" if action.kind == "cancelled" else "has moved"
            return f"discussion #{action.number}: comment that {action.key} {what}"
        case ArchiveNotes():
            return action.description.replace(" of issue #", " of discussion #", 1)
        case CloseIssue():
            if action.comment is None:
                return f"discussion #{action.number}: close it (the notes are archived and linked)"
            return (
                f"discussion #{action.number}: comment with a link to the archived notes, "
                "label and close it"
            )
    raise AssertionError(f"unknown action {action!r}")


def apply_plan(
    client: DiscussionsClient, venue: Venue, root: Path, actions: Sequence[Action]
) -> Outcome:
    """Each action on its own, as :func:`meetingkit.github.apply.apply_plan` does."""
    outcome = Outcome()
    category_id = client.category_id(venue.category or "") if actions else ""
    for action in actions:
        where = action.path or f"discussion #{getattr(action, 'number', '?')}"
        try:
            _apply_one(client, venue, category_id, root, action, outcome)
        except GitHubError as exc:
            outcome.failed.append(f"{where}: could not {_verb(action)}: {exc}")
        except (EditError, OSError, UnicodeError) as exc:
            outcome.failed.append(f"{where}: could not edit the file: {exc}")
    undo_invalid_edits(root, outcome)
    return outcome


def _verb(action: Action) -> str:
    match action:
        case OpenIssue():
            return "open the agenda discussion"
        case PostNotice():
            return "comment on the agenda discussion"
        case CloseIssue():
            return "close the agenda discussion"
    return "edit the file"


def _apply_one(
    client: DiscussionsClient,
    venue: Venue,
    category_id: str,
    root: Path,
    action: Action,
    outcome: Outcome,
) -> None:
    match action:
        case OpenIssue():
            discussion = client.create_discussion_once(
                lambda: client.find_discussion_by_marker(action.marker, category_id),
                category_id,
                action.title,
                action.body,
            )
            outcome.done.append(("opened", f"{action.path}: opened {discussion.html_url}"))
            try:
                write_link(root, action.target, discussion.html_url, outcome)
            except (EditError, OSError, UnicodeError) as exc:
                outcome.failed.append(
                    f"{action.path}: opened {discussion.html_url} but could not write "
                    f"{action.target.field}: {exc}"
                )
        case LinkExisting():
            if write_link(root, action.target, action.url, outcome):
                outcome.done.append(
                    ("linked", f"{action.path}: {action.target.field} = {action.url}")
                )
        case PostNotice():
            comment = _comment_once(client, action.number, action.marker, action.body)
            line = f"discussion #{action.number}: {action.kind} notice {comment}"
            outcome.done.append(("commented", line))
        case ArchiveNotes():
            if edit_file(root, action.path, partial(add_notes, action=action), outcome.originals):
                line = f"{action.path}: notes of discussion #{action.number}"
                outcome.done.append(("archived", line))
        case CloseIssue():
            if action.comment is not None:
                url = _comment_once(client, action.number, action.marker, action.comment)
                line = f"discussion #{action.number}: linked the notes {url}"
                outcome.done.append(("commented", line))
            if venue.notes_label:
                client.add_label(action.number, venue.notes_label)
            closed = client.close_discussion(action.number)
            outcome.done.append(("closed", f"{action.path}: closed {closed.html_url}"))


def _comment_once(client: DiscussionsClient, number: int, marker: str, body: str) -> str:
    comment = client.create_discussion_comment_once(
        lambda: client.find_discussion_comment_by_marker(number, marker), number, body
    )
    return comment.html_url
