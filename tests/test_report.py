from __future__ import annotations

import io
import json

from meetingkit.problems import Problem, count_summary
from meetingkit.report import (
    escape_data,
    escape_property,
    github_report,
    json_report,
    markdown_summary,
    text_report,
)

# A path and a message no loader should let through, each reporter on its own.
HOSTILE = Problem(
    "meetings/2024/a\n::add-mask::x\udcff\x1b.md",
    1,
    1,
    "error",
    "m\r\n::error::y\u2028",
    "file-name",
)


def test_workflow_command_escaping() -> None:
    assert escape_data("50%\r\n::error::x") == "50%25%0D%0A::error::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_contributor_text_cannot_start_a_workflow_command() -> None:
    hostile = Problem("m.md", 1, 1, "error", "bad 'x\n::warning file=y::pwned' value", "schema")
    out = io.StringIO()
    github_report([hostile], out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "::error file=m.md,line=1,col=1,title=meetingkit schema::bad 'x\\n::warning "
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


def test_text_report_prints_one_line_per_problem_whatever_the_text() -> None:
    out = io.StringIO()
    text_report([HOSTILE], out)
    assert out.getvalue() == (
        "meetings/2024/a\\n::add-mask::x\\udcff\\x1b.md:1:1: error: m\\r\\n::error::y\\u2028 "
        "(file-name)\n1 error in 1 file\n"
    )


def test_github_report_escapes_paths_and_messages() -> None:
    out = io.StringIO()
    github_report([HOSTILE], out)
    assert out.getvalue() == (
        "::error file=meetings/2024/a\\n%3A%3Aadd-mask%3A%3Ax\\udcff\\x1b.md,line=1,col=1,"
        "title=meetingkit file-name::m\\r\\n::error::y\\u2028\n1 error in 1 file\n"
    )


def test_json_report_stays_valid_json_and_encodable() -> None:
    out = io.StringIO()
    json_report([HOSTILE], out)
    out.getvalue().encode("utf-8")
    assert json.loads(out.getvalue()) == [
        {
            "path": "meetings/2024/a\\n::add-mask::x\\udcff\\x1b.md",
            "line": 1,
            "col": 1,
            "severity": "error",
            "rule": "file-name",
            "message": "m\\r\\n::error::y\\u2028",
        }
    ]


def test_job_summary_is_one_row_and_encodable() -> None:
    summary = markdown_summary([HOSTILE])
    summary.encode("utf-8")
    assert summary.splitlines()[-2] == (
        "| meetings/2024/a\\\\n::add-mask::x\\\\udcff\\\\x1b.md | 1:1 | error | file-name "
        "| m\\\\r\\\\n::error::y\\\\u2028 |"
    )
