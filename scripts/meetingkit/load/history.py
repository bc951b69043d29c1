"""What git knows about each file: how often it changed and when it last did.

One ``git log`` over the whole history (not one call per file) gives every meeting's
SEQUENCE and LAST-MODIFIED, so calendar clients see an edit as newer while two builds of the
same commit stay byte-identical. Outside a git checkout there is no history: all zeros.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class FileHistory:
    commits: int
    last_change: datetime  # UTC


def file_histories(root: Path, folders: tuple[str, ...] = ("meetings",)) -> dict[str, FileHistory]:
    """Repository-relative path → history, for files under ``folders`` that git tracks."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=@%ct", "--name-only", "--no-renames",
             "--", *folders],
            capture_output=True, text=True, check=True, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = _prefix(root)
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    stamp = 0
    for line in result.stdout.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line:
            path = line[len(prefix):] if prefix and line.startswith(prefix) else line
            counts[path] = counts.get(path, 0) + 1
            latest.setdefault(path, stamp)  # git log lists the newest commit first
    return {
        path: FileHistory(counts[path], datetime.fromtimestamp(latest[path], UTC))
        for path in counts
    }


def is_shallow(root: Path) -> bool:
    """Whether ``root`` is in a shallow clone, whose history undercounts each file's edits."""
    return _rev_parse(root, "--is-shallow-repository") == "true"


def _prefix(root: Path) -> str:
    """Paths git prints are relative to the top of the work tree, which may be above root."""
    return _rev_parse(root, "--show-prefix")


def _rev_parse(root: Path, option: str) -> str:
    """What ``git rev-parse <option>`` prints; "" outside a checkout or without git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", option],
            capture_output=True, text=True, check=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip()
