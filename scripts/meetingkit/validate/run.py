"""Run every check over a repository and return the problems, sorted."""

from __future__ import annotations

from collections.abc import Iterable

from meetingkit.load.document import Document
from meetingkit.load.repository import Repository
from meetingkit.problems import Problem
from meetingkit.validate.crossfile import REPOSITORY_RULES
from meetingkit.validate.facts import Context
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
    ctx = Context.of(repo)
    problems: list[Problem] = list(repo.problems)
    for doc in repo.documents():
        problems.extend(document_problems(doc, ctx))
    for repo_rule in REPOSITORY_RULES:
        problems.extend(repo_rule(repo))
    chosen = set(select) if select is not None else None
    skipped = set(skip)
    return sorted(
        p for p in set(problems) if p.rule not in skipped and (chosen is None or p.rule in chosen)
    )
