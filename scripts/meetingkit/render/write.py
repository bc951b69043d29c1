"""Writing rendered output: the site folder replaced as a whole, generated files compared.

The site is written into a fresh sibling folder that then takes the old one's place, so
files of removed meetings do not linger and a failed build leaves the previous site intact.
A file whose bytes are those of the previous build is hard-linked from it instead of
written: its modification time stays (what a web server reports as Last-Modified), and no
new inode is taken. That matters at scale: on ext4 without a journal, creating a file
scans past every inode freed in the last minute or more, so rewriting 20,000 files right
after deleting the previous 20,000 took 9–11 s on our CI machine instead of ~1 s. For the
same reason the fresh folder asks ext2/3/4 to place its subfolders away from it (what
``chattr +T`` does): after ``rm -rf site`` the next build's files then land where nothing was
just freed (measured: 20,000 files in 0.8 s instead of 6–17 s).
Because the old folder is deleted, only a folder that meetingkit wrote (it holds
``.meetingkit-build``), an empty one or a missing one is ever replaced: ``--out .`` or
``--out ~/Documents`` fails instead of deleting someone's files.
"""

from __future__ import annotations

import os
import platform
import shutil
import stat
import struct
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

MARKER = ".meetingkit-build"
MARKER_TEXT = b"Written by meetingkit build; this folder is replaced on every build.\n"


# FS_IOC_GETFLAGS / FS_IOC_SETFLAGS of linux/fs.h, _IOR/_IOW('f', 1 | 2, long) in the
# generic ioctl encoding, which these machines use (alpha, mips, powerpc, sparc do not).
_LONG = struct.calcsize("l")
_FS_IOC_GETFLAGS = (2 << 30) | (_LONG << 16) | (ord("f") << 8) | 1
_FS_IOC_SETFLAGS = (1 << 30) | (_LONG << 16) | (ord("f") << 8) | 2
_FS_TOPDIR_FL = 0x00020000
_GENERIC_IOCTL_MACHINES = frozenset(
    {"x86_64", "amd64", "i386", "i686", "aarch64", "arm64", "armv7l", "riscv64", "s390x"}
)


def spread_subfolders(folder: Path) -> bool:
    """Mark ``folder`` as the top of a tree for ext2/3/4's Orlov allocator (``chattr +T``).

    Only a placement hint: False, and nothing changed, on any other system or file system.
    """
    if not sys.platform.startswith("linux") or platform.machine() not in _GENERIC_IOCTL_MACHINES:
        return False
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        (flags,) = struct.unpack("i", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, struct.pack("i", 0)))
        fcntl.ioctl(fd, _FS_IOC_SETFLAGS, struct.pack("i", flags | _FS_TOPDIR_FL))
    except OSError:  # not ext2/3/4 (ENOTTY, EOPNOTSUPP) or not allowed (EPERM)
        return False
    finally:
        os.close(fd)
    return True


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


class SiteWriter:
    """A fresh sibling folder of ``out`` that takes its place once everything is written.

    ``write`` may be called several times, also from a forked worker (the folder is known
    before the fork); ``finish`` adds the marker and swaps the folders; leaving the ``with``
    block without ``finish`` (an error) deletes the fresh folder and keeps the old site.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        if not _replaceable(self.out):
            raise WriteError(
                f"{self.out} exists and was not written by meetingkit build (it has no "
                f"{MARKER} file); choose another --out folder or empty this one"
            )
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.fresh = Path(
                tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".new", dir=self.out.parent)
            )
            # mkdtemp makes the folder private (0700); the site is public, meant to be served.
            os.chmod(self.fresh, 0o755)  # noqa: S103
            spread_subfolders(self.fresh)
        except OSError as exc:
            raise WriteError(f"cannot write to {self.out.parent}: {exc.strerror or exc}") from None
        self.finished = False
        self.previous = self.out if (self.out / MARKER).is_file() else None
        self.linked = 0  # files kept from the previous build

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.finished:
            shutil.rmtree(self.fresh, ignore_errors=True)

    def write(self, files: Mapping[str, bytes]) -> None:
        targets = {
            relative: self.fresh.joinpath(*_checked(relative).parts) for relative in sorted(files)
        }
        try:
            # One mkdir per folder, not per file: a build writes two files per meeting.
            for folder in sorted({target.parent for target in targets.values()}):
                self._make_folder(folder)
            for relative, target in targets.items():
                if not self._link_unchanged(relative, target, files[relative]):
                    with open(target, "wb") as handle:
                        handle.write(files[relative])
        except OSError as exc:
            raise WriteError(f"cannot write {self.out}: {exc.strerror or exc}") from None

    def _make_folder(self, folder: Path) -> None:
        """``folder`` and its parents; a new top-level one made under a random name first.

        ext2/3/4 place a subfolder of a ``chattr +T`` folder by a hash of its name: the
        same name would land where the previous build's (maybe just deleted) files were.
        """
        if folder.exists():
            return
        if folder.parent != self.fresh:
            self._make_folder(folder.parent)
            folder.mkdir(exist_ok=True)
            return
        made = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=self.fresh))
        os.chmod(made, 0o755)  # noqa: S103  # public, as the site
        made.rename(folder)

    def _link_unchanged(self, relative: str, target: Path, data: bytes) -> bool:
        """Hard-link ``target`` to the previous build's file when that holds ``data``."""
        if self.previous is None:
            return False
        old = self.previous.joinpath(*PurePosixPath(relative).parts)
        try:
            fd = os.open(old, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:  # new, or not a plain file
            return False
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            if os.read(fd, len(data) + 1) != data:
                return False
        finally:
            os.close(fd)
        try:
            os.link(old, target, follow_symlinks=False)
        # A file system without hard links, or a platform without linkat (Windows raises
        # NotImplementedError for follow_symlinks=False): write the bytes instead.
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


def replace_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Make ``out`` hold exactly ``files`` (relative POSIX path → bytes), plus the marker."""
    with SiteWriter(out) as writer:
        writer.write(files)
        writer.finish()


def _swap(fresh: Path, out: Path) -> None:
    """Put ``fresh`` where ``out`` is, then delete the old folder."""
    if not out.exists():
        fresh.rename(out)
        return
    old = fresh.with_suffix(".old")
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
    """Write ``data`` unless the file already holds it (keeps mtimes); True if written."""
    if not is_stale(path, data):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True
