"""Find the content files of a programme repository, and nothing outside it.

Only real files and folders are read: a symbolic link anywhere among the content is
refused, so a pull request cannot make CI read (and publish) a file outside the repository
or make ``build`` write through a link. File names are checked before anything prints them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from meetingkit.load.document import Document, read_document
from meetingkit.load.yaml12 import Located
from meetingkit.problems import Problem, printable

SITE_FILE = "site.yaml"
MEETING_PATH = re.compile(
    r"^meetings/([0-9]{4})/([0-9]{4})-([0-9]{2})-([0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z"
)
GENERATED = frozenset({"meetings/README.md"})
_LINK = (
    "is a symbolic link; content files and folders must be real ones inside the repository "
    "(meetingkit follows no link, so that nothing outside it is read or written)"
)
_BAD_NAME = (
    "the name holds a line break, a control or invisible character, or bytes that are not "
    "UTF-8; rename it with letters, digits and hyphens"
)
_TOO_DEEP = (
    "is a folder inside a year folder; meeting files sit directly in meetings/YYYY/ (named "
    "YYYY-MM-DD-<slug>.md): move them out and remove the folder"
)
_LAYOUT = (
    "meeting files are named meetings/YYYY/YYYY-MM-DD-<slug>.md, with the year folder matching "
    "the date and a lower-case slug such as monthly-call"
)


class NotARepository(Exception):
    """No site.yaml here or above: the command was run outside a programme repository."""


@dataclass
class Repository:
    root: Path
    site: Document | None = None
    series: list[Document] = field(default_factory=list)
    working_groups: list[Document] = field(default_factory=list)
    meetings: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # files that belong nowhere

    def documents(self) -> Iterator[Document]:
        if self.site:
            yield self.site
        yield from self.series
        yield from self.working_groups
        yield from self.meetings


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding a site.yaml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / SITE_FILE).is_file():
            return candidate
    raise NotARepository(
        f"no {SITE_FILE} found in {start} or any parent directory; run meetingkit inside a "
        "meetings repository or pass --root"
    )


def load_repository(root: Path) -> Repository:
    """Read every content file under ``root``; never raises for bad content."""
    repo = Repository(root)
    if (root / SITE_FILE).is_symlink():
        refused = Document(SITE_FILE, "site", None, Located(None))
        refused.problems.append(_problem(SITE_FILE, f"{SITE_FILE} {_LINK}"))
        repo.site = refused
    elif (root / SITE_FILE).is_file():
        repo.site = read_document(root, SITE_FILE, "site")
    scan = _Scan(root, repo.problems)
    series = scan.folder_files("series", ".yaml")
    groups = scan.folder_files("working-groups", ".md")
    meetings = scan.meeting_files()
    repo.problems.extend(_case_clashes(scan.seen))
    repo.series = [read_document(root, path, "series") for path in series]
    repo.working_groups = [read_document(root, path, "working_group") for path in groups]
    repo.meetings = [read_document(root, path, "meeting") for path in meetings]
    return repo


def shown_path(relative: str) -> str:
    """The path as a message may print it: bytes that are not UTF-8 (which the file
    system hands over as lone surrogates) and unprintable characters escaped."""
    return printable(os.fsencode(relative).decode("utf-8", "backslashreplace"))


def _problem(relative: str, message: str) -> Problem:
    return Problem(relative, 1, 1, "error", message, "file-name")


@dataclass
class _Scan:
    """Lists the content folders, refusing what must not be read; ``seen`` collects every
    path listed, for the check of names that differ only in case."""

    root: Path
    problems: list[Problem]
    seen: list[str] = field(default_factory=list)

    def entries(self, folder: str) -> Iterator[os.DirEntry[str]]:
        """The entries of a content folder that are safe to name and no links, by name."""
        try:
            with os.scandir(self.root / folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(_problem(folder, f"cannot list this folder: {exc.strerror}"))
            return
        for entry in entries:
            relative = f"{folder}/{entry.name}"
            if shown_path(entry.name) != entry.name:
                self.problems.append(_problem(shown_path(relative), _BAD_NAME))
                continue
            self.seen.append(relative)
            if entry.is_symlink():
                self.problems.append(_problem(relative, f"this {_LINK}"))
            else:
                yield entry

    def is_folder(self, folder: str) -> bool:
        """Whether ``folder`` is a real folder to read; a link to one is refused."""
        if (self.root / folder).is_symlink():
            self.problems.append(_problem(folder, f"this folder {_LINK}"))
            return False
        return (self.root / folder).is_dir()

    def folder_files(self, folder: str, suffix: str) -> list[str]:
        """series/*.yaml, working-groups/*.md (not README.md); subfolders are not read."""
        if not self.is_folder(folder):
            return []
        return [
            f"{folder}/{entry.name}"
            for entry in self.entries(folder)
            if entry.name.endswith(suffix)
            and entry.name != "README.md"
            and entry.is_file(follow_symlinks=False)
        ]

    def meeting_files(self) -> list[str]:
        """meetings/YYYY/*.md, walked two levels deep without recursion, whatever lies below."""
        if not self.is_folder("meetings"):
            return []
        found: list[str] = []
        folders = ["meetings"]
        while folders:
            folder = folders.pop()
            for entry in self.entries(folder):
                relative = f"{folder}/{entry.name}"
                if entry.name.startswith(".") or relative in GENERATED:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if folder == "meetings":
                        folders.append(relative)
                    else:
                        self.problems.append(_problem(relative, f"this {_TOO_DEEP}"))
                elif entry.is_file(follow_symlinks=False):
                    if MEETING_PATH.match(relative):
                        found.append(relative)
                    else:
                        self.problems.append(_problem(relative, _LAYOUT))
        return sorted(found)


def _case_clashes(paths: Iterable[str]) -> Iterator[Problem]:
    """Paths that differ only in case are one file on macOS and Windows checkouts."""
    by_folded: dict[str, list[str]] = {}
    for path in paths:
        by_folded.setdefault(path.casefold(), []).append(path)
    for clash in by_folded.values():
        for path in clash if len(clash) > 1 else ():
            others = ", ".join(p for p in clash if p != path)
            yield _problem(
                path,
                f"differs from {others} only in upper and lower case: on macOS and Windows "
                "checkouts both are one file; rename or remove one",
            )
