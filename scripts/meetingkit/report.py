"""Reporters: one list of problems, printed for a person, for GitHub, or as JSON.

Each reporter prints paths and messages through ``printable``: the loader already refuses
file names that hold line breaks or control characters, and no reporter relies on it. In
GitHub Actions even the text format must not print a line that could start a workflow
command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from meetingkit.problems import Problem, count_summary, printable


def escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message: nothing can end the line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def text_report(problems: list[Problem], out: TextIO) -> None:
    for problem in problems:
        out.write(f"{printable(str(problem))}\n")
    out.write(f"{count_summary(problems)}\n")


def github_report(problems: list[Problem], out: TextIO) -> None:
    """Workflow-command annotations that GitHub shows on the pull request's lines."""
    for p in problems:
        props = ",".join(
            (
                f"file={escape_property(printable(p.path))}",
                f"line={p.line}",
                f"col={p.col}",
                f"title={escape_property(f'meetingkit {p.rule}')}",
            )
        )
        out.write(f"::{p.severity} {props}::{escape_data(printable(p.message))}\n")
    out.write(f"{escape_data(count_summary(problems))}\n")


def json_report(problems: list[Problem], out: TextIO) -> None:
    records = [
        {
            "path": printable(p.path),
            "line": p.line,
            "col": p.col,
            "severity": p.severity,
            "rule": p.rule,
            "message": printable(p.message),
        }
        for p in problems
    ]
    out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")


def markdown_summary(problems: list[Problem], limit: int = 200) -> str:
    """A job-summary table of the problems (contributor text escaped, @mentions broken)."""
    from meetingkit.mdtext import escape_inline

    lines = ["### meetingkit validate", "", escape_inline(count_summary(problems)), ""]
    if problems:
        lines += ["| file | line | severity | rule | problem |", "|---|---:|---|---|---|"]
        for p in problems[:limit]:
            lines.append(
                f"| {escape_inline(printable(p.path))} | {p.line}:{p.col} | {p.severity} "
                f"| {p.rule} | {escape_inline(printable(p.message))} |"
            )
        if len(problems) > limit:
            lines.append(
                f"\n… and {len(problems) - limit} more; run `meetingkit validate` locally."
            )
        lines.append("")
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[list[Problem], TextIO], None]] = {
    "text": text_report,
    "github": github_report,
    "json": json_report,
}
