"""meetings.json: valid against its schema, complete, sorted, deterministic."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mini_site import MINI, NOW

from meetingkit.model.records import Programme
from meetingkit.pipeline import load_programme
from meetingkit.render.json_feed import meetings_json

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "meetings-json.schema.json"


@pytest.fixture(scope="module")
def programme() -> Programme:
    loaded, problems = load_programme(MINI, use_git=False)
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def document(programme: Programme) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(meetings_json(programme, NOW))
    return data


def test_the_schema_is_valid_draft_2020_12_with_descriptions() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
    for definition in schema["$defs"].values():
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), name


def test_output_validates(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []


def test_the_schema_rejects_unknown_keys(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    broken = {**document, "meetings": [{**document["meetings"][0], "extra": 1}]}
    assert not Draft202012Validator(schema).is_valid(broken)


def test_top_level(document: dict[str, Any]) -> None:
    assert document["generated"] == "2024-04-20T09:00:00Z"
    assert document["community"] == "Mini Community"
    assert document["base_url"] == "https://example.org/mini/"
    assert [s["id"] for s in document["series"]] == ["monthly-talk", "office-hours"]
    assert [g["id"] for g in document["working_groups"]] == ["docs"]
    assert [m["id"] for m in document["meetings"]] == [
        "2023-11-30-monthly-talk",
        "2024-03-07-docs-wg-call",
        "2024-03-28-monthly-talk",
        "2024-04-12-office-hours",
        "2024-04-25-monthly-talk",
        "2024-05-30-monthly-talk",
    ]


def test_recurring_meeting_record(document: dict[str, Any]) -> None:
    record = document["meetings"][1]
    assert record == {
        "id": "2024-03-07-docs-wg-call",
        "uid": "2024-03-07-docs-wg-call@example.org",
        "title": "Docs working group call",
        "series": None,
        "working_group": "docs",
        "status": "confirmed",
        "start": "2024-03-07T10:00:00+01:00",
        "end": "2024-03-07T10:30:00+01:00",
        "start_utc": "2024-03-07T09:00:00Z",
        "end_utc": "2024-03-07T09:30:00Z",
        "all_day": False,
        "timezone": "Europe/Berlin",
        "recurrence": "FREQ=WEEKLY;BYDAY=TH;UNTIL=20240425",
        "cancelled_dates": ["2024-04-11"],
        "overrides": [],
        "guests": [],
        "hosts": [{"name": "Ana", "affiliation": "Example Org"}],
        "audience": None,
        "chatham_house": False,
        "links": {
            "join": "https://meet.example.org/docs-wg",
            "notes": "https://github.com/example/handbook/wiki/Notes",
        },
        "tags": ["docs"],
        "description": "Weekly call of the docs working group, 10:00 Berlin time all year round.",
        "url": "https://example.org/mini/meetings/2024-03-07-docs-wg-call.html",
        "ics": "https://example.org/mini/meetings/2024-03-07-docs-wg-call.ics",
    }


def test_summer_meeting_and_hostile_text(document: dict[str, Any], programme: Programme) -> None:
    may = document["meetings"][5]
    assert (may["start"], may["end"]) == ("2024-05-30T14:00:00+02:00", "2024-05-30T15:30:00+02:00")
    assert (may["start_utc"], may["end_utc"]) == ("2024-05-30T12:00:00Z", "2024-05-30T13:30:00Z")
    hostile = document["meetings"][2]
    assert hostile["title"] == programme.meetings[2].title
    assert hostile["guests"][0] == {"name": "Zoë O'Brien", "affiliation": "Café; Bar, Inc."}
    assert document["meetings"][4]["status"] == "cancelled"


def test_series_record(document: dict[str, Any]) -> None:
    assert document["series"][1] == {
        "id": "office-hours",
        "name": "Office Hours",
        "description": "Maintainers answer questions on the second Friday of the month.",
        "weekday": "friday",
        "start_time": "11:00",
        "duration_minutes": 45,
        "timezone": "America/New_York",
        "rrule": "FREQ=MONTHLY;BYDAY=2FR",
        "audience": None,
        "chatham_house": False,
        "working_group": None,
        "status": "active",
        "ics": "https://example.org/mini/calendars/office-hours.ics",
    }


def test_only_generated_depends_on_now(programme: Programme) -> None:
    first = json.loads(meetings_json(programme, NOW))
    second = json.loads(meetings_json(programme, datetime(2030, 1, 1, tzinfo=UTC)))
    assert second.pop("generated") == "2030-01-01T00:00:00Z"
    first.pop("generated")
    assert first == second
    raw = meetings_json(programme, NOW)
    assert raw == meetings_json(programme, NOW) and raw.endswith(b"}\n")


def test_a_chat_channel_given_by_name_is_text_not_a_link(programme: Programme) -> None:
    from dataclasses import replace

    from meetingkit.render.json_feed import working_group_record

    docs = programme.working_groups["docs"]
    named = replace(docs, links={**docs.links, "chat": "Example Slack #docs"})
    record = working_group_record(programme, named)
    assert record["chat_name"] == "Example Slack #docs"
    assert "chat" not in record["links"]
    assert all(url.startswith("https://") for url in record["links"].values())
    assert working_group_record(programme, docs)["chat_name"] is None
