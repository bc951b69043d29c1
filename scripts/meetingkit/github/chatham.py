"""Chatham House notes: no names, no handles, no link or address that names a participant.

Links are kept whole or removed whole, never edited: a login inside one would otherwise be
replaced in the middle of the address. Every pattern starts only where a run of its
characters starts, so the work stays linear in the size of a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import unquote

from meetingkit.github.text import HANDLE
from meetingkit.model.records import Person

ANONYMOUS = "a participant"
LINK_REMOVED = "(link removed)"
ADDRESS_REMOVED = "(address removed)"
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*[A-Za-z0-9_%+]@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
# A link as GitHub autolinks it, or a bare "host.tld/path"; trailing punctuation is trimmed
# below.
_URL = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/)"
    r"[^\s<>`\"']*",
    re.IGNORECASE,
)
_URL_TRAILER = ".,:;!?*_~"


def anonymise(text: str, people: Sequence[Person], logins: Iterable[str]) -> str:
    """Chatham House: every @handle, and the names and logins of ``people`` (the meeting's
    guests and hosts) and the ``logins`` of the commenters, become 'a participant'; a link
    that names any of them, and every e-mail address, is removed whole. Other links are kept
    whole."""
    spoken = HANDLE.finditer(_EMAIL.sub(" ", text))
    exact = {p.name for p in people} | {p.github for p in people if p.github} | set(logins)
    exact |= {m["login"] for m in spoken}
    words = {w for p in people for w in p.name.split() if len(w) >= 3 and w[0].isupper()}
    in_links = _terms(exact | words, re.IGNORECASE)
    in_text = [_terms(exact, re.IGNORECASE), _terms(words - exact, 0)]
    pieces: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        url = _trim_url(match[0])
        pieces.append(_anonymise_text(text[last : match.start()], in_text))
        named = in_links is not None and (in_links.search(url) or in_links.search(unquote(url)))
        pieces.append(LINK_REMOVED if named else url)
        last = match.start() + len(url)
    pieces.append(_anonymise_text(text[last:], in_text))
    return "".join(pieces)


def _anonymise_text(text: str, patterns: Iterable[re.Pattern[str] | None]) -> str:
    text = HANDLE.sub(ANONYMOUS, _EMAIL.sub(ADDRESS_REMOVED, text))
    for pattern in patterns:
        if pattern is not None:
            text = pattern.sub(ANONYMOUS, text)
    return text


def _terms(words: Iterable[str], flags: int) -> re.Pattern[str] | None:
    """Any of ``words`` where no letter or digit continues it on either side."""
    terms = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(map(re.escape, terms))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", flags)


def _trim_url(url: str) -> str:
    """GitHub's autolink end: no trailing punctuation, no unbalanced closing bracket."""
    pairs = {")": "(", "]": "["}
    counts = {c: url.count(c) for c in "()[]"}
    end = len(url)
    while end and (
        url[end - 1] in _URL_TRAILER
        or (url[end - 1] in pairs and counts[url[end - 1]] > counts[pairs[url[end - 1]]])
    ):
        if url[end - 1] in counts:
            counts[url[end - 1]] -= 1
        end -= 1
    return url[:end]
