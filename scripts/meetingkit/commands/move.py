"""meetingkit move: a meeting to another date (and time), as the same calendar event."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    load_or_report,
    repository_root,
    say,
)
from meetingkit.model.records import Meeting

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def run(args: argparse.Namespace) -> int:
    from meetingkit.github.edit import EditError, front_matter, set_fields

    root = repository_root(args.root)
    programme = load_or_report(
        root, "meetingkit move: the content has errors; fix them first", use_git=False
    )
    if programme is None:
        return EXIT_PROBLEMS
    meeting = next((m for m in programme.meetings if m.id == args.id), None)
    if meeting is None:
        raise UsageError(
            f"no meeting {args.id!r}; give the file name without .md, "
            "e.g. 2024-04-25-thursday-touchpoint"
        )
    if meeting.recurrence:
        raise UsageError(
            f"{meeting.id} is a recurring meeting; to move one of its dates, give that date its "
            "own start under overrides (see CONTRIBUTING.md)"
        )
    start = _target(args.to, meeting)
    if start.date() == meeting.start.date() and start.time() == meeting.start.time():
        raise UsageError(f"{meeting.id} already starts at {start:%Y-%m-%d %H:%M}")
    old_path = root / meeting.path
    new_relative = f"meetings/{start.year}/{start:%Y-%m-%d}-{meeting.id[11:]}.md"
    new_path = root / new_relative
    if new_path.exists() and new_path != old_path:
        say(f"meetingkit move: {new_relative} already exists")
        return EXIT_PROBLEMS
    text = old_path.read_bytes().decode("utf-8")  # CRLF and a BOM kept as written
    try:
        values = _moved_fields(front_matter(text), meeting, start)
        moved = set_fields(text, values)
    except EditError as exc:
        say(f"meetingkit move: {meeting.path}: {exc}")
        return EXIT_PROBLEMS
    _replace_file(old_path, new_path, moved)
    refusal = f"meetingkit move: {meeting.id} would not validate on its new date; nothing moved"
    if load_or_report(root, refusal, use_git=False) is None:
        _replace_file(new_path, old_path, text)
        return EXIT_PROBLEMS
    print(new_relative)
    say(
        f"Moved {meeting.path} to {new_relative}, keeping its calendar identity "
        f"({values['uid']}); commit both the removal and the new file."
    )
    return EXIT_OK


def _target(text: str, meeting: Meeting) -> datetime:
    """--to YYYY-MM-DD keeps the meeting's local time; YYYY-MM-DDTHH:MM sets both."""
    if meeting.all_day and "T" in text:
        raise UsageError(f"{meeting.id} is an all-day event: give --to YYYY-MM-DD")
    try:
        if "T" in text:
            return datetime.strptime(text, LOCAL_FORMAT)
        return datetime.combine(date.fromisoformat(text), meeting.start.time())
    except ValueError:
        raise UsageError(f"--to {text!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None


def _moved_fields(data: dict[str, object], meeting: Meeting, start: datetime) -> dict[str, str]:
    values = {"start": start.strftime(LOCAL_FORMAT), "uid": meeting.uid}
    values["moved_from"] = str(data.get("moved_from") or meeting.start.date().isoformat())
    if meeting.all_day:  # dates stay dates; a multi-day event keeps its length
        values["start"] = start.date().isoformat()
        if isinstance(data.get("end"), str):
            values["end"] = (meeting.days[1] + (start.date() - meeting.days[0])).isoformat()
    elif isinstance(data.get("end"), str):
        planned = meeting.start.replace(tzinfo=None)
        written_end = datetime.strptime(str(data["end"]), LOCAL_FORMAT)
        values["end"] = (start + (written_end - planned)).strftime(LOCAL_FORMAT)
    return values


def _replace_file(old: Path, new: Path, text: str) -> None:
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_bytes(text.encode("utf-8"))
    if old != new:
        old.unlink()


