"""A new meeting file for a series: its next free slot, with the series' defaults."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from meetingkit.model.records import Programme, Series
from meetingkit.model.recurrence import parse_rule


class ScaffoldError(Exception):
    """The meeting cannot be created as asked; the message says why."""


def next_free_date(programme: Programme, series: Series, after: datetime) -> date:
    """The first date of the series' rule after ``after`` with no meeting of the series yet."""
    if not series.rrule or series.start_time is None:
        raise ScaffoldError(
            f"series {series.id!r} has no rrule and start_time to find the next slot; "
            "give --date YYYY-MM-DD"
        )
    taken = {m.start.date() for m in programme.meetings if m.series == series.id}
    local_after = after.astimezone(series.zone).replace(tzinfo=None)
    anchor = datetime.combine(local_after.date() - timedelta(days=400), series.start_time)
    rule = parse_rule(series.rrule, anchor, series.zone)
    for slot in rule.xafter(local_after, count=240):
        if slot.date() not in taken:
            return slot.date()
    raise ScaffoldError(f"no free slot of {series.id!r} in the next 240 occurrences")


def meeting_text(series: Series, day: date, title: str | None) -> str:
    """Front matter with the series' defaults implied, and the agenda template as body."""
    assert series.start_time is not None
    start = datetime.combine(day, series.start_time)
    lines = [
        "---",
        f"title: {json.dumps(title or 'To be announced', ensure_ascii=False)}",
        f"series: {series.id}",
        f'start: "{start:%Y-%m-%dT%H:%M}"',
        f"status: {'confirmed' if title else 'tentative'}",
        "# guests:",
        "#   - name: Ada Lovelace",
        "#     affiliation: Example Foundation",
        "#     github: adalovelace",
        "---",
        "Describe the session: what the guests will present and who it is for.",
        "",
    ]
    if series.agenda_template.strip():
        lines += ["## Planned agenda", "", series.agenda_template.strip("\n"), ""]
    return "\n".join(lines)
