"""meetingkit archive, end to end: the real CLI and PyGithub against the local GitHub emulator."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingkit.cli import main, parser
from meetingkit.commands import agenda, archive
from meetingkit.github import GitHubClient, GitHubSettings
from meetingkit.github.archive import ArchiveNotes, add_notes
from meetingkit.github.edit import EditError
from meetingkit.load.document import MAX_FILE_BYTES, read_document

from conftest import REPO_ROOT
from fakegithub import FAST_RETRY, FakeGitHub

TOKEN = "t0ken-s3cret"
REPOSITORY = "example/meetings"
ISSUES = f"/repos/{REPOSITORY}/issues"
FAST = FAST_RETRY
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
DOCS = "meetings/2024/2024-05-30-docs-review.md"
DOCS_TEXT = """\
---
title: Handbook review
working_group: docs
start: "2024-05-30T14:00"
---
"""
WEEKLY = "meetings/2024/2024-05-03-docs-call.md"
WEEKLY_TEXT = """\
---
title: Docs call
working_group: docs
start: "2024-05-03T16:00"
recurrence: FREQ=WEEKLY;BYDAY=FR
---
"""
PLACEHOLDER_END = "-->\n\n<!-- meetingkit:notes-end -->"


@pytest.fixture
def repo(base_repo: Path) -> Path:
    shutil.copy(REPO_ROOT / "series/thursday-touchpoint.yaml", base_repo / "series")
    return base_repo


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="example", repo="meetings", token=TOKEN) as fake:
        yield fake


def run(command: str, repo: Path, gh: FakeGitHub, now: str, *options: str) -> int:
    args = parser().parse_args([command, "--root", str(repo), "--now", now, *options])
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": gh.api_url}
    if command == "agenda":
        return agenda.run(args, environ=env, policy=FAST)
    return archive.run(args, environ=env, policy=FAST)


def open_agenda(repo: Path, gh: FakeGitHub, path: str, text: str, now: str = BEFORE) -> str:
    """Write the meeting, let the agenda job open its issue; the file text with the link."""
    (repo / path).write_text(text, encoding="utf-8")
    assert run("agenda", repo, gh, now) == 0
    return (repo / path).read_text(encoding="utf-8")


def set_body_notes(gh: FakeGitHub, number: int, notes: str) -> None:
    """What a maintainer does when editing the issue's notes section in the browser."""
    with GitHubClient(GitHubSettings(TOKEN, REPOSITORY, gh.api_url), FAST) as client:
        body = next(i.body for i in client.list_issues() if i.number == number)
        client.edit_issue(
            number, body=body.replace(PLACEHOLDER_END, f"-->\n{notes}\n{PLACEHOLDER_END[5:]}")
        )


def calls(gh: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in gh.requests]


def notes_of(repo: Path, path: str) -> str:
    return (repo / path).read_text(encoding="utf-8").split("\n## Notes\n", 1)[1]


# ----------------------------------------------------------------- notes copied
def test_chatham_house_notes_carry_no_names_or_handles(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, THURSDAY, THURSDAY_TEXT)
    set_body_notes(gh, 1, "- Welcome by @dave\r\n- Lovelace presented")
    gh.add_comment(
        1, "@bob said sponsors matter. Ada Lovelace agreed; ada too. Thanks Alice!", user="alice"
    )
    gh.add_comment(1, "<!-- meetingkit:notice x -->\nbot text", user=None)  # the bot's own
    gh.add_comment(1, "Next steps: see #12, says carol.", user="carol")
    assert run("archive", repo, gh, AFTER) == 0
    assert notes_of(repo, THURSDAY) == (
        "\n<!-- meetingkit:notes key=2024-05-30-thursday-touchpoint -->\n\n- Welcome by a participant\n- a participant presented\n\n---\n\n"
        "a participant said sponsors matter. a participant agreed; a participant too. "
        "Thanks a participant!\n\n---\n\nNext steps: see #\u200b12, says a participant.\n"
    )
    assert [i["state"] for i in gh.issues()] == ["open"]  # closed once the notes are merged


def test_open_meeting_notes_are_attributed(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    gh.add_comment(1, "Chapter 3 is done, cc @bob", user="alice")
    assert run("archive", repo, gh, "2024-05-30T13:00Z") == 0
    assert notes_of(repo, DOCS) == (
        "\n<!-- meetingkit:notes key=2024-05-30-docs-review -->\n\n"
        "**@\u200balice** (2025-01-06):\n\nChapter 3 is done, cc @\u200bbob\n"
    )


def test_no_notes_at_all(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    assert run("archive", repo, gh, AFTER) == 0
    assert notes_of(repo, DOCS) == (
        "\n<!-- meetingkit:notes key=2024-05-30-docs-review -->\n\n_No notes were taken._\n"
    )


def test_hostile_notes_stay_in_the_body(repo: Path, gh: FakeGitHub) -> None:
    linked = open_agenda(repo, gh, DOCS, DOCS_TEXT)
    before = read_document(repo, DOCS, "meeting").data
    gh.add_comment(
        1, "---\ntitle: x\nstatus: cancelled\n---\n## Notes\n### 2024-05-31\nbye", user="eve"
    )
    assert run("archive", repo, gh, AFTER) == 0
    doc = read_document(repo, DOCS, "meeting")
    assert doc.problems == []
    assert doc.data == before
    text = (repo / DOCS).read_text()
    assert text.startswith(linked)
    assert text.count("\n## Notes\n") == 1
    assert text.endswith(
        "---\ntitle: x\nstatus: cancelled\n---\n\\## Notes\n\\### 2024-05-31\nbye\n"
    )


# ------------------------------------------------------------- close, exactly once
def test_archive_then_close_then_nothing(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    gh.add_comment(1, "A note", user="alice")
    assert run("archive", repo, gh, "2024-05-30T12:59Z") == 0  # not over yet
    assert "## Notes" not in (repo / DOCS).read_text()
    assert run("archive", repo, gh, AFTER) == 0
    archived = (repo / DOCS).read_text()
    assert gh.issues()[0]["state"] == "open"
    assert run("archive", repo, gh, AFTER) == 0  # the notes are now on the default branch
    issue = gh.issues()[0]
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    comments = gh.comments(1)
    assert [c["body"] for c in comments[1:]] == [
        "<!-- meetingkit:archived key=2024-05-30-docs-review -->\nThe notes of this meeting are "
        "archived: https://example.github.io/meetings/meetings/2024-05-30-docs-review.html#notes"
        "\n\nThank you for taking them. Closing this issue.\n"
    ]
    gh.requests.clear()
    assert run("archive", repo, gh, AFTER) == 0
    assert calls(gh) == [("GET", ISSUES)]
    assert (repo / DOCS).read_text() == archived
    assert len(gh.comments(1)) == 2


def test_502_after_on_the_comment_still_one_comment(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    assert run("archive", repo, gh, AFTER) == 0
    gh.inject("POST", rf"{ISSUES}/1/comments", "502_after")
    assert run("archive", repo, gh, AFTER) == 0
    assert len(gh.comments(1)) == 1
    assert gh.issues()[0]["state"] == "closed"


def test_crash_between_comment_and_close(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    assert run("archive", repo, gh, AFTER) == 0
    gh.inject("PATCH", rf"{ISSUES}/1", "502_before", times=3)
    assert run("archive", repo, gh, AFTER) == 1
    err = capsys.readouterr().err
    assert f"{DOCS}: could not close the agenda issue: GitHub API: 502 Bad Gateway" in err
    assert TOKEN not in err
    assert run("archive", repo, gh, AFTER) == 0
    assert len(gh.comments(1)) == 1
    assert gh.issues()[0]["state"] == "closed"


def test_recurring_meeting_notes_per_occurrence(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, WEEKLY, WEEKLY_TEXT, now="2024-05-25T09:00Z")  # 31 May and 7 June
    gh.add_comment(1, "May notes", user="alice")
    gh.add_comment(2, "June notes", user="alice")
    assert run("archive", repo, gh, "2024-06-01T00:00Z") == 0
    assert run("archive", repo, gh, "2024-06-01T00:00Z") == 0
    assert [i["state"] for i in gh.issues()] == ["closed", "open"]
    assert run("archive", repo, gh, "2024-06-08T00:00Z") == 0
    assert run("archive", repo, gh, "2024-06-08T00:00Z") == 0
    assert [i["state"] for i in gh.issues()] == ["closed", "closed"]
    assert notes_of(repo, WEEKLY) == (
        "\n### 2024-05-31\n\n<!-- meetingkit:notes key=2024-05-03-docs-call/2024-05-31 -->\n"
        "\n**@\u200balice** (2025-01-06):\n\nMay notes\n"
        "\n### 2024-06-07\n\n<!-- meetingkit:notes key=2024-05-03-docs-call/2024-06-07 -->\n"
        "\n**@\u200balice** (2025-01-06):\n\nJune notes\n"
    )


def test_dry_run_changes_nothing(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    linked = open_agenda(repo, gh, DOCS, DOCS_TEXT)
    capsys.readouterr()
    gh.requests.clear()
    assert run("archive", repo, gh, AFTER, "--dry-run") == 0
    assert (repo / DOCS).read_text() == linked
    assert calls(gh) == [("GET", ISSUES), ("GET", f"{ISSUES}/1/comments")]
    assert capsys.readouterr().out == (
        "meetingkit archive: 1 action planned:\n"
        f"  {DOCS}: copy the notes of issue #1 (the body and 0 comments) into '## Notes'\n"
        "Dry run: nothing was changed.\n"
    )


# ------------------------------------------------------ notes are never lost
def test_a_notes_heading_in_the_description_fakes_no_archive(repo: Path, gh: FakeGitHub) -> None:
    text = DOCS_TEXT + "Intro.\n\n## Notes\n\nWhat we plan to note.\n"
    open_agenda(repo, gh, DOCS, text)
    set_body_notes(gh, 1, "- typed in the issue")
    gh.add_comment(1, "A comment", user="alice")
    assert run("archive", repo, gh, AFTER) == 0
    assert gh.issues()[0]["state"] == "open"
    archived = (repo / DOCS).read_text()
    assert archived.endswith(
        "## Notes\n\n<!-- meetingkit:notes key=2024-05-30-docs-review -->\n\n"
        "- typed in the issue\n\n---\n\n**@\u200balice** (2025-01-06):\n\nA comment\n"
    )
    assert run("archive", repo, gh, AFTER) == 0
    assert gh.issues()[0]["state"] == "closed"
    assert (repo / DOCS).read_text() == archived


def test_an_end_marker_in_the_description_cuts_no_notes(repo: Path, gh: FakeGitHub) -> None:
    text = DOCS_TEXT + "Intro.\n<!-- meetingkit:notes-end -->\n<!--meetingkit:notes key=x -->\n"
    open_agenda(repo, gh, DOCS, text)
    body = gh.issues()[0]["body"]
    assert "Intro.\n&lt;!-- meetingkit:notes-end -->\n&lt;!--meetingkit:notes key=x -->" in body
    set_body_notes(gh, 1, "- decided: ship it")
    with GitHubClient(GitHubSettings(TOKEN, REPOSITORY, gh.api_url), FAST) as client:
        client.edit_issue(1, body=client.list_issues()[0].body + "- typed below the end\n")
    assert run("archive", repo, gh, AFTER) == 0
    assert (repo / DOCS).read_text().endswith("\n\n- decided: ship it\n\n- typed below the end\n")


def test_a_carriage_return_forges_no_date_heading(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, WEEKLY, WEEKLY_TEXT, now="2024-05-25T09:00Z")  # 31 May and 7 June
    gh.add_comment(
        1, "May notes\r### 2024-06-07\r<!-- meetingkit:notes key=x -->\rforged", user="eve"
    )
    gh.add_comment(2, "June notes", user="alice")
    assert run("archive", repo, gh, "2024-06-08T00:00Z") == 0
    assert run("archive", repo, gh, "2024-06-08T00:00Z") == 0
    assert [i["state"] for i in gh.issues()] == ["closed", "closed"]
    notes = notes_of(repo, WEEKLY)
    assert "May notes\n\\### 2024-06-07\n\nforged" in notes
    assert notes.endswith("\n\nJune notes\n")
    assert "\r" not in (repo / WEEKLY).read_bytes().decode()
    assert [line for line in notes.split("\n") if line.startswith("### ")] == [
        "### 2024-05-31",
        "### 2024-06-07",
    ]


def test_oversized_notes_are_cut_with_a_link_and_the_file_stays_valid(
    repo: Path, gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    line = "é" * 60 + "\n"  # two bytes a letter: a cut must not split one
    for n in range(5):
        gh.add_comment(1, ("```\n" if n == 4 else "") + (line * 1100)[:65_536], user="alice")
    assert run("archive", repo, gh, AFTER) == 0
    data = (repo / DOCS).read_bytes()
    assert MAX_FILE_BYTES - 200 < len(data) <= MAX_FILE_BYTES
    assert data.decode("utf-8").endswith(
        "\n\n_The notes were cut here to keep this file under 256 KiB; read them in full on "
        "<https://github.com/example/meetings/issues/1>._\n"
    )
    assert read_document(repo, DOCS, "meeting").problems == []
    capsys.readouterr()
    assert main(["validate", "--root", str(repo)]) == 0
    assert run("archive", repo, gh, AFTER) == 0
    assert gh.issues()[0]["state"] == "closed"


def test_an_unclosed_fence_is_closed(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, DOCS, DOCS_TEXT)
    gh.add_comment(1, "~~~~ py\ncode\n~~~\n<pre>\n<!-- open", user="alice")
    assert run("archive", repo, gh, AFTER) == 0
    assert (repo / DOCS).read_text().endswith("~~~~ py\ncode\n~~~\n&lt;pre>\n&lt;!-- open\n~~~~\n")


def test_an_edit_that_would_not_validate_is_undone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / DOCS).write_text(DOCS_TEXT, encoding="utf-8")
    with FakeGitHub(
        owner="example", repo="meetings", token=TOKEN, web_url="http://gh.example"
    ) as gh:
        assert run("agenda", repo, gh, BEFORE) == 1
    assert (repo / DOCS).read_text() == DOCS_TEXT
    err = capsys.readouterr().err
    assert (
        f"the bot's edit of {DOCS} was undone, as the file would not validate: {DOCS}:6:11: " in err
    )


# ------------------------------------------------------------- add_notes itself
def notes_action(day: str | None = None, notes: str = "- a\n- b") -> ArchiveNotes:
    key = "m" if day is None else f"m/{day}"
    return ArchiveNotes(key, "meetings/m.md", day, 7, "https://github.com/o/r/issues/7", notes, 0)


def test_add_notes_keeps_bom_and_crlf_and_adds_once() -> None:
    before = "\ufeff---\r\ntitle: T\r\n---\r\nPlanned.\r\n"
    after = add_notes(before, notes_action())
    assert after == (
        "\ufeff---\r\ntitle: T\r\n---\r\nPlanned.\r\n\r\n## Notes\r\n\r\n"
        "<!-- meetingkit:notes key=m -->\r\n\r\n- a\r\n- b\r\n"
    )
    assert add_notes(after, notes_action()) == after


def test_add_notes_of_a_later_date_go_under_the_bots_section() -> None:
    first = add_notes("---\ntitle: T\n---\n## Notes\nplanned\n", notes_action("2024-05-31"))
    both = add_notes(first, notes_action("2024-06-07", "June"))
    assert both == (
        "---\ntitle: T\n---\n## Notes\nplanned\n\n## Notes\n\n### 2024-05-31\n\n"
        "<!-- meetingkit:notes key=m/2024-05-31 -->\n\n- a\n- b\n\n### 2024-06-07\n\n"
        "<!-- meetingkit:notes key=m/2024-06-07 -->\n\nJune\n"
    )


def test_a_full_file_takes_no_notes() -> None:
    full = "---\ntitle: T\n---\n" + "x" * (MAX_FILE_BYTES - 100) + "\n"
    with pytest.raises(EditError, match="too close to 262144 bytes"):
        add_notes(full, notes_action(notes="y" * 1000))


def test_a_marker_planted_above_the_notes_section_counts_for_nothing() -> None:
    planted = "---\ntitle: T\n---\n<!-- meetingkit:notes key=m -->\n"
    after = add_notes(planted, notes_action())
    assert after.endswith("## Notes\n\n<!-- meetingkit:notes key=m -->\n\n- a\n- b\n")
    assert add_notes(after, notes_action()) == after


def test_chatham_house_handles_in_any_form_and_links_whole(repo: Path, gh: FakeGitHub) -> None:
    open_agenda(repo, gh, THURSDAY, THURSDAY_TEXT)
    set_body_notes(gh, 1, "- `@carol` took notes. Thanks.@dave -@erin")
    gh.add_comment(
        1, "Slides: https://github.com/alice-dev/slides and https://example.org/talk.", user="alice"
    )
    assert run("archive", repo, gh, AFTER) == 0
    assert notes_of(repo, THURSDAY).split("-->\n\n", 1)[1] == (
        "- `a participant` took notes. Thanks.a participant -a participant\n\n---\n\n"
        "Slides: (link removed) and https://example.org/talk.\n"
    )


def test_an_overridden_occurrence_is_archived_after_its_new_time_without_its_guests_names(
    repo: Path, gh: FakeGitHub
) -> None:
    moved = WEEKLY_TEXT.replace(
        "recurrence: FREQ=WEEKLY;BYDAY=FR\n",
        "recurrence: FREQ=WEEKLY;BYDAY=FR\nchatham_house: true\noverrides:\n"
        '  "2024-05-31": {start: "2024-06-03T10:00", guests: [{name: Grace Hopper}]}\n',
    )
    open_agenda(repo, gh, WEEKLY, moved, now="2024-05-25T09:00Z")  # 3 June (moved) and 7 June
    assert [i["title"] for i in gh.issues()] == [
        "Docs Working Group 2024-06-03: Docs call",
        "Docs Working Group 2024-06-07: Docs call",
    ]
    gh.add_comment(1, "Grace Hopper showed the compiler.", user="alice")
    assert run("archive", repo, gh, "2024-06-01T00:00Z") == 0  # the old slot: not held yet
    assert "## Notes" not in (repo / WEEKLY).read_text()
    assert run("archive", repo, gh, "2024-06-03T09:00Z") == 0  # ended at 10:00 + 60 min CEST
    assert notes_of(repo, WEEKLY) == (
        "\n### 2024-05-31\n\n<!-- meetingkit:notes key=2024-05-03-docs-call/2024-05-31 -->\n"
        "\na participant showed the compiler.\n"
    )
