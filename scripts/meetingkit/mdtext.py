"""Contributor text placed inside generated Markdown: inert, and on one table cell."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def escape_inline(text: str) -> str:
    """Escape Markdown and HTML syntax, break @mentions, keep it on one line.

    GitHub renders job summaries and issue bodies as Markdown; an unescaped ``|`` breaks a
    table row, ``[x](javascript:…)`` makes a link, and ``@name`` notifies somebody.
    """
    one_line = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", one_line)
    return _MENTION.sub("@\u200b", escaped)
