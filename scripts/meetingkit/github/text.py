"""Text crossing between meeting files and GitHub: it must not notify, link, close or forge.

One home for what a GitHub handle looks like (:data:`HANDLE`): :func:`neutralise` breaks
the handles of text the bot posts or archives, and the archive's Chatham House step
(:func:`meetingkit.github.archive.anonymise`) removes them.
"""

from __future__ import annotations

import re

_ZWSP = "\u200b"
# Invisible characters someone may have put (or GitHub kept) between "@" and a login.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
#: "@" (or a form a page shows as one: "＠", "&#64;", "&commat;") and a login (letters,
#: digits, inner hyphens, at most 39), an optional "/team" and "[bot]".
HANDLE = re.compile(
    r"(?P<at>@|\uff20|&#0*64;|&#[xX]0*40;|&commat;)"
    rf"(?P<gap>[{_INVISIBLE}]*)(?P<login>[A-Za-z0-9](?:[A-Za-z0-9-]{{0,37}}[A-Za-z0-9])?)"
    r"(?:/[A-Za-z0-9_.-]+)?(?:\[bot\])?"
)
# Every pattern here runs on comments of up to 65,536 characters: each may start only where
# a run of its characters starts, with bounded or possessive repeats, so work stays linear.
_REFERENCE = re.compile(r"(?:(?<![\w.-])([\w.-]{1,100}/[\w.-]{1,100})|(?<![\w&/]))#(?=\d)")
_CLOSING = re.compile(
    r"\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\s*+:\s++|\s++)(?=[^\s#]*+#|https://github\.com/)",
    re.IGNORECASE,
)
# The bot's hidden markers all start so; in copied text they become visible, inert text.
_MARKER = re.compile(rf"<!--(?=[\s{_INVISIBLE}]*meetingkit)", re.IGNORECASE)
# Headings the tools read as structure: the notes section and a recurring meeting's dates.
_STRUCTURE = re.compile(
    r"^( {0,3})(#{1,6}[ \t]+(?:Notes|[0-9]{4}-[0-9]{2}-[0-9]{2})[ \t#]*)$",
    re.IGNORECASE | re.MULTILINE,
)


def neutralise(text: str) -> str:
    """Break @mentions, #123 and owner/repo#1 references and closing keywords; make
    meetingkit markers and the notes headings plain text.

    A zero-width space keeps the text readable while GitHub no longer links or notifies;
    an ``@`` right after a letter or digit is an e-mail address, which GitHub leaves alone.
    """

    def mention(match: re.Match[str]) -> str:
        start = match.start()
        if match["gap"] or (start and _word(text[start - 1])):
            return match[0]  # GitHub notifies nobody for these
        return "@" + _ZWSP + match[0][len(match["at"]) :]

    text = HANDLE.sub(mention, text)
    text = _REFERENCE.sub(lambda m: (m.group(1) or "") + "#" + _ZWSP, text)
    text = _CLOSING.sub(lambda m: m.group(1)[0] + _ZWSP + m.group(1)[1:] + m.group(2), text)
    text = _MARKER.sub("&lt;!--", text)
    return _STRUCTURE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"
