"""Contributor text copied into GitHub must not notify, link or close anything by accident."""

from __future__ import annotations

import re

_ZWSP = "\u200b"
_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9])")
_REFERENCE = re.compile(r"(?<![\w&/])((?:[\w.-]+/[\w.-]+)?)#(?=\d)")
_CLOSING = re.compile(
    r"\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\s*:?\s+)(?=\S*#|https://github\.com/)",
    re.IGNORECASE,
)


def neutralise(text: str) -> str:
    """Break @mentions, #123 and owner/repo#1 references and closing keywords.

    A zero-width space keeps the text readable while GitHub no longer links or notifies.
    """
    text = _MENTION.sub("@" + _ZWSP, text)
    text = _REFERENCE.sub(lambda m: m.group(1) + "#" + _ZWSP, text)
    return _CLOSING.sub(lambda m: m.group(1)[0] + _ZWSP + m.group(1)[1:] + m.group(2), text)
