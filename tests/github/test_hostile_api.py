"""A hostile GitHub API against the real commands: the token stays home, nothing loops,
every failure is one sentence and exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingkit.cli import parser
from meetingkit.commands import agenda

from fakegithub import FAST_RETRY, FakeGitHub

TOKEN = "t0ken-s3cret"
REPOSITORY = "example/meetings"
ISSUES = f"/repos/{REPOSITORY}/issues"
NOW = "2024-05-20T09:00Z"
DOCS = "meetings/2024/2024-05-30-docs-review.md"
DOCS_TEXT = """\
---
title: Handbook review
working_group: docs
start: "2024-05-30T14:00"
---
"""


@pytest.fixture
def repo(base_repo: Path) -> Path:
    (base_repo / DOCS).write_text(DOCS_TEXT, encoding="utf-8")
    return base_repo


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="example", repo="meetings", token=TOKEN) as fake:
        yield fake


def foreign_host(gh: FakeGitHub) -> str:
    return gh.foreign_url.split("//")[1].rsplit(":", 1)[0]


def test_under_python_O_the_token_never_reaches_another_host(repo: Path, gh: FakeGitHub) -> None:
    gh.add_issue("Older agenda", labels=["meetingkit"])
    gh.inject("GET", ISSUES, "next_foreign")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": gh.api_url,
    }
    command = [sys.executable, "-O", "-m", "meetingkit", "agenda", "--root", str(repo)]
    result = subprocess.run(
        [*command, "--now", NOW], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"could not read the agenda issues: GitHub API: GET {ISSUES} named a next page "
        f"outside GITHUB_API_URL (on {foreign_host(gh)}); not followed, as the token goes to "
        "no other address",
        "meetingkit agenda: 0 done, 1 failed",
    ]
    assert gh.foreign_requests == []
    assert TOKEN not in result.stdout + result.stderr


def run_agenda(repo: Path, gh: FakeGitHub) -> int:
    args = parser().parse_args(["agenda", "--root", str(repo), "--now", NOW])
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": gh.api_url}
    return agenda.run(args, environ=env, policy=FAST_RETRY)


@pytest.mark.parametrize(
    ("fault", "what"),
    [
        ("next_self", "named a next page it had already sent"),
        ("301_foreign", "was redirected elsewhere; not followed"),
        ("307_foreign", "was answered with a redirect (HTTP 307) to {host}; not followed"),
        (
            "307_odd_body",
            "was answered with a redirect (HTTP 307) to an unknown host; not followed",
        ),
        ("malformed_json", "was answered with something that is not JSON"),
    ],
)
def test_a_hostile_listing_is_one_sentence(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str], fault: str, what: str
) -> None:
    gh.inject("GET", ISSUES, fault, times=None)
    assert run_agenda(repo, gh) == 1
    what = what.format(host=foreign_host(gh))
    assert capsys.readouterr().err.splitlines() == [
        f"could not read the agenda issues: GitHub API: GET {ISSUES} {what}",
        "meetingkit agenda: 0 done, 1 failed",
    ]
    assert gh.foreign_requests == []
    assert gh.issues() == []


@pytest.mark.parametrize("fault", ["307_foreign", "307_odd_body", "malformed_json"])
def test_a_hostile_answer_to_a_write_is_one_sentence(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    gh.inject("POST", ISSUES, fault)
    assert run_agenda(repo, gh) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{DOCS}: could not open the agenda issue: GitHub API: POST {ISSUES} ")
    assert err[1:] == ["meetingkit agenda: 0 done, 1 failed"]
    assert "links:" not in (repo / DOCS).read_text()
    assert gh.foreign_requests == []
    assert run_agenda(repo, gh) == 0  # a re-run finishes the job, without a duplicate
    assert len(gh.issues()) == 1
