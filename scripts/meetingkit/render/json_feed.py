"""meetings.json: the programme for other sites to consume (schemas/meetings-json.schema.json).

Every meeting of the repository is listed, oldest first. Only ``generated`` depends on the
build's ``now``; the rest is a function of the content.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from meetingkit.model.clock import WEEKDAYS, utc_iso
from meetingkit.model.occurrences import Occurrence, changed
from meetingkit.model.records import (
    Meeting,
    Person,
    Programme,
    Series,
    WorkingGroup,
    feed_path,
)
from meetingkit.render.ics import ics_url, page_url


def person(p: Person) -> dict[str, str]:
    record = {"name": p.name, "affiliation": p.affiliation, "github": p.github, "url": p.url}
    return {key: value for key, value in record.items() if value is not None}


def _links(links: Mapping[str, str]) -> dict[str, str]:
    return {key: links[key] for key in sorted(links)}


def series_record(programme: Programme, series: Series) -> dict[str, Any]:
    return {
        "id": series.id,
        "name": series.name,
        "description": series.description.strip(),
        "weekday": None if series.weekday is None else WEEKDAYS[series.weekday],
        "start_time": series.start_time.strftime("%H:%M") if series.start_time else None,
        "duration_minutes": int(series.duration.total_seconds() // 60),
        "timezone": series.timezone,
        "rrule": series.rrule,
        "audience": series.audience,
        "chatham_house": series.chatham_house,
        "working_group": series.working_group,
        "status": series.status,
        "ics": programme.site.base_url + feed_path(series.id),
    }


def working_group_record(programme: Programme, group: WorkingGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "scope": group.scope,
        "chairs": [person(p) for p in group.chairs],
        "chairs_note": group.chairs_text,
        "links": _links(group.url_links),  # the schema promises https URLs only
        "chat_name": group.chat_name,
        "status": group.status,
        "ics": programme.site.base_url + feed_path(group.id),
    }


def meeting_record(programme: Programme, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "title": meeting.title,
        "series": meeting.series,
        "working_group": meeting.working_group,
        "status": meeting.status,
        "start": meeting.days[0].isoformat() if meeting.all_day else meeting.start.isoformat(),
        "end": meeting.days[1].isoformat() if meeting.all_day else meeting.end.isoformat(),
        "start_utc": utc_iso(meeting.start),
        "end_utc": utc_iso(meeting.end),
        "all_day": meeting.all_day,
        "timezone": meeting.timezone,
        "recurrence": meeting.recurrence,
        "cancelled_dates": [d.isoformat() for d in meeting.cancelled_dates],
        "overrides": [_occurrence_record(o) for o in changed(meeting)],
        "guests": [person(p) for p in meeting.guests],
        "hosts": [person(p) for p in meeting.hosts],
        "audience": meeting.audience,
        "chatham_house": meeting.chatham_house,
        "links": _links(meeting.links),
        "tags": list(meeting.tags),
        "description": meeting.body,
        "url": page_url(programme, meeting),
        "ics": ics_url(programme, meeting),
    }


def _occurrence_record(o: Occurrence) -> dict[str, Any]:
    return {
        "date": o.day.isoformat(),
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "start_utc": utc_iso(o.start),
        "end_utc": utc_iso(o.end),
        "title": o.title,
        "status": o.status,
        "guests": [person(p) for p in o.guests],
        "hosts": [person(p) for p in o.hosts],
        "links": _links(o.links),
        "description": o.body,
    }


def meetings_document(programme: Programme, now: datetime) -> dict[str, Any]:
    site = programme.site
    return {
        "generated": utc_iso(now),
        "community": site.community,
        "title": site.title,
        "base_url": site.base_url,
        "timezone": site.timezone,
        "calendar": f"{site.base_url}calendar.ics",
        "series": [series_record(programme, s) for _, s in sorted(programme.series.items())],
        "working_groups": [
            working_group_record(programme, g) for _, g in sorted(programme.working_groups.items())
        ],
        "meetings": [
            meeting_record(programme, m)
            for m in sorted(programme.meetings, key=lambda m: (m.start.astimezone(UTC), m.id))
        ],
    }


def meetings_json(programme: Programme, now: datetime) -> bytes:
    """UTF-8 JSON, two-space indent, keys in the documented order, newline at the end."""
    text = json.dumps(meetings_document(programme, now), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
