"""icalendar folds every content line character by character: the slowest part of a build.

We put an equivalent in front of icalendar's own folding that works on the UTF-8 bytes:
a short line is returned as it is, a long one is cut at the same places icalendar cuts it
(at most limit-1 octets a segment, never inside a character, and never right after a
backslash or caret, so that an escape stays on one line). The wrapped function is private,
so if a future icalendar moves it nothing is patched and the output stays the same, only
slower; tests/render/test_ical_speed.py holds the two to the same output.
"""

from __future__ import annotations

from collections.abc import Callable

Fold = Callable[..., str]


def fast_fold(original: Fold) -> Fold:
    def fold(line: str, limit: int = 75, fold_sep: str = "\r\n ") -> str:
        if line.isascii():
            data = line.encode("ascii")
        else:
            try:
                data = line.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: leave it to icalendar
                return original(line, limit, fold_sep)
        if len(data) < limit:
            return line
        if limit < 3:
            return original(line, limit, fold_sep)
        return fold_sep.join(_segments(data, limit - 1))

    fold.__wrapped__ = original  # type: ignore[attr-defined]
    return fold


def _segments(data: bytes, most: int) -> list[str]:
    """``data`` cut greedily into runs of at most ``most`` octets, as icalendar cuts it."""
    parts: list[str] = []
    start = 0
    while len(data) - start > most:
        end = start + most
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the boundary
            end -= 1
        if end - 1 > start and data[end - 1] in b"\\^":
            end -= 1  # keep an escape sequence together on the next line
        parts.append(data[start:end].decode("utf-8"))
        start = end
    parts.append(data[start:].decode("utf-8"))
    return parts


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
