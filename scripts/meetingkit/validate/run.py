"""Run every check over a repository: the problems, sorted, and the records built on the way."""

from __future__ import annotations

from collections.abc import Iterable

from meetingkit.load.document import Document
from meetingkit.load.repository import Repository
from meetingkit.model.build import Records, build_records
from meetingkit.problems import Problem
from meetingkit.validate.crossfile import REPOSITORY_RULES
from meetingkit.validate.facts import Context
from meetingkit.validate.meaning import MEETING_RECORD_RULES
from meetingkit.validate.rules import RULES_BY_KIND
from meetingkit.validate.schema import schema_problems


def document_problems(doc: Document, ctx: Context) -> list[Problem]:
    """Reading, schema and per-file rules of one document (cross-file rules come later)."""
    found = list(doc.problems)
    if doc.data is not None:
        found.extend(schema_problems(doc))
        for rule in RULES_BY_KIND[doc.kind]:
            found.extend(rule(doc, ctx))
    return found


def validate_repository(
    repo: Repository, *, select: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> list[Problem]:
    """All problems of all files: reading, schema, per-file rules and cross-file rules."""
    return check_repository(repo, select=select, skip=skip)[0]


def check_repository(
    repo: Repository, *, select: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> tuple[list[Problem], Records]:
    """(every problem, sorted; the records, built once, of the files the schema accepts).

    In order: reading, the schema and the rules of each file; then the records, the rules
    about what each meeting means, and the rules across files.
    """
    ctx = Context.of(repo)
    problems: list[Problem] = list(repo.problems)
    refused: set[str] = set()
    for doc in repo.documents():
        found = document_problems(doc, ctx)
        problems.extend(found)
        if any(p.rule == "schema" and p.is_error for p in found):
            refused.add(doc.path)
    records = build_records(repo, lambda doc: doc.path not in refused)
    for doc in repo.meetings:
        meeting = records.meetings.get(doc.path)
        if meeting is not None:
            for rule in MEETING_RECORD_RULES:
                problems.extend(rule(meeting, doc, records))
    for repo_rule in REPOSITORY_RULES:
        problems.extend(repo_rule(repo, records))
    chosen = set(select) if select is not None else None
    skipped = set(skip)
    kept = sorted(
        p for p in set(problems) if p.rule not in skipped and (chosen is None or p.rule in chosen)
    )
    return kept, records
