"""--now: the moment a command acts as of, so previews and tests are reproducible."""

from __future__ import annotations

from datetime import UTC, datetime

from meetingkit.commands.common import UsageError


def parse_now(text: str | None) -> datetime:
    """ISO 8601 with Z or an offset (a naive value is UTC); default: the current time."""
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--now {text!r} is not an ISO 8601 date and time; write e.g. 2024-04-20T09:00Z"
        ) from None
    if not 1970 <= value.year <= 2199:
        raise UsageError(f"--now {text!r}: use a moment between the years 1970 and 2199")
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
