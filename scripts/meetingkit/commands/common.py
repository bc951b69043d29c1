"""What every command does first: find the repository and load + validate it."""

from __future__ import annotations

import sys
from pathlib import Path

from meetingkit.load.repository import NotARepository, find_root
from meetingkit.model.records import Programme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


def repository_root(option: str | None) -> Path:
    if option:
        root = Path(option)
        if not (root / "site.yaml").is_file():
            raise UsageError(f"--root {option}: no site.yaml there")
        return root.resolve()
    try:
        return find_root(Path.cwd())
    except NotARepository as exc:
        raise UsageError(str(exc)) from None


def load_or_report(root: Path, refusal: str, *, use_git: bool = True) -> Programme | None:
    """The validated programme; else print every problem and ``refusal``, and return None.

    Warnings are printed too, and do not stop the command.
    """
    from meetingkit.pipeline import load_programme
    from meetingkit.report import text_report

    programme, problems = load_programme(root, use_git=use_git)
    if problems:
        text_report(problems, sys.stderr)
    if programme is None:
        say(refusal)
    return programme


def plural(count: int, word: str) -> str:
    """'1 meeting', '3 meetings'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def say(message: str) -> None:
    """Progress for people, on stderr so that stdout stays machine-readable."""
    print(message, file=sys.stderr)
