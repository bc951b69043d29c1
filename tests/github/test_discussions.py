"""agenda and archive with ``venue: discussions``, end to end: the real CLI and PyGithub's
GraphQL requester against the emulator (tests/fakegraphql.py), in another repository."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from github.Auth import Token
from github.MainClass import Github
from graphql import parse, validate

from meetingkit.cli import parser
from meetingkit.commands import agenda, archive
from meetingkit.github.graphql import DOCUMENTS

from conftest import REPO_ROOT
from fakegithub import FAST_RETRY, FakeGitHub
from fakegraphql import github_schema

TOKEN = "t0ken-s3cret"
HOME = "todogroup/ospology"
BEFORE = "2024-05-20T09:00Z"
AFTER = "2024-05-30T13:00Z"  # the Thursday Touchpoint ends at 13:00 UTC
THURSDAY = "meetings/2024/2024-05-30-thursday-touchpoint.md"
THURSDAY_TEXT = """\
---
title: "Inner source at scale"
series: thursday-touchpoint
start: "2024-05-30T14:00"
guests:
  - name: Ada Lovelace
    affiliation: Analytical Engines
    github: ada
---
Planned.
"""
VENUE = """\
agenda:
  venue: discussions
  category: Meetings
  repository: todogroup/ospology
  notes_label: Meeting Notes
"""
MARKER = "<!-- meetingkit:agenda key=2024-05-30-thursday-touchpoint start=2024-05-30T12:00:00Z -->"
URL = "https://github.com/todogroup/ospology/discussions/1"


@pytest.fixture
def repo(base_repo: Path) -> Path:
    shutil.copy(REPO_ROOT / "series/thursday-touchpoint.yaml", base_repo / "series")
    site = base_repo / "site.yaml"
    site.write_text(site.read_text() + VENUE)
    return base_repo


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="example", repo="meetings", token=TOKEN) as fake:
        fake.add_repo("todogroup", "ospology")
        fake.graphql.add_category("General", repo=HOME)
        fake.graphql.add_category("Meetings", repo=HOME)
        yield fake
        # Every document the tool sent is one of its own, and valid in GitHub's schema.
        assert set(fake.graphql.documents) <= set(DOCUMENTS)


def run(
    command: str, repo: Path, gh: FakeGitHub, now: str, *options: str, summary: Path | None = None
) -> int:
    args = parser().parse_args([command, "--root", str(repo), "--now", now, *options])
    env = {
        "GITHUB_TOKEN": "the-workflow-token-cannot-write-there",
        "MEETINGKIT_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": "example/meetings",
        "GITHUB_API_URL": gh.api_url,
    }
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    job = agenda if command == "agenda" else archive
    return job.run(args, environ=env, policy=FAST_RETRY)


def operations(gh: FakeGitHub) -> list[str]:
    """The operation name of each GraphQL document received ('query Discussions(...' → ...)."""
    return [d.split("(", 1)[0].split()[-1] for d in gh.graphql.documents]


def open_agenda(repo: Path, gh: FakeGitHub) -> str:
    (repo / THURSDAY).write_text(THURSDAY_TEXT, encoding="utf-8")
    assert run("agenda", repo, gh, BEFORE) == 0
    return (repo / THURSDAY).read_text(encoding="utf-8")


def test_every_document_is_valid_in_githubs_published_schema() -> None:
    schema = github_schema()
    assert [[e.message for e in validate(schema, parse(d))] for d in DOCUMENTS] == [
        [] for _ in DOCUMENTS
    ]
    wrong = "query { repository(owner: \"o\", name: \"r\") { discussion { id } } }"
    assert [e.message for e in validate(schema, parse(wrong))] == [
        "Argument 'Repository.discussion(number:)' of type 'Int!' is required, but it was not "
        "provided."
    ]


# ----------------------------------------------------------------------- agenda
def test_opens_one_discussion_in_the_category_and_links_it(
    repo: Path, gh: FakeGitHub, base_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = open_agenda(repo, gh)
    [discussion] = gh.graphql.discussions(HOME)
    assert discussion.title == "Thursday Touchpoint 2024-05-30: Inner source at scale"
    assert discussion.category.name == "Meetings"
    assert discussion.user.login == "github-actions[bot]"
    assert discussion.body.startswith(MARKER + "\n## Thursday Touchpoint: Inner source at scale\n")
    assert f"  agenda: {URL}\n" in after
    assert gh.graphql.discussions("example/meetings") == []
    assert operations(gh) == ["Repository", "Discussions", "CreateDiscussion"]
    assert capsys.readouterr().out == (
        "meetingkit agenda: 1 action planned:\n"
        f"  {THURSDAY}: open the agenda discussion 'Thursday Touchpoint 2024-05-30: Inner "
        "source at scale' and write its URL into links.agenda\n"
        f"{THURSDAY}: opened {URL}\n"
    )
    # The body is the agenda issue's: the issues venue writes the same text.
    issues_repo = base_repo.parent / "issues"
    shutil.copytree(repo, issues_repo)
    (issues_repo / "site.yaml").write_text((repo / "site.yaml").read_text().replace(VENUE, ""))
    (issues_repo / THURSDAY).write_text(THURSDAY_TEXT)
    assert run("agenda", issues_repo, gh, BEFORE) == 0
    assert gh.issues()[0]["body"] == discussion.body


def test_a_rerun_and_an_unmerged_link_open_nothing(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh)
    gh.graphql.documents.clear()
    assert open_agenda(repo, gh).count(URL) == 1  # the link PR was not merged: written again
    assert len(gh.graphql.discussions(HOME)) == 1
    assert operations(gh) == ["Repository", "Discussions"]


def test_a_502_after_the_create_does_not_duplicate(repo: Path, gh: FakeGitHub) -> None:
    gh.graphql.inject("createDiscussion", "502_after")
    after = open_agenda(repo, gh)
    assert len(gh.graphql.discussions(HOME)) == 1
    assert f"  agenda: {URL}\n" in after
    # After the failed create, the category is listed (never searched) before any retry.
    assert operations(gh) == ["Repository", "Discussions", "CreateDiscussion", "Discussions"]
    assert not any("search" in d for d in gh.graphql.documents)


def test_a_502_before_the_create_is_retried_once_the_listing_shows_nothing(
    repo: Path, gh: FakeGitHub
) -> None:
    gh.inject("POST", "/graphql", "502_before", times=1)  # the Repository query: re-sent
    open_agenda(repo, gh)
    assert len(gh.graphql.discussions(HOME)) == 1


def test_spoofed_authors_are_ignored(repo: Path, gh: FakeGitHub) -> None:
    # A user whose login is the bot's without [bot], and another bot, paste the marker.
    gh.add_user("spoof-token", "github-actions")
    gh.add_user("app-token", "other-app[bot]", type="Bot")
    gh.graphql.add_discussion("Agenda", f"{MARKER}\nclick", "Meetings", user="github-actions", repo=HOME)
    gh.graphql.add_discussion("Agenda", f"{MARKER}\nhere", "Meetings", user="other-app[bot]", repo=HOME)
    after = open_agenda(repo, gh)
    found = gh.graphql.discussions(HOME)
    assert [(d.number, d.user.login) for d in found] == [
        (1, "github-actions"),
        (2, "other-app[bot]"),
        (3, "github-actions[bot]"),
    ]
    assert "discussions/3\n" in after


def test_the_bot_login_may_be_written_without_bot(repo: Path, gh: FakeGitHub) -> None:
    site = repo / "site.yaml"
    site.write_text(site.read_text() + "bot:\n  login: github-actions\n")
    gh.graphql.add_discussion("Agenda", f"{MARKER}\nbody", "Meetings", repo=HOME)
    after = open_agenda(repo, gh)
    assert len(gh.graphql.discussions(HOME)) == 1
    assert f"  agenda: {URL}\n" in after


def test_an_unknown_category_is_one_sentence_naming_those_there(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    site = repo / "site.yaml"
    site.write_text(site.read_text().replace("category: Meetings", "category: Calls"))
    (repo / THURSDAY).write_text(THURSDAY_TEXT)
    assert run("agenda", repo, gh, BEFORE) == 1
    assert capsys.readouterr().err == (
        "could not read the agenda discussions: todogroup/ospology has no discussion category "
        "'Calls' (agenda.category in the settings); its categories: 'General', 'Meetings'\n"
        "meetingkit agenda: 0 done, 1 failed\n"
    )
    assert gh.graphql.discussions(HOME) == []


def test_an_unknown_repository_is_one_sentence(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    site = repo / "site.yaml"
    site.write_text(site.read_text().replace("todogroup/ospology", "todogroup/nope"))
    (repo / THURSDAY).write_text(THURSDAY_TEXT)
    assert run("agenda", repo, gh, BEFORE) == 1
    assert capsys.readouterr().err == (
        "could not read the agenda discussions: the repository todogroup/nope does not exist "
        "or the token cannot read it (agenda.repository in the settings)\n"
        "meetingkit agenda: 0 done, 1 failed\n"
    )


def test_a_cancelled_meeting_gets_one_notice(repo: Path, gh: FakeGitHub) -> None:
    linked = open_agenda(repo, gh)
    (repo / THURSDAY).write_text(linked.replace("series:", "status: cancelled\nseries:"))
    gh.graphql.inject("addDiscussionComment", "502_after")
    assert run("agenda", repo, gh, BEFORE) == 0
    assert run("agenda", repo, gh, BEFORE) == 0
    [notice] = gh.graphql.comments(1, HOME)
    assert notice.body.startswith(
        "<!-- meetingkit:notice key=2024-05-30-thursday-touchpoint kind=cancelled "
        "start=2024-05-30T12:00:00Z -->\n**This meeting has been cancelled.**"
    )


# ---------------------------------------------------------------------- archive
def test_archive_copies_body_comments_and_replies_then_labels_and_closes(
    repo: Path, gh: FakeGitHub
) -> None:
    open_agenda(repo, gh)
    [discussion] = gh.graphql.discussions(HOME)
    discussion.body = discussion.body.replace(
        "-->\n\n<!-- meetingkit:notes-end -->", "-->\n- Welcome by @dave\n<!-- meetingkit:notes-end -->"
    )
    comment = gh.graphql.add_comment
    first = comment(1, "Ada Lovelace showed the numbers.", user="alice", repo=HOME)
    comment(1, "Second topic: budgets.", user="bob", repo=HOME)
    comment(1, "A reply to the first, says bob.", user="bob", reply_to=first.database_id, repo=HOME)
    comment(1, "<!-- meetingkit:notice x -->\nbot text", repo=HOME)  # the bot's own
    assert run("archive", repo, gh, AFTER) == 0
    notes = (repo / THURSDAY).read_text().split("\n## Notes\n", 1)[1]
    assert notes == (
        "\n<!-- meetingkit:notes key=2024-05-30-thursday-touchpoint -->\n\n"
        "- Welcome by a participant\n\n---\n\n"
        "a participant showed the numbers.\n\n---\n\n"
        "A reply to the first, says a participant.\n\n---\n\n"
        "Second topic: budgets.\n"
    )
    assert not gh.graphql.discussions(HOME)[0].closed  # not before the notes are merged
    gh.graphql.inject("addDiscussionComment", "502_after")
    assert run("archive", repo, gh, AFTER) == 0  # the notes are on the default branch now
    assert run("archive", repo, gh, AFTER) == 0
    [discussion] = gh.graphql.discussions(HOME)
    assert (discussion.closed, discussion.state_reason) == (True, "RESOLVED")
    assert [label.name for label in discussion.labels] == ["Meeting Notes"]
    closing = [c for c in gh.graphql.comments(1, HOME) if "meetingkit:archived" in c.body]
    assert [c.body for c in closing] == [
        "<!-- meetingkit:archived key=2024-05-30-thursday-touchpoint -->\nThe notes of this "
        "meeting are archived: https://example.github.io/meetings/meetings/"
        "2024-05-30-thursday-touchpoint.html#notes\n\nThank you for taking them. Closing this "
        "discussion.\n"
    ]


def test_issues_can_live_in_another_repository_too(repo: Path, gh: FakeGitHub) -> None:
    site = repo / "site.yaml"
    site.write_text(site.read_text().replace("venue: discussions", "venue: issues"))
    after = open_agenda(repo, gh)
    assert gh.issues() == [] and gh.graphql.documents == []
    [issue] = gh.issues(HOME)
    assert issue["body"].startswith(MARKER + "\n")
    assert "  agenda: https://github.com/todogroup/ospology/issues/1\n" in after


def test_a_series_can_choose_its_own_venue(repo: Path, gh: FakeGitHub) -> None:
    series = repo / "series/thursday-touchpoint.yaml"
    series.write_text(series.read_text() + "agenda:\n  venue: issues\n  repository: example/meetings\n")
    after = open_agenda(repo, gh)
    assert gh.graphql.discussions(HOME) == [] and gh.issues(HOME) == []
    assert len(gh.issues()) == 1
    assert "  agenda: https://github.com/example/meetings/issues/1\n" in after


def test_the_emulators_search_lags_where_the_listing_does_not(repo: Path, gh: FakeGitHub) -> None:
    """Why the tool lists the category: a discussion just created is not found by search."""
    open_agenda(repo, gh)
    search = (
        'query { search(query: "repo:todogroup/ospology Touchpoint", type: DISCUSSION, '
        "first: 10) { discussionCount nodes { ... on Discussion { number } } } }"
    )
    gh.graphql.documents.clear()

    def count() -> int:
        github = Github(auth=Token(TOKEN), base_url=gh.api_url)
        _headers, data = github.requester.graphql_query(search, {})
        github.close()
        return int(data["data"]["search"]["discussionCount"])

    assert count() == 0
    gh.clock.advance(gh.search_lag)
    assert count() == 1
    gh.graphql.documents.clear()  # the test's own query, not one of the tool's


def test_the_dry_run_summary_names_discussions(repo: Path, gh: FakeGitHub, tmp_path: Path) -> None:
    open_agenda(repo, gh)
    summary = tmp_path / "summary.md"
    assert run("archive", repo, gh, AFTER, "--dry-run", summary=summary) == 0
    assert summary.read_text() == (
        "### meetingkit archive\n\nDry run: nothing was changed. Planned:\n\n"
        f"- {THURSDAY}: copy the notes of discussion #1 (the body and 0 comments) into "
        "'## Notes'\n"
    )
