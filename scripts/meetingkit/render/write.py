"""Writing rendered output: the site folder replaced as a whole, generated files compared.

The site is written into a fresh sibling folder that then takes the old one's place, so
files of removed meetings do not linger and a failed build leaves the previous site intact.
Because the old folder is deleted, only a folder that meetingkit wrote (it holds
``.meetingkit-build``), an empty one or a missing one is ever replaced: ``--out .`` or
``--out ~/Documents`` fails instead of deleting someone's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
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


def replace_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Make ``out`` hold exactly ``files`` (relative POSIX path → bytes), plus the marker."""
    out = out.absolute()
    if not _replaceable(out):
        raise WriteError(
            f"{out} exists and was not written by meetingkit build (it has no {MARKER} file); "
            "choose another --out folder or empty this one"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    except OSError as exc:
        raise WriteError(f"cannot write to {out.parent}: {exc.strerror or exc}") from None
    try:
        # mkdtemp makes the folder private (0700); the site is public and meant to be served.
        os.chmod(fresh, 0o755)  # noqa: S103
        targets = {
            relative: fresh.joinpath(*_checked(relative).parts) for relative in sorted(files)
        }
        # One mkdir per folder, not per file: a build writes two files per meeting.
        for folder in sorted({target.parent for target in targets.values()}):
            folder.mkdir(parents=True, exist_ok=True)
        for relative, target in targets.items():
            with open(target, "wb") as handle:
                handle.write(files[relative])
        (fresh / MARKER).write_bytes(MARKER_TEXT)
        _swap(fresh, out)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise WriteError(f"cannot write {out}: {exc.strerror or exc}") from None
    except WriteError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


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
