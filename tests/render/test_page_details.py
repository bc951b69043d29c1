"""Small things on the page: headings without content, UTC said once, working-group series."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from meetingkit.cli import main
from meetingkit.model.timetext import when

NOW = "2024-04-01T00:00Z"


def build(root: Path) -> str:
    out = root / "site"
    assert main(["build", "--root", str(root), "--out", str(out), "--now", NOW]) == 0
    return (out / "index.html").read_text("utf-8")


def test_past_recordings_heading_only_with_recordings(base_repo: Path) -> None:
    assert "Past recordings" not in build(base_repo)
    with (base_repo / "site.yaml").open("a") as site:
        site.write(
            "recordings:\n  - title: A talk\n    url: https://example.org/v\n    year: 2023\n"
        )
    page = build(base_repo)
    assert '<h3 id="past-recordings">Past recordings</h3>\n<h4>2023</h4>' in page


def test_a_utc_meeting_says_its_time_once() -> None:
    utc = when(
        datetime(2024, 4, 25, 14, tzinfo=ZoneInfo("Etc/UTC")),
        datetime(2024, 4, 25, 15, tzinfo=ZoneInfo("Etc/UTC")),
    )
    assert (utc.local, utc.utc) == ("Thursday 25 April 2024, 14:00–15:00 UTC", "")
    london = when(
        datetime(2024, 1, 4, 14, tzinfo=ZoneInfo("Europe/London")),
        datetime(2024, 1, 4, 15, tzinfo=ZoneInfo("Europe/London")),
    )
    assert (london.local, london.utc) == (
        "Thursday 4 January 2024, 14:00–15:00 GMT",
        "14:00–15:00 UTC",
    )


def test_a_utc_meeting_page_shows_one_reading(base_repo: Path) -> None:
    meeting = base_repo / "meetings/2024/2024-04-25-thursday-call.md"
    meeting.write_text('---\ntitle: UTC talk\nstart: "2024-04-25T14:00"\ntimezone: UTC\n---\n')
    build(base_repo)
    page = (base_repo / "site/meetings/2024-04-25-thursday-call.html").read_text("utf-8")
    assert page.count("14:00–15:00 UTC") == 1
    assert '14:00–15:00 UTC</time> <span class="viewer-time" hidden></span>' in page


def test_a_working_group_series_is_in_the_next_table_and_the_feeds(base_repo: Path) -> None:
    (base_repo / "series/docs-call.yaml").write_text(
        'name: Docs Call\nworking_group: docs\nweekday: tuesday\nstart_time: "16:00"\n'
        "timezone: Europe/Madrid\nrrule: FREQ=WEEKLY;BYDAY=TU\n"
    )
    (base_repo / "meetings/2024/2024-04-09-docs-call.md").write_text(
        '---\ntitle: Handbook review\nseries: docs-call\nstart: "2024-04-09T16:00"\n---\n'
    )
    page = build(base_repo)
    assert '<th scope="col" id="next-docs-call">Next Docs Call</th>' in page
    assert '<a href="meetings/2024-04-09-docs-call.html">Handbook review</a>' in page
    assert (
        '<a href="https://example.github.io/meetings/calendars/docs-call.ics">'
        "Docs Call: iCalendar file</a>" in page
    )
    assert (base_repo / "site/calendars/docs-call.ics").is_file()
