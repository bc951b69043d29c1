"""Stored outputs of the mini fixture: every feed, meetings.json and meetings/README.md.

Run ``MEETINGKIT_BLESS=1 pytest tests/render/test_golden.py`` to accept new output, then
review the diff of tests/fixtures/mini.golden/ before committing it. The HTML pages are
tested by tests/render/test_site.py and are not stored here.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from mini_site import Built, build_copy

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "mini.golden"
BLESS = os.environ.get("MEETINGKIT_BLESS") == "1"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_copy(tmp_path_factory.mktemp("golden"))


def produced(built: Built) -> dict[str, bytes]:
    """The outputs this test stores: feeds and JSON under site/, the index under repo/."""
    files = {
        f"site/{p.relative_to(built.site).as_posix()}": p.read_bytes()
        for p in sorted(built.site.rglob("*"))
        if p.is_file() and p.suffix in (".ics", ".json")
    }
    files["repo/meetings/README.md"] = (built.root / "meetings" / "README.md").read_bytes()
    return files


def stored() -> dict[str, bytes]:
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes()
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file() and p.name != ".gitattributes"
    }


def bless(files: dict[str, bytes]) -> None:
    for child in GOLDEN.iterdir() if GOLDEN.exists() else ():
        if child.is_dir():
            shutil.rmtree(child)
    for relative, data in files.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def test_outputs_match_the_stored_files(mini: Built) -> None:
    files = produced(mini)
    if BLESS:
        bless(files)
        pytest.skip("MEETINGKIT_BLESS=1: stored outputs rewritten; review the diff")
    expected = stored()
    assert sorted(files) == sorted(expected), "run MEETINGKIT_BLESS=1 pytest to update"
    for relative, data in files.items():
        if data != expected[relative]:
            diff = difflib.unified_diff(
                expected[relative].decode().splitlines(),
                data.decode().splitlines(),
                f"stored/{relative}",
                f"built/{relative}",
                lineterm="",
            )
            pytest.fail("\n".join(diff) + "\n(MEETINGKIT_BLESS=1 pytest to accept)")


def test_the_stored_feeds_keep_crlf() -> None:
    """A checkout that converted line ends would make the comparison meaningless."""
    feed = (GOLDEN / "site" / "calendar.ics").read_bytes()
    assert feed.count(b"\r\n") == feed.count(b"\n") > 0
