"""Gathering what a plan needs from GitHub, and carrying a plan out.

This is the write layer: the only place that performs GitHub writes and file edits. After
the edits, the repository is validated again, and the edit of any file that would no longer
validate is undone (reported as a failure): the bots' pull request only ever carries valid
files. Each action is tried on its own; a failure becomes one line in :class:`Outcome` (naming the
meeting file) and the next action still runs, so what succeeded stays done and a re-run
finishes the rest. Writes are safe to repeat: issues and comments are found again by their
markers before any retry (``create_*_once``), file edits are no-ops once made.
"""

from __future__ import annotations

import functools
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
from meetingkit.github.proposals import (
    PROPOSAL_LABEL,
    AskToFix,
    CloseProposal,
    DraftMeeting,
    ProposalAction,
    ProposalComment,
    plan_proposals,
)
from meetingkit.github.records import GitHubError
from meetingkit.model.occurrences import Occurrence
from meetingkit.model.records import Programme
from meetingkit.pipeline import load_and_validate, meeting_checker

Action = AgendaAction | ArchiveAction | ProposalAction


@dataclass
class Outcome:
    """What a run did (``(kind, line)``: opened, linked, drafted, commented, archived, closed) and
    what failed (one line each)."""

    done: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    originals: dict[str, bytes] = field(default_factory=dict)  # path → bytes before the run

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.done if k == kind)


# ------------------------------------------------------------------ gathering
def gather_agenda(
    client: GitHubClient | None,
    programme: Programme,
    now: datetime,
    include: Callable[[Occurrence], bool] = lambda _occurrence: True,
) -> list[AgendaAction]:
    """One listing of the bot's issues (every state), the comments of the few issues that
    may need a notice, then the plan. Without a client (no token) nothing is looked up."""
    issues = client.list_issues(programme.site.bot_label, state="all") if client else []
    comments = {}
    for notice in notices_due(programme, now, issues):
        number = notice.issue.number
        comments[number] = client.list_comments(number) if client else []
    return plan_agenda(programme, now, issues, comments, recorded_links(programme), include)


def gather_archive(
    client: GitHubClient | None, programme: Programme, now: datetime
) -> list[ArchiveAction]:
    """The bot's open issues, the comments of those whose meeting has ended, then the plan."""
    issues = client.list_issues(programme.site.bot_label, state="open") if client else []
    comments = {}
    for issue, _occurrence in archive_candidates(programme, now, issues):
        comments[issue.number] = client.list_comments(issue.number) if client else []
    return plan_archive(programme, now, issues, comments)


def gather_proposals(
    client: GitHubClient | None, programme: Programme, now: datetime, root: Path
) -> list[ProposalAction]:
    """The open proposal issues and their comments, then the plan; each draft is checked as
    ``validate`` would check the file."""
    issues = client.list_issues(PROPOSAL_LABEL, state="open") if client else []
    if not issues:
        return []
    comments = {issue.number: client.list_comments(issue.number) for issue in issues if client}
    check = meeting_checker(root)

    def errors(path: str, text: str) -> list[tuple[int, str]]:
        return [(p.line, p.message) for p in check(path, text) if p.is_error]

    return plan_proposals(programme, now, issues, comments, errors)


# ------------------------------------------------------------------- applying
def edit_file(
    root: Path, path: str, change: Callable[[str], str], originals: dict[str, bytes]
) -> bool:
    """Apply ``change`` to a meeting file's text, keeping its bytes otherwise (BOM, CRLF);
    the new file replaces the old in one step. True when the file changed. ``originals``
    keeps the file's first bytes, to undo the edit."""
    file = root / path
    raw = file.read_bytes()
    text = raw.decode("utf-8")
    new = change(text)
    if new == text:
        return False
    originals.setdefault(path, raw)
    _replace(file, new.encode("utf-8"))
    return True


def _replace(file: Path, data: bytes) -> None:
    temporary = file.with_name(f".{file.name}.meetingkit")
    temporary.write_bytes(data)
    os.replace(temporary, file)


def write_link(root: Path, target: LinkTarget, url: str, outcome: Outcome) -> bool:
    return edit_file(
        root,
        target.path,
        lambda text: set_nested(text, target.parent, target.child, url),
        outcome.originals,
    )


def undo_invalid_edits(root: Path, outcome: Outcome) -> None:
    """Validate the repository again; put back every edited file that has an error now."""
    if not outcome.originals:
        return
    _repo, problems = load_and_validate(root)
    undone: set[str] = set()
    for problem in problems:
        if problem.is_error and problem.path in outcome.originals and problem.path not in undone:
            undone.add(problem.path)
            _replace(root / problem.path, outcome.originals[problem.path])
            outcome.failed.append(
                f"the bot's edit of {problem.path} was undone, as the file would not "
                f"validate: {problem}"
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
    undo_invalid_edits(root, outcome)
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
                if write_link(root, action.target, action.url, outcome):
                    line = f"{where}: {action.target.field} = {action.url}"
                    outcome.done.append(("linked", line))
            case PostNotice():
                verb = "comment on the agenda issue"
                _comment(client, action, outcome)
            case ArchiveNotes():
                change = functools.partial(add_notes, action=action)
                if edit_file(root, where, change, outcome.originals):
                    outcome.done.append(("archived", f"{where}: notes of issue #{action.number}"))
            case CloseIssue():
                verb = "close the agenda issue"
                _close(client, action, outcome)
            case DraftMeeting():
                if _write_draft(root, action, outcome) and action.comment:
                    verb = "comment on the proposal"
                    _tell(client, action.comment, outcome)
            case AskToFix():
                verb = "comment on the proposal"
                _tell(client, action.comment, outcome)
            case CloseProposal():
                verb = "close the proposal"
                if action.comment:
                    _tell(client, action.comment, outcome)
                closed = client.edit_issue(action.number, state="closed", state_reason="completed")
                outcome.done.append(("closed", f"{action.path}: closed {closed.html_url}"))
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
        write_link(root, action.target, issue.html_url, outcome)
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


def _write_draft(root: Path, action: DraftMeeting, outcome: Outcome) -> bool:
    """Write a new meeting file (never over another one); True when it holds the draft."""
    file = root / action.path
    if file.exists():
        if file.read_bytes() == action.text.encode("utf-8"):
            return True
        outcome.failed.append(
            f"{action.path}: could not write the draft of proposal #{action.number}: "
            "another file is there"
        )
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f".{file.name}.meetingkit")
    temporary.write_bytes(action.text.encode("utf-8"))
    os.replace(temporary, file)
    outcome.done.append(("drafted", f"{action.path}: drafted from proposal #{action.number}"))
    return True


def _tell(client: GitHubClient, comment: ProposalComment, outcome: Outcome) -> None:
    """Post the proposal's one bot comment, or bring it up to date."""
    number = comment.number
    if comment.existing is None:
        posted = client.create_comment_once(
            lambda: client.find_comment_by_marker(number, comment.marker), number, comment.body
        )
    else:
        posted = client.edit_comment(number, comment.existing, comment.body)
    outcome.done.append(("commented", f"issue #{number}: {posted.html_url}"))


# -------------------------------------------------------------------- summary
def summary_markdown(command: str, outcome: Outcome, dry_run: bool, planned: Sequence[str]) -> str:
    """The job summary GitHub shows on the run's page; ``planned``: the plan's lines, as
    printed (they name issues or discussions)."""
    lines = [f"### meetingkit {command}", ""]
    if dry_run:
        lines += ["Dry run: nothing was changed. Planned:", ""]
        lines += [f"- {line}" for line in planned] or ["- nothing to do"]
        return "\n".join(lines) + "\n"
    kinds = (
        ("drafted", "commented", "closed")
        if command == "proposals"
        else ("opened", "linked", "commented", "archived", "closed")
    )
    lines += ["| result | count |", "|---|---:|"]
    lines += [f"| {kind} | {outcome.count(kind)} |" for kind in kinds]
    lines += [f"| failed | {len(outcome.failed)} |", ""]
    lines += [f"- {line}" for _, line in outcome.done]
    lines += [f"- **failed:** {line}" for line in outcome.failed]
    return "\n".join(lines) + "\n"
