"""The stages in order: load → validate → model. Commands start here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path

from meetingkit.load.document import Document, parse_document
from meetingkit.load.repository import Repository, load_repository, read_meetings
from meetingkit.model.build import build_programme
from meetingkit.model.records import Programme
from meetingkit.parallel import side_by_side
from meetingkit.problems import Problem
from meetingkit.validate.facts import Context
from meetingkit.validate.run import check_repository, document_problems, validate_repository

# The worker's documents are pickled back and unpickled here, which costs this process about
# a tenth of reading them: the worker takes a little less than half.
WORKER_SHARE = 0.45


def load_and_validate(
    root: Path, *, select: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> tuple[Repository, list[Problem]]:
    repo = load_repository(root, read=read_and_check_meetings)
    return repo, validate_repository(repo, select=select, skip=skip)


def read_and_check_meetings(repo: Repository, paths: list[str]) -> list[Document]:
    """Read and check the meeting files, nearly half of them in a worker on a multi-core machine.

    Per-file checks need only the site, series and working groups (already read); the
    cross-file rules run afterwards over all meetings, in this process.
    """
    ctx = Context.of(repo)

    def read_and_check(chunk: list[str]) -> list[Document]:
        docs = read_meetings(repo, chunk)
        for doc in docs:
            doc.checked = document_problems(doc, ctx)
        return docs

    cut = round(len(paths) * (1 - WORKER_SHARE))
    parts = side_by_side(
        [lambda: read_and_check(paths[:cut]), lambda: read_and_check(paths[cut:])], len(paths)
    )
    return [doc for part in parts for doc in part]


def load_programme(root: Path, *, use_git: bool = True) -> tuple[Programme | None, list[Problem]]:
    """(the programme, or None when any error was found; every problem found)."""
    repo = load_repository(root, read=read_and_check_meetings)
    problems, records = check_repository(repo)  # the records validation built are the programme's
    if any(p.is_error for p in problems):
        return None, problems
    return build_programme(repo, records, use_git=use_git), problems


def meeting_checker(root: Path) -> Callable[[str, str], list[Problem]]:
    """A check of a meeting file not written yet (path, text → its problems): every rule
    ``validate`` runs, with the file in the repository beside the others."""
    repo = load_repository(root, read=read_and_check_meetings)

    def check(path: str, text: str) -> list[Problem]:
        draft = parse_document(path, text.encode("utf-8"), "meeting")
        others = [doc for doc in repo.meetings if doc.path != path]
        trial = dataclasses.replace(repo, meetings=[*others, draft], problems=[])
        return [p for p in check_repository(trial)[0] if p.path == path]

    return check
