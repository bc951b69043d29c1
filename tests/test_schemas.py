"""The JSON Schemas in schemas/ and the programme content the repository ships.

Front matter is split here with a deliberately naive splitter and read with
``yaml.safe_load``: these tests check the schemas and the data, not the loader (which
has its own tests). The content quotes every date and time, so YAML 1.1 reads it as
strings too.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.rrule import rrulestr
from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator

from meetingkit.validate.schema import ecma_validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
SCHEMA_NAMES = ("meeting", "working-group", "series", "site", "meetings-json")
ID_BASE = "https://todogroup.github.io/meetings/schemas/"


def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return data


def validator(name: str) -> Validator:
    """meetingkit's validator: Draft 2020-12 with ECMA-262 patterns, as other readers use."""
    return ecma_validator()(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, data: Any) -> list[tuple[str, str]]:
    """(JSON path, failing keyword) of every error, sorted: what the tests assert on."""
    return sorted((e.json_path, str(e.validator)) for e in validator(name).iter_errors(data))


def front_matter(path: Path) -> Any:
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "---", f"{path} must start with a '---' line"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end]))


def content_files() -> list[tuple[str, Path]]:
    """(schema name, file) for every content file of the repository."""
    files = [("site", ROOT / "site.yaml")]
    files += [("series", p) for p in sorted((ROOT / "series").glob("*.yaml"))]
    files += [("working-group", p) for p in sorted((ROOT / "working-groups").glob("*.md"))]
    files += [("meeting", p) for p in sorted((ROOT / "meetings").glob("*/*.md"))]
    return files


def read_content(name: str, path: Path) -> Any:
    if path.suffix == ".md":
        return front_matter(path)
    return yaml.safe_load(path.read_text("utf-8"))


# --- the schemas themselves -------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{ID_BASE}{name}.schema.json"
    assert schema["title"]
    assert schema["description"]


def test_schema_files_are_the_content_kinds_and_the_json_feed() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == [
        "meeting.schema.json",
        "meetings-json.schema.json",
        "series.schema.json",
        "site.schema.json",
        "working-group.schema.json",
    ]


def subschemas(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object below ``node`` with a readable location."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "$defs"):
        for child, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{where}.{key}.{child}")
    for key in ("items", "additionalProperties", "propertyNames", "not"):
        yield from subschemas(node.get(key), f"{where}.{key}")


def property_schemas(node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for where, sub in subschemas(node):
        for key in ("properties", "$defs"):
            for child, prop in sub.get(key, {}).items():
                yield f"{where}.{key}.{child}", prop


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description(name: str) -> None:
    missing = [
        where for where, prop in property_schemas(load_schema(name)) if not prop.get("description")
    ]
    assert missing == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_written_object_rejects_unknown_keys(name: str) -> None:
    open_objects = [
        where
        for where, sub in subschemas(load_schema(name))
        if "properties" in sub and sub.get("additionalProperties") is not False
    ]
    assert open_objects == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_examples_and_defaults_satisfy_their_own_schema(name: str) -> None:
    v = validator(name)
    bad = []
    for where, sub in subschemas(v.schema):
        for value in [*sub.get("examples", []), *([sub["default"]] if "default" in sub else [])]:
            if list(v.descend(value, sub)):
                bad.append((where, value))
    assert bad == []


# --- the content the repository ships ----------------------------------------------------


def test_content_files_are_the_real_programme() -> None:
    assert [p.relative_to(ROOT).as_posix() for _, p in content_files()] == [
        "site.yaml",
        "series/friday-touchpoint.yaml",
        "series/thursday-touchpoint.yaml",
        "working-groups/chaoss-ospo-metrics.md",
        "working-groups/openchain-ai-compliance.md",
        "working-groups/ospo-book.md",
        "meetings/2024/2024-03-28-thursday-touchpoint.md",
        "meetings/2024/2024-04-12-friday-touchpoint.md",
        "meetings/2024/2024-04-25-thursday-touchpoint.md",
    ]


@pytest.mark.parametrize(
    ("name", "path"), content_files(), ids=lambda x: x.name if isinstance(x, Path) else x
)
def test_content_file_is_valid(name: str, path: Path) -> None:
    assert errors(name, read_content(name, path)) == []


def test_april_thursday_touchpoint_carries_the_published_facts() -> None:
    data = front_matter(ROOT / "meetings/2024/2024-04-25-thursday-touchpoint.md")
    assert list(data) == [
        "title",
        "series",
        "start",
        "duration",
        "timezone",
        "status",
        "audience",
        "chatham_house",
        "guests",
        "links",
        "tags",
    ]
    assert data["title"] == (
        "Open Source Software Composition Analysis Tools, OSPO functions in AI and more"
    )
    assert (data["start"], data["duration"], data["timezone"]) == (
        "2024-04-25T14:00",
        60,
        "Europe/Madrid",
    )
    assert data["guests"] == [
        {"name": "Mirko", "affiliation": "LF Europe"},
        {"name": "Julian", "affiliation": "SCANOSS"},
        {"name": "Lumi"},
    ]
    assert data["audience"] == "Broader OSPO / TODO Community and General Members"
    assert data["links"] == {"agenda": "https://github.com/todogroup/ospology/discussions/466"}


def test_april_friday_touchpoint_carries_the_published_facts() -> None:
    data = front_matter(ROOT / "meetings/2024/2024-04-12-friday-touchpoint.md")
    assert data["title"] == "OSPO metrics tooling, InnerSource integration and more"
    assert (data["start"], data["duration"], data["timezone"]) == (
        "2024-04-12T17:30",
        60,
        "Europe/Madrid",
    )
    assert data["audience"] == "General Members"
    assert "guests" not in data
    assert data["links"] == {"agenda": "https://github.com/todogroup/ospology/discussions/464"}


@pytest.mark.parametrize(
    ("series", "slots"),
    [
        ("thursday-touchpoint", ["2024-03-28T14:00", "2024-04-25T14:00"]),
        ("friday-touchpoint", ["2024-03-08T17:30", "2024-04-12T17:30"]),
    ],
)
def test_series_rule_finds_the_published_dates(series: str, slots: list[str]) -> None:
    data = yaml.safe_load((ROOT / "series" / f"{series}.yaml").read_text("utf-8"))
    hour, minute = map(int, data["start_time"].split(":"))
    rule = rrulestr(data["rrule"], dtstart=datetime(2024, 3, 1, hour, minute))
    found = rule.between(datetime(2024, 3, 1), datetime(2024, 5, 1))
    assert [s.strftime("%Y-%m-%dT%H:%M") for s in found] == slots
    assert {s.strftime("%A").lower() for s in found} == {data["weekday"]}
    starts = [front_matter(f)["start"] for f in (ROOT / "meetings/2024").glob(f"*-{series}.md")]
    assert starts
    assert set(starts) <= set(slots)


def test_working_groups_carry_the_published_chairs() -> None:
    chairs = {p.stem: front_matter(p).get("chairs") for p in (ROOT / "working-groups").glob("*.md")}
    assert chairs == {
        "ospo-book": None,
        "chaoss-ospo-metrics": [{"name": "Matt"}, {"name": "Gary"}],
        "openchain-ai-compliance": [{"name": "Shane"}],
    }
    note = front_matter(ROOT / "working-groups/ospo-book.md")["chairs_note"]
    assert note == "Listed in the project team of the OSPO Book repository"


# --- what the schemas accept and reject ---------------------------------------------------

MEETING = {"title": "Touchpoint", "start": "2024-04-25T14:00"}


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with the dotted ``path`` set to ``value``."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


@pytest.mark.parametrize(
    "zone",
    [
        "UTC",
        "Europe/Madrid",
        "Etc/GMT+5",
        "America/Argentina/Buenos_Aires",
        "America/Port-au-Prince",
    ],
)
def test_meeting_accepts_iana_zones(zone: str) -> None:
    assert errors("meeting", changed(MEETING, "timezone", zone)) == []


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        "FREQ=MONTHLY;BYDAY=-1TH;COUNT=6",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20241231T230000Z",
    ],
)
def test_meeting_accepts_recurrence_rules(rule: str) -> None:
    assert errors("meeting", changed(MEETING, "recurrence", rule)) == []


@pytest.mark.parametrize(
    "tag",
    [
        "EMEA & APAC",
        "NA (General Members)",
        "Europe / Asia",
        "AMER & EMEA",
        "touchpoint",
        "-x",
        "Öffentlich: Sprechstunde",
        "日本語のセッション",
        'C++ / Rust #1, "quoted"; 50% off? {yes}',
        "x" * 60,
        "<3",
        "latency < 100 ms",
        "AMER -> EMEA",
    ],
)
def test_meeting_accepts_free_text_tags(tag: str) -> None:
    assert errors("meeting", changed(MEETING, "tags", [tag])) == []


def test_meeting_accepts_every_field() -> None:
    full = {
        **MEETING,
        "series": "thursday-touchpoint",
        "working_group": "chaoss-ospo-metrics",
        "end": "2024-04-25T15:00",
        "timezone": "Europe/Madrid",
        "status": "tentative",
        "audience": "General Members",
        "chatham_house": True,
        "guests": [
            {
                "name": "Julian",
                "affiliation": "SCANOSS",
                "github": "octo-cat",
                "url": "https://example.org/julian",
            }
        ],
        "hosts": [{"name": "Ana"}],
        "recurrence": "FREQ=MONTHLY;BYDAY=-1TH",
        "cancelled_dates": ["2024-12-26"],
        "links": {
            k: f"https://example.org/{k}"
            for k in ("agenda", "notes", "recording", "slides", "rsvp", "join", "event")
        },
        "agendas": {"2024-05-30": "https://github.com/todogroup/meetings/issues/1"},
        "tags": ["touchpoint", "AI"],
        "uid": "2024-04-18-thursday-touchpoint",
    }
    assert errors("meeting", full) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"title": "T"}, [("$", "required")], id="no-start"),
        pytest.param(
            changed(MEETING, "titel", "x"), [("$", "additionalProperties")], id="unknown-key"
        ),
        pytest.param(
            changed(MEETING, "links.agenda", "http://example.org/1"),
            [("$.links.agenda", "pattern")],
            id="http-link",
        ),
        pytest.param(
            changed(MEETING, "links.zoom", "https://example.org/1"),
            [("$.links", "additionalProperties")],
            id="unknown-link-kind",
        ),
        pytest.param(
            changed(MEETING, "start", "2024-04-25 14:00"),
            [("$.start", "pattern")],
            id="start-with-space",
        ),
        pytest.param(
            changed(MEETING, "start", "2024-04-25T25:00"), [("$.start", "pattern")], id="hour-25"
        ),
        pytest.param(
            changed(MEETING, "end", "2024-04-25T15:00:00"),
            [("$.end", "pattern")],
            id="end-with-seconds",
        ),
        pytest.param(
            {**MEETING, "end": "2024-04-25T15:00", "duration": 60},
            [("$", "not")],
            id="end-and-duration",
        ),
        pytest.param(
            changed(MEETING, "duration", 0), [("$.duration", "minimum")], id="zero-duration"
        ),
        pytest.param(
            changed(MEETING, "duration", "60"), [("$.duration", "type")], id="duration-as-text"
        ),
        pytest.param(
            changed(MEETING, "guests", [{"name": "A", "github": "@octocat"}]),
            [("$.guests[0].github", "pattern")],
            id="github-with-at",
        ),
        pytest.param(
            changed(MEETING, "hosts", [{"name": "A", "github": "octo--cat"}]),
            [("$.hosts[0].github", "pattern")],
            id="github-double-hyphen",
        ),
        pytest.param(
            changed(MEETING, "guests", [{"affiliation": "SCANOSS"}]),
            [("$.guests[0]", "required")],
            id="guest-without-name",
        ),
        pytest.param(
            changed(MEETING, "timezone", "CEST"), [("$.timezone", "pattern")], id="abbreviated-zone"
        ),
        pytest.param(
            changed(MEETING, "status", "canceled"), [("$.status", "enum")], id="status-typo"
        ),
        pytest.param(
            changed(MEETING, "chatham_house", "yes"),
            [("$.chatham_house", "type")],
            id="yes-is-not-a-boolean",
        ),
        pytest.param(
            changed(MEETING, "recurrence", "RRULE:FREQ=WEEKLY"),
            [("$.recurrence", "pattern")],
            id="rrule-prefix",
        ),
        pytest.param(
            changed(MEETING, "recurrence", "FREQ=weekly;BYDAY=FR"),
            [("$.recurrence", "pattern")],
            id="rrule-lower-case",
        ),
        pytest.param(
            changed(MEETING, "cancelled_dates", ["2024-12-26", "2024-12-26"]),
            [("$.cancelled_dates", "uniqueItems")],
            id="duplicate-cancelled-date",
        ),
        pytest.param(
            changed(MEETING, "agendas", {"30-05-2024": "https://example.org/1"}),
            [("$.agendas", "pattern")],
            id="agenda-key-not-a-date",
        ),
        pytest.param(
            changed(MEETING, "series", "Thursday_Touchpoint"),
            [("$.series", "pattern")],
            id="series-id-typo",
        ),
        pytest.param(
            changed(MEETING, "tags", ["<b>x</b>"]), [("$.tags[0]", "pattern")], id="tag-markup"
        ),
        pytest.param(
            changed(MEETING, "tags", ["a</i>"]), [("$.tags[0]", "pattern")], id="tag-end-tag"
        ),
        pytest.param(
            changed(MEETING, "tags", ["x<!--"]), [("$.tags[0]", "pattern")], id="tag-comment"
        ),
        pytest.param(
            changed(MEETING, "tags", ["a", "b\tc"]), [("$.tags[1]", "pattern")], id="tag-tab"
        ),
        pytest.param(
            changed(MEETING, "tags", ["EMEA\n"]), [("$.tags[0]", "pattern")], id="tag-newline"
        ),
        pytest.param(
            changed(MEETING, "tags", [" EMEA"]), [("$.tags[0]", "pattern")], id="tag-space"
        ),
        pytest.param(
            changed(MEETING, "tags", ["x\u0085y"]), [("$.tags[0]", "pattern")], id="tag-c1"
        ),
        pytest.param(
            changed(MEETING, "tags", ["x" * 61]), [("$.tags[0]", "maxLength")], id="tag-61"
        ),
        pytest.param(changed(MEETING, "tags", [""]), [("$.tags[0]", "pattern")], id="tag-empty"),
        pytest.param(changed(MEETING, "uid", "a b"), [("$.uid", "pattern")], id="bad-uid"),
    ],
)
def test_meeting_rejects(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert errors("meeting", data) == expected


WORKING_GROUP = {"name": "CHAOSS OSPO Metrics", "scope": "Define useful metrics"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"name": "X"}, [("$", "required")], id="no-scope"),
        pytest.param(
            changed(WORKING_GROUP, "chair", []), [("$", "additionalProperties")], id="unknown-key"
        ),
        pytest.param(
            changed(WORKING_GROUP, "links.repo", "http://github.com/chaoss/wg-ospo"),
            [("$.links.repo", "pattern")],
            id="http-link",
        ),
        pytest.param(
            changed(WORKING_GROUP, "links.chat", "http://slack.example.org/x"),
            [("$.links.chat", "pattern")],
            id="http-chat",
        ),
        pytest.param(
            changed(WORKING_GROUP, "links.slack", "#wg"),
            [("$.links", "additionalProperties")],
            id="unknown-link-kind",
        ),
        pytest.param(
            changed(WORKING_GROUP, "chairs", [{"name": "Matt", "github": "@matt"}]),
            [("$.chairs[0].github", "pattern")],
            id="github-with-at",
        ),
        pytest.param(
            changed(WORKING_GROUP, "status", "inactive"), [("$.status", "enum")], id="status-typo"
        ),
    ],
)
def test_working_group_rejects(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert errors("working-group", data) == expected


def test_working_group_chat_may_be_a_channel_name_or_https() -> None:
    for chat in ("TODO Slack #wg-ospometrics-chaoss", "https://example.slack.com/archives/C1"):
        assert errors("working-group", changed(WORKING_GROUP, "links.chat", chat)) == []


@pytest.mark.parametrize(
    "chat",
    [
        "http://chat.example.org",
        "HTTPS://chat.example.org",
        "https://chat.example.org/a b",
        "https://chat.example.org\n",
        "TODO Slack\n",
        " TODO Slack",
    ],
)
def test_working_group_chat_is_neither_http_nor_a_url_with_spaces(chat: str) -> None:
    assert errors("working-group", changed(WORKING_GROUP, "links.chat", chat)) == [
        ("$.links.chat", "pattern")
    ]


SERIES = {"name": "Thursday Touchpoint", "timezone": "Europe/Madrid"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"name": "X"}, [("$", "required")], id="no-timezone"),
        pytest.param(
            changed(SERIES, "start", "14:00"), [("$", "additionalProperties")], id="unknown-key"
        ),
        pytest.param(
            changed(SERIES, "weekday", "Thursday"),
            [("$.weekday", "enum")],
            id="weekday-capitalised",
        ),
        pytest.param(
            changed(SERIES, "start_time", "14:00:00"),
            [("$.start_time", "pattern")],
            id="time-with-seconds",
        ),
        pytest.param(
            changed(SERIES, "start_time", "24:00"), [("$.start_time", "pattern")], id="hour-24"
        ),
        pytest.param(
            changed(SERIES, "start_time", 840),
            [("$.start_time", "type")],
            id="yaml-1.1-sexagesimal",
        ),
        pytest.param(
            changed(SERIES, "rrule", "FREQ=MONTHLY;BYDAY=-1th"),
            [("$.rrule", "pattern")],
            id="rrule-lower-case",
        ),
        pytest.param(
            changed(SERIES, "agenda_lead_days", 91),
            [("$.agenda_lead_days", "maximum")],
            id="lead-too-long",
        ),
        pytest.param(
            changed(SERIES, "issue_title", "{serie} {date}"),
            [("$.issue_title", "pattern")],
            id="placeholder-typo",
        ),
        pytest.param(
            changed(SERIES, "labels", ["agenda", "agenda"]),
            [("$.labels", "uniqueItems")],
            id="duplicate-label",
        ),
        pytest.param(
            changed(SERIES, "labels", [" agenda"]),
            [("$.labels[0]", "pattern")],
            id="label-leading-space",
        ),
    ],
)
def test_series_rejects(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert errors("series", data) == expected


SITE = {
    "community": "TODO Group",
    "repository": "todogroup/meetings",
    "base_url": "https://todogroup.github.io/meetings/",
    "timezone": "Europe/Madrid",
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {k: v for k, v in SITE.items() if k != "timezone"},
            [("$", "required")],
            id="no-timezone",
        ),
        pytest.param(
            changed(SITE, "comunity", "x"), [("$", "additionalProperties")], id="unknown-key"
        ),
        pytest.param(
            changed(SITE, "base_url", "https://todogroup.github.io/meetings"),
            [("$.base_url", "pattern")],
            id="base-url-without-slash",
        ),
        pytest.param(
            changed(SITE, "base_url", "http://todogroup.github.io/meetings/"),
            [("$.base_url", "pattern")],
            id="http-base-url",
        ),
        pytest.param(
            changed(SITE, "repository", "https://github.com/todogroup/meetings"),
            [("$.repository", "pattern")],
            id="repository-as-url",
        ),
        pytest.param(
            changed(SITE, "timezone_help_url", "http://www.worldtimebuddy.com"),
            [("$.timezone_help_url", "pattern")],
            id="http-helper-link",
        ),
        pytest.param(
            changed(SITE, "links", [{"label": "Code of conduct", "url": "http://example.org"}]),
            [("$.links[0].url", "pattern")],
            id="http-link",
        ),
        pytest.param(
            changed(SITE, "links", [{"url": "https://example.org"}]),
            [("$.links[0]", "required")],
            id="link-without-label",
        ),
        pytest.param(
            changed(SITE, "words", {"nxt": "Next calls"}),
            [("$.words", "additionalProperties")],
            id="unknown-word",
        ),
        pytest.param(
            changed(SITE, "words", {"next": " "}),
            [("$.words.next", "pattern")],
            id="blank-word",
        ),
        pytest.param(
            changed(SITE, "recordings", [{"title": "T", "url": "http://youtu.be/x"}]),
            [("$.recordings[0].url", "pattern")],
            id="http-recording",
        ),
        pytest.param(
            changed(SITE, "feed.refresh_hours", 0),
            [("$.feed.refresh_hours", "minimum")],
            id="refresh-zero",
        ),
        pytest.param(
            changed(SITE, "bot.login", "@github-actions"),
            [("$.bot.login", "pattern")],
            id="bot-login-with-at",
        ),
    ],
)
def test_site_rejects(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert errors("site", data) == expected
