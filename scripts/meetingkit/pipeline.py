"""The stages in order: load → validate → model. Commands start here."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from meetingkit.build_model import build_programme
from meetingkit.load.repository import Repository, load_repository
from meetingkit.model import Programme
from meetingkit.problems import Problem
from meetingkit.validate.run import validate_repository


def load_and_validate(
    root: Path, *, select: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> tuple[Repository, list[Problem]]:
    repo = load_repository(root)
    return repo, validate_repository(repo, select=select, skip=skip)


def load_programme(root: Path, *, use_git: bool = True) -> tuple[Programme | None, list[Problem]]:
    """(the programme, or None when any error was found; every problem found)."""
    repo, problems = load_and_validate(root)
    if any(p.is_error for p in problems):
        return None, problems
    return build_programme(repo, use_git=use_git), problems
