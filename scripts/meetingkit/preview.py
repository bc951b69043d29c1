"""What a pull request does to subscribers' calendars: meetings added, changed, removed.

Compares two programmes (the base branch and the pull request) by calendar UID, the identity
clients use, and renders a Markdown job summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from meetingkit.mdtext import escape_inline
from meetingkit.model.occurrences import next_of_series
from meetingkit.model.records import Meeting, Override, Programme

_COMPARED: tuple[tuple[str, Callable[[Meeting], str]], ...] = (
    ("title", lambda m: m.title),
    ("when", lambda m: _span(m)),
    ("status", lambda m: m.status),
    ("recurrence", lambda m: m.recurrence or "none"),
    ("cancelled dates", lambda m: ", ".join(d.isoformat() for d in m.cancelled_dates) or "none"),
    ("overrides", lambda m: "; ".join(map(_override, m.overrides.values())) or "none"),
    ("guests", lambda m: ", ".join(p.label for p in m.guests) or "none"),
    ("links", lambda m: ", ".join(f"{k}: {v}" for k, v in sorted(m.links.items())) or "none"),
)


def _override(change: Override) -> str:
    """'2024-10-18 → 2024-10-21 09:30 "Handbook sprint" (cancelled)'."""
    text = f"{change.day.isoformat()} → {change.start:%Y-%m-%d %H:%M}"
    text += f' "{change.title}"' if change.title else ""
    return text + (f" ({change.status})" if change.status else "")


@dataclass(frozen=True)
class Change:
    meeting: Meeting
    fields: tuple[tuple[str, str, str], ...]  # (field, old, new)


@dataclass(frozen=True)
class Diff:
    added: tuple[Meeting, ...]
    changed: tuple[Change, ...]
    removed: tuple[Meeting, ...]


def _span(meeting: Meeting) -> str:
    """'2024-04-25 14:00–15:00 CEST (12:00–13:00 UTC)'."""
    start, end = meeting.start, meeting.end
    if meeting.all_day:
        first, last = meeting.days
        return f"{first.isoformat()}–{last.isoformat()} all day"
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    return (
        f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {start:%Z} "
        f"({start_utc:%Y-%m-%d %H:%M}–{end_utc:%H:%M} UTC)"
    )


def diff_programmes(base: Programme | None, head: Programme) -> Diff:
    old = {m.uid: m for m in base.meetings} if base else {}
    new = {m.uid: m for m in head.meetings}
    changed = []
    for uid in sorted(old.keys() & new.keys(), key=lambda u: (new[u].start, u)):
        fields = tuple(
            (name, read(old[uid]), read(new[uid]))
            for name, read in _COMPARED
            if read(old[uid]) != read(new[uid])
        )
        if fields:
            changed.append(Change(new[uid], fields))
    return Diff(
        added=tuple(
            new[u] for u in sorted(new.keys() - old.keys(), key=lambda u: (new[u].start, u))
        ),
        changed=tuple(changed),
        removed=tuple(
            old[u] for u in sorted(old.keys() - new.keys(), key=lambda u: (old[u].start, u))
        ),
    )


def render_summary(diff: Diff, head: Programme, now: datetime) -> str:
    lines = [
        "## Calendar preview",
        "",
        f"**{len(diff.added)} added, {len(diff.changed)} changed, {len(diff.removed)} removed** "
        "compared with the base branch.",
        "",
    ]
    if diff.added:
        lines += ["### Added", "", "| meeting | when | status |", "|---|---|---|"]
        lines += [f"| {_name(m)} | {_span(m)} | {m.status} |" for m in diff.added]
        lines.append("")
    if diff.changed:
        lines += ["### Changed", "", "| meeting | field | before | after |", "|---|---|---|---|"]
        for change in diff.changed:
            for field, before, after in change.fields:
                lines.append(
                    f"| {_name(change.meeting)} | {field} | {escape_inline(before)} | "
                    f"{escape_inline(after)} |"
                )
        lines.append("")
    if diff.removed:
        lines += ["### Removed", "", "| meeting | when |", "|---|---|"]
        lines += [f"| {_name(m)} | {_span(m)} |" for m in diff.removed]
        lines.append("")
    lines += _next_occurrences(head, now)
    return "\n".join(lines) + "\n"


def _name(meeting: Meeting) -> str:
    return f"`{meeting.id}` {escape_inline(meeting.title)}"


def _next_occurrences(head: Programme, now: datetime) -> list[str]:
    rows = []
    for series in sorted(head.series.values(), key=lambda s: s.id):
        upcoming = next_of_series(head.meetings, series.id, now, now + timedelta(days=400))
        if upcoming is None:
            rows.append(f"| {escape_inline(series.name)} | none scheduled |")
        else:
            rows.append(
                f"| {escape_inline(series.name)} | {_name(upcoming.meeting)}: {_span(upcoming.meeting) if not upcoming.meeting.recurrence else upcoming.start.strftime('%Y-%m-%d %H:%M %Z')} |"
            )
    if not rows:
        return []
    return ["### Next occurrence of each series", "", "| series | next |", "|---|---|", *rows, ""]
