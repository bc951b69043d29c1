"""What the rules need to know about a meeting, derived once with defaults applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from meetingkit.load.repository import Repository
from meetingkit.model.clock import zone_or_none


@dataclass
class Context:
    """Cross-file facts: ids of series and working groups, and their data."""

    series: dict[str, dict[str, Any]]
    working_groups: dict[str, dict[str, Any]]
    site: dict[str, Any]

    @classmethod
    def of(cls, repo: Repository) -> Context:
        return cls(
            {d.id: d.data or {} for d in repo.series},
            {d.id: d.data or {} for d in repo.working_groups},
            (repo.site.data if repo.site and repo.site.data else {}),
        )

    def series_of(self, data: dict[str, Any]) -> dict[str, Any]:
        series = data.get("series")
        return self.series.get(series, {}) if isinstance(series, str) else {}

    def zone_name(self, data: dict[str, Any]) -> str | None:
        for source in (data, self.series_of(data), self.site):
            value = source.get("timezone")
            if isinstance(value, str):
                return value
        return None

    def zone(self, data: dict[str, Any]) -> ZoneInfo | None:
        name = self.zone_name(data)
        return zone_or_none(name) if name else None


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None

