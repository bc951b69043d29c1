"""The "Virtual Meetings" page and the meeting pages, rendered from the real repository."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mini_site import render_site

from meetingkit.model.records import Meeting, Person, Programme, SiteLink
from meetingkit.model.timetext import describe_rule, when
from meetingkit.pipeline import load_programme
from meetingkit.render.markdown import markdown_html
from meetingkit.render.site import external_url, feed_link

REPO_ROOT = Path(__file__).resolve().parents[2]
AFTER_FRIDAY = datetime(2024, 4, 20, 9, 0, tzinfo=UTC)
BEFORE_FRIDAY = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture(scope="module")
def programme() -> Programme:
    found, problems = load_programme(REPO_ROOT, use_git=False)
    assert found is not None, problems
    return found


class Tables(HTMLParser):
    """Each table by its caption: rows of (cell text, hrefs in the cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, list[str]]]]] = {}
        self._rows: list[list[tuple[str, list[str]]]] = []
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None
        self._hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._hrefs = [], []
        elif tag == "a" and self._cell is not None:
            self._hrefs.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables["".join(self._caption)] = self._rows
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append((" ".join("".join(self._cell).split()), self._hrefs))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: bytes) -> dict[str, list[list[tuple[str, list[str]]]]]:
    parser = Tables()
    parser.feed(html.decode("utf-8"))
    return parser.tables


def next_table(html: bytes) -> dict[str, list[tuple[str, list[str]]]]:
    """Row header → the cells of each series' column."""
    rows = tables(html)["The next meeting of each Touchpoint series"]
    return {row[0][0]: row[1:] for row in rows}


def test_thursday_column_shows_25_april_and_friday_is_to_be_announced(
    programme: Programme,
) -> None:
    html = render_site(programme, AFTER_FRIDAY)["index.html"]
    table = next_table(html)
    assert [text for text, _ in table[""]] == ["Next Thursday Touchpoint", "Next Friday Touchpoint"]
    thursday = {row: cells[0] for row, cells in table.items()}
    friday = {row: cells[1] for row, cells in table.items()}
    assert thursday["Theme"] == (
        "Open Source Software Composition Analysis Tools, OSPO functions in AI and more",
        ["meetings/2024-04-25-thursday-touchpoint.html"],
    )
    assert thursday["Date"][0] == "Thursday 25 April 2024, 14:00–15:00 CEST (12:00–13:00 UTC)"
    assert thursday["Guests"][0] == "Mirko (LF Europe), Julian (SCANOSS), Lumi"
    assert thursday["Agenda"] == (
        "Thursday Touchpoint agenda",
        ["https://github.com/todogroup/ospology/discussions/466"],
    )
    assert thursday["Attendees"][0] == "Broader OSPO / TODO Community and General Members"
    assert friday["Theme"] == (
        "Next date to be announced. Propose a session (call for papers)",
        ["https://github.com/todogroup/ospology/issues/new/choose"],
    )
    assert friday["Date"][0] == "Next date to be announced"
    assert friday["Attendees"][0] == "General Members"
    assert (
        b'<time datetime="2024-04-25T12:00:00Z" data-start="2024-04-25T12:00:00Z" '
        b'data-end="2024-04-25T13:00:00Z">Thursday 25 April 2024, 14:00\xe2\x80\x9315:00 CEST</time> '
        b'<span class="utc">(12:00\xe2\x80\x9313:00 UTC)</span> '
        b'<span class="viewer-time" hidden></span>'
    ) in html


def test_friday_column_before_12_april(programme: Programme) -> None:
    table = next_table(render_site(programme, BEFORE_FRIDAY)["index.html"])
    friday = {row: cells[1] for row, cells in table.items()}
    assert friday["Theme"][0] == "OSPO metrics tooling, InnerSource integration and more"
    assert friday["Date"][0] == "Friday 12 April 2024, 17:30–18:30 CEST (15:30–16:30 UTC)"
    assert friday["Guests"][0] == "To be announced"
    assert friday["Agenda"][1] == ["https://github.com/todogroup/ospology/discussions/464"]
    assert table["Date"][0][0] == "Thursday 25 April 2024, 14:00–15:00 CEST (12:00–13:00 UTC)"


def test_a_meeting_in_progress_is_still_next(programme: Programme) -> None:
    during = datetime(2024, 4, 25, 12, 59, tzinfo=UTC)
    table = next_table(render_site(programme, during)["index.html"])
    assert table["Date"][0][0] == "Thursday 25 April 2024, 14:00–15:00 CEST (12:00–13:00 UTC)"


def test_working_groups_table(programme: Programme) -> None:
    rows = tables(render_site(programme, AFTER_FRIDAY)["index.html"])["Active working groups"]
    assert [cell[0] for cell in rows[0]] == [
        "Working group",
        "Scope",
        "Meeting notes",
        "Working repo",
        "Communication channels",
        "Moderators & chairs",
    ]
    assert rows[1] == [
        ("CHAOSS OSPO Metrics", []),
        (
            "Define useful metrics; ease implementation with CHAOSS tooling; set up best "
            "practices and metrics standards for OSPOs",
            [],
        ),
        (
            "CHAOSS OSPO Metrics notes",
            [
                "https://docs.google.com/document/d/1Bf6a1Ywi4m0Ywo4vuBBp3Q9_AA_QKbWf99WxAqRbpMw/edit"
            ],
        ),
        ("CHAOSS OSPO Metrics repository", ["https://github.com/chaoss/wg-ospo"]),
        ("TODO Slack #wg-ospometrics-chaoss", []),
        ("Matt and Gary", []),
    ]
    assert rows[2] == [
        ("OpenChain AI Compliance", []),
        (
            "Open discussions about AI compliance programs and ways to build trust in the "
            "open source AI supply chain",
            [],
        ),
        ("OpenChain AI Compliance notes", ["https://lists.openchainproject.org/g/ai/messages"]),
        ("None", []),
        ("Mailing list", ["https://lists.openchainproject.org/g/ai"]),
        ("Shane", []),
    ]
    book = "https://github.com/todogroup/ospology/tree/main/ospo-book"
    assert rows[3][0] == ("OSPO Book Working Group", ["https://ospobook.todogroup.org/"])
    assert rows[3][2:] == [
        (
            "OSPO Book Working Group notes",
            ["https://lists.todogroup.org/g/WG-ospo-book-project/messages"],
        ),
        ("OSPO Book Working Group repository", [book]),
        ("Mailing list", ["https://lists.todogroup.org/g/WG-ospo-book-project"]),
        (
            "Listed in the project team of the OSPO Book repository (see the repository)",
            [book],
        ),
    ]
    assert len(rows) == 4


def test_calendar_feeds(programme: Programme) -> None:
    rows = tables(render_site(programme, AFTER_FRIDAY)["index.html"])["Calendar feeds"]
    assert [row[0][0] for row in rows[1:]] == [
        "All meetings",
        "Thursday Touchpoint",
        "Friday Touchpoint",
        "CHAOSS OSPO Metrics",
        "OpenChain AI Compliance",
        "OSPO Book Working Group",
    ]
    assert [cell[1] for cell in rows[2][1:]] == [
        ["https://todogroup.github.io/meetings/calendars/thursday-touchpoint.ics"],
        ["webcal://todogroup.github.io/meetings/calendars/thursday-touchpoint.ics"],
        [
            "https://calendar.google.com/calendar/render?cid="
            "webcal%3A%2F%2Ftodogroup.github.io%2Fmeetings%2Fcalendars%2Fthursday-touchpoint.ics"
        ],
    ]


def test_feed_addresses() -> None:
    found = feed_link("All", "https://example.org/m/", "calendar.ics")
    assert found.webcal == "webcal://example.org/m/calendar.ics"
    assert found.google == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fexample.org%2Fm%2Fcalendar.ics"
    )


def test_index_sections(programme: Programme) -> None:
    html = render_site(programme, AFTER_FRIDAY)["index.html"].decode("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert "<title>Virtual Meetings · TODO Group</title>" in html
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;;'
        not in html
    )
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        "script-src 'self'; style-src 'self'; img-src 'self' https: data:\">"
    ) in html
    assert '<script src="localtime.js" defer></script>' in html
    assert '<p class="note" id="chatham-house"><strong>Chatham House Rule:</strong>' in html
    assert (
        '<h4>2024</h4>\n<ul class="meeting-list">\n'
        '<li><time datetime="2024-04-12">Friday 12 April 2024</time>: '
        '<a href="meetings/2024-04-12-friday-touchpoint.html">OSPO metrics tooling, '
        "InnerSource integration and more</a> (Friday Touchpoint)</li>\n"
        '<li><time datetime="2024-03-28">Thursday 28 March 2024</time>: '
        '<a href="meetings/2024-03-28-thursday-touchpoint.html">March Thursday Touchpoint</a> '
        "(Thursday Touchpoint)</li>\n</ul>"
    ) in html
    assert html.index("<h4>2023</h4>") < html.index("<h4>2022</h4>")
    assert (
        '<li><a href="https://www.youtube.com/playlist?list=PLiBMylMTGpOKGo7I5Uh5f3XZLt41VllS5">'
        "OSPOlogy 2022 playlist</a></li>"
    ) in html
    assert '<a href="https://www.worldtimebuddy.com">www.worldtimebuddy.com</a>' in html
    assert '<a href="https://teamup.com/ksbdtwkzagbvw3hcui">CHAOSS calendar</a>' in html
    assert (
        '<a href="https://www.linuxfoundation.org/projects/management" '
        'rel="noopener noreferrer nofollow">LF Management &amp; Best Practices portal</a>'
    ) in html
    assert "There are currently 3 active working groups" in html


def test_output_files(programme: Programme) -> None:
    assert sorted(render_site(programme, AFTER_FRIDAY)) == [
        "index.html",
        "localtime.js",
        "meetings/2024-03-28-thursday-touchpoint.html",
        "meetings/2024-04-12-friday-touchpoint.html",
        "meetings/2024-04-25-thursday-touchpoint.html",
        "style.css",
    ]


def test_meeting_page(programme: Programme) -> None:
    page = render_site(programme, AFTER_FRIDAY)["meetings/2024-04-25-thursday-touchpoint.html"]
    html = page.decode("utf-8")
    assert '<link rel="stylesheet" href="../style.css">' in html
    assert '<script src="../localtime.js" defer></script>' in html
    assert (
        "<h1>Open Source Software Composition Analysis Tools, OSPO functions in AI and more</h1>"
    ) in html
    assert '<p class="series">Thursday Touchpoint</p>' in html
    assert "<dt>Guests</dt>\n<dd>Mirko (LF Europe), Julian (SCANOSS), Lumi</dd>" in html
    assert "<dt>Status</dt>\n<dd>Confirmed</dd>" in html
    assert '<a class="button" href="2024-04-25-thursday-touchpoint.ics">Add to calendar</a>' in html
    assert (
        '<li><a href="https://github.com/todogroup/ospology/discussions/466">Agenda</a></li>'
        in html
    )
    assert "<h3>Agenda</h3>\n<ol>\n<li>Welcome and reminder" in html
    assert "<h1>" in html and html.count("<h1>") == 1
    assert "Chatham House Rule:</strong> this meeting is held under the Chatham House Rule." in html


def _with_meeting(programme: Programme, meeting: Meeting) -> Programme:
    meetings = (*programme.meetings, meeting)
    return dataclasses.replace(programme, meetings=meetings)


def _wg_call(programme: Programme, **changes: object) -> Meeting:
    base = programme.meetings[0]
    start = datetime(2024, 4, 5, 10, 0, tzinfo=MADRID)
    call = dataclasses.replace(
        base,
        id="2024-04-05-metrics-call",
        path="meetings/2024/2024-04-05-metrics-call.md",
        uid="metrics-call@test",
        title="CHAOSS OSPO Metrics call",
        start=start,
        end=datetime(2024, 4, 5, 11, 0, tzinfo=MADRID),
        series=None,
        working_group="chaoss-ospo-metrics",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        cancelled_dates=(date(2024, 5, 3),),
        hosts=(Person("Matt", github="matt"),),
        chatham_house=False,
        body="Fortnightly call.",
        notes=None,
    )
    return dataclasses.replace(call, **changes)  # type: ignore[arg-type]


def test_recurring_meeting_page(programme: Programme) -> None:
    call = _wg_call(programme)
    files = render_site(_with_meeting(programme, call), AFTER_FRIDAY)
    html = files["meetings/2024-04-05-metrics-call.html"].decode("utf-8")
    assert "<dt>Repeats</dt>\n<dd>Every 2 weeks on Friday</dd>" in html
    assert "<dt>Working group</dt>\n<dd>CHAOSS OSPO Metrics</dd>" in html
    assert '<dd><a href="https://github.com/matt">Matt</a></dd>' in html
    assert (
        '<h3 id="cancelled-dates">Cancelled dates</h3>\n<ul>\n<li>Friday 3 May 2024</li>\n</ul>'
    ) in html
    assert (
        '<li class="cancelled"><strong class="status status-cancelled">Cancelled:</strong> '
        '<del><span class="when"><time datetime="2024-05-03T08:00:00Z"'
    ) in html
    assert html.count('<li><span class="when"><time') == 5
    assert '<a href="../calendars/chaoss-ospo-metrics.ics">' in html
    assert "Chatham House" not in html
    index = files["index.html"].decode("utf-8")
    assert (
        '<li class="cancelled"><strong class="status status-cancelled">Cancelled:</strong> '
        '<a href="meetings/2024-04-05-metrics-call.html">CHAOSS OSPO Metrics call</a> '
        "(CHAOSS OSPO Metrics): "
    ) in index


def test_cancelled_meeting_page(programme: Programme) -> None:
    cancelled = dataclasses.replace(programme.meetings[-1], status="cancelled")
    others = programme.meetings[:-1]
    files = render_site(dataclasses.replace(programme, meetings=(*others, cancelled)), AFTER_FRIDAY)
    html = files["meetings/2024-04-25-thursday-touchpoint.html"].decode("utf-8")
    assert "<title>Cancelled: Open Source Software Composition" in html
    assert '<h1><span class="status status-cancelled">Cancelled:</span> Open Source' in html
    assert (
        '<p class="banner banner-cancelled" role="status"><strong>This meeting is cancelled.'
        "</strong> It will not take place.</p>"
    ) in html
    assert "<dt>Status</dt>\n<dd>Cancelled</dd>" in html
    # The index no longer offers a cancelled meeting as the next Thursday Touchpoint.
    table = next_table(files["index.html"])
    assert table["Date"][0][0] == "Next date to be announced"


HOSTILE_TITLE = '"><svg onload=alert(1)>'
HOSTILE_BODY = """# Take over

[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<img src=x onerror=alert(1)>
<script>alert(1)</script>
<a href="javascript:alert(2)" onclick="alert(3)">raw</a>
[ok](https://example.org/?q=<b>)
"""


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_hostile_content_is_inert(programme: Programme) -> None:
    evil = _wg_call(
        programme,
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
        notes="<script>alert(4)</script>\n\n[x](javascript:alert(5))",
        audience="<b onmouseover=alert(6)>everyone</b>",
        guests=(Person('<script>alert("g")</script>', url="javascript:alert(7)"),),
        links={"agenda": "javascript:alert(8)", "join": " JavaScript:alert(9)"},
        tags=("<svg/onload=alert(10)>",),
    )
    site = dataclasses.replace(
        programme.site,
        introduction=HOSTILE_BODY,
        title="</title><script>alert(11)</script>",
        past_notes_url="javascript:alert(12)",
        links=(SiteLink("<b>x</b>", "javascript:alert(13)"),),
    )
    files = render_site(
        dataclasses.replace(_with_meeting(programme, evil), site=site), AFTER_FRIDAY
    )
    for name, content in files.items():
        if not name.endswith(".html"):
            continue
        inspector = Inspector()
        inspector.feed(content.decode("utf-8"))
        scripts = [attrs for tag, attrs in inspector.tags if tag == "script"]
        assert scripts == [
            {"src": "../localtime.js" if "/" in name else "localtime.js", "defer": None}
        ]
        assert [t for t, _ in inspector.tags if t in ("svg", "img", "iframe", "object", "b")] == []
        for tag, attrs in inspector.tags:
            assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
            for key in ("href", "src"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:")), (name, tag, attrs)
    page = files["meetings/2024-04-05-metrics-call.html"].decode("utf-8")
    assert "<h1>&#34;&gt;&lt;svg onload=alert(1)&gt;</h1>" in page
    assert '<li><a href="about:blank">Agenda</a></li>' in page
    # markdown-it-py refuses unsafe targets and does not recognise raw HTML: both stay text.
    assert (
        "<p>[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n"
        "&lt;img src=x onerror=alert(1)&gt;\n"
        "&lt;script&gt;alert(1)&lt;/script&gt;\n"
        '&lt;a href="javascript:alert(2)" onclick="alert(3)"&gt;raw&lt;/a&gt;\n'
        '<a href="https://example.org/?q=%3Cb%3E" rel="noopener noreferrer nofollow">ok</a></p>'
    ) in page


def test_markdown_headings_shift_and_links() -> None:
    html = markdown_html("# One\n\n## Two\n\n###### Six\n\n[r](relative/path) <mailto:a@b.org>")
    assert str(html) == (
        "<h2>One</h2>\n<h3>Two</h3>\n<h6>Six</h6>\n"
        '<p><a rel="noopener noreferrer nofollow">r</a> '
        '<a href="mailto:a@b.org" rel="noopener noreferrer nofollow">mailto:a@b.org</a></p>'
    )


def test_determinism(programme: Programme) -> None:
    first = render_site(programme, AFTER_FRIDAY)
    shuffled = dataclasses.replace(
        programme,
        series=dict(reversed(list(programme.series.items()))),
        working_groups=dict(reversed(list(programme.working_groups.items()))),
    )
    second = render_site(shuffled, AFTER_FRIDAY.astimezone(MADRID))
    assert first == second
    assert list(first) == list(second)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "Every 2 weeks on Friday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "Every week on Monday and Thursday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "Every week on Monday, Wednesday and Friday"),
        ("FREQ=MONTHLY;BYDAY=-1TH", "Every month on the last Thursday"),
        ("FREQ=MONTHLY;BYDAY=2FR;COUNT=6", "Every month on the second Friday, 6 times"),
        ("FREQ=DAILY", "Every day"),
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20241231T235959Z",
            "Every week on Tuesday, until Tuesday 31 December 2024",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Repeats by the rule FREQ=MONTHLY;BYMONTHDAY=15"),
        ("FREQ=MONTHLY;BYDAY=9TH", "Repeats by the rule FREQ=MONTHLY;BYDAY=9TH"),
    ],
)
def test_describe_rule(rule: str, text: str) -> None:
    assert describe_rule(rule) == text


def test_time_text_edge_cases() -> None:
    late = when(
        datetime(2024, 4, 26, 1, 0, tzinfo=MADRID), datetime(2024, 4, 26, 2, 0, tzinfo=MADRID)
    )
    assert late.local == "Friday 26 April 2024, 01:00–02:00 CEST"
    assert late.utc == "Thursday 25 April 2024, 23:00 – Friday 26 April 2024, 00:00 UTC"
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    plain = when(
        datetime(2024, 4, 25, 9, 0, tzinfo=sao_paulo),
        datetime(2024, 4, 25, 10, 0, tzinfo=sao_paulo),
    )
    assert plain.local == "Thursday 25 April 2024, 09:00–10:00 UTC-03"
    assert plain.utc == "12:00–13:00 UTC"
    assert (plain.start, plain.end, plain.zone) == (
        "2024-04-25T12:00:00Z",
        "2024-04-25T13:00:00Z",
        "America/Sao_Paulo",
    )


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/x", True),
        (" HTTP://example.org", True),
        ("mailto:chairs@example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("\x01https://example.org", False),
        ("data:text/html,x", False),
        ("//example.org", False),
        ("relative/path", False),
        ("https", False),
    ],
)
def test_external_urls_keep_only_safe_schemes(url: str, kept: bool) -> None:
    assert external_url(url) == (url if kept else "about:blank")


def test_a_recurring_call_is_listed_once_in_the_past_at_its_latest_held_date(
    programme: Programme,
) -> None:
    call = _wg_call(programme)  # every other Friday from 5 April; 3 May is cancelled
    after_may_3 = datetime(2024, 5, 4, 9, 0, tzinfo=UTC)
    index = render_site(_with_meeting(programme, call), after_may_3)["index.html"].decode("utf-8")
    past = index[index.index('<h2 id="past">') : index.index('<h3 id="past-recordings">')]
    assert past.count("2024-04-05-metrics-call.html") == 1
    assert (
        '<li><time datetime="2024-04-19">Friday 19 April 2024</time>: '
        '<a href="meetings/2024-04-05-metrics-call.html">CHAOSS OSPO Metrics call</a> '
        "(CHAOSS OSPO Metrics)</li>"
    ) in past
    before_it_began = render_site(_with_meeting(programme, call), BEFORE_FRIDAY)["index.html"]
    past_then = before_it_began.decode("utf-8").split('<h2 id="past">')[1]
    assert "2024-04-05-metrics-call.html" not in past_then.split('<h3 id="past-recordings">')[0]
