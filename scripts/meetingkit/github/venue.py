"""Where a meeting's agenda lives: issues or a discussion category, in which repository.

The ``agenda:`` blocks of the site, the working group and the series are merged field by
field (the series wins, then the working group, then the site); an unset repository is the
one the workflow runs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from meetingkit.model.records import AgendaVenue, Meeting, Programme


@dataclass(frozen=True)
class Venue:
    kind: Literal["issues", "discussions"]
    repository: str  # owner/name
    category: str | None = None  # discussions only
    notes_label: str | None = None

    @property
    def label(self) -> str:
        """'issues of o/r' or 'discussions of o/r (category Meetings)', for messages."""
        if self.kind == "issues":
            return f"issues of {self.repository}"
        return f"discussions of {self.repository} (category {self.category!r})"


def resolve(blocks: tuple[AgendaVenue, ...], default_repository: str) -> Venue:
    """The first block (most specific first) that sets a field gives its value."""

    def first(name: str) -> str | None:
        return next((v for b in blocks if (v := getattr(b, name)) is not None), None)

    kind = "discussions" if first("venue") == "discussions" else "issues"
    repository = first("repository") or default_repository
    if kind == "issues":
        return Venue("issues", repository)
    return Venue("discussions", repository, first("category"), first("notes_label"))


def venue_of(programme: Programme, meeting: Meeting, default_repository: str) -> Venue:
    series = programme.series.get(meeting.series or "")
    group = programme.working_groups.get(meeting.working_group or "")
    blocks = (
        series.agenda if series else AgendaVenue(),
        group.agenda if group else AgendaVenue(),
        programme.site.agenda,
    )
    return resolve(blocks, default_repository)


def venues(programme: Programme, default_repository: str) -> list[Venue]:
    """Every venue the programme uses, the site's own first (it is read even when no
    meeting uses it any more: its open agendas may still need a notice)."""
    site_block, none = programme.site.agenda, AgendaVenue()
    site = resolve((site_block,), default_repository)
    used = {venue_of(programme, m, default_repository) for m in programme.meetings}
    for series in programme.series.values():
        group = programme.working_groups.get(series.working_group or "")
        blocks = (series.agenda, group.agenda if group else none, site_block)
        used.add(resolve(blocks, default_repository))
    used |= {
        resolve((g.agenda, site_block), default_repository)
        for g in programme.working_groups.values()
    }
    return [site, *sorted(used - {site}, key=_order)]


def _order(venue: Venue) -> tuple[str, str, str, str]:
    return venue.kind, venue.repository, venue.category or "", venue.notes_label or ""
