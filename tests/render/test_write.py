"""Replacing the output folder and comparing generated files."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingkit.render.write import (
    MARKER,
    WriteError,
    is_stale,
    replace_tree,
    write_if_changed,
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_exactly_the_files_and_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "site"
    replace_tree(out, {"a.ics": b"A", "calendars/b.ics": b"B"})
    assert tree(out) == {
        MARKER: b"Written by meetingkit build; this folder is replaced on every build.\n",
        "a.ics": b"A",
        "calendars/b.ics": b"B",
    }
    assert [p.name for p in tmp_path.joinpath("deep").iterdir()] == ["site"]  # no leftovers


def test_stale_files_do_not_linger(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"meetings/old.ics": b"old", "keep.ics": b"1"})
    replace_tree(out, {"keep.ics": b"2"})
    assert tree(out) == {MARKER: tree(out)[MARKER], "keep.ics": b"2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    replace_tree(out, {"x": b"x"})
    assert tree(out)["x"] == b"x"


def test_a_folder_meetingkit_did_not_write_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WriteError, match=f"was not written by meetingkit build .*{MARKER}"):
        replace_tree(tmp_path, {"x": b"x"})
    assert tree(tmp_path) == {"notes.txt": b"mine"}


def test_a_file_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteError):
        replace_tree(blocker, {"x": b"x"})
    with pytest.raises(WriteError, match="cannot write to"):
        replace_tree(blocker / "site", {"x": b"x"})
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("bad", ["../evil", "/abs", "a/../../b", MARKER, ""])
def test_paths_must_stay_inside(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"ok": b"1"})
    with pytest.raises(WriteError, match="not a plain relative path"):
        replace_tree(out, {"ok": b"2", bad: b"x"})
    assert tree(out)["ok"] == b"1"  # the previous site is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_is_stale_and_write_if_changed(tmp_path: Path) -> None:
    target = tmp_path / "meetings" / "README.md"
    assert is_stale(target, b"x")
    assert write_if_changed(target, b"x")
    assert not is_stale(target, b"x")
    assert not write_if_changed(target, b"x")
    assert is_stale(target, b"y")
    assert is_stale(tmp_path, b"y")  # a folder is not the file
