"""Free-text tags (SPEC §3) reach the page escaped and the feeds as CATEGORIES values."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from meetingkit.cli import main

MEETING = "meetings/2024/2024-04-25-thursday-call.md"
TAGS = ["EMEA & APAC", "NA (General Members)", "Europe / Asia", "a, b; c\\d", 'say "hi"']


def build(root: Path, tags: list[str] | None, series: bool = True) -> Path:
    lines = ["---", "title: Labels", 'start: "2024-04-25T14:00"']
    lines += ["series: thursday-call"] if series else ["timezone: Europe/Madrid"]
    if tags:
        lines += ["tags:"] + [f"  - '{t}'" for t in tags]
    (root / MEETING).write_text("\n".join([*lines, "---", ""]), encoding="utf-8")
    out = root / "site"
    assert (
        main(["build", "--root", str(root), "--out", str(out), "--now", "2024-04-01T00:00Z"]) == 0
    )
    return out


def test_real_region_labels_are_calendar_categories_exactly(base_repo: Path) -> None:
    out = build(base_repo, TAGS)
    (event,) = Calendar.from_ical((out / "calendar.ics").read_bytes()).walk("VEVENT")
    assert list(event["CATEGORIES"].cats) == ["Thursday Call", *TAGS]
    raw = (out / "calendar.ics").read_bytes().decode().replace("\r\n ", "")
    line = next(x for x in raw.split("\r\n") if x.startswith("CATEGORIES"))
    assert line == (
        "CATEGORIES:Thursday Call,EMEA & APAC,NA (General Members),Europe / Asia,"
        'a\\, b\\; c\\\\d,say "hi"'
    )


def test_labels_are_escaped_on_the_page(base_repo: Path) -> None:
    out = build(base_repo, TAGS)
    page = (out / "meetings" / "2024-04-25-thursday-call.html").read_text("utf-8")
    assert (
        "EMEA &amp; APAC, NA (General Members), Europe / Asia, a, b; c\\d, say &#34;hi&#34;" in page
    )
    assert "EMEA & APAC" not in page


def test_no_empty_categories_line(base_repo: Path) -> None:
    out = build(base_repo, None, series=False)
    for path in [out / "calendar.ics", out / "meetings" / "2024-04-25-thursday-call.ics"]:
        text = path.read_text("utf-8")
        assert "BEGIN:VEVENT" in text and "CATEGORIES" not in text
