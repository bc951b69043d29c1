"""What the rules need to know about a meeting, derived once with defaults applied."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from meetingkit.load.document import Document
from meetingkit.load.repository import Repository
from meetingkit.validate.zones import zone_or_none

LOCAL_TIME_FORM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}\Z")
DEFAULT_DURATION_MINUTES = 60
YEARS = (1970, 2199)  # the years a meeting may be in


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


def parse_local(value: Any) -> datetime | None:
    """A YYYY-MM-DDTHH:MM text as a naive datetime; None if it is not one."""
    if not isinstance(value, str):
        return None
    return _parse_local_text(value)


@functools.lru_cache(maxsize=4096)
def _parse_local_text(value: str) -> datetime | None:
    # Several rules ask for the same start; strptime is slow, the fixed layout is not.
    if not LOCAL_TIME_FORM.match(value):
        return None
    if not YEARS[0] <= int(value[0:4]) <= YEARS[1]:
        return None  # far-off years overflow once zones and durations are applied
    try:
        return datetime(
            int(value[0:4]), int(value[5:7]), int(value[8:10]), int(value[11:13]), int(value[14:16])
        )
    except ValueError:
        return None


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def local_end(doc: Document, ctx: Context, start: datetime) -> datetime | None:
    """The naive local end, from end, duration, the series' duration or the default."""
    data = doc.data or {}
    if "end" in data:
        return parse_local(data["end"])
    minutes = data.get("duration", ctx.series_of(data).get("duration", DEFAULT_DURATION_MINUTES))
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        return None
    return start + timedelta(minutes=minutes)


def uid_host(base_url: Any) -> str:
    """The host that derived calendar UIDs end in: the site's, from base_url."""
    try:
        host = urlsplit(base_url).hostname if isinstance(base_url, str) else None
    except ValueError:  # a malformed host, such as '[x'; the schema reports base_url
        host = None
    return host or "meetingkit"


def meeting_uid(doc: Document, host: str) -> str:
    """The meeting's calendar UID: its own 'uid', else '<meeting id>@<host>'."""
    uid = (doc.data or {}).get("uid")
    return uid if isinstance(uid, str) and uid else f"{doc.id}@{host}"
