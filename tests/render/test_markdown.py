"""Markdown bodies: CommonMark with GitHub's tables, strikethrough and bare links (markdown-it-py), headings shifted, then sanitised."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meetingkit.render.markdown import ALLOWED_TAGS, markdown_html

MARKDOWN_PIECES = st.sampled_from(
    [
        "# h", "## h", "> quote", "- item", "1. one", "| a | b |\n|---|---|\n| 1 | 2 |",
        "~~gone~~", "www.example.org", "<b>x</b>", "<script>x</script>", "[a](javascript:x)",
        "```\n<h1>\n```", "    code", "*em* **strong**", "\n", "text", "é ✓ 👍", "\\", "`<h2>`",
        "<img src=x onerror=alert(1)>", "[x](//evil.org)", "<!-- c -->", "<a href='javascript:x'>",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=20)), max_size=12))
def test_only_allowed_tags_and_absolute_safe_links_come_out(pieces: list[str]) -> None:
    html = str(markdown_html("\n".join(pieces)))
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= ALLOWED_TAGS
    for attributes in re.findall(r"<a ([^>]*)>", html):
        assert set(re.findall(r'([\w-]+)="', attributes)) <= {"href", "rel"}
    assert all(
        href.startswith(("https://", "http://", "mailto:"))
        for href in re.findall(r'href="([^"]*)"', html)
    )


def test_github_flavoured_features() -> None:
    html = markdown_html(
        "| Topic | Who |\n|---|:-:|\n| Metrics | Ana |\n\n~~moved~~ see www.example.org"
    )
    assert str(html) == (
        "<table>\n<thead>\n<tr>\n<th>Topic</th>\n<th>Who</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Metrics</td>\n<td>Ana</td>\n</tr>\n</tbody>\n</table>\n"
        '<p><del>moved</del> see <a href="http://www.example.org" '
        'rel="noopener noreferrer nofollow">www.example.org</a></p>'
    )


def test_headings_shift_inside_quotes_and_lists_but_not_in_code() -> None:
    html = markdown_html("> # Quoted\n\n- ## Listed\n\n```\n<h1>code</h1>\n```\n\n`<h3>`")
    assert str(html) == (
        "<blockquote>\n<h2>Quoted</h2>\n</blockquote>\n<ul>\n<li>\n<h3>Listed</h3>\n</li>\n"
        "</ul>\n<pre><code>&lt;h1&gt;code&lt;/h1&gt;\n</code></pre>\n<p><code>&lt;h3&gt;</code></p>"
    )


def test_raw_html_is_shown_as_text_never_as_markup() -> None:
    html = markdown_html('Say <b onclick="x()">hi</b>\n\n<div>\nblock\n</div>\n\nbye')
    assert str(html) == (
        '<p>Say &lt;b onclick="x()"&gt;hi&lt;/b&gt;</p>\n'
        "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n<p>bye</p>"
    )


def test_an_image_becomes_a_link_to_it_with_its_alt_text() -> None:
    """The page loads nothing from other hosts, and the reader still learns what was shown."""
    html = markdown_html(
        '![Team *photo*](https://example.org/team.png "t") ![](https://example.org/x.png)\n\n'
        "[![badge](https://example.org/b.svg)](https://example.org/ci) ![bad](javascript:x)"
        " ![rel](/local.png)"
    )
    assert str(html) == (
        '<p><a href="https://example.org/team.png" rel="noopener noreferrer nofollow">Team '
        '<em>photo</em></a> <a href="https://example.org/x.png" rel="noopener noreferrer '
        'nofollow">https://example.org/x.png</a></p>\n<p><a href="https://example.org/ci" '
        'rel="noopener noreferrer nofollow">badge</a> ![bad](javascript:x) '
        '<a rel="noopener noreferrer nofollow">rel</a></p>'
    )
