"""The records: built once from documents, each fact computed in one place."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetingkit.load.repository import load_repository
from meetingkit.model.build import DEFAULT_DURATION, build_records, meeting_span, minutes_or
from meetingkit.model.records import Programme, feed_path
from meetingkit.pipeline import load_programme
from meetingkit.validate.run import check_repository

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def programme(base_repo: Path) -> Programme:
    built, problems = load_programme(base_repo, use_git=False)
    assert problems == []
    assert built is not None
    return built


def test_span_from_a_duration_is_exact_and_from_an_end_is_wall_clock() -> None:
    night = {"start": "2024-10-27T01:30", "duration": 120}
    start, end = meeting_span(night, BERLIN, DEFAULT_DURATION) or (None, None)
    assert (start and start.isoformat(), end and end.isoformat()) == (
        "2024-10-27T01:30:00+02:00",
        "2024-10-27T02:30:00+01:00",  # the second 02:30: two hours have passed
    )
    written = {"start": "2024-10-27T01:30", "end": "2024-10-27T03:30"}
    span = meeting_span(written, BERLIN, DEFAULT_DURATION)
    assert span is not None
    assert span[1] - span[0] == timedelta(hours=2)  # wall clock: the trap the model avoids
    assert span[1].astimezone(ZoneInfo("UTC")).isoformat() == "2024-10-27T02:30:00+00:00"
    day = meeting_span({"start": "2024-10-27"}, BERLIN, DEFAULT_DURATION)  # all day, 25 hours
    assert day is not None and day[1].isoformat() == "2024-10-28T00:00:00+01:00"
    assert day[1].astimezone(ZoneInfo("UTC")) - day[0] == timedelta(hours=25)
    assert meeting_span({"start": "2024-10-27", "duration": 60}, BERLIN, DEFAULT_DURATION) is None
    assert (
        meeting_span({"start": "2024-10-27", "end": "2024-10-27T10:00"}, BERLIN, DEFAULT_DURATION)
        is None
    )
    assert meeting_span({"start": "2024-10-27T10:00", "end": 5}, BERLIN, DEFAULT_DURATION) is None


def test_default_duration_comes_from_the_series_then_one_hour() -> None:
    assert minutes_or(90, DEFAULT_DURATION) == timedelta(minutes=90)
    assert minutes_or(None, DEFAULT_DURATION) == timedelta(hours=1)
    assert minutes_or(True, timedelta(minutes=30)) == timedelta(minutes=30)
    assert minutes_or("60", DEFAULT_DURATION) == timedelta(hours=1)


def test_the_built_meeting_carries_zone_aware_start_end_and_duration(programme: Programme) -> None:
    (meeting,) = programme.meetings
    assert meeting.start.isoformat() == "2024-04-25T14:00:00+02:00"
    assert meeting.end.isoformat() == "2024-04-25T15:00:00+02:00"
    assert meeting.duration == timedelta(hours=1)
    assert meeting.rule is None
    weekly = dataclasses.replace(meeting, recurrence="FREQ=WEEKLY;COUNT=2")
    assert weekly.rule is not None and weekly.rule is weekly.rule  # parsed once
    assert list(weekly.rule) == [
        meeting.start.replace(tzinfo=None),
        meeting.start.replace(tzinfo=None) + timedelta(weeks=1),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        meeting.title = "changed"  # type: ignore[misc]


def test_context_name_is_the_series_else_the_working_group(programme: Programme) -> None:
    (meeting,) = programme.meetings
    assert programme.context_name(meeting) == "Thursday Call"
    grouped = dataclasses.replace(meeting, series=None, working_group="docs")
    assert programme.context_name(grouped) == programme.working_groups["docs"].name
    assert programme.context_name(dataclasses.replace(grouped, working_group=None)) is None


def test_feed_paths_are_those_of_the_spec() -> None:
    assert feed_path("docs") == "calendars/docs.ics"


def test_records_are_built_only_where_the_schema_and_the_times_allow(base_repo: Path) -> None:
    meetings = base_repo / "meetings" / "2024"
    (meetings / "2024-05-02-no-zone.md").write_text(
        '---\ntitle: T\nstart: "2024-05-02T10:00"\ntimezone: Mars/Olympus\n---\n', "utf-8"
    )
    (meetings / "2024-05-03-no-day.md").write_text(
        '---\ntitle: T\nstart: "2024-02-30T10:00"\n---\n', "utf-8"
    )
    (meetings / "2024-05-06-refused.md").write_text(
        '---\nstart: "2024-05-06T10:00"\n---\n', "utf-8"
    )
    repo = load_repository(base_repo)
    records = build_records(repo, lambda doc: doc.id != "2024-05-06-refused")
    assert sorted(records.meetings) == ["meetings/2024/2024-04-25-thursday-call.md"]
    assert sorted(records.series) == ["thursday-call"]
    assert records.site is not None and records.site.timezone == "Europe/Madrid"
    problems, checked = check_repository(repo)
    assert sorted(checked.meetings) == sorted(records.meetings)
    assert {(p.path.rsplit("/", 1)[1], p.rule) for p in problems} == {
        ("2024-05-02-no-zone.md", "timezone"),
        ("2024-05-03-no-day.md", "start-date"),
        ("2024-05-06-refused.md", "schema"),
    }
