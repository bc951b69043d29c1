"""meetingkit agenda, end to end: the real CLI and PyGithub against the local GitHub emulator."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingkit.cli import parser
from meetingkit.commands import agenda

from conftest import REPO_ROOT
from fakegithub import FAST_RETRY, FakeGitHub

TOKEN = "t0ken-s3cret"
NOW = "2024-05-20T09:00Z"
ISSUES = "/repos/example/meetings/issues"
FAST = FAST_RETRY
THURSDAY = "meetings/2024/2024-05-30-thursday-touchpoint.md"
THURSDAY_TEXT = """\
---
title: "Inner source at scale"  # theme
series: thursday-touchpoint
start: "2024-05-30T14:00"
guests:
  - name: Ada Lovelace
    affiliation: Analytical Engines
    github: ada
links:
  rsvp: https://example.org/rsvp
---
We talk with @someone about #12 and other/repo#3. This fixes #4.
"""
DOCS = "meetings/2024/2024-05-22-docs-review.md"
DOCS_TEXT = """\
---
title: Handbook review
working_group: docs
start: "2024-05-22T16:00"
---
"""
WEEKLY = "meetings/2024/2024-05-03-docs-call.md"
WEEKLY_TEXT = """\
---
title: Docs call
working_group: docs
start: "2024-05-03T16:00"
recurrence: FREQ=WEEKLY;BYDAY=FR
cancelled_dates: ["2024-05-24"]
---
"""
GOLDEN_BODY = """\
<!-- meetingkit:agenda key=2024-05-30-thursday-touchpoint start=2024-05-30T12:00:00Z -->
## Thursday Touchpoint: Inner source at scale

- **When:** Thursday 30 May 2024, 14:00–15:00 CEST (12:00–13:00 UTC), [in your time zone](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20240530T1200&p1=1440)
- **Audience:** Broader OSPO / TODO Community and General Members
- **Guests:** Ada Lovelace (Analytical Engines)
- **RSVP:** <https://example.org/rsvp>
- **Meeting page:** <https://example.github.io/meetings/meetings/2024-05-30-thursday-touchpoint.html>

> This meeting is held under the [Chatham House Rule](https://www.chathamhouse.org/about-us/chatham-house-rule): you may use what you hear, but not say who said it. Notes taken here are archived without names or handles.

## About this meeting

We talk with @\u200bsomeone about #\u200b12 and other/repo#\u200b3. This f\u200bixes #\u200b4.

## Planned agenda

1. Welcome and reminder: this meeting is held under the Chatham House Rule
2. Guest presentation
3. Q&A with the guests
4. Working-group updates
5. Open forum: your questions and news

## Notes

<!-- Take notes here (edit this issue) or add them as comments below. After the meeting they are copied into the meeting file, without names or handles (Chatham House Rule). -->

<!-- meetingkit:notes-end -->
"""


@pytest.fixture
def repo(base_repo: Path) -> Path:
    for name in ("thursday-touchpoint.yaml", "friday-touchpoint.yaml"):
        shutil.copy(REPO_ROOT / "series" / name, base_repo / "series")
    return base_repo


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="example", repo="meetings", token=TOKEN) as fake:
        yield fake


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).write_text(text, encoding="utf-8")


def run(
    repo: Path,
    gh: FakeGitHub,
    *options: str,
    now: str = NOW,
    token: str | None = TOKEN,
    summary: Path | None = None,
) -> int:
    args = parser().parse_args(["agenda", "--root", str(repo), "--now", now, *options])
    env = {"GITHUB_REPOSITORY": "example/meetings", "GITHUB_API_URL": gh.api_url}
    if token:
        env["GITHUB_TOKEN"] = token
    if summary:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    return agenda.run(args, environ=env, policy=FAST)


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [d for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---"))]


def calls(gh: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in gh.requests]


def bot_issue(gh: FakeGitHub, body: str, *, user: str | None = None, state: str = "open") -> None:
    gh.add_issue("Agenda", body, labels=["meetingkit"], user=user, state=state)


# ------------------------------------------------------------------------ basics
def test_opens_one_issue_with_the_golden_body_and_links_it(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh) == 0
    [issue] = gh.issues()
    assert issue["title"] == "Thursday Touchpoint 2024-05-30: Inner source at scale"
    assert issue["body"] == GOLDEN_BODY
    assert [label["name"] for label in issue["labels"]] == ["meetingkit", "touchpoint", "agenda"]
    after = (repo / THURSDAY).read_text(encoding="utf-8")
    assert changed_lines(THURSDAY_TEXT, after) == [f"+  agenda: {issue['html_url']}"]
    out = capsys.readouterr().out
    assert out == (
        "meetingkit agenda: 1 action planned:\n"
        f"  {THURSDAY}: open the agenda issue 'Thursday Touchpoint 2024-05-30: Inner source at "
        "scale' (labels: meetingkit, touchpoint, agenda) and write its URL into links.agenda\n"
        f"{THURSDAY}: opened https://github.com/example/meetings/issues/1\n"
    )
    assert calls(gh) == [
        ("GET", ISSUES),
        ("GET", "/repos/example/meetings/labels"),
        ("POST", "/repos/example/meetings/labels"),
        ("POST", "/repos/example/meetings/labels"),
        ("POST", "/repos/example/meetings/labels"),
        ("POST", ISSUES),
    ]


def test_a_rerun_opens_nothing_and_costs_one_request(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    write(repo, DOCS, DOCS_TEXT)
    assert run(repo, gh) == 0
    first = {p: (repo / p).read_text() for p in (THURSDAY, DOCS)}
    gh.requests.clear()
    assert run(repo, gh, "--verbose") == 0
    assert len(gh.issues()) == 2
    assert calls(gh) == [("GET", ISSUES)]
    assert {p: (repo / p).read_text() for p in (THURSDAY, DOCS)} == first
    captured = capsys.readouterr()
    assert captured.out.endswith("meetingkit agenda: 0 actions planned\n")
    assert captured.err.endswith("GitHub API requests: 1\n")


def test_unmerged_link_is_written_again_without_a_new_issue(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh) == 0
    write(repo, THURSDAY, THURSDAY_TEXT)  # the pull request with the link was not merged yet
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1
    assert "agenda: https://github.com/example/meetings/issues/1" in (repo / THURSDAY).read_text()


def test_meeting_without_series_gets_a_links_block_and_the_default_lead(
    repo: Path, gh: FakeGitHub
) -> None:
    write(repo, DOCS, DOCS_TEXT)
    assert run(repo, gh, now="2024-05-08T13:59Z") == 0  # 14 days and a minute ahead
    assert gh.issues() == []
    assert run(repo, gh, now="2024-05-08T14:00Z") == 0
    [issue] = gh.issues()
    assert issue["title"] == "Docs Working Group 2024-05-22: Handbook review"
    assert "## Planned agenda\n\n_To be announced._\n" in issue["body"]
    assert "Chatham House" not in issue["body"]
    after = (repo / DOCS).read_text()
    assert changed_lines(DOCS_TEXT, after) == ["+links:", f"+  agenda: {issue['html_url']}"]


def test_outside_the_lead_time_or_past_or_linked_nothing_happens(
    repo: Path, gh: FakeGitHub
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh, now="2024-05-16T11:59Z") == 0
    assert run(repo, gh, now="2024-05-30T12:00Z") == 0  # it has started
    assert gh.issues() == []
    assert calls(gh) == [("GET", ISSUES)] * 2  # the fixture's April meeting is linked


def test_recurring_meeting_gets_an_issue_per_occurrence(repo: Path, gh: FakeGitHub) -> None:
    write(repo, WEEKLY, WEEKLY_TEXT)
    assert run(repo, gh, now="2024-05-20T09:00Z") == 0
    # 24 May is cancelled, 31 May is in the window, 7 June is not yet.
    [issue] = gh.issues()
    assert issue["title"] == "Docs Working Group 2024-05-31: Docs call"
    assert issue["body"].startswith(
        "<!-- meetingkit:agenda key=2024-05-03-docs-call/2024-05-31 start=2024-05-31T14:00:00Z -->"
    )
    after = (repo / WEEKLY).read_text()
    assert changed_lines(WEEKLY_TEXT, after) == [
        "+agendas:",
        f'+  "2024-05-31": {issue["html_url"]}',
    ]
    assert run(repo, gh, now="2024-05-25T09:00Z") == 0
    assert [i["title"][-21:] for i in gh.issues()] == [
        "2024-05-31: Docs call",
        "2024-06-07: Docs call",
    ]
    assert changed_lines(after, (repo / WEEKLY).read_text()) == [
        f'+  "2024-06-07": {gh.issues()[1]["html_url"]}'
    ]


# --------------------------------------------------------------- exactly once
@pytest.mark.parametrize("fault", ["502_after", "reset_after", "timeout_after"])
def test_a_create_that_failed_after_writing_is_not_repeated(
    repo: Path, gh: FakeGitHub, fault: str
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.inject("POST", ISSUES, fault)
    assert run(repo, gh) == 0
    [issue] = gh.issues()
    assert f"agenda: {issue['html_url']}" in (repo / THURSDAY).read_text()
    assert [c for c in calls(gh) if c == ("POST", ISSUES)] == [("POST", ISSUES)]
    assert not any(path.startswith("/search") for _, path in calls(gh))


@pytest.mark.parametrize("fault", ["secondary_rate_limit", "429"])
def test_rate_limits_are_waited_out(repo: Path, gh: FakeGitHub, fault: str) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.inject("POST", ISSUES, fault, retry_after=0)
    gh.inject("GET", ISSUES, fault, retry_after=0)
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1


def test_a_spoofed_marker_is_ignored(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.add_user("mallory-token", "mallory")
    marker = (
        "<!-- meetingkit:agenda key=2024-05-30-thursday-touchpoint start=2024-05-30T12:00:00Z -->"
    )
    bot_issue(gh, f"{marker}\nclick here", user="mallory")
    assert run(repo, gh) == 0
    issues = gh.issues()
    assert [(i["number"], i["user"]["login"]) for i in issues] == [
        (1, "mallory"),
        (2, "github-actions[bot]"),
    ]
    assert "agenda: https://github.com/example/meetings/issues/2" in (repo / THURSDAY).read_text()


def test_a_closed_and_renamed_issue_is_not_duplicated(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    marker = (
        "<!-- meetingkit:agenda key=2024-05-30-thursday-touchpoint start=2024-05-30T12:00:00Z -->"
    )
    bot_issue(gh, f"{marker}\nbody", state="closed")
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1
    after = (repo / THURSDAY).read_text()
    assert changed_lines(THURSDAY_TEXT, after) == [
        "+  agenda: https://github.com/example/meetings/issues/1"
    ]


# ------------------------------------------------------------ cancelled, moved
def test_cancelled_meeting_gets_no_issue_and_its_issue_one_comment(
    repo: Path, gh: FakeGitHub
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh) == 0
    write(repo, THURSDAY, THURSDAY_TEXT.replace("series:", "status: cancelled\nseries:"))
    assert run(repo, gh) == 0
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1
    [comment] = gh.comments(1)
    assert comment["body"] == (
        "<!-- meetingkit:notice key=2024-05-30-thursday-touchpoint kind=cancelled "
        "start=2024-05-30T12:00:00Z -->\n**This meeting has been cancelled.** It will not take "
        "place on Thursday 30 May 2024, 12:00 UTC.\n"
    )
    write(repo, DOCS, DOCS_TEXT.replace("title:", "status: cancelled\ntitle:"))
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1


def test_moved_meeting_gets_one_comment_per_move(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh) == 0
    linked = (repo / THURSDAY).read_text()
    write(repo, THURSDAY, linked.replace("T14:00", "T15:00"))
    assert run(repo, gh) == 0
    assert run(repo, gh) == 0
    write(repo, THURSDAY, linked.replace("T14:00", "T16:00"))
    assert run(repo, gh) == 0
    bodies = [c["body"] for c in gh.comments(1)]
    assert [b.split("\n")[1][:80] for b in bodies] == [
        "**This meeting has moved.** It now takes place on Thursday 30 May 2024, 15:00–16",
        "**This meeting has moved.** It now takes place on Thursday 30 May 2024, 16:00–17",
    ]
    assert len(gh.issues()) == 1


def test_removed_meeting_file_gets_a_notice(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh) == 0
    (repo / THURSDAY).unlink()
    assert run(repo, gh) == 0
    [comment] = gh.comments(1)
    assert "kind=cancelled" in comment["body"]
    assert "no longer in the programme" in comment["body"]


# --------------------------------------------------------- faults, costs, dry run
def test_persistent_failure_is_one_line_and_the_rest_is_done(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    write(repo, DOCS, DOCS_TEXT)
    gh.inject("POST", ISSUES, "502_before", times=3)  # the first meeting's three attempts
    assert run(repo, gh) == 1
    captured = capsys.readouterr()
    assert (
        f"{DOCS}: could not open the agenda issue: GitHub API: 502 Bad Gateway on "
        f"POST {ISSUES} after 3 attempts\n"
    ) in captured.err
    assert captured.err.endswith("meetingkit agenda: 1 done, 1 failed\n")
    assert TOKEN not in captured.out + captured.err
    assert [i["title"] for i in gh.issues()] == [
        "Thursday Touchpoint 2024-05-30: Inner source at scale"
    ]
    assert run(repo, gh) == 0  # a re-run finishes the job
    assert len(gh.issues()) == 2


def test_k_issues_cost_k_writes_and_constant_reads(repo: Path, gh: FakeGitHub) -> None:
    for day in range(20, 31):
        text = DOCS_TEXT.replace("2024-05-22", f"2024-05-{day}")
        write(repo, f"meetings/2024/2024-05-{day}-docs-review.md", text)
    assert run(repo, gh, now="2024-05-19T12:00Z") == 0
    assert len(gh.issues()) == 11
    counts = {(m, p): calls(gh).count((m, p)) for m, p in set(calls(gh))}
    assert counts == {
        ("GET", ISSUES): 1,
        ("GET", "/repos/example/meetings/labels"): 1,
        ("POST", "/repos/example/meetings/labels"): 1,
        ("POST", ISSUES): 11,
    }


def test_no_token_is_a_dry_run_without_requests(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    assert run(repo, gh, token=None) == 0
    assert gh.requests == []
    assert (repo / THURSDAY).read_text() == THURSDAY_TEXT
    captured = capsys.readouterr()
    assert "no MEETINGKIT_TOKEN or GITHUB_TOKEN, so this is a dry run" in captured.err
    assert captured.out.splitlines()[0] == "meetingkit agenda: 1 action planned:"
    assert captured.out.endswith("Dry run: nothing was changed.\n")


def test_dry_run_with_a_token_only_reads(repo: Path, gh: FakeGitHub, tmp_path: Path) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    summary = tmp_path / "summary.md"
    assert run(repo, gh, "--dry-run", summary=summary) == 0
    assert calls(gh) == [("GET", ISSUES)]
    assert gh.issues() == []
    assert summary.read_text().startswith("### meetingkit agenda\n\nDry run: nothing was changed.")


def test_job_summary(repo: Path, gh: FakeGitHub, tmp_path: Path) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert run(repo, gh, summary=summary) == 0
    assert summary.read_text() == (
        "earlier step\n### meetingkit agenda\n\n| result | count |\n|---|---:|\n"
        "| opened | 1 |\n| linked | 0 |\n| commented | 0 |\n| archived | 0 |\n| closed | 0 |\n"
        f"| failed | 0 |\n\n- {THURSDAY}: opened https://github.com/example/meetings/issues/1\n"
    )


def test_primary_rate_limit_is_waited_out(repo: Path, gh: FakeGitHub) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.inject("POST", ISSUES, "primary_rate_limit", reset_in=0)
    assert run(repo, gh) == 0
    assert len(gh.issues()) == 1


def test_a_rate_limit_longer_than_allowed_is_reported(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.inject("POST", ISSUES, "secondary_rate_limit", retry_after=600)
    assert run(repo, gh) == 1
    assert gh.issues() == []
    assert f"{THURSDAY}: could not open the agenda issue: GitHub API: 403 Forbidden (rate " in (
        capsys.readouterr().err
    )


def test_listing_failure_is_one_line(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, THURSDAY, THURSDAY_TEXT)
    gh.inject("GET", ISSUES, "502_before", times=None)
    assert run(repo, gh) == 1
    assert capsys.readouterr().err == (
        "could not read the agenda issues: GitHub API: 502 Bad Gateway on GET "
        f"{ISSUES} after 3 attempts\nmeetingkit agenda: 0 done, 1 failed\n"
    )
    assert gh.issues() == []


def test_a_file_the_bot_cannot_edit_is_reported(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    text = THURSDAY_TEXT.replace("links:\n  rsvp: ", "links: {rsvp: ").replace(
        "/rsvp\n", "/rsvp}\n"
    )
    write(repo, THURSDAY, text)
    assert run(repo, gh) == 1
    assert run(repo, gh) == 1
    assert len(gh.issues()) == 1
    assert (repo / THURSDAY).read_text() == text
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"{THURSDAY}: opened https://github.com/example/meetings/issues/1 but could not write "
        "links.agenda: links is written as a one-line {...} mapping; write it as lines"
    )
    assert err[2] == (
        f"{THURSDAY}: could not edit the file: links is written as a one-line {{...}} mapping; "
        "write it as lines"
    )


def test_an_overridden_occurrence_gets_its_own_title_time_and_guests(
    repo: Path, gh: FakeGitHub
) -> None:
    text = WEEKLY_TEXT.replace("---\n", "", 1).removesuffix(
        "---\n"
    )  # the front matter's lines, to add overrides to
    moved = (
        "---\n" + text + 'overrides:\n  "2024-05-31":\n    start: "2024-05-30T10:00"\n'
        "    title: Special review\n    guests: [{name: Grace}]\n---\n"
    )
    write(repo, WEEKLY, moved)
    assert run(repo, gh) == 0
    [issue] = gh.issues()
    assert issue["title"] == "Docs Working Group 2024-05-30: Special review"
    assert "- **When:** Thursday 30 May 2024, 10:00–11:00 CEST (08:00–09:00 UTC)" in issue["body"]
    assert "- **Guests:** Grace\n" in issue["body"]
    assert "key=2024-05-03-docs-call/2024-05-31 start=2024-05-30T08:00:00Z" in issue["body"]
    after = (repo / WEEKLY).read_text()
    assert changed_lines(moved, after) == [
        "+agendas:",
        f'+  "2024-05-31": {issue["html_url"]}',
    ]
