"""meetingkit proposals: turn session proposals (issues of the "Propose a session" form)
into draft meeting files, tell each proposer what happened, and close a proposal once its
meeting is on the default branch (SPEC §6).

The same plan → print → apply run as ``meetingkit agenda``, on the issues of the site's
agenda repository (``agenda: repository:``, else GITHUB_REPOSITORY).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from meetingkit.commands.agenda import run_bot_job

if TYPE_CHECKING:
    from meetingkit.github.transport import RetryPolicy


def run(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> int:
    return run_bot_job("proposals", args, environ=environ, policy=policy)
