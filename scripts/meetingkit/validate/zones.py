"""IANA time zone names: which exist, and what a near miss probably meant."""

from __future__ import annotations

import difflib
import functools

from meetingkit.model.clock import known_zones


@functools.cache
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in known_zones()}


def zone_problem(name: str) -> str | None:
    """None for a usable zone; otherwise what is wrong and what to write instead."""
    if name in known_zones():
        return None
    exact = _by_lower().get(name.lower())
    if exact:
        return f"unknown time zone {name!r}; zone names are case-sensitive: write {exact!r}"
    close = difflib.get_close_matches(name, sorted(known_zones()), n=1, cutoff=0.75)
    hint = (
        f"; did you mean {close[0]!r}?"
        if close
        else ("; use an IANA name such as 'Europe/Madrid' or 'America/New_York'")
    )
    return f"unknown time zone {name!r}{hint}"
