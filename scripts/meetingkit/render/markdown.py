"""Markdown from content files → HTML that is safe to put in a page.

Two layers, because content comes from pull requests: markdown-it-py renders CommonMark plus
GitHub's tables, strikethrough and bare links; raw HTML is not recognised (it stays text,
escaped) and ``javascript:``-like link targets are refused; nh3 (ammonia) then keeps only an
allow-list of tags and attributes. Either alone would stop today's attacks; together a mistake
in one is caught by the other.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

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


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True})
    return md.enable(["table", "strikethrough", "linkify"])


def _retag(tokens: list[Token], heading_offset: int) -> None:
    """Headings moved down ``heading_offset`` levels, clamped to h2..h6 (the page owns the
    only h1); strikethrough written as GitHub writes it, ``<del>``."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, max(2, int(token.tag[1]) + heading_offset))
            token.tag = f"h{level}"
        for child in token.children or ():
            if child.type in ("s_open", "s_close"):
                child.tag = "del"


def _images_as_links(tokens: list[Token]) -> None:
    """An image becomes a link to it, its alt text the link text (nh3 would drop ``<img>`` and
    the alt text with it): readers see what was shown, and the page loads nothing from other
    hosts. Inside a link, only the alt text stays (links do not nest)."""
    for token in tokens:
        if not token.children or not any(c.type == "image" for c in token.children):
            continue
        out: list[Token] = []
        depth = 0
        for child in token.children:
            depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type != "image":
                out.append(child)
                continue
            src = str(child.attrs.get("src", ""))
            text = child.children or [Token("text", "", 0, content=child.content or src)]
            if depth:
                out.extend(text)
            else:
                out += [Token("link_open", "a", 1, attrs={"href": src}), *text]
                out.append(Token("link_close", "a", -1))
        token.children = out


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


def markdown_html(text: str, heading_offset: int = 1) -> Markup:
    """Render ``text`` and sanitise it; the result is marked safe for Jinja2."""
    md = _parser()
    tokens = md.parse(text)
    _retag(tokens, heading_offset)
    _images_as_links(tokens)
    html = md.renderer.render(tokens, md.options, {})
    cleaned = _cleaner().clean(html)
    return Markup(cleaned.strip())  # noqa: S704  # nh3 output is sanitised HTML by construction
