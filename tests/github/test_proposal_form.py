"""The "Propose a session" form read back from an issue body: strict, field by field."""

from __future__ import annotations

from datetime import date

from meetingkit.github.proposal_form import LABELS, Proposal, parse_form

VALUES = (
    "Inner source",
    "Line one\n\n### Not a field\nLine two",
    "_No response_",
    "Ada",
    "_No response_",
    "_No response_",
    "Friday Touchpoint",
    "2025-03-14",
    "_No response_",
    "- [X] I agree",
)


def body(*values: str, newline: str = "\n") -> str:
    text = "\n\n".join(
        f"### {label}\n\n{value}" for label, value in zip(LABELS, values, strict=True)
    )
    return text.replace("\n", newline)


def test_sections_in_order_with_empty_fields_and_crlf() -> None:
    assert parse_form(body(*VALUES, newline="\r\n")) == (
        Proposal(
            title="Inner source",
            description="Line one\n\n### Not a field\nLine two",
            benefit="",
            speaker="Ada",
            affiliation="",
            github="",
            series="Friday Touchpoint",
            day=date(2025, 3, 14),
        ),
        [],
    )


def test_a_copied_heading_inside_a_value_does_not_replace_the_field() -> None:
    # Sections are found in the form's order, so the real "Speaker name" comes after the
    # real "Benefit to the community", below the copy.
    values = list(VALUES)
    values[1] = "Text\n### Speaker name\n\nMallory"
    proposal, problems = parse_form(body(*values))
    assert problems == []
    assert proposal is not None
    assert (proposal.description, proposal.speaker) == ("Text\n### Speaker name\n\nMallory", "Ada")


def test_one_line_fields_and_control_characters() -> None:
    values = list(VALUES)
    values[0] = "Two\u2028lines"
    values[1] = "bell\x07"
    values[5] = "@-bad-"
    assert parse_form(body(*values)) == (
        None,
        [
            "Session title: must be one line of plain text (no line breaks or control characters).",
            "Description: holds control characters; remove them.",
            "GitHub handle: '@-bad-' is not a GitHub login (letters, digits and single hyphens, "
            "at most 39 characters); write it like @octocat, or leave it empty.",
        ],
    )


def test_impossible_date() -> None:
    values = list(VALUES)
    values[7] = "2025-02-30"
    assert parse_form(body(*values))[1] == [
        "Proposed date: '2025-02-30' is not a date; write it as YYYY-MM-DD (e.g. 2025-03-27), "
        "or leave it empty for the series' next free slot."
    ]


def test_a_missing_section() -> None:
    text = body(*VALUES).replace("### Preferred series", "### Series")
    assert parse_form(text) == (
        None,
        [
            "the issue does not follow the form: its section '### Preferred series' is missing. "
            "Edit the issue and restore it, or file the proposal again with the 'Propose a "
            "session' form."
        ],
    )


def test_a_handle_needs_a_speaker() -> None:
    values = list(VALUES)
    values[3], values[5] = "_No response_", "@ada"
    assert parse_form(body(*values))[1] == [
        "Speaker name: is empty; name the speaker the GitHub handle belongs to."
    ]
