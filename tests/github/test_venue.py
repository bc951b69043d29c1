"""Which venue a meeting's agenda lives in: the agenda: blocks merged field by field."""

from __future__ import annotations

from pathlib import Path

from meetingkit.github.venue import Venue, resolve, venue_of, venues
from meetingkit.model.records import AgendaVenue
from meetingkit.pipeline import load_programme

SITE = AgendaVenue("discussions", "Meetings", "todogroup/ospology", "Meeting Notes")


def test_nothing_set_is_issues_in_the_workflow_repository() -> None:
    assert resolve((AgendaVenue(),), "o/r") == Venue("issues", "o/r")


def test_the_most_specific_block_wins_field_by_field() -> None:
    series = AgendaVenue(category="WG calls")
    assert resolve((series, AgendaVenue(), SITE), "o/r") == Venue(
        "discussions", "todogroup/ospology", "WG calls", "Meeting Notes"
    )
    back_to_issues = AgendaVenue(venue="issues")
    assert resolve((back_to_issues, SITE), "o/r") == Venue("issues", "todogroup/ospology")


def test_settings_are_read_from_site_series_and_working_group(base_repo: Path) -> None:
    site = base_repo / "site.yaml"
    site.write_text(
        site.read_text() + "agenda:\n  venue: discussions\n  category: Meetings\n"
        "  notes_label: Meeting Notes\n"
    )
    group = base_repo / "working-groups/docs.md"
    group.write_text(group.read_text().replace("---\n", "---\nagenda:\n  venue: issues\n", 1))
    programme, problems = load_programme(base_repo, use_git=False)
    assert problems == [] and programme is not None
    assert programme.site.agenda == AgendaVenue("discussions", "Meetings", None, "Meeting Notes")
    assert programme.working_groups["docs"].agenda == AgendaVenue(venue="issues")
    site_venue = Venue("discussions", "example/meetings", "Meetings", "Meeting Notes")
    assert venues(programme, "example/meetings") == [site_venue, Venue("issues", "example/meetings")]
    [meeting] = programme.meetings  # a series meeting: the site's venue
    assert venue_of(programme, meeting, "example/meetings") == site_venue
