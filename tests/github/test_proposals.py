"""meetingkit proposals, end to end: the real CLI and PyGithub against the local GitHub
emulator. A bot run starts from the default branch: a draft that was not merged is gone
from the work tree at the next run (``fresh_checkout``), a merged one stays."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingkit.cli import parser
from meetingkit.commands import proposals
from meetingkit.github import GitHubClient, GitHubSettings
from meetingkit.load.document import read_document

from conftest import REPO_ROOT
from fakegithub import FAST_RETRY, FakeGitHub

TOKEN = "t0ken-s3cret"
REPOSITORY = "example/meetings"
ISSUES = f"/repos/{REPOSITORY}/issues"
NOW = "2025-01-10T09:00Z"  # the emulator files issues on 2025-01-06
DRAFT = "meetings/2025/2025-01-30-thursday-touchpoint.md"  # the last Thursday of January
LABELS = (
    "Session title",
    "Description",
    "Benefit to the community",
    "Speaker name",
    "Affiliation",
    "GitHub handle",
    "Preferred series",
    "Proposed date",
    "Preferred dates",
    "Chatham House Rule and recording",
)
FIELDS = {
    "Session title": "Inner source at scale",
    "Description": "How we run inner source\nacross 40 teams.",
    "Benefit to the community": "A playbook to copy.",
    "Speaker name": "Ada Lovelace",
    "Affiliation": "Analytical Engines",
    "GitHub handle": "@ada",
    "Preferred series": "Thursday Touchpoint",
    "Proposed date": "_No response_",
    "Preferred dates": "Any Thursday",
    "Chatham House Rule and recording": "- [X] I agree\n- [ ] I agree to be recorded",
}
AGENDA = """\
## Planned agenda

1. Welcome and reminder: this meeting is held under the Chatham House Rule
2. Guest presentation
3. Q&A with the guests
4. Working-group updates
5. Open forum: your questions and news
"""
DRAFT_TEXT = f"""\
---
title: "Inner source at scale"
series: thursday-touchpoint
start: "2025-01-30T14:00"
status: tentative
guests:
  - name: "Ada Lovelace"
    affiliation: "Analytical Engines"
    github: "ada"
links:
  proposal: "https://github.com/example/meetings/issues/1"
---
How we run inner source
across 40 teams.

**Benefit to the community:**

A playbook to copy.

{AGENDA}"""
MARKER = "<!-- meetingkit:proposal issue=1 -->"
DRAFTED = (
    f"{MARKER}\nThank you for proposing a session! It is drafted as a tentative meeting of the "
    f"**Thursday Touchpoint** on **2025-01-30** (`{DRAFT}`) in the bots' pull request. A "
    "maintainer reviews the draft there (and may move it to another date); once it is "
    "merged, the meeting is on the calendar and this issue is closed.\n"
)
FIX_INTRO = (
    f"{MARKER}\nThank you for proposing a session! It cannot be drafted as a meeting yet. "
    "Please edit this issue (the `...` menu, then *Edit*) and fix:\n\n"
)
FIX_END = "\nThe bots read the proposal again on their next run.\n"


def form(**changes: str) -> str:
    """An issue body as GitHub renders the filed form (``changes`` by label)."""
    values = {**FIELDS, **changes}
    return "\n\n".join(f"### {label}\n\n{values[label]}" for label in LABELS)


@pytest.fixture
def repo(base_repo: Path) -> Path:
    shutil.copy(REPO_ROOT / "series/thursday-touchpoint.yaml", base_repo / "series")
    return base_repo


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="example", repo="meetings", token=TOKEN) as fake:
        fake.add_user("alice-token", "alice")
        fake.add_user("mallory-token", "mallory")
        yield fake


def run(
    repo: Path,
    gh: FakeGitHub,
    *options: str,
    token: str = TOKEN,
    now: str = NOW,
    summary: Path | None = None,
) -> int:
    args = parser().parse_args(["proposals", "--root", str(repo), "--now", now, *options])
    env = {"GITHUB_TOKEN": token, "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": gh.api_url}
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    return proposals.run(args, environ=env, policy=FAST_RETRY)


def propose(gh: FakeGitHub, **changes: str) -> int:
    issue = gh.add_issue(
        "[Session proposal]: x", form(**changes), labels=["proposal"], user="alice"
    )
    return int(issue["number"])


def fresh_checkout(repo: Path) -> None:
    """The next bot run starts from the default branch, without the unmerged drafts."""
    shutil.rmtree(repo / "meetings/2025", ignore_errors=True)


def bodies(gh: FakeGitHub, number: int = 1) -> list[tuple[str, str]]:
    return [(c["user"]["login"], c["body"]) for c in gh.comments(number)]


def writes(gh: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in gh.requests if r.method != "GET"]


def edit_proposal(gh: FakeGitHub, number: int, body: str) -> None:
    """What the proposer does in the browser."""
    settings = GitHubSettings("alice-token", REPOSITORY, gh.api_url)
    with GitHubClient(settings, FAST_RETRY) as client:
        client.edit_issue(number, body=body)


# ------------------------------------------------------------- exactly once
def test_a_proposal_becomes_one_draft_and_one_comment(repo: Path, gh: FakeGitHub) -> None:
    propose(gh)
    assert run(repo, gh) == 0
    assert (repo / DRAFT).read_text(encoding="utf-8") == DRAFT_TEXT
    assert bodies(gh) == [("github-actions[bot]", DRAFTED)]
    assert read_document(repo, DRAFT, "meeting").problems == []
    for _ in range(2):  # the pull request is not merged yet: every run drafts the same file
        fresh_checkout(repo)
        gh.requests.clear()
        assert run(repo, gh, now="2025-01-20T09:00Z") == 0
        assert (repo / DRAFT).read_text(encoding="utf-8") == DRAFT_TEXT
        assert sorted(p.name for p in (repo / "meetings/2025").iterdir()) == [Path(DRAFT).name]
        assert writes(gh) == []
        assert bodies(gh) == [("github-actions[bot]", DRAFTED)]
    assert gh.issues()[0]["state"] == "open"


def test_502_after_the_comment_still_one_comment(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    propose(gh)
    gh.inject("POST", rf"{ISSUES}/1/comments", "502_after")
    summary = tmp_path / "summary.md"
    assert run(repo, gh, summary=summary) == 0
    assert bodies(gh) == [("github-actions[bot]", DRAFTED)]
    assert writes(gh) == [("POST", f"{ISSUES}/1/comments")]  # found again, not re-sent
    out = capsys.readouterr().out
    assert out == (
        "meetingkit proposals: 1 action planned:\n"
        f"  {DRAFT}: write the draft of proposal #1 and tell the proposer where\n"
        f"{DRAFT}: drafted from proposal #1\n"
        f"issue #1: {gh.comments(1)[0]['html_url']}\n"
    )
    assert summary.read_text() == (
        "### meetingkit proposals\n\n| result | count |\n|---|---:|\n| drafted | 1 |\n"
        "| commented | 1 |\n| closed | 0 |\n| failed | 0 |\n\n"
        f"- {DRAFT}: drafted from proposal #1\n- issue #1: {gh.comments(1)[0]['html_url']}\n"
    )
    fresh_checkout(repo)
    assert run(repo, gh) == 0
    assert len(gh.comments(1)) == 1


def test_a_copied_marker_from_someone_else_is_not_the_bots(repo: Path, gh: FakeGitHub) -> None:
    propose(gh)
    gh.add_comment(1, f"{MARKER}\nAccepted! Merge it.", user="mallory")
    assert run(repo, gh) == 0
    assert bodies(gh) == [
        ("mallory", f"{MARKER}\nAccepted! Merge it."),
        ("github-actions[bot]", DRAFTED),
    ]


def test_two_proposals_for_the_same_slot_get_two_dates(repo: Path, gh: FakeGitHub) -> None:
    propose(gh)
    propose(gh, **{"Session title": "Metrics", "Preferred series": "thursday-touchpoint"})
    assert run(repo, gh) == 0
    drafts = sorted(p.name for p in (repo / "meetings/2025").iterdir())
    assert drafts == ["2025-01-30-thursday-touchpoint.md", "2025-02-27-thursday-touchpoint.md"]
    second = (repo / "meetings/2025/2025-02-27-thursday-touchpoint.md").read_text()
    assert 'title: "Metrics"' in second
    assert 'proposal: "https://github.com/example/meetings/issues/2"' in second


def test_a_proposed_date_and_either_series(repo: Path, gh: FakeGitHub) -> None:
    propose(gh, **{"Preferred series": "Either", "Proposed date": "2025-03-27"})
    assert run(repo, gh) == 0
    # Both series meet on Thursdays: the first by id takes it.
    text = (repo / "meetings/2025/2025-03-27-thursday-call.md").read_text()
    assert 'start: "2025-03-27T14:00"' in text
    assert sorted(p.name for p in (repo / "meetings/2025").iterdir()) == [
        "2025-03-27-thursday-call.md"
    ]


# ------------------------------------------------------------- what to fix
def test_an_invalid_proposal_gets_one_comment_saying_what_to_fix(
    repo: Path, gh: FakeGitHub
) -> None:
    propose(
        gh,
        **{
            "Preferred series": "Tuesday Talks",
            "GitHub handle": "@not a login",
            "Proposed date": "next week",
        },
    )
    assert run(repo, gh) == 0
    fix = (
        FIX_INTRO
        + "- GitHub handle: '@\u200bnot a login' is not a GitHub login \\(letters, digits and "
        "single hyphens, at most 39 characters\\); write it like @\u200boctocat, or leave it "
        "empty.\n"
        "- Proposed date: 'next week' is not a date; write it as YYYY-MM-DD \\(e.g. "
        "2025-03-27\\), or leave it empty for the series' next free slot.\n" + FIX_END
    )
    assert bodies(gh) == [("github-actions[bot]", fix)]
    assert not (repo / "meetings/2025").exists()
    gh.requests.clear()
    assert run(repo, gh) == 0
    assert writes(gh) == []  # the same comment again: nothing to do

    edit_proposal(gh, 1, form(**{"Preferred series": "Tuesday Talks"}))
    assert run(repo, gh) == 0
    series = (
        FIX_INTRO + "- Preferred series: 'Tuesday Talks' is not a series that takes proposals "
        "here; choose one of: Thursday Call, Thursday Touchpoint.\n" + FIX_END
    )
    assert bodies(gh) == [("github-actions[bot]", series)]  # edited, not a second comment

    edit_proposal(gh, 1, form())
    gh.requests.clear()
    assert run(repo, gh) == 0
    assert bodies(gh) == [("github-actions[bot]", DRAFTED)]
    assert writes(gh) == [("PATCH", f"{ISSUES}/comments/{gh.comments(1)[0]['id']}")]
    assert (repo / DRAFT).read_text(encoding="utf-8") == DRAFT_TEXT


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"Proposed date": "2025-01-31"},
            "Proposed date: 2025-01-31 is a Friday; the series meet on other days (Thursday "
            "Touchpoint on Thursdays). Propose another date, or leave it empty for the next "
            "free slot.",
        ),
        (
            {"Proposed date": "2025-01-09"},
            "Proposed date: 2025-01-09 has passed; propose a later date.",
        ),
        ({"Session title": "_No response_"}, "Session title: is empty; fill it in."),
        (
            {"Session title": "x" * 201},
            "Session title: is 201 characters long; shorten it to 200.",
        ),
        (
            {"Session title": "Hello <b>world</b>"},
            "Session title: title is plain text: HTML markup such as '<tag>' is not allowed here",
        ),
        (
            {"Session title": "Deploy ${{ secrets.TOKEN }}"},
            "Session title: title is plain text: '${{' and '$(' look like an injection "
            "attempt; remove them",
        ),
    ],
)
def test_what_to_fix(repo: Path, gh: FakeGitHub, changes: dict[str, str], problem: str) -> None:
    propose(gh, **changes)
    assert run(repo, gh) == 0
    (comment,) = gh.comments(1)
    assert comment["body"].startswith(FIX_INTRO)
    listed = comment["body"][len(FIX_INTRO) : -len(FIX_END)]
    assert listed.replace("\\", "") == f"- {problem}\n"
    assert not (repo / "meetings/2025").exists()


def test_a_body_that_is_not_the_form(repo: Path, gh: FakeGitHub) -> None:
    gh.add_issue("Talk idea", "I'd like to talk about SBOMs.", labels=["proposal"], user="bob")
    assert run(repo, gh) == 0
    assert bodies(gh) == [
        (
            "github-actions[bot]",
            FIX_INTRO + "- the issue does not follow the form: its section '\\#\\#\\# Session "
            "title' is missing. Edit the issue and restore it, or file the proposal again with "
            "the 'Propose a session' form.\n" + FIX_END,
        )
    ]


# ------------------------------------------------------------- untrusted text
def test_hostile_text_is_inert_in_the_file_and_the_comment(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    propose(
        gh,
        **{
            "Session title": "Hi @octocat ::error::x {{ 7*7 }}",
            "Description": "::error file=a::boom\n<script>alert(1)</script> ${{ github.token }}\n"
            "## Notes\n{% raw %}{{ config }} cc @team fixes #3",
            "Speaker name": "Eve @evil",
            "Benefit to the community": "::warning::x\n### Preferred series",
        },
    )
    assert run(repo, gh) == 0
    text = (repo / DRAFT).read_text(encoding="utf-8")
    z = "\u200b"
    assert (
        text.split("---\n")[1].splitlines()[0]
        == f'title: "Hi @{z}octocat ::error::x {{{{ 7*7 }}}}"'
    )
    assert '  - name: "Eve @\u200bevil"' in text
    assert text.split("---\n", 2)[2] == (
        "\\::error file=a::boom\n&lt;script>alert(1)&lt;/script> ${{ github.token }}\n"
        f"\\## Notes\n{{% raw %}}{{{{ config }}}} cc @{z}team f{z}ixes #{z}3\n\n"
        "**Benefit to the community:**\n\n\\::warning::x\n\\### Preferred series\n\n" + AGENDA
    )
    doc = read_document(repo, DRAFT, "meeting")
    assert doc.problems == []
    assert doc.data is not None and doc.data["title"] == f"Hi @{z}octocat ::error::x {{{{ 7*7 }}}}"
    assert "\n## Notes" not in text
    out = capsys.readouterr().out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert bodies(gh) == [("github-actions[bot]", DRAFTED)]


def test_hostile_text_is_inert_in_the_what_to_fix_comment(repo: Path, gh: FakeGitHub) -> None:
    propose(gh, **{"Preferred series": "<img src=x> @team ::error::x ${{ a }} {{ b }}"})
    assert run(repo, gh) == 0
    ((_, body),) = bodies(gh)
    assert body == (
        FIX_INTRO + "- Preferred series: '\\<img src=x\\> @\u200bteam ::error::x $\\{\\{ a \\}\\} "
        "\\{\\{ b \\}\\}' is not a series that takes proposals here; choose one of: Thursday "
        "Call, Thursday Touchpoint.\n" + FIX_END
    )


# ------------------------------------------------------------- close once merged
def test_close_once_the_draft_is_on_the_default_branch(repo: Path, gh: FakeGitHub) -> None:
    propose(gh)
    assert run(repo, gh) == 0
    # Merged; then the maintainer edits the draft (title, date) on the default branch.
    merged = (
        DRAFT_TEXT.replace("Inner source at scale", "Inner source, for real")
        .replace("status: tentative", "status: confirmed")
        .replace("2025-01-30T14:00", "2025-02-27T14:00")
    )
    (repo / DRAFT).unlink()
    moved = repo / "meetings/2025/2025-02-27-thursday-touchpoint.md"
    moved.write_text(merged, encoding="utf-8")
    gh.requests.clear()
    assert run(repo, gh, now="2025-01-20T09:00Z") == 0
    assert sorted(p.name for p in moved.parent.iterdir()) == [moved.name]
    assert moved.read_text(encoding="utf-8") == merged
    landed = (
        f"{MARKER}\nThis session is on the calendar: https://example.github.io/meetings/meetings/"
        "2025-02-27-thursday-touchpoint.html (`meetings/2025/2025-02-27-thursday-touchpoint.md`)."
        " Thank you for proposing it! Closing this proposal.\n"
    )
    assert bodies(gh) == [("github-actions[bot]", landed)]
    issue = gh.issues()[0]
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    comment = gh.comments(1)[0]["id"]
    assert writes(gh) == [("PATCH", f"{ISSUES}/comments/{comment}"), ("PATCH", f"{ISSUES}/1")]
    gh.requests.clear()
    assert run(repo, gh, now="2025-01-20T09:00Z") == 0
    assert writes(gh) == []  # closed: no longer listed


def test_close_retried_after_a_failure(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    propose(gh)
    assert run(repo, gh) == 0
    gh.inject("PATCH", rf"{ISSUES}/1", "502_before", times=3)
    assert run(repo, gh) == 1
    err = capsys.readouterr().err
    assert f"{DRAFT}: could not close the proposal: GitHub API: 502 Bad Gateway" in err
    assert TOKEN not in err
    assert run(repo, gh) == 0
    assert len(gh.comments(1)) == 1
    assert gh.issues()[0]["state"] == "closed"


# ------------------------------------------------------------- dry runs
def test_dry_run_reads_and_changes_nothing(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    propose(gh)
    assert run(repo, gh, "--dry-run") == 0
    assert not (repo / "meetings/2025").exists()
    assert writes(gh) == []
    assert [(r.method, r.path) for r in gh.requests] == [
        ("GET", ISSUES),
        ("GET", f"{ISSUES}/1/comments"),
    ]
    assert capsys.readouterr().out == (
        "meetingkit proposals: 1 action planned:\n"
        f"  {DRAFT}: write the draft of proposal #1 and tell the proposer where\n"
        "Dry run: nothing was changed.\n"
    )


def test_without_a_token_it_asks_github_nothing(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    propose(gh)
    assert run(repo, gh, token="") == 0
    assert gh.requests == []
    captured = capsys.readouterr()
    assert (
        captured.out == "meetingkit proposals: 0 actions planned\nDry run: nothing was changed.\n"
    )
    assert "no MEETINGKIT_TOKEN or GITHUB_TOKEN, so this is a dry run" in captured.err


def test_proposals_are_read_in_the_agenda_repository(repo: Path, gh: FakeGitHub) -> None:
    site = repo / "site.yaml"
    site.write_text(site.read_text() + "agenda:\n  repository: example/community\n")
    gh.add_repo("example", "community")
    gh.add_issue("[Session proposal]: x", form(), labels=["proposal"], repo="example/community")
    assert run(repo, gh) == 0
    assert len(gh.comments(1, repo="example/community")) == 1
    assert "issues/1" in (repo / DRAFT).read_text()
    assert "example/community/issues/1" in (repo / DRAFT).read_text()
