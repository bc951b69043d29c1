"""icalendar folds every content line character by character, even the short ones.

Most lines of a feed are far below the 75-octet limit and need no folding at all. We put a
fast path in front of icalendar's own folding: a line shorter than the limit is returned as
it is (which is what icalendar's loop would return), every other line goes to icalendar.
The wrapped function is private, so if a future icalendar moves it nothing is patched and
the output stays the same, only slower (tests/render/test_ical_speed.py checks both).
"""

from __future__ import annotations

from collections.abc import Callable

Fold = Callable[..., str]


def fast_fold(original: Fold) -> Fold:
    def fold(line: str, limit: int = 75, fold_sep: str = "\r\n ") -> str:
        # len(str) <= octets, so a short ASCII line, or one whose octets fit, stays whole.
        if len(line) < limit and (line.isascii() or len(line.encode("utf-8")) < limit):
            return line
        return original(line, limit, fold_sep)

    fold.__wrapped__ = original  # type: ignore[attr-defined]
    return fold


def install() -> bool:
    """Wrap icalendar's folding once; False when its private layout is not what we know."""
    try:
        from icalendar.parser import content_line
    except ImportError:
        return False
    current = getattr(content_line, "_foldline", None)
    if current is None:
        return False
    if not hasattr(current, "__wrapped__"):
        content_line._foldline = fast_fold(current)  # type: ignore[attr-defined]  # private, checked above
    return True
