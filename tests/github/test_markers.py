"""Hidden markers: what is written parses back, and nothing else does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from meetingkit.github.markers import (
    AgendaMarker,
    MarkerError,
    NoticeMarker,
    archived_marker,
    notes_marker,
    parse_agenda,
    parse_archived,
    parse_notes,
    parse_notice,
    parse_proposal,
    proposal_marker,
)
from meetingkit.github.text import neutralise

KEY = "2024-04-25-thursday-touchpoint"
START = datetime(2024, 4, 25, 12, 0, tzinfo=UTC)


def test_agenda_marker_text_and_round_trip() -> None:
    marker = AgendaMarker(KEY, START)
    text = marker.text()
    assert text == f"<!-- meetingkit:agenda key={KEY} start=2024-04-25T12:00:00Z -->"
    assert parse_agenda(text + "\n## Title\n") == marker


def test_times_are_written_in_utc() -> None:
    cest = timezone(timedelta(hours=2))
    marker = AgendaMarker(KEY, datetime(2024, 4, 25, 14, 0, tzinfo=cest))
    assert "start=2024-04-25T12:00:00Z" in marker.text()
    assert parse_agenda(marker.text()) == AgendaMarker(KEY, START)


def test_recurring_keys_and_crlf_bodies() -> None:
    marker = AgendaMarker("2024-05-03-docs-call/2024-05-31", START)
    assert parse_agenda("\ufeff" + marker.text() + "\r\nrest") == marker


def test_notice_and_archived_markers() -> None:
    notice = NoticeMarker(KEY, "moved", START)
    assert notice.text() == (
        f"<!-- meetingkit:notice key={KEY} kind=moved start=2024-04-25T12:00:00Z -->"
    )
    assert parse_notice(notice.text()) == notice
    assert parse_agenda(notice.text()) is None
    assert archived_marker(KEY) == f"<!-- meetingkit:archived key={KEY} -->"
    assert parse_archived(archived_marker(KEY) + "\nThe notes ...") == KEY


@pytest.mark.parametrize(
    "body",
    [
        "",
        f"Text first\n<!-- meetingkit:agenda key={KEY} start=2024-04-25T12:00:00Z -->",
        f"<!--  meetingkit:agenda key={KEY} start=2024-04-25T12:00:00Z -->",
        f"<!-- meetingkit:agenda start=2024-04-25T12:00:00Z key={KEY} -->",
        f"<!-- meetingkit:agenda key={KEY} start=2024-13-25T12:00:00Z -->",
        f"<!-- meetingkit:agenda key={KEY} start=2024-04-25T12:00Z -->",
        "<!-- meetingkit:agenda key=../etc start=2024-04-25T12:00:00Z -->",
        f"<!-- meetingkit:agenda key={KEY.upper()} start=2024-04-25T12:00:00Z -->",
        f"<!-- meetingkit:agenda key={KEY} start=2024-04-25T12:00:00Z --> trailing",
    ],
)
def test_strict_parse_rejects(body: str) -> None:
    assert parse_agenda(body) is None


def test_unwritable_values_are_refused() -> None:
    with pytest.raises(MarkerError):
        AgendaMarker("bad key -->", START).text()
    with pytest.raises(MarkerError):
        AgendaMarker(KEY, datetime(2024, 4, 25, 12, 0)).text()


def test_proposal_marker_round_trip_and_strictness() -> None:
    assert proposal_marker(12) == "<!-- meetingkit:proposal issue=12 -->"
    assert parse_proposal(proposal_marker(12) + "\r\nThank you") == 12
    assert parse_proposal("Thank you\n" + proposal_marker(12)) is None  # first line only
    assert parse_proposal("<!-- meetingkit:proposal issue=012 -->") is None
    assert parse_proposal("<!--  meetingkit:proposal issue=12 -->") is None


def test_notes_marker_is_one_whole_line() -> None:
    line = notes_marker(KEY)
    assert line == f"<!-- meetingkit:notes key={KEY} -->"
    assert parse_notes(line) == KEY
    assert parse_notes(line + "  ") == KEY
    assert parse_notes(" " + line) is None
    assert parse_notes(f"text {line}") is None
    assert parse_notes(line.replace("notes", "archived")) is None


@pytest.mark.parametrize(
    "text",
    [
        AgendaMarker(KEY, START).text(),
        notes_marker(KEY),
        archived_marker(KEY),
        "<!--\u200bmeetingkit:notes-end -->",
        "<!--  MeetingKit:notes-end -->",
    ],
)
def test_copied_text_carries_no_marker(text: str) -> None:
    out = neutralise(text)
    assert out.startswith("&lt;!--")
    assert parse_agenda(out) is parse_notes(out) is parse_archived(out) is None
