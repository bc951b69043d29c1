"""meetingkit agenda: open an agenda issue or discussion ahead of each upcoming meeting
(SPEC §6).

Plan → print → apply, venue by venue (the ``agenda:`` settings). Configured by the
environment GitHub Actions sets (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL,
GITHUB_STEP_SUMMARY) and MEETINGKIT_TOKEN, which wins over GITHUB_TOKEN (a token that can
write to another repository); without a token it is a dry run that asks GitHub nothing.
:func:`run_bot_job` is shared with ``meetingkit archive`` and ``meetingkit proposals``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    load_or_report,
    plural,
    repository_root,
)
from meetingkit.commands.timing import parse_now

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from meetingkit.github.apply import Action, Outcome
    from meetingkit.github.client import GitHubClient, GitHubSettings
    from meetingkit.github.transport import RetryPolicy
    from meetingkit.github.venue import Venue
    from meetingkit.model.occurrences import Occurrence
    from meetingkit.model.records import Programme


def run(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> int:
    return run_bot_job("agenda", args, environ=environ, policy=policy)


def run_bot_job(
    command: str,
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> int:
    """Load, plan (reading GitHub once), print the plan, apply it unless a dry run."""
    from meetingkit.github.client import GitHubSettings
    from meetingkit.github.records import GitHubError, redact

    env = os.environ if environ is None else environ
    root = repository_root(args.root)
    now = parse_now(args.now)
    programme = load_or_report(
        root, f"meetingkit {command}: the content has errors; fix them first"
    )
    if programme is None:
        return EXIT_PROBLEMS
    try:
        settings = GitHubSettings.from_env(
            {
                **env,
                # A token that can write to another repository, when the venue is there.
                "GITHUB_TOKEN": env.get("MEETINGKIT_TOKEN") or env.get("GITHUB_TOKEN", ""),
                "GITHUB_REPOSITORY": env.get("GITHUB_REPOSITORY") or programme.site.repository,
            },
            bot_login=programme.site.bot_login,
        )
    except GitHubError as exc:
        raise UsageError(str(exc)) from None
    token = settings.token

    def out(line: str) -> None:
        print(redact(line, token))

    def err(line: str) -> None:
        _err(redact(line, token))

    dry_run = bool(args.dry_run) or token is None
    if token is None:
        err(
            f"meetingkit {command}: no MEETINGKIT_TOKEN or GITHUB_TOKEN, so this is a dry run "
            "that asks GitHub nothing"
        )
    jobs = _venue_jobs(command, programme, settings, policy)
    try:
        outcome = _plan_and_apply(command, jobs, root, programme, now, dry_run, out)
    finally:
        for job in jobs:
            if job.client is not None:
                job.client.close()
    if outcome is None:
        out("Dry run: nothing was changed.")
    else:
        _report(command, outcome, out, err)
    if getattr(args, "verbose", False):
        count = sum(job.client.request_count for job in jobs if job.client is not None)
        err(f"GitHub API requests: {count}")
    planned = [job.describe(action) for job in jobs for action in job.actions]
    _write_summary(env, command, outcome, planned, token)
    return EXIT_PROBLEMS if outcome and outcome.failed else EXIT_OK


@dataclass
class _VenueJob:
    """One venue (issues or a discussion category, in one repository) and its client;
    ``actions`` once planned."""

    venue: Venue
    default_repository: str
    client: GitHubClient | None
    actions: Sequence[Action] = ()
    subject: str = "agenda"  # or "proposal": what the issues are

    @property
    def what(self) -> str:
        if self.venue.kind == "issues":
            elsewhere = self.venue.repository != self.default_repository
            return f"{self.subject} issues" + (f" of {self.venue.repository}" if elsewhere else "")
        return "agenda discussions"

    def describe(self, action: Action) -> str:
        from meetingkit.github.discussions import describe

        return action.description if self.venue.kind == "issues" else describe(action)


def _venue_jobs(
    command: str, programme: Programme, settings: GitHubSettings, policy: RetryPolicy | None
) -> list[_VenueJob]:
    """A job per venue the programme uses (proposals: the issues of the site's agenda
    repository); a client for each when there is a token."""
    from meetingkit.github.client import GitHubClient
    from meetingkit.github.discussions_client import DiscussionsClient
    from meetingkit.github.venue import Venue, resolve, venues

    if command == "proposals":
        home = resolve((programme.site.agenda,), settings.repository).repository
        there = replace(settings, repository=home)
        client = GitHubClient(there, policy) if settings.token else None
        return [_VenueJob(Venue("issues", home), settings.repository, client, subject="proposal")]
    jobs = []
    for venue in venues(programme, settings.repository):
        kind = DiscussionsClient if venue.kind == "discussions" else GitHubClient
        there = replace(settings, repository=venue.repository)
        client = kind(there, policy) if settings.token else None
        jobs.append(_VenueJob(venue, settings.repository, client))
    return jobs


def _gather(
    command: str, job: _VenueJob, root: Path, programme: Programme, now: datetime
) -> list[Action]:
    from meetingkit.github import apply, discussions
    from meetingkit.github.discussions_client import DiscussionsClient
    from meetingkit.github.venue import venue_of

    def include(occurrence: Occurrence) -> bool:
        return venue_of(programme, occurrence.meeting, job.default_repository) == job.venue

    client = job.client
    if command == "proposals":
        assert client is None or not isinstance(client, DiscussionsClient)
        return [*apply.gather_proposals(client, programme, now, root)]
    if job.venue.kind == "discussions":
        assert client is None or isinstance(client, DiscussionsClient)
        if command == "agenda":
            return [*discussions.gather_agenda(client, job.venue, programme, now, include)]
        return [*discussions.gather_archive(client, job.venue, programme, now)]
    if command == "agenda":
        return [*apply.gather_agenda(client, programme, now, include)]
    return [*apply.gather_archive(client, programme, now)]


def _plan_and_apply(
    command: str,
    jobs: Sequence[_VenueJob],
    root: Path,
    programme: Programme,
    now: datetime,
    dry_run: bool,
    out: Callable[[str], None],
) -> Outcome | None:
    """Plan every job (``job.actions``), print the plan, apply it: what that did; None for a
    dry run that read GitHub fine."""
    from meetingkit.github import apply, discussions
    from meetingkit.github.discussions_client import DiscussionsClient
    from meetingkit.github.records import GitHubError

    if command == "archive" and all(job.client is None for job in jobs):
        # Without a token nothing can be read: say which agendas a real run would read.
        from meetingkit.github.archive import awaiting_notes

        waiting = awaiting_notes(programme, now)
        out(
            "meetingkit archive: with a token, it would read the agendas of "
            f"{plural(len(waiting), 'ended meeting')} whose notes are not archived yet"
            + ":" * bool(waiting)
        )
        for line in waiting:
            out(f"  {line}")
        return None
    failed = []
    for job in jobs:
        try:
            job.actions = _gather(command, job, root, programme, now)
        except GitHubError as exc:
            failed.append(f"could not read the {job.what}: {exc}")
    actions = [action for job in jobs for action in job.actions]
    out(f"meetingkit {command}: {plural(len(actions), 'action')} planned" + ":" * bool(actions))
    for job in jobs:
        for action in job.actions:
            out(f"  {job.describe(action)}")
    if dry_run:
        return apply.Outcome(failed=failed) if failed else None
    outcome = apply.Outcome(failed=failed)
    for job in jobs:
        client = job.client
        if not job.actions or client is None:
            continue
        if isinstance(client, DiscussionsClient):
            done = discussions.apply_plan(client, job.venue, root, job.actions)
        else:
            done = apply.apply_plan(client, root, programme, job.actions)
        outcome.done += done.done
        outcome.failed += done.failed
    return outcome


def _report(
    command: str, outcome: Outcome, out: Callable[[str], None], err: Callable[[str], None]
) -> None:
    for _kind, line in outcome.done:
        out(line)
    for line in outcome.failed:
        err(line)
    err(f"meetingkit {command}: {len(outcome.done)} done, {len(outcome.failed)} failed")


def _write_summary(
    env: Mapping[str, str],
    command: str,
    outcome: Outcome | None,
    planned: Sequence[str],
    token: str | None,
) -> None:
    from meetingkit.github.apply import Outcome, summary_markdown
    from meetingkit.github.records import redact

    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    text = summary_markdown(command, outcome or Outcome(), outcome is None, planned)
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(redact(text, token))
    except OSError as exc:
        _err(f"meetingkit {command}: cannot write the job summary: {exc.strerror or exc}")


def _err(line: str) -> None:
    print(line, file=sys.stderr)
