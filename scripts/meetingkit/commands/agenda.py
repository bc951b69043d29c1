"""meetingkit agenda: open an agenda issue ahead of each upcoming meeting (SPEC §6).

Plan → print → apply. Configured by the environment GitHub Actions sets (GITHUB_TOKEN,
GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_STEP_SUMMARY); without a token it is a dry run
that asks GitHub nothing. :func:`run_bot_job` is shared with ``meetingkit archive``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
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
    from meetingkit.github.client import GitHubClient
    from meetingkit.github.transport import RetryPolicy
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
    from meetingkit.github.client import GitHubClient, GitHubSettings
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
            {**env, "GITHUB_REPOSITORY": env.get("GITHUB_REPOSITORY") or programme.site.repository},
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
        err(f"meetingkit {command}: no GITHUB_TOKEN, so this is a dry run that asks GitHub nothing")
    client = GitHubClient(settings, policy) if token else None
    try:
        actions, outcome = _plan_and_apply(command, client, root, programme, now, dry_run, out)
    finally:
        if client is not None:
            client.close()
    if outcome is None:
        out("Dry run: nothing was changed.")
    else:
        _report(command, outcome, out, err)
    if getattr(args, "verbose", False):
        err(f"GitHub API requests: {client.request_count if client else 0}")
    _write_summary(env, command, outcome, actions, token)
    return EXIT_PROBLEMS if outcome and outcome.failed else EXIT_OK


def _plan_and_apply(
    command: str,
    client: GitHubClient | None,
    root: Path,
    programme: Programme,
    now: datetime,
    dry_run: bool,
    out: Callable[[str], None],
) -> tuple[Sequence[Action], Outcome | None]:
    """(the plan, what applying it did; None for a dry run)."""
    from meetingkit.github.apply import Outcome, apply_plan, gather_agenda, gather_archive
    from meetingkit.github.records import GitHubError

    gather = gather_agenda if command == "agenda" else gather_archive
    try:
        actions = gather(client, programme, now)
    except GitHubError as exc:
        return [], Outcome(failed=[f"could not read the agenda issues: {exc}"])
    out(f"meetingkit {command}: {plural(len(actions), 'action')} planned" + ":" * bool(actions))
    for action in actions:
        out(f"  {action.description}")
    if dry_run or client is None:
        return actions, None
    return actions, apply_plan(client, root, programme, actions)


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
    actions: Sequence[Action],
    token: str | None,
) -> None:
    from meetingkit.github.apply import Outcome, summary_markdown
    from meetingkit.github.records import redact

    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    text = summary_markdown(command, outcome or Outcome(), outcome is None, actions)
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(redact(text, token))
    except OSError as exc:
        _err(f"meetingkit {command}: cannot write the job summary: {exc.strerror or exc}")


def _err(line: str) -> None:
    print(line, file=sys.stderr)
