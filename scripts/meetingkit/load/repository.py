"""Find the content files of a programme repository."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from meetingkit.load.document import Document, Kind, read_document
from meetingkit.problems import Problem

SITE_FILE = "site.yaml"
MEETING_PATH = re.compile(
    r"^meetings/(\d{4})/(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$"
)
GENERATED = frozenset({"meetings/README.md"})


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
    if (root / SITE_FILE).is_file():
        repo.site = read_document(root, SITE_FILE, "site")
    repo.series = _read_all(root, "series", "*.yaml", "series")
    repo.working_groups = [d for d in _read_all(root, "working-groups", "*.md", "working_group")]
    meetings_dir = root / "meetings"
    meeting_paths: list[str] = []
    for path in sorted(meetings_dir.rglob("*")) if meetings_dir.is_dir() else []:
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            repo.problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    "error",
                    "a content file must be a regular file, not a symbolic link",
                    "file-name",
                )
            )
            continue
        if not path.is_file() or relative in GENERATED or path.name.startswith("."):
            continue
        if path.suffix != ".md" or not MEETING_PATH.match(relative):
            repo.problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    "error",
                    "meeting files are named meetings/YYYY/YYYY-MM-DD-<slug>.md, with the year "
                    "folder matching the date and a lower-case slug such as thursday-touchpoint",
                    "file-name",
                )
            )
            continue
        meeting_paths.append(relative)
    repo.meetings = [read_document(root, path, "meeting") for path in meeting_paths]
    return repo


def _read_all(root: Path, folder: str, pattern: str, kind: Kind) -> list[Document]:
    directory = root / folder
    if not directory.is_dir():
        return []
    # Symbolic links are skipped: a pull request must not make CI read files elsewhere.
    return [
        read_document(root, path.relative_to(root).as_posix(), kind)
        for path in sorted(directory.glob(pattern))
        if path.is_file() and not path.is_symlink() and path.name != "README.md"
    ]
