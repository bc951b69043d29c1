"""Occurrences: lazily expanded over a window, each lasting the meeting's exact duration."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from meetingkit.model.occurrences import next_of_series, occurrences
from meetingkit.model.records import Meeting, Programme
from meetingkit.pipeline import load_programme
from meetingkit.render.feeds import in_window

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAILY_SINCE_2010 = """---
title: Stand-up
start: "2010-01-04T09:00"
duration: 15
timezone: America/New_York
series: standup
recurrence: FREQ=DAILY
cancelled_dates: ["2026-11-29"]
---
"""


@pytest.fixture
def programme(base_repo: Path) -> Programme:
    path = base_repo / "meetings" / "2010" / "2010-01-04-stand-up.md"
    path.parent.mkdir()
    path.write_text(DAILY_SINCE_2010, encoding="utf-8")
    series = "name: Stand-up\ntimezone: America/New_York\n"
    (base_repo / "series" / "standup.yaml").write_text(series, encoding="utf-8")
    programme, problems = load_programme(base_repo, use_git=False)
    assert [p for p in problems if p.is_error] == []
    assert programme is not None
    return programme


def _standup(programme: Programme) -> Meeting:
    return next(m for m in programme.meetings if m.id == "2010-01-04-stand-up")


def test_a_daily_call_from_2010_still_has_a_next_date_in_2026(programme: Programme) -> None:
    found = next_of_series(programme.meetings, "standup", NOW, NOW + timedelta(days=60))
    assert found is not None
    assert found.start.isoformat() == "2026-11-30T09:00:00-05:00"  # 07:00 in New York now


def test_its_last_held_date_is_the_day_before_the_cancelled_one(programme: Programme) -> None:
    ended = [o for o in occurrences(_standup(programme), NOW) if o.end_utc <= NOW]
    assert len(ended) == 6174  # 2010-01-04 to 2026-11-29, each day
    held = [o for o in ended if not o.cancelled]
    assert held[-1].start.isoformat() == "2026-11-28T09:00:00-05:00"
    assert [o.start.date() for o in ended if o.cancelled] == [date(2026, 11, 29)]


def test_expansion_is_lazy_and_endless_rules_go_on(programme: Programme) -> None:
    standup = _standup(programme)
    far = list(itertools.islice(occurrences(standup), 40_000))
    assert far[-1].start.isoformat() == "2119-07-11T09:00:00-04:00"
    assert {o.end_utc - o.start_utc for o in far} == {timedelta(minutes=15)}


def test_until_bounds_the_window(programme: Programme) -> None:
    standup = _standup(programme)
    found = list(occurrences(standup, datetime(2010, 1, 6, 14, 0, tzinfo=UTC)))
    assert [o.key for o in found] == [
        "2010-01-04-stand-up/2010-01-04",
        "2010-01-04-stand-up/2010-01-05",
        "2010-01-04-stand-up/2010-01-06",
    ]
    one_off = dataclasses.replace(standup, recurrence=None, cancelled_dates=())
    assert [o.key for o in occurrences(one_off, datetime(2010, 1, 4, tzinfo=UTC))] == [
        "2010-01-04-stand-up"
    ]


def test_a_daily_0230_call_on_the_spring_night_starts_at_0330(programme: Programme) -> None:
    base = _standup(programme)
    start = datetime(2024, 3, 30, 2, 30).replace(tzinfo=base.zone)
    call = dataclasses.replace(base, start=start, end=start + timedelta(minutes=15))
    berlin = dataclasses.replace(call, timezone="Europe/Berlin")
    night = [o.start.isoformat() for o in occurrences(berlin, datetime(2024, 4, 1, tzinfo=UTC))]
    assert night == [
        "2024-03-30T02:30:00+01:00",
        "2024-03-31T03:30:00+02:00",  # 02:30 does not exist: the offset before the gap
    ]


def test_feed_window_finds_a_recent_occurrence_of_an_old_call(programme: Programme) -> None:
    standup = _standup(programme)
    assert in_window(standup, NOW - timedelta(days=1))
    ended = dataclasses.replace(standup, recurrence="FREQ=DAILY;UNTIL=20250101")
    assert not in_window(ended, NOW - timedelta(days=1))
