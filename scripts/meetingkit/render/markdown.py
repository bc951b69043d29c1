"""Markdown from content files → HTML that is safe to put in a page.

Two layers, because content comes from pull requests: markdown-it-py's ``js-default``
preset never passes raw HTML through and refuses ``javascript:``-like link targets, and
nh3 (ammonia) then keeps only an allow-list of tags and attributes. Either alone would
stop today's attacks; together a mistake in one is caught by the other.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p", "a", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote",
        "h2", "h3", "h4", "h5", "h6", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_PARSER = MarkdownIt("js-default")


def _shift_headings(tokens: Sequence[Token], offset: int) -> None:
    """Move headings down ``offset`` levels, clamped to h2..h6: the page owns the only h1."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:]) + offset
            token.tag = f"h{min(6, max(2, level))}"


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str, heading_offset: int = 1) -> Markup:
    """Render ``text`` and sanitise it; the result is marked safe for Jinja2.

    Cached: the index and a meeting's own page render the same text, and recurring
    meetings share theirs.
    """
    tokens = _PARSER.parse(text)
    _shift_headings(tokens, heading_offset)
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        # Relative and protocol-relative targets would resolve against our own site;
        # content links must be absolute.
        url_relative="deny",
    )
    return Markup(cleaned.strip())  # noqa: S704  # nh3 output is sanitised HTML by construction
