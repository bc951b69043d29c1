"""Bot edits change exactly the expected lines and nothing else."""

from __future__ import annotations

import difflib

import pytest

from meetingkit.github.edit import EditError, set_nested

URL = "https://github.com/todogroup/meetings/issues/7"


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_inserts_one_line_into_existing_links_keeping_comments() -> None:
    before = (
        "---\ntitle: T  # the theme\nstart: '2024-04-25T14:00'\nlinks:\n"
        "    # keep me\n    notes: https://x.org/n\n---\nBody\n"
    )
    after = set_nested(before, "links", "agenda", URL)
    assert changed_lines(before, after) == [f"+    agenda: {URL}"]


def test_adds_links_block_when_missing() -> None:
    before = '---\ntitle: T\nstart: "2024-04-25T14:00"\n---\nBody\n'
    after = set_nested(before, "links", "agenda", URL)
    assert changed_lines(before, after) == ["+links:", f"+  agenda: {URL}"]


def test_fills_an_empty_value() -> None:
    before = "---\ntitle: T\nlinks:\n  agenda:\n  notes: https://x.org/n\n---\n"
    after = set_nested(before, "links", "agenda", URL)
    assert changed_lines(before, after) == ["-  agenda:", f"+  agenda: {URL}"]


def test_empty_flow_mapping_becomes_block() -> None:
    before = "---\ntitle: T\nlinks: {}\n---\n"
    assert (
        set_nested(before, "links", "agenda", URL)
        == f"---\ntitle: T\nlinks:\n  agenda: {URL}\n---\n"
    )


def test_date_keys_are_quoted_for_recurring_agendas() -> None:
    before = '---\ntitle: T\nagendas:\n  "2024-05-03": https://x.org/1\n---\n'
    after = set_nested(before, "agendas", "2024-05-17", URL)
    assert changed_lines(before, after) == [f'+  "2024-05-17": {URL}']


def test_crlf_and_bom_are_kept() -> None:
    before = "\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n"
    after = set_nested(before, "links", "agenda", URL)
    assert after == f"\ufeff---\r\ntitle: T\r\nlinks:\r\n  agenda: {URL}\r\n---\r\nBody\r\n"


def test_same_value_is_no_change_and_other_value_is_refused() -> None:
    before = f"---\ntitle: T\nlinks:\n  agenda: {URL}\n---\n"
    assert set_nested(before, "links", "agenda", URL) == before
    with pytest.raises(EditError, match="already holds another value"):
        set_nested(before, "links", "agenda", URL + "0")


def test_one_line_flow_mapping_is_refused() -> None:
    with pytest.raises(EditError, match="one-line"):
        set_nested("---\nlinks: {notes: https://x.org}\n---\n", "links", "agenda", URL)
