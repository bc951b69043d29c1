"""Which feeds exist and which meetings each holds (the window of subscribed feeds)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mini_site import MINI, NOW

from meetingkit.load.repository import load_repository
from meetingkit.model.build import build_programme
from meetingkit.model.records import Meeting, Programme
from meetingkit.pipeline import load_programme
from meetingkit.render.feeds import feeds, in_window, window_start

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def programme() -> Programme:
    loaded, problems = load_programme(MINI, use_git=False)
    assert loaded is not None, problems
    return loaded


def by_id(programme: Programme, meeting_id: str) -> Meeting:
    return next(m for m in programme.meetings if m.id == meeting_id)


def contents(programme: Programme, now: datetime) -> dict[str, list[str]]:
    return {f.path: [m.id for m in f.meetings] for f in feeds(programme, now)}


def test_feeds_and_their_meetings(programme: Programme) -> None:
    assert contents(programme, NOW) == {
        "calendar.ics": [
            "2024-03-07-docs-wg-call",  # started before the 30-day window, recurs into it
            "2024-03-28-monthly-talk",
            "2024-04-12-office-hours",
            "2024-04-25-monthly-talk",  # cancelled meetings stay, marked cancelled
            "2024-05-30-monthly-talk",
        ],
        "calendars/archive.ics": [
            "2023-11-30-monthly-talk",
            "2024-03-07-docs-wg-call",
            "2024-03-28-monthly-talk",
            "2024-04-12-office-hours",
            "2024-04-25-monthly-talk",
            "2024-05-30-monthly-talk",
        ],
        "calendars/monthly-talk.ics": [
            "2024-03-28-monthly-talk",
            "2024-04-25-monthly-talk",
            "2024-05-30-monthly-talk",
        ],
        "calendars/office-hours.ics": ["2024-04-12-office-hours"],
        "calendars/docs.ics": ["2024-03-07-docs-wg-call"],
        **{f"meetings/{m.id}.ics": [m.id] for m in programme.meetings},
    }


def test_feed_names(programme: Programme) -> None:
    names = {f.path: (f.name, f.caption) for f in feeds(programme, NOW)}
    assert names["calendar.ics"] == (
        "Mini Community Community Calls",
        "All upcoming meetings and those of the past 30 days.",
    )
    assert names["calendars/docs.ics"] == (
        "Mini Community: Docs Working Group",
        "Writes and reviews the community handbook",
    )
    assert names["meetings/2024-04-25-monthly-talk.ics"][0] == (
        "Cancelled: Monthly Talk: Community metrics"
    )


def test_window_moves_with_now(programme: Programme) -> None:
    later = datetime(2024, 5, 10, tzinfo=UTC)  # window from 10 April
    assert contents(programme, later)["calendar.ics"] == [
        "2024-03-07-docs-wg-call",  # its 25 April occurrence is inside
        "2024-04-12-office-hours",
        "2024-04-25-monthly-talk",
        "2024-05-30-monthly-talk",
    ]
    no_past = dataclasses.replace(
        programme, site=dataclasses.replace(programme.site, feed_past_days=0)
    )
    assert contents(no_past, NOW)["calendar.ics"] == [
        "2024-03-07-docs-wg-call",
        "2024-04-25-monthly-talk",
        "2024-05-30-monthly-talk",
    ]


def test_window_edges(programme: Programme) -> None:
    talk = by_id(programme, "2024-03-28-monthly-talk")  # ends 15:00 CET = 14:00 UTC
    end = datetime(2024, 3, 28, 14, 0, tzinfo=UTC)
    assert in_window(talk, end)
    assert not in_window(talk, end + timedelta(seconds=1))
    assert window_start(programme, NOW) == datetime(2024, 3, 21, 9, 0, tzinfo=UTC)


def test_recurring_meetings_stay_while_an_occurrence_is_in_the_window(
    programme: Programme,
) -> None:
    call = by_id(programme, "2024-03-07-docs-wg-call")
    old = dataclasses.replace(
        call,
        start=datetime(2020, 1, 2, 10, 0, tzinfo=BERLIN),
        end=datetime(2020, 1, 2, 10, 30, tzinfo=BERLIN),
        recurrence="FREQ=WEEKLY;BYDAY=TH",
        cancelled_dates=(),
    )
    assert in_window(old, datetime(2030, 6, 1, tzinfo=UTC))
    # The last occurrence, 2024-04-25 10:00-10:30 CEST, ends 08:30 UTC.
    assert in_window(call, datetime(2024, 4, 25, 8, 30, tzinfo=UTC))
    assert not in_window(call, datetime(2024, 4, 25, 8, 31, tzinfo=UTC))
    counted = dataclasses.replace(old, recurrence="FREQ=WEEKLY;BYDAY=TH;COUNT=3")
    assert not in_window(counted, datetime(2020, 1, 17, tzinfo=UTC))
    assert in_window(counted, datetime(2020, 1, 16, 9, 30, tzinfo=UTC))


def test_a_series_and_a_working_group_may_share_an_id_and_then_one_feed(
    programme: Programme,
) -> None:
    talk = programme.series["monthly-talk"]
    shared = dataclasses.replace(
        programme,
        series={"docs": dataclasses.replace(talk, id="docs")},
        meetings=tuple(
            dataclasses.replace(m, series="docs") if m.series == "monthly-talk" else m
            for m in programme.meetings
        ),
    )
    found = {f.path: f for f in feeds(shared, NOW)}
    assert sorted(p for p in found if p.startswith("calendars/")) == [
        "calendars/archive.ics",
        "calendars/docs.ics",
    ]
    both, everything = found["calendars/docs.ics"], found["calendar.ics"]
    assert both.name.endswith("Docs Working Group")
    assert {m.series for m in both.meetings} == {"docs", None}  # the series' and the group's
    assert [m.id for m in both.meetings] == [
        m.id for m in everything.meetings if m.series == "docs" or m.working_group == "docs"
    ]


def test_names_do_not_repeat_the_community(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    site = tmp_path / "site.yaml"
    text = site.read_text("utf-8").replace("Mini Community", "CHAOSS")
    site.write_text(text.replace("title: Community Calls", "title: CHAOSS Meetings"), "utf-8")
    talk = tmp_path / "series" / "monthly-talk.yaml"
    talk.write_text(
        talk.read_text("utf-8").replace("name: Monthly Talk", "name: CHAOSS Monthly Talk"), "utf-8"
    )
    names = {f.path: f.name for f in feeds(build_programme(load_repository(tmp_path)), NOW)}
    assert names["calendar.ics"] == "CHAOSS Meetings"
    assert names["calendars/archive.ics"] == "CHAOSS Meetings (archive)"
    assert names["calendars/monthly-talk.ics"] == "CHAOSS Monthly Talk"
    assert names["calendars/docs.ics"] == "CHAOSS: Docs Working Group"
