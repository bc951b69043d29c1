"""The repository boundary: what is listed and read, and what is refused before reading."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from meetingkit.load.repository import load_repository, shown_path
from meetingkit.report import github_report, json_report, markdown_summary, text_report
from meetingkit.validate.run import validate_repository

BASE_MEETING = "meetings/2024/2024-04-25-thursday-call.md"
SECRET = "secret-outside-the-repository"
LINK = (
    "is a symbolic link; content files and folders must be real ones inside the repository "
    "(meetingkit follows no link, so that nothing outside it is read or written) (file-name)"
)
BAD_NAME = (
    "error: the name holds a line break, a control or invisible character, or bytes that "
    "are not UTF-8; rename it with letters, digits and hyphens (file-name)"
)


def report(root: Path) -> str:
    out = io.StringIO()
    text_report(validate_repository(load_repository(root)), out)
    return out.getvalue()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository holding content-shaped files with a secret."""
    folder = tmp_path / "outside"
    (folder / "2024").mkdir(parents=True)
    meeting = f'---\ntitle: "{SECRET}"\nstart: "2024-05-30T14:00"\n---\n{SECRET}\n'
    (folder / "2024/2024-05-30-leak.md").write_text(meeting, encoding="utf-8")
    (folder / "leak.yaml").write_text(f"name: {SECRET}\ntimezone: UTC\n", encoding="utf-8")
    (folder / "leak.md").write_text(f"---\nname: {SECRET}\nscope: x\n---\n", encoding="utf-8")
    (folder / "site.yaml").write_text(f"{SECRET}: [\n", encoding="utf-8")
    return folder


def test_a_linked_site_file_is_refused_unread(base_repo: Path, outside: Path) -> None:
    (base_repo / "site.yaml").unlink()
    (base_repo / "site.yaml").symlink_to(outside / "site.yaml")
    assert report(base_repo) == f"site.yaml:1:1: error: site.yaml {LINK}\n1 error in 1 file\n"


@pytest.mark.parametrize(
    ("folder", "target"),
    [("meetings", ""), ("meetings/2024", "2024"), ("series", ""), ("working-groups", "")],
)
def test_a_linked_content_folder_is_refused_unread(
    base_repo: Path, outside: Path, folder: str, target: str
) -> None:
    shutil.rmtree(base_repo / folder)
    (base_repo / folder).symlink_to(outside / target, target_is_directory=True)
    repo = load_repository(base_repo)
    shown = "this" if "/" in folder else "this folder"  # a year folder is listed, not named
    assert [str(p) for p in repo.problems] == [f"{folder}:1:1: error: {shown} {LINK}"]
    assert all(SECRET not in f"{d.text}{d.data}" for d in repo.documents())
    assert SECRET not in report(base_repo)


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("meetings/2024/2024-05-30-leak.md", "2024/2024-05-30-leak.md"),
        ("series/leak.yaml", "leak.yaml"),
        ("working-groups/leak.md", "leak.md"),
        ("meetings/README.md", "leak.md"),  # build would write the index through it
    ],
)
def test_a_linked_content_file_is_refused_unread(
    base_repo: Path, outside: Path, link: str, target: str
) -> None:
    (base_repo / link).symlink_to(outside / target)
    assert report(base_repo) == f"{link}:1:1: error: this {LINK}\n1 error in 1 file\n"


def test_a_link_inside_the_repository_is_refused_too(base_repo: Path) -> None:
    (base_repo / "meetings/2024/2024-05-30-copy.md").symlink_to(base_repo / BASE_MEETING)
    link = "meetings/2024/2024-05-30-copy.md"
    assert report(base_repo) == f"{link}:1:1: error: this {LINK}\n1 error in 1 file\n"


def nest(folder: Path, depth: int) -> None:
    """folder/a/a/…/a, made one level at a time (os.makedirs recurses)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("a", dir_fd=fd)
            fd, parent = os.open("a", os.O_RDONLY, dir_fd=fd), fd
            os.close(parent)
    finally:
        os.close(fd)


def unnest(folder: Path, depth: int) -> None:
    """Remove what nest made, deepest first, without recursion (shutil.rmtree recurses)."""
    for level in range(depth, 0, -1):
        os.rmdir(folder.joinpath(*["a"] * level))


@pytest.mark.skipif(os.mkdir not in os.supports_dir_fd, reason="needs mkdir(dir_fd=)")
@pytest.mark.parametrize(("under", "flagged"), [("meetings/2024", "a"), ("meetings", "a/a")])
def test_a_deeply_nested_folder_is_one_located_error(
    base_repo: Path, under: str, flagged: str
) -> None:
    nest(base_repo / under, 1500)
    try:
        assert report(base_repo) == (
            f"{under}/{flagged}:1:1: error: this is a folder inside a year folder; meeting "
            "files sit directly in meetings/YYYY/ (named YYYY-MM-DD-<slug>.md): move them out "
            "and remove the folder (file-name)\n1 error in 1 file\n"
        )
    finally:
        unnest(base_repo / under, 1500)


HOSTILE_NAMES = [
    (
        b"2024-05-30-x\n::error title=Owned::forged.md",
        r"2024-05-30-x\n::error title=Owned::forged.md",
    ),
    (b"2024-05-30-x\n::add-mask::token.md", r"2024-05-30-x\n::add-mask::token.md"),
    (b"2024-05-30-x\r::warning::y.md", r"2024-05-30-x\r::warning::y.md"),
    (b"2024-05-30-\x1b[31mred.md", r"2024-05-30-\x1b[31mred.md"),
    (b"2024-05-30-\xe2\x80\xaeevil.md", r"2024-05-30-\u202eevil.md"),
    (b"2024-05-30-\xff\xfe.md", r"2024-05-30-\xff\xfe.md"),
]


@pytest.mark.parametrize(("raw", "shown"), HOSTILE_NAMES)
def test_a_hostile_file_name_is_refused_and_every_reporter_escapes_it(
    base_repo: Path, raw: bytes, shown: str
) -> None:
    folder = os.fsencode(base_repo / "meetings/2024")
    try:
        with open(os.path.join(folder, raw), "wb") as file:
            file.write(b"---\ntitle: T\nstart: '2024-05-30T14:00'\n---\n")
    except OSError:
        pytest.skip("this file system does not take such a name")
    problems = validate_repository(load_repository(base_repo))
    path = f"meetings/2024/{shown}"
    assert [str(p) for p in problems] == [f"{path}:1:1: {BAD_NAME}"]

    text, github, as_json = io.StringIO(), io.StringIO(), io.StringIO()
    text_report(problems, text)
    github_report(problems, github)
    json_report(problems, as_json)
    assert text.getvalue() == f"{path}:1:1: {BAD_NAME}\n1 error in 1 file\n"
    assert github.getvalue().count("\n") == 2  # one annotation, one count
    assert github.getvalue().startswith(f"::error file={path.replace(':', '%3A')},line=1,")
    assert json.loads(as_json.getvalue())[0]["path"] == path
    summary = markdown_summary(problems)
    summary.encode("utf-8")  # no lone surrogate left to fail the job summary's write
    assert summary.count("\n") == 8
    for out in (text.getvalue(), github.getvalue(), as_json.getvalue(), summary):
        out.encode("ascii", "strict") if raw.isascii() else out.encode("utf-8")
        assert "\r" not in out
        assert not any(line.startswith("::") for line in out.splitlines()[1:])


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("meetings/2024/ok.md", "meetings/2024/ok.md"),
        ("meetings/2024/é.md", "meetings/2024/é.md"),
        ("a\nb", r"a\nb"),
        ("a\u2028b\tc", r"a\u2028b\tc"),
        (os.fsdecode(b"a\xffb"), r"a\xffb"),
    ],
)
def test_shown_path(given: str, shown: str) -> None:
    assert shown_path(given) == shown


def case_sensitive(folder: Path) -> bool:
    (folder / "probe").touch()
    try:
        return not (folder / "PROBE").exists()
    finally:
        (folder / "probe").unlink()


def test_names_that_differ_only_in_case_are_refused(base_repo: Path) -> None:
    if not case_sensitive(base_repo):
        pytest.skip("a case-insensitive file system holds only one of the two names")
    other = "meetings/2024/2024-04-25-Thursday-call.md"
    shutil.copy(base_repo / BASE_MEETING, base_repo / other)
    shutil.copy(base_repo / "working-groups/docs.md", base_repo / "working-groups/Docs.md")
    clash = "only in upper and lower case: on macOS and Windows checkouts both are one file; rename or remove one (file-name)"
    assert report(base_repo).splitlines() == [
        f"{other}:1:1: error: differs from {BASE_MEETING} {clash}",
        f"{other}:1:1: error: meeting files are named meetings/YYYY/YYYY-MM-DD-<slug>.md, with "
        "the year folder matching the date and a lower-case slug such as monthly-call "
        "(file-name)",
        f"{BASE_MEETING}:1:1: error: differs from {other} {clash}",
        f"working-groups/Docs.md:1:1: error: differs from working-groups/docs.md {clash}",
        "working-groups/Docs.md:1:1: error: the file name 'Docs' is used as an id: use "
        "lower-case letters, digits and single hyphens, such as 'community-call' (file-name)",
        f"working-groups/docs.md:1:1: error: differs from working-groups/Docs.md {clash}",
        "6 errors in 4 files",
    ]


def test_generated_index_and_dotfiles_are_not_meetings(base_repo: Path) -> None:
    (base_repo / "meetings/README.md").write_bytes(b"# generated\n")
    (base_repo / "meetings/2024/.DS_Store").write_bytes(b"\x00")
    (base_repo / "meetings/.cache").mkdir()
    (base_repo / "meetings/.cache/x.md").write_bytes(b"x")
    repo = load_repository(base_repo)
    assert [d.path for d in repo.meetings] == [BASE_MEETING]
    assert repo.problems == []


@pytest.mark.parametrize(
    ("folder", "raw", "shown"),
    [
        ("meetings", b"20\n24", r"meetings/20\n24"),
        ("series", b"x\n::error::y.yaml", r"series/x\n::error::y.yaml"),
        ("working-groups", b"\xff.md", r"working-groups/\xff.md"),
    ],
)
def test_a_hostile_folder_or_series_name_is_refused_unread(
    base_repo: Path, folder: str, raw: bytes, shown: str
) -> None:
    target = os.path.join(os.fsencode(base_repo / folder), raw)
    try:
        if folder == "meetings":
            os.mkdir(target)
            target = os.path.join(target, b"2024-05-30-x.md")
        with open(target, "wb") as file:
            file.write(b"name: X\ntimezone: UTC\n")
    except OSError:
        pytest.skip("this file system does not take such a name")
    assert report(base_repo) == f"{shown}:1:1: {BAD_NAME}\n1 error in 1 file\n"
