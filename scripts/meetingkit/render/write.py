"""Writing rendered output: the site folder replaced as a whole, generated files replaced atomically.

The site is written into a fresh sibling folder ``.<name>.new`` that then takes the old one's
place, so files of removed meetings do not linger and a failed or killed build leaves the
previous site intact (the next build deletes the leftover folder). A file whose bytes are
those of the previous build is hard-linked from it instead of written, so its modification
time (what a web server reports as Last-Modified) stays.
Because the old folder is deleted, only a folder that meetingkit wrote (it holds
``.meetingkit-build``), an empty one or a missing one is ever replaced: ``--out .`` or
``--out ~/Documents`` fails instead of deleting someone's files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path, PurePosixPath

MARKER = ".meetingkit-build"
MARKER_TEXT = b"Written by meetingkit build; this folder is replaced on every build.\n"


class WriteError(Exception):
    """The output could not be written; the message says where and why."""


def _checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or ".." in path.parts or relative == MARKER:
        raise WriteError(f"refusing to write {relative!r}: not a plain relative path")
    return path


def _replaceable(out: Path) -> bool:
    if not out.exists():
        return True
    if not out.is_dir() or out.is_symlink():
        return False
    return (out / MARKER).is_file() or not any(out.iterdir())


def _remove(folder: Path) -> None:
    """Delete a folder left by an earlier build (a symbolic link is unlinked, never followed)."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)


class SiteWriter:
    """A fresh sibling folder of ``out`` that takes its place once everything is written.

    ``write`` adds one file; ``finish`` adds the marker and swaps the folders; leaving the
    ``with`` block without ``finish`` (an error) deletes the fresh folder and keeps the old site.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        if not _replaceable(self.out):
            raise WriteError(
                f"{self.out} exists and was not written by meetingkit build (it has no "
                f"{MARKER} file); choose another --out folder or empty this one"
            )
        self.fresh = self.out.with_name(f".{self.out.name}.new")
        try:
            _remove(self.fresh)  # left by a build that was killed
            _remove(_old(self.out))
            self.fresh.mkdir(parents=True)
        except OSError as exc:
            raise WriteError(f"cannot write to {self.out.parent}: {exc.strerror or exc}") from None
        self.finished = False
        self.previous = self.out if (self.out / MARKER).is_file() else None
        self.written: set[str] = set()
        self.linked = 0  # files kept from the previous build

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.finished:
            shutil.rmtree(self.fresh, ignore_errors=True)

    def write(self, relative: str, data: bytes) -> None:
        if relative in self.written:  # a programming error between renderers, not bad content
            raise RuntimeError(f"two renderers produce {relative}")
        target = self.fresh.joinpath(*_checked(relative).parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not self._link_unchanged(relative, target, data):
                target.write_bytes(data)
        except OSError as exc:
            raise WriteError(f"cannot write {self.out}: {exc.strerror or exc}") from None
        self.written.add(relative)

    def _link_unchanged(self, relative: str, target: Path, data: bytes) -> bool:
        """Hard-link ``target`` to the previous build's file when that holds ``data``."""
        if self.previous is None:
            return False
        old = self.previous.joinpath(*PurePosixPath(relative).parts)
        try:
            info = old.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            if old.read_bytes() != data:
                return False
            os.link(old, target, follow_symlinks=False)
        # Missing, unreadable, a file system without hard links, or a platform without linkat
        # (Windows raises NotImplementedError for follow_symlinks=False): write the bytes.
        except (OSError, NotImplementedError):
            return False
        self.linked += 1
        return True

    def finish(self) -> None:
        try:
            (self.fresh / MARKER).write_bytes(MARKER_TEXT)
            _swap(self.fresh, self.out)
        except OSError as exc:
            raise WriteError(f"cannot write {self.out}: {exc.strerror or exc}") from None
        self.finished = True


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def _swap(fresh: Path, out: Path) -> None:
    """Put ``fresh`` where ``out`` is, then delete the old folder."""
    if not out.exists():
        fresh.rename(out)
        return
    old = _old(out)
    out.rename(old)
    try:
        fresh.rename(out)
    except OSError:
        old.rename(out)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def is_stale(path: Path, expected: bytes) -> bool:
    """True when ``path`` is missing or its bytes differ from ``expected``."""
    try:
        return path.read_bytes() != expected
    except OSError:  # missing, a folder, unreadable: not what would be generated
        return True


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it (keeps mtimes); True if written.

    Written to a temporary file beside it and renamed over it: a full disk or a killed build
    leaves the old file whole, never one cut short.
    """
    temporary = path.with_name(f".{path.name}.new")
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)  # left by a build that was killed
    if not is_stale(path, data):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True
