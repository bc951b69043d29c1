"""meetingkit validate: check content and report each problem at its line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    plural,
    repository_root,
    say,
)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run(args: argparse.Namespace) -> int:
    from meetingkit.pipeline import load_and_validate
    from meetingkit.report import REPORTERS, markdown_summary
    from meetingkit.validate.ids import unknown_rule

    for option, ids in (("--select", args.select or ()), ("--skip", args.skip)):
        if wrong := unknown_rule(ids):
            raise UsageError(f"{option}: {wrong}")
    root = repository_root(args.root)
    only = _selected_paths(root, args.paths)
    repo, problems = load_and_validate(root, select=args.select, skip=args.skip)
    say(
        f"Checked {plural(len(repo.meetings), 'meeting')}, {len(repo.series)} series, "
        f"{plural(len(repo.working_groups), 'working group')} and site.yaml."
    )
    if only is not None:
        problems = [
            p for p in problems if any(p.path == o or p.path.startswith(o + "/") for o in only)
        ]
    REPORTERS[args.format or default_format()](problems, sys.stdout)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(markdown_summary(problems))
        except OSError as exc:
            say(f"meetingkit validate: cannot write the job summary: {exc.strerror or exc}")
    return EXIT_PROBLEMS if any(p.is_error for p in problems) else EXIT_OK


def _selected_paths(root: Path, paths: list[str]) -> list[str] | None:
    """Repository-relative forms of the given paths (files or folders); None = everything."""
    if not paths:
        return None
    selected = []
    for given in paths:
        path = Path(given).resolve()
        if not path.exists():
            raise UsageError(f"{given}: no such file or directory")
        try:
            relative = path.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{given} is outside the repository {root}") from None
        selected.append("" if relative == "." else relative)
    return None if "" in selected else selected
