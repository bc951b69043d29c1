"""Replacing the output folder and comparing generated files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from meetingkit.render.write import (
    MARKER,
    SiteWriter,
    WriteError,
    is_stale,
    write_if_changed,
)


def replace_tree(out: Path, files: Mapping[str, bytes]) -> SiteWriter:
    with SiteWriter(out) as writer:
        for relative, data in files.items():
            writer.write(relative, data)
        writer.finish()
    return writer


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


def test_unchanged_files_are_linked_from_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"same.ics": b"same", "meetings/a.html": b"<p>a</p>", "edited": b"v1"})
    before = {name: (out / name).stat() for name in ("same.ics", "meetings/a.html", "edited")}
    with SiteWriter(out) as writer:
        writer.write("same.ics", b"same")
        writer.write("meetings/a.html", b"<p>a</p>")
        writer.write("edited", b"v2!")
        writer.finish()
    assert writer.linked == 2
    assert tree(out) == {
        MARKER: tree(out)[MARKER],
        "same.ics": b"same",
        "meetings/a.html": b"<p>a</p>",
        "edited": b"v2!",
    }
    for name in ("same.ics", "meetings/a.html"):
        after = (out / name).stat()
        assert (after.st_ino, after.st_mtime_ns, after.st_nlink) == (
            before[name].st_ino,
            before[name].st_mtime_ns,
            1,
        )
    assert (out / "edited").stat().st_ino != before["edited"].st_ino


def test_a_symlink_in_the_previous_build_is_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    secret = tmp_path / "secret"
    secret.write_bytes(b"same")
    replace_tree(out, {"x": b"x"})
    (out / "link.ics").symlink_to(secret)
    with SiteWriter(out) as writer:
        writer.write("link.ics", b"same")
        writer.finish()
    assert writer.linked == 0
    assert not (out / "link.ics").is_symlink()
    assert (out / "link.ics").stat().st_ino != secret.stat().st_ino


def test_a_failed_build_leaves_the_previous_site_and_its_links_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"a": b"a"})
    with SiteWriter(out) as writer:
        writer.write("a", b"a")
    assert tree(out) == {MARKER: tree(out)[MARKER], "a": b"a"}
    assert (out / "a").stat().st_nlink == 1
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


def test_folders_are_public_and_no_temporary_name_is_left(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"meetings/a.html": b"a", "calendars/x/y.ics": b"y", "top.ics": b"t"})
    folders = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir())
    assert folders == ["calendars", "calendars/x", "meetings"]
    assert {(out / f).stat().st_mode & 0o777 for f in folders} | {out.stat().st_mode & 0o777} == {
        0o755
    }


def test_without_hard_links_the_bytes_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"same.ics": b"same"})

    def no_links(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("link: follow_symlinks unavailable on this platform")

    monkeypatch.setattr(os, "link", no_links)
    with SiteWriter(out) as writer:
        writer.write("same.ics", b"same")
        writer.finish()
    assert (writer.linked, tree(out)["same.ics"]) == (0, b"same")


def test_a_build_that_was_killed_leaves_nothing_behind_the_next(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_tree(out, {"a": b"a"})
    for leftover in (tmp_path / ".site.new", tmp_path / ".site.old"):
        (leftover / "meetings").mkdir(parents=True)
        (leftover / "meetings" / "x.html").write_bytes(b"half")
    replace_tree(out, {"b": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert tree(out) == {MARKER: tree(out)[MARKER], "b": b"b"}


def test_two_renderers_writing_one_file_is_a_programming_error(tmp_path: Path) -> None:
    with SiteWriter(tmp_path / "site") as writer:
        writer.write("a", b"1")
        with pytest.raises(RuntimeError, match="two renderers produce a"):
            writer.write("a", b"2")
    assert not (tmp_path / "site").exists()


def test_a_full_disk_leaves_the_generated_file_whole(tmp_path: Path) -> None:
    """The file size limit makes the write fail as a full disk would (EFBIG instead of ENOSPC)."""
    target = tmp_path / "README.md"
    target.write_bytes(b"| old | table |\n")
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from meetingkit.render.write import WriteError, write_if_changed\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))\n"
        "try:\n"
        "    write_if_changed(Path(sys.argv[1]), b'| new | row |\\n' * 1000)\n"
        "except WriteError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"cannot write {target}: File too large\n"
    assert target.read_bytes() == b"| old | table |\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_a_temporary_file_left_by_a_killed_build_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"x")
    (tmp_path / ".README.md.new").write_bytes(b"half")
    assert not write_if_changed(target, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
