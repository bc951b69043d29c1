from __future__ import annotations

import io

from meetingkit.problems import Problem, count_summary
from meetingkit.report import escape_data, escape_property, github_report, markdown_summary


def test_workflow_command_escaping() -> None:
    assert escape_data("50%\r\n::error::x") == "50%25%0D%0A::error::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_contributor_text_cannot_start_a_workflow_command() -> None:
    hostile = Problem("m.md", 1, 1, "error", "bad 'x\n::warning file=y::pwned' value", "schema")
    out = io.StringIO()
    github_report([hostile], out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "::error file=m.md,line=1,col=1,title=meetingkit schema::bad 'x%0A::warning "
        "file=y::pwned' value",
        "1 error in 1 file",
    ]


def test_count_summary() -> None:
    p = Problem("a", 1, 1, "error", "m", "r")
    w = Problem("b", 1, 1, "warning", "m", "r")
    assert count_summary([]) == "no problems found"
    assert count_summary([p, p, w]) == "2 errors and 1 warning in 2 files"


def test_job_summary_escapes_contributor_text() -> None:
    hostile = Problem("m|x.md", 2, 8, "error", "title '@team [x](javascript:alert(1))'", "schema")
    assert markdown_summary([hostile]).splitlines() == [
        "### meetingkit validate",
        "",
        "1 error in 1 file",
        "",
        "| file | line | severity | rule | problem |",
        "|---|---:|---|---|---|",
        "| m\\|x.md | 2:8 | error | schema | title '@\u200bteam \\[x\\]\\(javascript:alert\\(1\\)\\)' |",
        "",
    ]
