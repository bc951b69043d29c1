"""Recurrence rules: parsed with bounded work, expanded lazily in local time."""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetingkit.model.recurrence import (
    RuleError,
    local_starts,
    occurrence_dates,
    parse_rule,
    starts_at,
    until_utc,
)

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2024, 5, 3, 10, 0)  # a Friday


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=HOURLY", "meetings recur at most daily"),
        ("FREQ=MINUTELY;COUNT=3", "meetings recur at most daily"),
        ("FREQ=DAILY;BYHOUR=9,10", "BYHOUR with several values"),
        ("FREQ=WEEKLY;BYMINUTE=0,30", "BYMINUTE with several values"),
        ("FREQ=DAILY;BYSECOND=1,2", "BYSECOND with several values"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is not a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=99999", "INTERVAL=99999 is not a whole number"),
        ("FREQ=DAILY;UNTIL=20241301", "UNTIL=20241301 is not a real date and time"),
        ("FREQ=DAILY;UNTIL=99991231T235959Z", "is outside the years 1970–2199"),
        ("FREQ=DAILY;UNTIL=999991231", "UNTIL=999991231 is not a date"),
        ("FREQ=DAILY;UNTIL=20240101T250000Z", "is not a real date and time"),
        ("FREQ=WEEKLY;BYDAY=XX", "^BYDAY=XX is not a valid part of an RRULE"),
        ("FREQ=WEEKLY;COLOR=RED", "^COLOR=RED is not a valid part"),
        ("RRULE:FREQ=WEEKLY", "without RRULE: or DTSTART"),
        ("FREQ=WEEKLY;;BYDAY=FR", "is not NAME=VALUE"),
    ],
)
def test_unusable_rules_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule(text, START, BERLIN)


def test_start_must_be_the_first_occurrence_and_a_never_rule_answers_at_once() -> None:
    assert starts_at(parse_rule("FREQ=WEEKLY;BYDAY=FR", START, BERLIN), START)
    assert not starts_at(parse_rule("FREQ=WEEKLY;BYDAY=TH", START, BERLIN), START)
    assert not starts_at(parse_rule("FREQ=DAILY;BYHOUR=11", START, BERLIN), START)
    for freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        never = parse_rule(f"FREQ={freq};BYMONTH=2;BYMONTHDAY=30", START, BERLIN)
        began = time.perf_counter()
        assert not starts_at(never, START)
        assert time.perf_counter() - began < 0.5


def test_local_starts_stop_at_until_and_keep_the_wall_clock() -> None:
    rule = parse_rule("FREQ=WEEKLY;INTERVAL=2", datetime(2024, 3, 22, 10, 0), BERLIN)
    starts = list(local_starts(rule, datetime(2024, 4, 19, 10, 0)))
    assert starts == [
        datetime(2024, 3, 22, 10),
        datetime(2024, 4, 5, 10),
        datetime(2024, 4, 19, 10),
    ]


def test_occurrence_dates_in_one_pass_up_to_2199() -> None:
    rule = parse_rule("FREQ=MONTHLY;BYDAY=-1TH", datetime(2024, 1, 25, 14, 0), BERLIN)
    dates = occurrence_dates(rule, date(2024, 4, 30))
    assert sorted(dates) == [
        date(2024, 1, 25),
        date(2024, 2, 29),
        date(2024, 3, 28),
        date(2024, 4, 25),
    ]
    far = occurrence_dates(rule, date(9999, 12, 31))
    assert max(far) == date(2199, 12, 26)


def test_until_is_written_in_utc_for_the_feeds() -> None:
    # A bare date ends the day in local time; a UTC time stays as written.
    assert until_utc("FREQ=WEEKLY;UNTIL=20240630", BERLIN) == "FREQ=WEEKLY;UNTIL=20240630T215959Z"
    assert until_utc("FREQ=WEEKLY;UNTIL=20240630T080000Z", BERLIN) == (
        "FREQ=WEEKLY;UNTIL=20240630T080000Z"
    )
    assert until_utc("FREQ=WEEKLY;COUNT=3", BERLIN) == "FREQ=WEEKLY;COUNT=3"
