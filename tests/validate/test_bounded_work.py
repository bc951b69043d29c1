"""Hostile recurrences cost little: each file checks in well under a second (issue 13)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from meetingkit.load.repository import load_repository
from meetingkit.problems import Problem
from meetingkit.validate.run import validate_repository

LIMIT_SECONDS = 1.0  # for the whole small repository; the check itself takes a fraction


def _validate(repo: Path, relative: str, text: str) -> tuple[list[Problem], float]:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    began = time.perf_counter()
    problems = validate_repository(load_repository(repo))
    return problems, time.perf_counter() - began


def test_eighteen_thousand_cancelled_dates_are_checked_in_one_pass(base_repo: Path) -> None:
    days = [date(1975, 1, 1) + timedelta(days=i) for i in range(18_000)]
    days[7] = date(2199, 12, 31)  # after the rule's UNTIL
    listed = ", ".join(d.isoformat() for d in days)  # a flow list keeps it under 256 KiB
    text = (
        '---\ntitle: T\nstart: "1975-01-01T10:00"\ntimezone: Europe/Berlin\n'
        f"recurrence: FREQ=DAILY;UNTIL=20241231\ncancelled_dates: [{listed}]\n---\n"
    )
    problems, seconds = _validate(base_repo, "meetings/1975/1975-01-01-old.md", text)
    assert [str(p) for p in problems] == [
        "meetings/1975/1975-01-01-old.md:6:103: error: cancelled_dates: 2199-12-31 is not an "
        "occurrence of this meeting (FREQ=DAILY;UNTIL=20241231 from 1975-01-01) (cancelled-date)"
    ]
    assert seconds < LIMIT_SECONDS


def test_a_rule_that_never_occurs_is_refused_at_once(base_repo: Path) -> None:
    text = (
        '---\ntitle: T\nstart: "2024-02-01T10:00"\ntimezone: Europe/Berlin\n'
        "recurrence: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\n---\n"
    )
    problems, seconds = _validate(base_repo, "meetings/2024/2024-02-01-never.md", text)
    assert [(p.line, p.rule) for p in problems] == [(3, "recurrence")]
    assert seconds < LIMIT_SECONDS


def test_a_rule_with_a_far_cancelled_date_expands_only_to_2199(base_repo: Path) -> None:
    text = (
        '---\ntitle: T\nstart: "1970-01-01T10:00"\ntimezone: UTC\n'
        'recurrence: FREQ=DAILY\ncancelled_dates: ["9999-12-31", "2199-12-31"]\n---\n'
    )
    problems, seconds = _validate(base_repo, "meetings/1970/1970-01-01-long.md", text)
    assert [(p.line, p.col, p.rule) for p in problems] == [(6, 19, "cancelled-date")]
    assert seconds < LIMIT_SECONDS
