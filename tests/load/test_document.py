from __future__ import annotations

import os
from pathlib import Path

from meetingkit.load.document import MAX_FILE_BYTES, read_document


def write(root: Path, relative: str, data: bytes) -> str:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_bytes(data)
    return relative


def test_front_matter_and_body_are_split(tmp_path: Path) -> None:
    rel = write(tmp_path, "meetings/2024/2024-04-25-x.md", b"---\ntitle: T\n---\nHello\n")
    doc = read_document(tmp_path, rel, "meeting")
    assert (doc.data, doc.body, doc.body_line, doc.problems) == ({"title": "T"}, "Hello\n", 4, [])
    assert doc.id == "2024-04-25-x"


def test_bom_and_crlf_are_accepted_and_lines_kept(tmp_path: Path) -> None:
    rel = write(tmp_path, "m.md", "\ufeff---\r\ntitle: T\r\nstart: x\r\n---\r\nBody\r\n".encode())
    doc = read_document(tmp_path, rel, "meeting")
    assert doc.data == {"title": "T", "start": "x"}
    assert doc.mark("start").line == 3
    assert doc.body == "Body\n"


def test_dots_close_front_matter_too(tmp_path: Path) -> None:
    rel = write(tmp_path, "m.md", b"---\ntitle: T\n...\nBody")
    assert read_document(tmp_path, rel, "meeting").data == {"title": "T"}


def test_empty_front_matter_is_reported(tmp_path: Path) -> None:
    rel = write(tmp_path, "m.md", b"---\n---\n")
    problem = read_document(tmp_path, rel, "meeting").problems[0]
    assert str(problem) == (
        "m.md:2:1: error: expected a mapping of fields ('title: ...' lines), found nothing "
        "(front-matter)"
    )


def test_yaml_files_have_no_front_matter(tmp_path: Path) -> None:
    rel = write(tmp_path, "series/x.yaml", b"name: X\ntimezone: UTC\n")
    assert read_document(tmp_path, rel, "series").data == {"name": "X", "timezone": "UTC"}


def test_a_link_or_a_pipe_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "link.md").symlink_to("/etc/hostname")
    problem = read_document(tmp_path, "link.md", "meeting").problems[0]
    assert (problem.line, problem.col, problem.rule) == (1, 1, "file-name")
    assert problem.message.startswith("cannot read this file (")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.md")  # opening it for reading would wait for a writer
        assert [str(p) for p in read_document(tmp_path, "pipe.md", "meeting").problems] == [
            "pipe.md:1:1: error: cannot read this file (not a regular file); it must be a "
            "regular, readable file (file-name)"
        ]


def test_a_large_file_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    rel = write(tmp_path, "big.md", b"---\n" + b"x" * (2 * MAX_FILE_BYTES))
    assert [str(p) for p in read_document(tmp_path, rel, "meeting").problems] == [
        f"big.md:1:1: error: file is {2 * MAX_FILE_BYTES + 4} bytes, more than the "
        f"{MAX_FILE_BYTES} allowed; keep long notes in a linked document (file-size)"
    ]
