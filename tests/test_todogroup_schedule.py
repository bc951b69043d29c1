"""The TODO Group's real schedule (shared/seed: the April 2024 "Virtual Meetings" page) as this
repository holds it: it validates, and every meeting is at its exact instant in meetings.json,
in Mozilla's ical.js (every feed it is in) and on the page.

Facts (seed README): Thursday Touchpoint 2024-04-25 14:00–15:00 CEST, Friday Touchpoint
2024-04-12 17:30–18:30 CEST, the March Thursday Touchpoint 2024-03-28 14:00–15:00 CET (the
last Thursday before Europe's change to summer time), all in Europe/Madrid; three working
groups.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from meetingkit.cli import main
from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository

from conftest import REPO_ROOT
from icaljs import icaljs_instants, node_available, python_instants

NOW = "2024-04-01T00:00Z"
WINDOW = (dt.datetime(2021, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
HOST = "todogroup.github.io"
# id -> series, UTC start and end, as the page shows it in Europe/Madrid
SCHEDULE = {
    "2024-03-28-thursday-touchpoint": (
        "thursday-touchpoint",
        "2024-03-28T13:00:00Z",
        "2024-03-28T14:00:00Z",
        "Thursday 28 March 2024, 14:00–15:00 CET",
    ),
    "2024-04-12-friday-touchpoint": (
        "friday-touchpoint",
        "2024-04-12T15:30:00Z",
        "2024-04-12T16:30:00Z",
        "Friday 12 April 2024, 17:30–18:30 CEST",
    ),
    "2024-04-25-thursday-touchpoint": (
        "thursday-touchpoint",
        "2024-04-25T12:00:00Z",
        "2024-04-25T13:00:00Z",
        "Thursday 25 April 2024, 14:00–15:00 CEST",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, copied out, validated and built."""
    root = tmp_path_factory.mktemp("todogroup") / "repo"
    root.mkdir()
    shutil.copy(REPO_ROOT / "site.yaml", root)
    for folder in ("series", "working-groups", "meetings"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    problems = [str(p) for p in validate_repository(load_repository(root))]
    assert problems == []
    out = root.parent / "site"
    assert main(["build", "--root", str(root), "--out", str(out), "--now", NOW]) == 0
    return out


def _json(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "meetings.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("mid", sorted(SCHEDULE))
def test_meetings_json_has_the_published_instants(site: Path, mid: str) -> None:
    meeting = next(m for m in _json(site)["meetings"] if m["id"] == mid)
    series, start, end, _ = SCHEDULE[mid]
    assert (meeting["series"], meeting["timezone"]) == (series, "Europe/Madrid")
    assert (meeting["start_utc"], meeting["end_utc"]) == (start, end)


@pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
@pytest.mark.parametrize("mid", sorted(SCHEDULE))
def test_every_feed_puts_the_meeting_at_its_instant_in_icaljs(site: Path, mid: str) -> None:
    series, start, end, _ = SCHEDULE[mid]
    event = {"uid": f"{mid}@{HOST}", "start": start, "end": end, "status": "CONFIRMED"}
    for feed in ("calendar.ics", f"calendars/{series}.ics", f"meetings/{mid}.ics"):
        found = [o for o in icaljs_instants(site / feed, *WINDOW) if o["uid"] == event["uid"]]
        assert found == [event], feed
        assert python_instants(site / feed, *WINDOW) == icaljs_instants(site / feed, *WINDOW)


@pytest.mark.parametrize("mid", sorted(SCHEDULE))
def test_the_page_shows_the_published_local_time(site: Path, mid: str) -> None:
    _, start, end, shown = SCHEDULE[mid]
    page = (site / "meetings" / f"{mid}.html").read_text("utf-8")
    assert f'<time datetime="{start}" data-start="{start}" data-end="{end}">{shown}</time>' in page


def test_the_page_has_the_touchpoints_and_the_working_groups(site: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    assert "<td>Mirko (LF Europe), Julian (SCANOSS), Lumi</td>" in index
    assert "<td>TODO Slack #wg-ospometrics-chaoss</td>" in index
    assert "<td>Matt and Gary</td>" in index and "<td>Shane</td>" in index
    groups = {g["id"]: g for g in _json(site)["working_groups"]}
    assert sorted(groups) == ["chaoss-ospo-metrics", "openchain-ai-compliance", "ospo-book"]
    assert groups["ospo-book"]["links"]["website"] == "https://ospobook.todogroup.org/"
