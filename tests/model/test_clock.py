"""Local-time arithmetic on the DST nights of five zones (RFC 5545 §3.3.5 and §3.3.6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetingkit.model.clock import elapsed, end_of, local_state, parse_local, resolve

# zone, a local time the clocks skip, where it lands, a local time that happens twice
NIGHTS = [
    ("Europe/Berlin", "2024-03-31T02:30", "2024-03-31T03:30:00+02:00", "2024-10-27T02:30"),
    ("America/New_York", "2024-03-10T02:30", "2024-03-10T03:30:00-04:00", "2024-11-03T01:30"),
    # 30-minute DST: 02:00 becomes 02:30
    ("Australia/Lord_Howe", "2024-10-06T02:15", "2024-10-06T02:45:00+11:00", "2024-04-07T01:45"),
    # negative DST in tzdata: winter (GMT) is the "daylight" time
    ("Europe/Dublin", "2024-03-31T01:30", "2024-03-31T02:30:00+01:00", "2024-10-27T01:30"),
    # the change happens at midnight: 00:30 does not exist, 23:30 comes twice
    ("America/Santiago", "2024-09-08T00:30", "2024-09-08T01:30:00-03:00", "2024-04-06T23:30"),
]
# the first of the two, in UTC
FIRST_OF_TWO = {
    "Europe/Berlin": "2024-10-27T00:30:00+00:00",
    "America/New_York": "2024-11-03T05:30:00+00:00",
    "Australia/Lord_Howe": "2024-04-06T14:45:00+00:00",
    "Europe/Dublin": "2024-10-27T00:30:00+00:00",
    "America/Santiago": "2024-04-07T02:30:00+00:00",
}


def _local(text: str) -> datetime:
    value = parse_local(text)
    assert value is not None
    return value


@pytest.mark.parametrize(("zone", "skipped", "lands", "twice"), NIGHTS)
def test_a_skipped_time_takes_the_offset_before_the_gap(
    zone: str, skipped: str, lands: str, twice: str
) -> None:
    assert local_state(_local(skipped), ZoneInfo(zone)) == "gap"
    assert resolve(_local(skipped), ZoneInfo(zone)).isoformat() == lands


@pytest.mark.parametrize(("zone", "skipped", "lands", "twice"), NIGHTS)
def test_a_repeated_time_means_the_first(zone: str, skipped: str, lands: str, twice: str) -> None:
    assert local_state(_local(twice), ZoneInfo(zone)) == "repeated"
    first = resolve(_local(twice), ZoneInfo(zone))
    assert first.astimezone(UTC).isoformat() == FIRST_OF_TWO[zone]
    assert first.replace(tzinfo=None) == _local(twice)


@pytest.mark.parametrize(("zone", "skipped", "lands", "twice"), NIGHTS)
def test_two_hours_across_either_change_are_two_hours(
    zone: str, skipped: str, lands: str, twice: str
) -> None:
    for text in (skipped, twice):
        start = resolve(_local(text) - timedelta(hours=1), ZoneInfo(zone))
        end = end_of(start, timedelta(hours=2))
        assert end.tzinfo is start.tzinfo
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
        assert elapsed(start, end) == timedelta(hours=2)
        assert local_state(end.replace(tzinfo=None), ZoneInfo(zone)) != "gap"


def test_an_hour_from_0130_on_the_berlin_spring_night_ends_at_0330_cest() -> None:
    start = resolve(_local("2024-03-31T01:30"), ZoneInfo("Europe/Berlin"))
    end = end_of(start, timedelta(minutes=60))
    assert end.isoformat() == "2024-03-31T03:30:00+02:00"
    assert end - start == timedelta(hours=2)  # Python's wall-clock difference: the trap
    assert elapsed(start, end) == timedelta(hours=1)


def test_lord_howe_half_hour_change_in_both_directions() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    spring = resolve(_local("2024-10-06T01:30"), zone)
    assert end_of(spring, timedelta(minutes=60)).isoformat() == "2024-10-06T03:00:00+11:00"
    autumn = resolve(_local("2024-04-07T01:00"), zone)
    assert end_of(autumn, timedelta(minutes=60)).isoformat() == "2024-04-07T01:30:00+10:30"


def test_ordinary_times_exist_once() -> None:
    assert local_state(_local("2024-06-01T12:00"), ZoneInfo("Europe/Dublin")) == "ok"
    assert local_state(_local("2024-06-01T12:00"), ZoneInfo("UTC")) == "ok"
    assert resolve(_local("2024-06-01T12:00"), ZoneInfo("Europe/Dublin")).isoformat() == (
        "2024-06-01T12:00:00+01:00"
    )


@pytest.mark.parametrize(
    "text", ["2024-02-30T10:00", "1969-12-31T23:00", "2200-01-01T00:00", "2024-01-01 10:00", 5]
)
def test_parse_local_refuses_what_is_no_usable_time(text: object) -> None:
    assert parse_local(text) is None
