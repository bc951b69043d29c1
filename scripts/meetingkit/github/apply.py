"""Gathering what a plan needs from GitHub, and carrying a plan out.

This is the write layer: the only place that performs GitHub writes and file edits. Each
action is tried on its own; a failure becomes one line in :class:`Outcome` (naming the
meeting file) and the next action still runs, so what succeeded stays done and a re-run
finishes the rest. Writes are safe to repeat: issues and comments are found again by their
markers before any retry (``create_*_once``), file edits are no-ops once made.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from meetingkit.github.agenda import (
    AgendaAction,
    LinkExisting,
    LinkTarget,
    OpenIssue,
    PostNotice,
    notices_due,
    plan_agenda,
    recorded_links,
)
from meetingkit.github.archive import (
    ArchiveAction,
    ArchiveNotes,
    CloseIssue,
    add_notes,
    archive_candidates,
    plan_archive,
)
from meetingkit.github.client import GitHubClient
from meetingkit.github.edit import EditError, set_nested
from meetingkit.github.records import GitHubError
from meetingkit.model.records import Programme

Action = AgendaAction | ArchiveAction


@dataclass
class Outcome:
    """What a run did (``(kind, line)``: opened, linked, commented, archived, closed) and
    what failed (one line each)."""

    done: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.done if k == kind)


# ------------------------------------------------------------------ gathering
def gather_agenda(
    client: GitHubClient | None, programme: Programme, now: datetime
) -> list[AgendaAction]:
    """One listing of the bot's issues (every state), the comments of the few issues that
    may need a notice, then the plan. Without a client (no token) nothing is looked up."""
    issues = client.list_issues(programme.site.bot_label, state="all") if client else []
    comments = {}
    for notice in notices_due(programme, now, issues):
        number = notice.issue.number
        comments[number] = client.list_comments(number) if client else []
    return plan_agenda(programme, now, issues, comments, recorded_links(programme))


def gather_archive(
    client: GitHubClient | None, programme: Programme, now: datetime
) -> list[ArchiveAction]:
    """The bot's open issues, the comments of those whose meeting has ended, then the plan."""
    issues = client.list_issues(programme.site.bot_label, state="open") if client else []
    comments = {}
    for issue, _occurrence in archive_candidates(programme, now, issues):
        comments[issue.number] = client.list_comments(issue.number) if client else []
    return plan_archive(programme, now, issues, comments)


# ------------------------------------------------------------------- applying
def edit_file(root: Path, path: str, change: Callable[[str], str]) -> bool:
    """Apply ``change`` to a meeting file's text, keeping its bytes otherwise (BOM, CRLF);
    the new file replaces the old in one step. True when the file changed."""
    file = root / path
    text = file.read_bytes().decode("utf-8")
    new = change(text)
    if new == text:
        return False
    temporary = file.with_name(f".{file.name}.meetingkit")
    temporary.write_bytes(new.encode("utf-8"))
    os.replace(temporary, file)
    return True


def _write_link(root: Path, target: LinkTarget, url: str) -> bool:
    return edit_file(
        root, target.path, lambda text: set_nested(text, target.parent, target.child, url)
    )


def apply_plan(
    client: GitHubClient, root: Path, programme: Programme, actions: Sequence[Action]
) -> Outcome:
    outcome = Outcome()
    opening = [a for a in actions if isinstance(a, OpenIssue)]
    if opening:  # one listing of labels for the run, then only the missing ones are made
        try:
            client.ensure_labels(dict.fromkeys(name for a in opening for name in a.labels))
        except GitHubError as exc:  # the issues are still opened; GitHub adds the labels
            outcome.failed.append(f"could not create the labels: {exc}")
    for action in actions:
        _apply_one(client, root, programme, action, outcome)
    return outcome


def _apply_one(
    client: GitHubClient, root: Path, programme: Programme, action: Action, outcome: Outcome
) -> None:
    where = action.path or f"issue #{getattr(action, 'number', '?')}"
    verb = "edit the file"
    try:
        match action:
            case OpenIssue():
                verb = "open the agenda issue"
                _open_issue(client, root, programme.site.bot_label, action, outcome)
            case LinkExisting():
                if _write_link(root, action.target, action.url):
                    line = f"{where}: {action.target.field} = {action.url}"
                    outcome.done.append(("linked", line))
            case PostNotice():
                verb = "comment on the agenda issue"
                _comment(client, action, outcome)
            case ArchiveNotes():
                if edit_file(root, where, lambda text: add_notes(text, action.day, action.notes)):
                    outcome.done.append(("archived", f"{where}: notes of issue #{action.number}"))
            case CloseIssue():
                verb = "close the agenda issue"
                _close(client, action, outcome)
    except GitHubError as exc:
        outcome.failed.append(f"{where}: could not {verb}: {exc}")
    except (EditError, OSError, UnicodeError) as exc:
        outcome.failed.append(f"{where}: could not edit the file: {exc}")


def _open_issue(
    client: GitHubClient, root: Path, label: str, action: OpenIssue, outcome: Outcome
) -> None:
    issue = client.create_issue_once(
        lambda: client.find_issue_by_marker(action.marker, label),
        action.title,
        action.body,
        action.labels,
    )
    outcome.done.append(("opened", f"{action.path}: opened {issue.html_url}"))
    try:
        _write_link(root, action.target, issue.html_url)
    except (EditError, OSError, UnicodeError) as exc:
        outcome.failed.append(
            f"{action.path}: opened {issue.html_url} but could not write "
            f"{action.target.field}: {exc}"
        )


def _comment(client: GitHubClient, action: PostNotice, outcome: Outcome) -> None:
    number, marker = action.number, action.marker
    comment = client.create_comment_once(
        lambda: client.find_comment_by_marker(number, marker), number, action.body
    )
    outcome.done.append(("commented", f"issue #{number}: {action.kind} notice {comment.html_url}"))


def _close(client: GitHubClient, action: CloseIssue, outcome: Outcome) -> None:
    number, marker, body = action.number, action.marker, action.comment
    if body is not None:
        comment = client.create_comment_once(
            lambda: client.find_comment_by_marker(number, marker), number, body
        )
        outcome.done.append(("commented", f"issue #{number}: linked the notes {comment.html_url}"))
    closed = client.edit_issue(number, state="closed", state_reason="completed")
    outcome.done.append(("closed", f"{action.path}: closed {closed.html_url}"))


# -------------------------------------------------------------------- summary
def summary_markdown(
    command: str, outcome: Outcome, dry_run: bool, planned: Sequence[Action]
) -> str:
    """The job summary GitHub shows on the run's page."""
    lines = [f"### meetingkit {command}", ""]
    if dry_run:
        lines += ["Dry run: nothing was changed. Planned:", ""]
        lines += [f"- {a.description}" for a in planned] or ["- nothing to do"]
        return "\n".join(lines) + "\n"
    kinds = ("opened", "linked", "commented", "archived", "closed")
    lines += ["| result | count |", "|---|---:|"]
    lines += [f"| {kind} | {outcome.count(kind)} |" for kind in kinds]
    lines += [f"| failed | {len(outcome.failed)} |", ""]
    lines += [f"- {line}" for _, line in outcome.done]
    lines += [f"- **failed:** {line}" for line in outcome.failed]
    return "\n".join(lines) + "\n"
