"""The stages in order: load → validate → model. Commands start here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path

from meetingkit.load.document import parse_document
from meetingkit.load.repository import Repository, load_repository
from meetingkit.model.build import build_programme
from meetingkit.model.records import Programme
from meetingkit.problems import Problem
from meetingkit.validate.run import check_repository, validate_repository


def load_and_validate(
    root: Path, *, select: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> tuple[Repository, list[Problem]]:
    repo = load_repository(root)
    return repo, validate_repository(repo, select=select, skip=skip)


def load_programme(root: Path, *, use_git: bool = True) -> tuple[Programme | None, list[Problem]]:
    """(the programme, or None when any error was found; every problem found)."""
    repo = load_repository(root)
    problems, records = check_repository(repo)  # the records validation built are the programme's
    if any(p.is_error for p in problems):
        return None, problems
    return build_programme(repo, records, use_git=use_git), problems


def meeting_checker(root: Path) -> Callable[[str, str], list[Problem]]:
    """A check of a meeting file not written yet (path, text → its problems): every rule
    ``validate`` runs, with the file in the repository beside the others."""
    repo = load_repository(root)

    def check(path: str, text: str) -> list[Problem]:
        draft = parse_document(path, text.encode("utf-8"), "meeting")
        others = [doc for doc in repo.meetings if doc.path != path]
        trial = dataclasses.replace(repo, meetings=[*others, draft], problems=[])
        return [p for p in check_repository(trial)[0] if p.path == path]

    return check
