"""One content file read from disk: its front matter (with positions) and Markdown body.

python-frontmatter silently returns empty metadata for a BOM, an unclosed block or a list,
so the grammar is our own and strict: line 1 is ``---``, a closing ``---`` line follows, the
YAML between them is a mapping, everything after is the body.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from meetingkit.load.yaml12 import Located, Mark, YamlFault, read_yaml
from meetingkit.problems import Problem, RuleId

Kind = Literal["meeting", "working_group", "series", "site"]
MAX_FILE_BYTES = 256 * 1024
_BOM = "\ufeff"


@dataclass
class Document:
    """A content file as loaded; ``data`` is None when it could not be read as a mapping."""

    path: str  # repository-relative, POSIX separators: how every message names the file
    kind: Kind
    data: dict[str, Any] | None
    located: Located
    body: str = ""
    body_line: int = 1
    text: str = ""
    problems: list[Problem] = field(default_factory=list)  # found while reading

    @property
    def id(self) -> str:
        """The file name without its extension: meeting, series and working-group ids."""
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]

    def mark(self, *path: str | int, key: bool = False) -> Mark:
        return self.located.mark_of(path, key=key)

    def problem(
        self,
        message: str,
        rule: RuleId,
        *path: str | int,
        key: bool = False,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        """A problem placed at the key or value written at ``path`` (or its nearest parent)."""
        mark = self.mark(*path, key=key)
        return Problem(self.path, mark.line, mark.col, severity, message, rule)


def read_document(root: Path, relative: str, kind: Kind) -> Document:
    """Read and parse one file; problems of reading go into ``Document.problems``."""
    try:
        size, raw = _read_bytes(root / relative)
    except OSError as exc:
        doc = Document(relative, kind, None, Located(None))
        message = f"cannot read this file ({exc.strerror}); it must be a regular, readable file"
        doc.problems.append(Problem(relative, 1, 1, "error", message, "file-name"))
        return doc
    return parse_document(relative, raw, kind, size=size)


def parse_document(relative: str, raw: bytes, kind: Kind, *, size: int | None = None) -> Document:
    """Parse the bytes of a file that is (or would be) at ``relative``; ``size``: on disk."""
    doc = Document(relative, kind, None, Located(None))
    text = _decode(doc, len(raw) if size is None else size, raw)
    if text is None:
        return doc
    doc.text = text
    if kind in ("series", "site"):
        _parse_yaml(doc, text, first_line=1)
    else:
        _split_front_matter(doc, text)
    return doc


def _read_bytes(path: Path) -> tuple[int, bytes]:
    """(the file's size, its first MAX_FILE_BYTES + 1 bytes).

    What changed since the folder was listed raises OSError: a symbolic link is not
    followed, and a pipe or device is opened without waiting and not read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags | getattr(os, "O_BINARY", 0)), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return status.st_size, file.read(MAX_FILE_BYTES + 1)


def _decode(doc: Document, size: int, raw: bytes) -> str | None:
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        doc.problems.append(
            Problem(
                doc.path,
                1,
                1,
                "error",
                f"file is {max(size, len(raw))} bytes, more than the {MAX_FILE_BYTES} allowed; "
                "keep long notes in a linked document",
                "file-size",
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                doc.path,
                line,
                col,
                "error",
                f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                "encoding",
            )
        )
        return None
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened by ``lines[0]``, or None
    (not opened, or never closed). The bots' edits find the block by the same rule."""
    if not lines or lines[0].rstrip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def _split_front_matter(doc: Document, text: str) -> None:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        doc.problems.append(
            Problem(
                doc.path,
                1,
                1,
                "error",
                "the file must start with a line '---' that opens the front matter "
                "(fields such as title and start), closed by another '---' line",
                "front-matter",
            )
        )
        return
    closing = front_matter_end(lines)
    if closing is None:
        doc.problems.append(
            Problem(
                doc.path,
                1,
                1,
                "error",
                "the front matter opened on line 1 is never closed; add a line '---' after "
                "the last field",
                "front-matter",
            )
        )
        return
    doc.body = "\n".join(lines[closing + 1 :])
    doc.body_line = closing + 2
    _parse_yaml(doc, "\n".join(lines[1:closing]), first_line=2)


def _parse_yaml(doc: Document, text: str, first_line: int) -> None:
    try:
        located = read_yaml(text, first_line=first_line)
    except YamlFault as fault:
        doc.problems.append(
            Problem(doc.path, fault.mark.line, fault.mark.col, "error", fault.message, fault.rule)
        )
        return
    doc.located = located
    if isinstance(located.value, dict):
        doc.data = located.value
        return
    found = "nothing" if located.value is None else _kind_of(located.value)
    mark = located.value_mark(()) or Mark(first_line, 1)
    doc.problems.append(
        Problem(
            doc.path,
            mark.line,
            mark.col,
            "error",
            f"expected a mapping of fields ('title: ...' lines), found {found}",
            "front-matter",
        )
    )


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"the value {str(value)[:40]!r}"
