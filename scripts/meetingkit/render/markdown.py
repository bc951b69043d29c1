"""Markdown from content files → HTML that is safe to put in a page.

Two layers, because content comes from pull requests: cmark-gfm (GitHub's parser, see
:mod:`meetingkit.render.cmark`) in its safe mode never passes raw HTML through and empties
``javascript:``-like link targets, and nh3 (ammonia) then keeps only an allow-list of tags
and attributes. Either alone would stop today's attacks; together a mistake in one is caught
by the other.
"""

from __future__ import annotations

import functools
import re

import nh3
from markupsafe import Markup

from meetingkit.render.cmark import gfm_html

ALLOWED_TAGS = frozenset(
    {
        "p", "a", "ul", "ol", "li", "em", "strong", "del", "code", "pre", "blockquote",
        "h2", "h3", "h4", "h5", "h6", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# In safe mode cmark-gfm escapes every "<" of the text and omits raw HTML, so a heading tag
# in its output is one of its own headings (it writes them without attributes).
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str, offset: int) -> str:
    """Move headings down ``offset`` levels, clamped to h2..h6: the page owns the only h1."""

    def shifted(match: re.Match[str]) -> str:
        level = min(6, max(2, int(match[2]) + offset))
        return f"<{match[1]}h{level}>"

    return _HEADING_TAG.sub(shifted, html)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        # Relative and protocol-relative targets would resolve against our own site;
        # content links must be absolute.
        url_relative="deny",
    )


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str, heading_offset: int = 1) -> Markup:
    """Render ``text`` and sanitise it; the result is marked safe for Jinja2.

    Cached: the index and a meeting's own page render the same text, and recurring
    meetings share theirs.
    """
    html = _shift_headings(gfm_html(text), heading_offset)
    cleaned = _cleaner().clean(html)
    return Markup(cleaned.strip())  # noqa: S704  # nh3 output is sanitised HTML by construction
