"""meetingkit preview: the calendar changes of a pull request, as a Markdown summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from meetingkit.commands.common import EXIT_OK, EXIT_PROBLEMS, UsageError, repository_root, say
from meetingkit.commands.timing import parse_now


def run(args: argparse.Namespace) -> int:
    from meetingkit.pipeline import load_programme
    from meetingkit.preview import diff_programmes, render_summary

    root = repository_root(args.root)
    base_root = Path(args.base)
    if not base_root.is_dir():
        raise UsageError(f"--base {args.base}: no such directory")
    now = parse_now(args.now)
    head, problems = load_programme(root)
    if head is None:
        say(
            f"The pull request's content has {sum(p.is_error for p in problems)} errors; "
            "run meetingkit validate."
        )
        return EXIT_PROBLEMS
    base = None
    if (base_root / "site.yaml").is_file():
        base, _ = load_programme(base_root.resolve(), use_git=False)
        if base is None:
            say("The base branch does not validate; everything is shown as added.")
    summary = render_summary(diff_programmes(base, head), head, now)
    sys.stdout.write(summary)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(summary)
    return EXIT_OK
