"""A new meeting file for a series: its next free slot, with the series' defaults."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from meetingkit.model.records import Person, Programme, Series
from meetingkit.model.recurrence import parse_rule
from meetingkit.validate.rules import PLACEHOLDER


class ScaffoldError(Exception):
    """The meeting cannot be created as asked; the message says why."""


def next_free_date(
    programme: Programme, series: Series, after: datetime, taken: frozenset[date] = frozenset()
) -> date:
    """The first date of the series' rule after ``after`` with no meeting of the series yet
    (nor one of ``taken``: dates given away in the same run)."""
    if not series.rrule or series.start_time is None:
        raise ScaffoldError(
            f"series {series.id!r} has no rrule and start_time to find the next slot; "
            "give --date YYYY-MM-DD"
        )
    taken = taken | taken_dates(programme, series)
    local_after = after.astimezone(series.zone).replace(tzinfo=None)
    anchor = datetime.combine(local_after.date() - timedelta(days=400), series.start_time)
    rule = parse_rule(series.rrule, anchor, series.zone)
    for slot in rule.xafter(local_after, count=240):
        if slot.date() not in taken:
            return slot.date()
    raise ScaffoldError(f"no free slot of {series.id!r} in the next 240 occurrences")


def taken_dates(programme: Programme, series: Series) -> frozenset[date]:
    """The dates the series already has a meeting on."""
    return frozenset(m.start.date() for m in programme.meetings if m.series == series.id)


def meeting_path(series: Series, day: date) -> str:
    """Where ``meetingkit new`` puts a meeting of ``series`` on ``day``."""
    return f"meetings/{day.year}/{day.isoformat()}-{series.id}.md"


def meeting_text(
    series: Series,
    day: date,
    title: str | None,
    *,
    status: str | None = None,
    guests: Sequence[Person] = (),
    links: Mapping[str, str] | None = None,
    description: str | None = None,
) -> str:
    """Front matter with the series' defaults implied, and the agenda template as body.

    Every contributor-given value is written as a JSON string, which YAML reads back
    verbatim; ``description`` replaces the placeholder paragraph as given."""
    assert series.start_time is not None
    start = datetime.combine(day, series.start_time)
    lines = [
        "---",
        f"title: {_quoted(title or 'To be announced')}",
        f"series: {series.id}",
        f'start: "{start:%Y-%m-%dT%H:%M}"',
        f"status: {status or ('confirmed' if title else 'tentative')}",
    ]
    if guests:
        lines.append("guests:")
        for person in guests:
            lines.append(f"  - name: {_quoted(person.name)}")
            if person.affiliation:
                lines.append(f"    affiliation: {_quoted(person.affiliation)}")
            if person.github:
                lines.append(f"    github: {_quoted(person.github)}")
    else:
        lines += [
            "# guests:",
            "#   - name: Ada Lovelace",
            "#     affiliation: Example Foundation",
            "#     github: adalovelace",
        ]
    if links:
        lines.append("links:")
        lines += [f"  {kind}: {_quoted(url)}" for kind, url in links.items()]
    lines += [
        "---",
        description.strip("\n") if description else PLACEHOLDER,  # validate refuses it until replaced
        "",
    ]
    if series.agenda_template.strip():
        lines += ["## Planned agenda", "", series.agenda_template.strip("\n"), ""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
