"""meetingkit new: create the file of a series' next meeting and print its path."""

from __future__ import annotations

import argparse
from datetime import date

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    load_or_report,
    repository_root,
    say,
)
from meetingkit.commands.timing import parse_now


def run(args: argparse.Namespace) -> int:
    from meetingkit.scaffold import ScaffoldError, meeting_path, meeting_text, next_free_date

    root = repository_root(args.root)
    programme = load_or_report(
        root, "meetingkit new: the content has errors; fix them first", use_git=False
    )
    if programme is None:
        return EXIT_PROBLEMS
    series = programme.series.get(args.series)
    if series is None:
        raise UsageError(
            f"unknown series {args.series!r}; choose one of {', '.join(sorted(programme.series))}"
        )
    if series.start_time is None:
        raise UsageError(f"series {series.id!r} has no start_time; add one to {series.path}")
    try:
        day = _given_date(args.date) or next_free_date(programme, series, parse_now(args.now))
    except ScaffoldError as exc:
        say(f"meetingkit new: {exc}")
        return EXIT_PROBLEMS
    if series.weekday is not None and day.weekday() != series.weekday:
        raise UsageError(f"{day.isoformat()} is a {day:%A}; {series.name} meets on another weekday")
    relative = meeting_path(series, day)
    target = root / relative
    if target.exists():
        say(f"meetingkit new: {relative} already exists")
        return EXIT_PROBLEMS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(meeting_text(series, day, args.title), encoding="utf-8")
    print(relative)
    say(
        "Edit the title, guests, description and agenda, run meetingkit validate, "
        "then open a pull request."
    )
    return EXIT_OK


def _given_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date; write YYYY-MM-DD") from None
