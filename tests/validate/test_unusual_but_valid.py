"""Legitimate but unusual content is accepted, published unchanged, and at its exact instants.

One repository (the base fixture plus the files below) holds region labels, titles full of
punctuation, names in many scripts, slots at the edges of the day and in odd zones, all-day
and multi-day events, recurring calls with cancellations and a moved occurrence, and links
and Markdown of every common kind. It must validate without a single problem, build, and
read back the same through meetings.json, Mozilla's ical.js and the page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from meetingkit.cli import main
from meetingkit.load.repository import load_repository
from meetingkit.validate.run import validate_repository
from meetingkit.validate.schema import ecma_validator, load_schema

from conftest import FIXTURES
from icaljs import icaljs_instants, icaljs_texts, node_available, python_instants

NOW = "2024-04-20T09:00Z"
WINDOW = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

TAGS = [
    "EMEA & APAC",
    "AMER & EMEA",
    "NA (General Members)",
    "Europe / Asia",
    "APAC (日本語)",
    "x" * 60,
    "O'Brien's \"pick\"",
    "EMEA, APAC; LATAM",
    "<3",
    "latency < 100 ms",
    "AMER -> EMEA",
]
TITLES = {
    "2024-05-02-punctuation": 'C++ & C#: "quotes", it\'s #1 🎉',
    "2024-05-03-yaml-yes": "yes",
    "2024-05-04-yaml-null": "null",
    "2024-05-05-yaml-flow": "- [x]: {a} | b *c* `d` \\ e",
    "2024-05-06-long": "会議" * 100,  # the schema's limit, 200 characters
    "2024-05-07-comparison": "Inner source < open source? x > y",
    "2024-05-08-mentions": "Ask @octocat & @todogroup/ospo — Q&A at 12:30",
    "2024-05-17-yaml-true": "true",
    "2024-05-18-yaml-date": "2024-05-02",
    "2024-05-19-yaml-float": ".inf",
    "2024-05-20-yaml-time": "12:30",
}
NAMES = [
    "中文名",
    "日本語の名前",
    "한국어 이름",
    "محمد العربي",
    "עברית",
    "हिन्दी नाम",
    "क्‍ष",  # with a zero-width joiner, which Devanagari needs
    "می‌خواهم",  # with a zero-width non-joiner, which Persian needs
    "Ελληνικά",
    "Кириллица",
    "Seán O'Brien",
    "Anne-Marie Smith-Jones",
    "José Muñoz",
    "Cher",
    "👩‍💻 Dev",
    'Dr. J. R. "Bob" Dobbs, Jr.',
]
GITHUB = ["a", "A-b-C", "abcdefghij-abcdefghij-abcdefghij-abcdef", "x" * 39]


def _people(names: list[str]) -> str:
    lines = []
    for i, name in enumerate(names):
        lines.append(f"  - name: {json.dumps(name, ensure_ascii=False)}")
        if i < len(GITHUB):
            lines.append(f"    github: {GITHUB[i]}")
        if i == 0:
            lines.append('    affiliation: "AT&T (Research & Development)"')
    return "\n".join(lines) + "\n"


def _meeting(title: str, start: str, extra: str = "") -> str:
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nstart: {start!r}\n{extra}---\n"


BODY = """\
# Agenda

| Topic | Who |
|---|---|
| Metrics & AI | Ana |

```yaml
title: "<b>not markup</b>" ${{ secrets.X }}
```

See [the notes](https://example.org/?a=1&b=2) and ![Team photo](https://example.org/team.png).

<script>alert(1)</script>
"""

FILES: dict[str, str] = {
    **{
        f"meetings/2024/{mid}.md": _meeting(
            title, f"{mid[:10]}T{'00:00' if i == 0 else '10:00'}", f"tags: {json.dumps(TAGS)}\n"
        )
        for i, (mid, title) in enumerate(TITLES.items())
    },
    "meetings/2024/2024-05-09-names.md": _meeting(
        "Names", "2024-05-09T23:30", "guests:\n" + _people(NAMES) + "hosts:\n" + _people(NAMES[:2])
    ),
    # The UTC date differs from the local date, both ways.
    "meetings/2024/2024-05-10-tokyo.md": _meeting(
        "Tokyo morning", "2024-05-10T08:00", "timezone: Asia/Tokyo\nduration: 15\n"
    ),
    "meetings/2024/2024-05-10-los-angeles.md": _meeting(
        "LA evening, past midnight",
        "2024-05-10T17:00",
        "timezone: America/Los_Angeles\nend: '2024-05-11T01:00'\n",
    ),
    "meetings/2024/2024-05-11-eight-hours.md": _meeting(
        "Sprint day", "2024-05-11T20:00", "duration: 480\n"
    ),
    **{
        f"meetings/2024/2024-05-13-{zone.lower().replace('/', '-').replace('_', '-')}.md": (
            _meeting(f"Call in {zone}", "2024-05-13T09:00", f"timezone: {zone}\n")
        )
        for zone in (
            "Asia/Kathmandu",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "Pacific/Chatham",
            "America/St_Johns",
            "UTC",
            "Etc/UTC",
        )
    },
    # Two slots of the base fixture's Thursday series on one day, and an APAC slot filed on
    # its local Friday that is still Thursday in the series' zone.
    "meetings/2024/2024-05-30-thursday-call-emea.md": _meeting(
        "EMEA slot", "2024-05-30T10:00", "series: thursday-call\ntags: ['EMEA & APAC']\n"
    ),
    "meetings/2024/2024-05-30-thursday-call-apac.md": _meeting(
        "APAC slot",
        "2024-05-30T10:00",
        "series: thursday-call\ntimezone: Asia/Singapore\ntags: ['EMEA & APAC']\n",
    ),
    "meetings/2024/2024-05-30-thursday-call-amer.md": _meeting(
        "AMER slot",
        "2024-05-30T14:00",
        "series: thursday-call\ntimezone: America/New_York\ntags: ['AMER & EMEA']\n",
    ),
    "meetings/2024/2024-06-28-thursday-call-tokyo.md": _meeting(
        "APAC slot, Friday in Tokyo",
        "2024-06-28T06:00",
        "series: thursday-call\ntimezone: Asia/Tokyo\n",
    ),
    # Spans: one day, across the spring DST change, across the new year (filed in 2024).
    "meetings/2024/2024-05-14-all-day.md": _meeting("Summit day", "2024-05-14"),
    "meetings/2024/2024-03-29-over-dst.md": _meeting(
        "Over the DST change", "2024-03-29", "end: '2024-04-02'\n"
    ),
    "meetings/2024/2024-12-30-new-year.md": _meeting(
        "Over the new year", "2024-12-30", "end: '2025-01-02'\n"
    ),
    "meetings/2024/2024-06-04-hackathon.md": _meeting(
        "Two-day hackathon",
        "2024-06-04T09:00",
        "timezone: Europe/Berlin\nend: '2024-06-05T17:00'\n",
    ),
    # Recurring working-group calls: weekly in Etc/UTC with a cancelled date and an
    # occurrence moved to a Wednesday; bi-weekly in New York across no change, moved to a
    # Friday morning with its own length and guest.
    "meetings/2024/2024-05-03-wg-weekly.md": _meeting(
        "OSPO Book weekly",
        "2024-05-03T16:00",
        "working_group: ospo-book\ntimezone: Etc/UTC\nduration: 30\n"
        "recurrence: FREQ=WEEKLY;BYDAY=FR;UNTIL=20240628\ncancelled_dates: ['2024-05-31']\n"
        "overrides:\n  '2024-06-14':\n    start: '2024-06-12T09:00'\n"
        "    title: 'Moved: Wednesday edition'\n",
    ),
    "meetings/2024/2024-05-02-wg-biweekly.md": _meeting(
        "Metrics bi-weekly",
        "2024-05-02T17:00",
        "working_group: ospo-book\ntimezone: America/New_York\n"
        "recurrence: FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20240801\n"
        "cancelled_dates: ['2024-05-16']\n"
        "overrides:\n  '2024-05-30':\n    start: '2024-05-31T08:00'\n    duration: 45\n"
        "    guests:\n      - name: 김민수\n",
    ),
    "meetings/2024/2024-05-15-links.md": _meeting(
        "Links",
        "2024-05-15T10:00",
        "links:\n"
        "  join: https://zoom.us/j/123456789?from=addon&utm_source=x#success\n"
        "  rsvp: https://zoom-lfx.platform.linuxfoundation.org/meeting/98765?occurrence=1715335200\n"
        "  recording: https://www.youtube.com/watch?v=2QopYZbo3EQ&t=1m30s\n"
        "  notes: https://meet.jit.si/OSPO%20Call%E2%9C%93\n"
        "  slides: https://example.org/ñandú/スライド.pdf\n"
        "  event: https://münchen.example/événement?name=José%20Muñoz&x=a%2Bb\n"
        "  agenda: https://github.com/todogroup/ospology/discussions?discussions_q="
        "is%3Aopen+label%3A%22Meeting+Notes%22\n",
    )
    + BODY,
    "meetings/2024/2024-05-21-hash.md": (
        "---\ntitle: C# & F# day\nstart: '2024-05-21T10:00'\n"
        "guests:\n  - name: Ana  # confirmed, a real comment\n---\n"
    ),
    "meetings/2024/2024-05-16-folded.md": (
        "---\ntitle: >-\n  A long title that the author\n  wraps over two lines\n"
        "start: '2024-05-16T10:00'\n---\n"
    ),
    "working-groups/ospo-book.md": (
        '---\nname: "OSPO Book: C++ & \\"Ops\\" (日本語)"\n'
        'scope: Guides & best practices — it\'s "open".\n'
        "chairs:\n" + _people(["Matt", "محمد", "Gary O'Neil"]) + "links:\n"
        "  chat: 'TODO Slack #wg-ospometrics-chaoss'\n"
        "  repo: https://github.com/todogroup/ospology/tree/main/ospo-book\n---\n"
    ),
}

# meeting id -> (start_utc, end_utc) of its one event; all-day events as first and last
# instants of their days in the site zone (Europe/Madrid).
INSTANTS = {
    "2024-05-02-punctuation": ("2024-05-01T22:00:00Z", "2024-05-01T23:00:00Z"),  # 00:00 CEST
    "2024-05-03-yaml-yes": ("2024-05-03T08:00:00Z", "2024-05-03T09:00:00Z"),
    "2024-05-09-names": ("2024-05-09T21:30:00Z", "2024-05-09T22:30:00Z"),  # 23:30 CEST
    "2024-05-10-tokyo": ("2024-05-09T23:00:00Z", "2024-05-09T23:15:00Z"),
    "2024-05-10-los-angeles": ("2024-05-11T00:00:00Z", "2024-05-11T08:00:00Z"),
    "2024-05-11-eight-hours": ("2024-05-11T18:00:00Z", "2024-05-12T02:00:00Z"),
    "2024-05-13-asia-kathmandu": ("2024-05-13T03:15:00Z", "2024-05-13T04:15:00Z"),
    "2024-05-13-asia-kolkata": ("2024-05-13T03:30:00Z", "2024-05-13T04:30:00Z"),
    "2024-05-13-australia-lord-howe": ("2024-05-12T22:30:00Z", "2024-05-12T23:30:00Z"),
    "2024-05-13-pacific-chatham": ("2024-05-12T20:15:00Z", "2024-05-12T21:15:00Z"),
    "2024-05-13-america-st-johns": ("2024-05-13T11:30:00Z", "2024-05-13T12:30:00Z"),
    "2024-05-13-utc": ("2024-05-13T09:00:00Z", "2024-05-13T10:00:00Z"),
    "2024-05-13-etc-utc": ("2024-05-13T09:00:00Z", "2024-05-13T10:00:00Z"),
    "2024-05-30-thursday-call-emea": ("2024-05-30T08:00:00Z", "2024-05-30T09:00:00Z"),
    "2024-05-30-thursday-call-apac": ("2024-05-30T02:00:00Z", "2024-05-30T03:00:00Z"),
    "2024-05-30-thursday-call-amer": ("2024-05-30T18:00:00Z", "2024-05-30T19:00:00Z"),
    "2024-06-28-thursday-call-tokyo": ("2024-06-27T21:00:00Z", "2024-06-27T22:00:00Z"),
    "2024-06-04-hackathon": ("2024-06-04T07:00:00Z", "2024-06-05T15:00:00Z"),
    "2024-05-14-all-day": ("2024-05-13T22:00:00Z", "2024-05-14T22:00:00Z"),
    "2024-03-29-over-dst": ("2024-03-28T23:00:00Z", "2024-04-02T22:00:00Z"),
    "2024-12-30-new-year": ("2024-12-29T23:00:00Z", "2025-01-02T23:00:00Z"),
}
# What a calendar shows for the all-day events: VALUE=DATE, the end exclusive.
ALL_DAY_IN_CALENDARS = {
    "2024-05-14-all-day": ("2024-05-14", "2024-05-15"),
    "2024-03-29-over-dst": ("2024-03-29", "2024-04-03"),
    "2024-12-30-new-year": ("2024-12-30", "2025-01-03"),
}
RECURRING = {
    "2024-05-03-wg-weekly": [
        ("2024-05-03T16:00:00Z", "2024-05-03T16:30:00Z", "CONFIRMED"),
        ("2024-05-10T16:00:00Z", "2024-05-10T16:30:00Z", "CONFIRMED"),
        ("2024-05-17T16:00:00Z", "2024-05-17T16:30:00Z", "CONFIRMED"),
        ("2024-05-24T16:00:00Z", "2024-05-24T16:30:00Z", "CONFIRMED"),
        ("2024-06-07T16:00:00Z", "2024-06-07T16:30:00Z", "CONFIRMED"),
        ("2024-06-12T09:00:00Z", "2024-06-12T09:30:00Z", "CONFIRMED"),  # from Friday 14th
        ("2024-06-21T16:00:00Z", "2024-06-21T16:30:00Z", "CONFIRMED"),
        ("2024-06-28T16:00:00Z", "2024-06-28T16:30:00Z", "CONFIRMED"),
    ],
    "2024-05-02-wg-biweekly": [
        ("2024-05-02T21:00:00Z", "2024-05-02T22:00:00Z", "CONFIRMED"),
        ("2024-05-31T12:00:00Z", "2024-05-31T12:45:00Z", "CONFIRMED"),  # from Thursday 30th
        ("2024-06-13T21:00:00Z", "2024-06-13T22:00:00Z", "CONFIRMED"),
        ("2024-06-27T21:00:00Z", "2024-06-27T22:00:00Z", "CONFIRMED"),
        ("2024-07-11T21:00:00Z", "2024-07-11T22:00:00Z", "CONFIRMED"),
        ("2024-07-25T21:00:00Z", "2024-07-25T22:00:00Z", "CONFIRMED"),
    ],
}


class Built:
    def __init__(self, root: Path, site: Path, problems: list[str], exit_code: int) -> None:
        self.root, self.site, self.problems, self.exit_code = root, site, problems, exit_code
        self.json: dict[str, Any] = json.loads((site / "meetings.json").read_text("utf-8"))
        self.by_id = {m["id"]: m for m in self.json["meetings"]}

    def page(self, mid: str) -> str:
        return (self.site / "meetings" / f"{mid}.html").read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("unusual") / "repo"
    shutil.copytree(FIXTURES / "base", root)
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate_repository(load_repository(root))]
    site = root.parent / "site"
    code = main(["build", "--root", str(root), "--out", str(site), "--now", NOW])
    if code != 0:
        pytest.fail("build refused the unusual files:\n" + "\n".join(problems))
    return Built(root, site, problems, code)


def test_every_unusual_file_validates_without_a_problem(built: Built) -> None:
    assert built.problems == []
    assert built.exit_code == 0
    assert len(built.by_id) == 1 + sum(p.startswith("meetings/") for p in FILES)


def test_meetings_json_keeps_its_schema(built: Built) -> None:
    schema = load_schema("meetings-json.schema.json")
    errors = list(ecma_validator()(schema).iter_errors(built.json))
    assert [e.message for e in errors] == []
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("mid", sorted(INSTANTS))
def test_meetings_json_has_the_exact_instants(built: Built, mid: str) -> None:
    meeting = built.by_id[mid]
    assert (meeting["start_utc"], meeting["end_utc"]) == INSTANTS[mid]


@pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
def test_icaljs_reads_every_event_at_its_exact_instant(built: Built) -> None:
    host = "example.github.io"
    expected = sorted(
        [
            {
                "uid": f"{mid}@{host}",
                "start": ALL_DAY_IN_CALENDARS.get(mid, INSTANTS[mid])[0],
                "end": ALL_DAY_IN_CALENDARS.get(mid, INSTANTS[mid])[1],
                "status": "CONFIRMED",
            }
            for mid in INSTANTS
        ]
        + [
            {"uid": f"{mid}@{host}", "start": start, "end": end, "status": status}
            for mid, occurrences in RECURRING.items()
            for start, end, status in occurrences
        ],
        key=lambda o: (o["start"], o["uid"]),
    )
    found = [
        o
        for o in icaljs_instants(built.site / "calendar.ics", *WINDOW)
        if o["uid"].split("@")[0] in INSTANTS or o["uid"].split("@")[0] in RECURRING
    ]
    assert sorted(found, key=lambda o: (o["start"], o["uid"])) == expected
    # Each meeting's own "add to my calendar" file says the same, and Python agrees.
    for mid in [*INSTANTS, *RECURRING]:
        own = built.site / "meetings" / f"{mid}.ics"
        assert icaljs_instants(own, *WINDOW) == python_instants(own, *WINDOW)
        assert icaljs_instants(own, *WINDOW) == [
            o for o in expected if o["uid"].startswith(mid + "@")
        ]


@pytest.mark.skipif(not node_available(), reason="node/npm not on PATH")
def test_titles_and_tags_reach_calendars_unchanged(built: Built) -> None:
    for mid, title in TITLES.items():
        assert built.by_id[mid]["title"] == title
        assert built.by_id[mid]["tags"] == TAGS
        (event,) = icaljs_texts(built.site / "meetings" / f"{mid}.ics")
        assert event["summary"] == title
        assert event["categories"] == TAGS
        heading = re.search(r"<h1>(.*)</h1>", built.page(mid))
        assert heading is not None and html.unescape(heading.group(1)) == title


def test_names_in_every_script_are_published_unchanged(built: Built) -> None:
    guests = built.by_id["2024-05-09-names"]["guests"]
    assert [g["name"] for g in guests] == NAMES
    assert [g.get("github") for g in guests[: len(GITHUB)]] == GITHUB
    assert guests[0]["affiliation"] == "AT&T (Research & Development)"
    page = built.page("2024-05-09-names")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for name in NAMES:
        assert name in shown
    for login in GITHUB:
        assert f'href="https://github.com/{login}"' in page


def test_links_are_published_as_written(built: Built) -> None:
    links = built.by_id["2024-05-15-links"]["links"]
    page = built.page("2024-05-15-links")
    for url in links.values():
        assert f'href="{html.escape(url, quote=True)}"' in page
    assert links["join"] == "https://zoom.us/j/123456789?from=addon&utm_source=x#success"


def test_a_markdown_body_renders_safely_with_everything_kept(built: Built) -> None:
    page = built.page("2024-05-15-links")
    about = page[page.index('<h2 id="about">') :]
    assert "<h2>Agenda</h2>" in about  # the page owns the only h1
    assert "<td>Metrics &amp; AI</td>" in about
    code = '<pre><code>title: "&lt;b&gt;not markup&lt;/b&gt;" ${{ secrets.X }}\n</code></pre>'
    assert code in about
    rel = 'rel="noopener noreferrer nofollow"'
    assert f'<a href="https://example.org/?a=1&amp;b=2" {rel}>the notes</a>' in about
    assert f'<a href="https://example.org/team.png" {rel}>Team photo</a>' in about
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in about
    assert "<script" not in about and "<img" not in about


def test_the_working_group_in_many_scripts_is_on_the_page(built: Built) -> None:
    group = next(g for g in built.json["working_groups"] if g["id"] == "ospo-book")
    assert group["name"] == 'OSPO Book: C++ & "Ops" (日本語)'
    assert [c["name"] for c in group["chairs"]] == ["Matt", "محمد", "Gary O'Neil"]
    index = (built.site / "index.html").read_text("utf-8")
    assert "OSPO Book: C++ &amp; &#34;Ops&#34; (日本語)" in index


def test_a_title_folded_over_lines_with_block_chomping_is_one_line(built: Built) -> None:
    meeting = built.by_id["2024-05-16-folded"]
    assert meeting["title"] == "A long title that the author wraps over two lines"


PAGE_TIMES = {
    "2024-05-10-tokyo": "Friday 10 May 2024, 08:00–08:15 JST</time> "
    '<span class="utc">(Thursday 9 May 2024, 23:00–23:15 UTC)</span>',
    "2024-05-10-los-angeles": "Friday 10 May 2024, 17:00 – Saturday 11 May 2024, 01:00 PDT</time> "
    '<span class="utc">(Saturday 11 May 2024, 00:00–08:00 UTC)</span>',
    "2024-05-13-asia-kathmandu": "Monday 13 May 2024, 09:00–10:00 UTC+05:45</time> "
    '<span class="utc">(03:15–04:15 UTC)</span>',
    "2024-05-13-australia-lord-howe": "Monday 13 May 2024, 09:00–10:00 UTC+10:30</time> "
    '<span class="utc">(Sunday 12 May 2024, 22:30–23:30 UTC)</span>',
    "2024-05-13-pacific-chatham": "Monday 13 May 2024, 09:00–10:00 UTC+12:45</time> "
    '<span class="utc">(Sunday 12 May 2024, 20:15–21:15 UTC)</span>',
    "2024-05-13-america-st-johns": "Monday 13 May 2024, 09:00–10:00 NDT</time> "
    '<span class="utc">(11:30–12:30 UTC)</span>',
    "2024-05-30-thursday-call-apac": "Thursday 30 May 2024, 10:00–11:00 UTC+08</time> "
    '<span class="utc">(02:00–03:00 UTC)</span>',
    "2024-05-13-etc-utc": "Monday 13 May 2024, 09:00–10:00 UTC</time> <span",
    "2024-03-29-over-dst": "Friday 29 March 2024 – Tuesday 2 April 2024</time>",
    "2024-12-30-new-year": "Monday 30 December 2024 – Thursday 2 January 2025</time>",
}


@pytest.mark.parametrize("mid", sorted(PAGE_TIMES))
def test_the_page_says_when_in_the_meetings_zone_and_in_utc(built: Built, mid: str) -> None:
    start, end = INSTANTS[mid]
    opening = (
        f'<time datetime="{start}" data-start="{start}" data-end="{end}">'
        if mid not in ALL_DAY_IN_CALENDARS
        else f'<time datetime="{mid[:10]}">'
    )
    assert opening + PAGE_TIMES[mid] in built.page(mid)


def test_hashes_inside_unquoted_text_stay_and_comments_go(built: Built) -> None:
    meeting = built.by_id["2024-05-21-hash"]
    assert meeting["title"] == "C# & F# day"
    assert [g["name"] for g in meeting["guests"]] == ["Ana"]
