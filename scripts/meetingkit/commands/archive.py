"""meetingkit archive: copy the notes of ended meetings' agenda issues into the meeting
files, and once they are on the default branch close the issues (SPEC §6).

The same plan → print → apply run as ``meetingkit agenda``.
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
    return run_bot_job("archive", args, environ=environ, policy=policy)
