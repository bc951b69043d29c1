"""VTIMEZONE generation, checked against zoneinfo and against Thunderbird's ical.js.

Tests that need ical.js run Node (tests/js/ical_instants.mjs); they skip when node is absent.
Run with ``PYTHONPATH=tests`` (or ``pythonpath = ["tests"]`` in the pytest configuration).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zoneinfo
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, Timezone

from meetingkit.render import vtimezone as vtz
from meetingkit.render.vtimezone import vtimezone

from icaljs import icaljs_instants, node_available, python_instants

UTC = dt.UTC
SINCE = dt.date(2024, 1, 1)
# Zones whose ongoing rule cannot be written as an RRULE; every other zone must work.
UNSUPPORTED: dict[str, str] = {}

needs_node = pytest.mark.skipif(
    not node_available(), reason="node/npm not on PATH: ical.js checks skipped"
)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def z(stamp: str) -> str:
    """'2024-03-28 09:00' -> '2024-03-28T09:00:00Z'."""
    return stamp.replace(" ", "T") + ":00Z"


def event(uid: str, tzid: str, start: dt.datetime, minutes: int = 60, **props: object) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", utc(2024, 1, 1))
    local = start.replace(tzinfo=zoneinfo.ZoneInfo(tzid))
    ev.add("dtstart", local)
    ev.add("dtend", local + dt.timedelta(minutes=minutes))
    for name, value in props.items():
        ev.add(name.replace("_", "-"), value)
    return ev


def write_calendar(path: Path, events: list[Event], since: dt.date = SINCE) -> Path:
    cal = Calendar()
    cal.add("prodid", "-//meetingkit//tests//EN")
    cal.add("version", "2.0")
    # icalendar writes UTC-like zones (UTC, Etc/Zulu, ...) as "Z" times, without a TZID.
    for tzid in sorted(
        {str(e["DTSTART"].params["TZID"]) for e in events if "TZID" in e["DTSTART"].params}
    ):
        cal.add_component(vtimezone(tzid, since))
    for ev in events:
        cal.add_component(ev)
    path.write_bytes(cal.to_ical())
    return path


def starts(found: list[dict[str, object]]) -> list[object]:
    return [item["start"] for item in found]


# --- the examples every client must agree on ---------------------------------------------

WINDOW_2024 = (utc(2024, 1, 1), utc(2025, 1, 1))

BERLIN_WEEKLY = [z("2024-03-07 09:00"), z("2024-03-14 09:00"), z("2024-03-21 09:00"),
                 z("2024-03-28 09:00"), z("2024-04-04 08:00"), z("2024-04-11 08:00"),
                 z("2024-04-18 08:00"), z("2024-04-25 08:00")]  # fmt: skip
MADRID_LAST_THURSDAY = [z("2024-01-25 13:00"), z("2024-02-29 13:00"), z("2024-03-28 13:00"),
                        z("2024-04-25 12:00"), z("2024-05-30 12:00"), z("2024-06-27 12:00"),
                        z("2024-07-25 12:00"), z("2024-08-29 12:00"), z("2024-09-26 12:00"),
                        z("2024-10-31 13:00"), z("2024-11-28 13:00"), z("2024-12-26 13:00")]  # fmt: skip
NEW_YORK = [
    z("2024-03-05 14:00"),
    z("2024-03-12 13:00"),
    z("2024-10-29 13:00"),
    z("2024-11-05 14:00"),
]
SYDNEY = [
    z("2024-04-02 07:00"),
    z("2024-04-09 08:00"),
    z("2024-10-01 08:00"),
    z("2024-10-08 07:00"),
]
DUBLIN = [
    z("2024-03-28 10:00"),
    z("2024-04-04 09:00"),
    z("2024-10-24 09:00"),
    z("2024-10-31 10:00"),
]
KOLKATA = [z("2024-03-28 12:30"), z("2024-04-04 12:30")]
BERLIN_2031 = [
    z("2031-03-20 09:00"),
    z("2031-03-27 09:00"),
    z("2031-04-03 08:00"),
    z("2031-04-10 08:00"),
]


def example_events() -> list[Event]:
    weekly = {"FREQ": "WEEKLY"}
    return [
        event("berlin", "Europe/Berlin", dt.datetime(2024, 3, 7, 10), rrule={**weekly, "COUNT": 8}),
        event(
            "madrid",
            "Europe/Madrid",
            dt.datetime(2024, 1, 25, 14),
            rrule={"FREQ": "MONTHLY", "BYDAY": "-1TH", "COUNT": 12},
        ),
        event(
            "new-york",
            "America/New_York",
            dt.datetime(2024, 3, 5, 9),
            rrule={**weekly, "BYDAY": "TU"},
            exdate=[dt.datetime(2024, 3, 19, 9, tzinfo=zoneinfo.ZoneInfo("America/New_York"))],
        ),
        event("sydney", "Australia/Sydney", dt.datetime(2024, 4, 2, 18), rrule=weekly),
        event("dublin", "Europe/Dublin", dt.datetime(2024, 3, 28, 10), rrule=weekly),
        event("kolkata", "Asia/Kolkata", dt.datetime(2024, 3, 28, 18), rrule=weekly),
        event("berlin-forever", "Europe/Berlin", dt.datetime(2024, 1, 4, 10), rrule=weekly),
    ]


def starts_of(found: list[dict[str, object]], uid: str) -> list[object]:
    return starts([f for f in found if f["uid"] == uid])


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_calendar(tmp_path_factory.mktemp("ics") / "examples.ics", example_events())


def expected_subset(found: list[dict[str, object]], uid: str, wanted: list[str]) -> None:
    got = starts_of(found, uid)
    assert [s for s in got if s in wanted] == wanted, (uid, got)


def check_examples(found: list[dict[str, object]]) -> None:
    assert starts_of(found, "berlin") == BERLIN_WEEKLY
    assert starts_of(found, "madrid") == MADRID_LAST_THURSDAY
    expected_subset(found, "new-york", NEW_YORK)
    assert z("2024-03-19 13:00") not in starts_of(found, "new-york")
    expected_subset(found, "sydney", SYDNEY)
    expected_subset(found, "dublin", DUBLIN)
    expected_subset(found, "kolkata", KOLKATA)


def test_python_reader_gives_the_expected_instants(examples: Path) -> None:
    check_examples(python_instants(examples, *WINDOW_2024))


@needs_node
def test_icaljs_gives_the_expected_instants(examples: Path) -> None:
    check_examples(icaljs_instants(examples, *WINDOW_2024))


@needs_node
def test_icaljs_and_python_agree_on_every_occurrence(examples: Path) -> None:
    for window in (WINDOW_2024, (utc(2031, 1, 1), utc(2032, 1, 1))):
        assert icaljs_instants(examples, *window) == python_instants(examples, *window)


@needs_node
def test_series_without_end_is_right_years_later(examples: Path) -> None:
    window = (utc(2031, 3, 15), utc(2031, 4, 15))
    assert starts_of(icaljs_instants(examples, *window), "berlin-forever") == BERLIN_2031
    assert starts_of(python_instants(examples, *window), "berlin-forever") == BERLIN_2031


@needs_node
def test_overrides_and_status_read_alike(tmp_path: Path) -> None:
    master = event("call", "Europe/Berlin", dt.datetime(2024, 3, 21, 10), rrule={"FREQ": "WEEKLY"},
                   exdate=[dt.datetime(2024, 4, 4, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))])  # fmt: skip
    moved = event("call", "Europe/Berlin", dt.datetime(2024, 3, 29, 15), status="CONFIRMED")
    moved.add(
        "recurrence-id", dt.datetime(2024, 3, 28, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    )
    cancelled = event("call", "Europe/Berlin", dt.datetime(2024, 4, 11, 10), status="CANCELLED")
    cancelled.add(
        "recurrence-id", dt.datetime(2024, 4, 11, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    )
    path = write_calendar(tmp_path / "overrides.ics", [master, moved, cancelled])
    window = (utc(2024, 3, 1), utc(2024, 4, 20))
    expected = [
        {
            "uid": "call",
            "start": z("2024-03-21 09:00"),
            "end": z("2024-03-21 10:00"),
            "status": None,
        },
        {
            "uid": "call",
            "start": z("2024-03-29 14:00"),
            "end": z("2024-03-29 15:00"),
            "status": "CONFIRMED",
        },
        {
            "uid": "call",
            "start": z("2024-04-11 08:00"),
            "end": z("2024-04-11 09:00"),
            "status": "CANCELLED",
        },
        {
            "uid": "call",
            "start": z("2024-04-18 08:00"),
            "end": z("2024-04-18 09:00"),
            "status": None,
        },
    ]
    assert icaljs_instants(path, *window) == expected
    assert python_instants(path, *window) == expected


def daily_noon(tzid: str, window: tuple[dt.datetime, dt.datetime]) -> list[dict[str, object]]:
    """What a daily 12:00-13:00 meeting in ``tzid`` must give, by the pinned tzdata."""
    tz, found = reference_zone(tzid), []
    day = window[0].date() - dt.timedelta(days=2)
    while day <= window[1].date() + dt.timedelta(days=1):
        begin = dt.datetime.combine(day, dt.time(12), tz).astimezone(UTC)
        if window[0] <= begin < window[1]:
            finish = dt.datetime.combine(day, dt.time(13), tz).astimezone(UTC)
            found.append({"uid": tzid, "start": begin.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "end": finish.strftime("%Y-%m-%dT%H:%M:%SZ"), "status": None})  # fmt: skip
        day += dt.timedelta(days=1)
    return found


def system_agrees(tzid: str, instants: list[dict[str, object]]) -> bool:
    """Python readers resolve TZIDs with ZoneInfo(name), which prefers the system's zone
    files; where those are older than the pinned tzdata (Morocco changed in 2026) the
    Python reader cannot be the yardstick."""
    system, pinned = zoneinfo.ZoneInfo(tzid), reference_zone(tzid)
    moments = [dt.datetime.strptime(str(i["start"]), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
               for i in instants]  # fmt: skip
    return all(
        m.astimezone(system).utcoffset() == m.astimezone(pinned).utcoffset() for m in moments
    )


@needs_node
def test_exotic_rules_read_right_years_later(tmp_path: Path) -> None:
    # Cairo's autumn change is "the day after the last Thursday" (can be 1 November), Nuuk's
    # spring change is at -1:00, Jerusalem's at 26:00, Chatham's at 2:45 with +12:45, Troll
    # moves by two hours, Casablanca and Gaza list explicit changes years ahead.
    zones = ["Africa/Cairo", "America/Nuuk", "Asia/Jerusalem", "Pacific/Chatham", "Antarctica/Troll",
             "America/Santiago", "Africa/Casablanca", "Asia/Gaza", "America/Sao_Paulo"]  # fmt: skip
    events = [
        event(name, name, dt.datetime(2024, 1, 1, 12), rrule={"FREQ": "DAILY"}) for name in zones
    ]
    path = write_calendar(tmp_path / "exotic.ics", events)
    for year in (2024, 2026, 2031):
        window = (utc(year, 1, 1), utc(year + 1, 1, 1))
        by_zone = {name: daily_noon(name, window) for name in zones}
        expected = sorted((i for found in by_zone.values() for i in found),
                          key=lambda i: (str(i["start"]), str(i["uid"])))  # fmt: skip
        assert icaljs_instants(path, *window) == expected
        comparable = {name for name, found in by_zone.items() if system_agrees(name, found)}
        python = [i for i in python_instants(path, *window) if i["uid"] in comparable]
        assert python == [i for i in expected if i["uid"] in comparable]


# --- the component itself ------------------------------------------------------------------


def test_berlin_component_is_two_yearly_rules() -> None:
    assert vtimezone("Europe/Berlin", dt.date(2024, 4, 25)).to_ical().decode() == (
        "BEGIN:VTIMEZONE\r\n"
        "TZID:Europe/Berlin\r\n"
        "BEGIN:STANDARD\r\n"
        "DTSTART:20221030T030000\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZNAME:CET\r\n"
        "TZOFFSETFROM:+0200\r\n"
        "TZOFFSETTO:+0100\r\n"
        "END:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\n"
        "DTSTART:20230326T020000\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZNAME:CEST\r\n"
        "TZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0200\r\n"
        "END:DAYLIGHT\r\n"
        "END:VTIMEZONE\r\n"
    )


def text(prop: object) -> str:
    value = prop.to_ical()  # type: ignore[attr-defined]
    return value.decode() if isinstance(value, bytes) else str(value)


def kinds(tzid: str) -> list[tuple[str, str, str, str]]:
    return [
        (part.name, text(part["TZOFFSETFROM"]), text(part["TZOFFSETTO"]), str(part["TZNAME"]))
        for part in vtimezone(tzid, SINCE).subcomponents
    ]  # fmt: skip


def test_dublin_winter_is_standard_despite_negative_dst() -> None:
    assert kinds("Europe/Dublin") == [
        ("STANDARD", "+0100", "+0000", "GMT"),
        ("DAYLIGHT", "+0000", "+0100", "IST"),
    ]


@pytest.mark.parametrize(
    ("tzid", "expected"),
    [
        ("Asia/Kolkata", [("STANDARD", "+0630", "+0530", "IST")]),
        ("UTC", [("STANDARD", "+0000", "+0000", "UTC")]),
        ("Etc/UTC", [("STANDARD", "+0000", "+0000", "UTC")]),
        ("Etc/GMT+5", [("STANDARD", "-0500", "-0500", "-05")]),
        ("America/Sao_Paulo", [("STANDARD", "-0200", "-0300", "-03")]),
    ],
)
def test_zones_without_dst_have_one_standard_component(
    tzid: str, expected: list[tuple[str, ...]]
) -> None:
    assert kinds(tzid) == expected


def test_offset_in_force_a_year_before_since_is_described() -> None:
    # since 2024-06-01: the zone must be known from 2023-01-01, so the last change of 2022
    # (in force on that day) starts the description.
    parts = vtimezone("America/New_York", dt.date(2024, 6, 1)).subcomponents
    assert [p.name for p in parts] == ["STANDARD", "DAYLIGHT"]
    assert [p.DTSTART for p in parts] == [dt.datetime(2022, 11, 6, 2), dt.datetime(2023, 3, 12, 2)]


def test_rule_forms_become_rrules() -> None:
    def rule(rule_text: str) -> str:
        return text(vtz._Rule.parse(rule_text).rrule())

    assert rule("M3.5.0") == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rule("M10.1.0/3") == "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"
    assert rule("M3.4.4/26") == "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3"
    assert rule("M3.5.0/-1") == "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3"
    assert rule("M10.5.4/24") == "FREQ=YEARLY;BYDAY=FR;BYYEARDAY=-67,-66,-65,-64,-63,-62,-61"
    assert rule("J60") == "FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=3"
    assert rule("59") == "FREQ=YEARLY;BYYEARDAY=60"
    with pytest.raises(ValueError, match="'J365/25': leaves the year"):
        vtz._Rule.parse("J365/25").rrule()
    with pytest.raises(ValueError, match="'J59/24': crosses Feb 29"):
        vtz._Rule.parse("J59/24").rrule()
    with pytest.raises(ValueError, match=r"M2\.5\.0/24"):
        vtz._Rule.parse("M2.5.0/24").rrule()


@pytest.mark.parametrize("rule_text", ["M3.5.0", "M10.1.0/3", "M3.4.4/26", "M3.5.0/-1", "M10.5.4/24",
                                  "M4.1.6/24", "M9.5.0/2:45", "J60", "J100/-3", "J10/30", "59", "0/0"])  # fmt: skip
def test_rrule_occurrences_match_the_posix_rule(rule_text: str) -> None:
    rule = vtz._Rule.parse(rule_text)
    first = rule.local(2000)
    recur = rrulestr(text(rule.rrule()), dtstart=first)
    assert list(recur.between(first, dt.datetime(2040, 12, 31), inc=True)) == [
        rule.local(year) for year in range(2000, 2041)
    ]


def test_unsupported_footer_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="no rules"):
        vtz._parse_posix_tz("EST5EDT")
    with pytest.raises(ValueError, match="unsupported POSIX TZ string"):
        vtz._parse_posix_tz("5")


def test_unknown_zone_is_rejected() -> None:
    for tzid in ("Mars/Olympus_Mons", "../etc/passwd", "", "America", "/etc/passwd"):
        with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
            vtimezone(tzid, SINCE)


def rdate_counts(component: Timezone) -> list[int]:
    return [
        line.split(":", 1)[1].count(",") + 1
        for line in component.to_ical().decode().replace("\r\n ", "").split("\r\n")
        if line.startswith("RDATE")
    ]


def test_deterministic_fresh_objects_and_single_valued_rdates() -> None:
    first = vtimezone("Europe/Madrid", dt.date(2024, 4, 25))
    second = vtimezone("Europe/Madrid", dt.date(2024, 12, 31))  # same year: same component
    assert first is not second
    assert first.to_ical() == second.to_ical()
    first.add("x-changed", "yes")  # a caller's change does not leak into the cache
    assert b"X-CHANGED" not in vtimezone("Europe/Madrid", dt.date(2024, 1, 1)).to_ical()
    assert rdate_counts(first) == []


# --- every zone ----------------------------------------------------------------------------

CHECK_UNTIL = utc(2038, 1, 1)
SCAN_STEP = 3 * 86400  # shortest gap between two changes in tzdata 2023-2040 is 7 days


def _offset(tz: zoneinfo.ZoneInfo, at: int) -> int:
    delta = dt.datetime.fromtimestamp(at, tz).utcoffset()
    assert delta is not None
    return int(delta.total_seconds())


@functools.cache
def reference_zone(tzid: str) -> zoneinfo.ZoneInfo:
    """zoneinfo built from the data vtimezone() reads (the pinned tzdata package):
    ZoneInfo(name) prefers the system's /usr/share/zoneinfo, which may be older."""
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(vtz._read_tzif(tzid)), key=tzid)


@functools.cache
def reference_changes(tzid: str) -> tuple[tuple[int, int, int], ...]:
    """(UTC seconds, offset before, offset after) of every change zoneinfo knows from the
    year before SINCE until CHECK_UNTIL, found by scanning and bisecting to the second."""
    tz = reference_zone(tzid)
    start = int(utc(SINCE.year - 1, 1, 1).timestamp())
    changes = []
    previous = _offset(tz, start)
    for at in range(start + SCAN_STEP, int(CHECK_UNTIL.timestamp()), SCAN_STEP):
        current = _offset(tz, at)
        if current != previous:
            low, high = at - SCAN_STEP, at
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _offset(tz, middle) == previous else (low, middle)
            changes.append((high, previous, current))
        previous = current
    return tuple(changes)


def described_changes(component: Timezone) -> list[tuple[int, int, int]]:
    """Read our component back as a list of (UTC seconds, from, to), expanding RRULEs."""
    changes = []
    for part in component.subcomponents:
        before = int(part["TZOFFSETFROM"].td.total_seconds())
        after = int(part["TZOFFSETTO"].td.total_seconds())
        local = part.DTSTART
        onsets = [local]
        if "RRULE" in part:
            recur = rrulestr(text(part["RRULE"]), dtstart=local)
            onsets = recur.between(local, CHECK_UNTIL.replace(tzinfo=None), inc=True)
        for onset in onsets:
            at = int((onset - dt.datetime(1970, 1, 1)).total_seconds()) - before
            changes.append((at, before, after))
    return sorted(changes)


def all_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones() - set(UNSUPPORTED))


def test_every_zone_works_or_is_listed() -> None:
    for tzid in sorted(UNSUPPORTED):
        with pytest.raises(ValueError):
            vtimezone(tzid, SINCE)
    for tzid in all_zones():
        vtimezone(tzid, SINCE)


def test_every_zone_describes_exactly_the_zoneinfo_changes() -> None:
    since = int(utc(SINCE.year - 1, 1, 1).timestamp())
    for tzid in all_zones():
        ours = [
            c
            for c in described_changes(vtimezone(tzid, SINCE))
            if since < c[0] < CHECK_UNTIL.timestamp() and c[1] != c[2]
        ]
        assert ours == list(reference_changes(tzid)), tzid


@pytest.mark.parametrize("tzid", ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_fat_tzif_files_from_the_system_work_too(tzid: str) -> None:
    # Without the tzdata package we read the system's files, which may be "fat": explicit
    # changes listed until 2037 before the rule takes over.
    path = Path("/usr/share/zoneinfo", tzid)
    if not path.is_file():
        pytest.skip("no system zoneinfo files")
    data = path.read_bytes()
    component = vtz._component(tzid, vtz._observances_of(vtz._parse_tzif(data, tzid), tzid, 2024))
    system = zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key=tzid)
    for at, before, after in described_changes(component):
        if at > utc(2023, 1, 1).timestamp():
            assert _offset(system, at - 1) == before
            assert _offset(system, at) == after


@needs_node
def test_icaljs_reads_every_zone_right_around_each_change(tmp_path: Path) -> None:
    # Two hours more than the jump, either side of each change, is a local time that occurs
    # once, as is the hour after it (changes are days apart): ical.js must place every change
    # inside that window (the exact second is checked on our side by the test above).
    events, expected = [], []
    for tzid in all_zones():
        moments = [
            (int(utc(2024, 6, 1, 12).timestamp()), 0),
            (int(utc(2035, 1, 1, 12).timestamp()), 0),
        ]
        for at, before, after in reference_changes(tzid):
            margin = abs(after - before) + 2 * 3600
            moments += [(at - margin, before), (at + margin, after)]
        tz = reference_zone(tzid)
        for n, (at, _) in enumerate(moments):
            local = dt.datetime.fromtimestamp(at, tz).replace(tzinfo=None)
            events.append(event(f"{tzid}#{n}", tzid, local))
            instant = dt.datetime.fromtimestamp(at, UTC)
            expected.append({"uid": f"{tzid}#{n}", "start": instant.strftime("%Y-%m-%dT%H:%M:%SZ"),
                             "end": (instant + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                             "status": None})  # fmt: skip
    path = write_calendar(tmp_path / "all.ics", events)
    found = icaljs_instants(path, utc(2023, 1, 1), CHECK_UNTIL)
    key = {e["uid"]: e for e in expected}
    wrong = [(f["uid"], f["start"], key[f["uid"]]["start"]) for f in found if f != key[f["uid"]]]
    assert wrong == []
    assert len(found) == len(expected)


# --- Outlook ([MS-OXCICAL]): the latest STANDARD and DAYLIGHT as one yearly rule ---------

TODAY = dt.date(2026, 12, 1)  # docs/time-zones.md lists the zones Outlook misreads from here
DOCS = Path(__file__).resolve().parents[2] / "docs" / "time-zones.md"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def outlook_change(part: object, year: int) -> int:
    """UTC seconds of a STANDARD/DAYLIGHT in ``year`` as Outlook reads it: the nth (or last)
    weekday of BYMONTH at DTSTART's time of day, in the offset before the change."""
    assert isinstance(part, (vtz.TimezoneStandard, vtz.TimezoneDaylight))
    rule = part["RRULE"]
    assert sorted(rule) == ["BYDAY", "BYMONTH", "FREQ"] and rule["FREQ"] == ["YEARLY"]
    (month,), (byday,) = rule["BYMONTH"], rule["BYDAY"]
    nth, weekday = int(str(byday)[:-2]), _WEEKDAYS.index(str(byday)[-2:])
    days = [d for d in range(1, 32) if _valid(year, month, d)]
    days = [d for d in days if dt.date(year, month, d).weekday() == weekday]
    day = days[nth - 1] if nth > 0 else days[nth]
    local = dt.datetime.combine(dt.date(year, month, day), part.DTSTART.time())
    before = int(part["TZOFFSETFROM"].td.total_seconds())
    return int((local - dt.datetime(1970, 1, 1)).total_seconds()) - before


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def outlook_offset(component: Timezone, at: int) -> int:
    """The offset Outlook gives the instant ``at`` from our component."""
    latest = {}
    for part in component.subcomponents:
        if part.name not in latest or part.DTSTART >= latest[part.name].DTSTART:
            latest[part.name] = part
    standard, daylight = latest["STANDARD"], latest.get("DAYLIGHT")
    if daylight is None:
        return int(standard["TZOFFSETTO"].td.total_seconds())
    year = dt.datetime.fromtimestamp(at, UTC).year
    to_daylight, to_standard = outlook_change(daylight, year), outlook_change(standard, year)
    in_daylight = (
        to_daylight <= at < to_standard
        if to_daylight < to_standard
        else not to_standard <= at < to_daylight  # southern hemisphere
    )
    chosen = daylight if in_daylight else standard
    return int(chosen["TZOFFSETTO"].td.total_seconds())


def documented_outlook_zones() -> dict[str, str]:
    found = {}
    for line in DOCS.read_text("utf-8").splitlines():
        if line.startswith("- `"):
            name, _, reason = line[3:].partition("`: ")
            found[name] = reason
    return found


def test_zones_outlook_cannot_read_are_the_documented_ones() -> None:
    computed = {z: vtz.outlook_problem(z, TODAY) for z in all_zones()}
    assert {z: r for z, r in computed.items() if r} == documented_outlook_zones()
    assert "America/Santiago" in documented_outlook_zones()
    assert vtz.outlook_problem("Europe/Berlin", TODAY) is None


def test_outlook_reads_every_other_zone_right_from_today_on() -> None:
    # Outlook's reading of the component, at each change of 2027-2037 (a second either side)
    # and in mid-January and mid-July, must equal the zone's own offsets.
    listed = documented_outlook_zones()
    start = int(utc(2027, 1, 1).timestamp())
    for tzid in all_zones():
        if tzid in listed:
            continue
        component = Timezone.from_ical(vtimezone(tzid, TODAY).to_ical())  # as read from a file
        tz = reference_zone(tzid)
        moments = [int(utc(y, m, 15).timestamp()) for y in (2027, 2031) for m in (1, 7)]
        for at, _, _ in reference_changes(tzid):
            if at >= start:
                moments += [at - 1, at]
        for at in moments:
            assert outlook_offset(component, at) == _offset(tz, at), (tzid, at)


@pytest.mark.parametrize(
    ("tzid", "offset"),
    [("America/Sao_Paulo", "-0300"), ("Asia/Tehran", "+0330"), ("Africa/Casablanca", "+0000")],
)
def test_zone_without_daylight_time_today_has_no_daylight_component(tzid: str, offset: str) -> None:
    # Built from years with summer time, the component still ends with today's offset and
    # has no DAYLIGHT that Outlook would turn into a yearly summer time.
    component = vtimezone(tzid, dt.date(2017, 6, 1))
    parts = component.subcomponents
    assert [p.name for p in parts] == ["STANDARD"] * len(parts) and len(parts) > 2
    assert parts[-1]["TZOFFSETTO"].to_ical() == offset
    assert "RRULE" not in parts[-1] and "RDATE" not in component.to_ical().decode()


def test_zone_with_daylight_time_ends_with_its_yearly_rules() -> None:
    lines = vtimezone("America/New_York", dt.date(2026, 1, 1)).to_ical().decode().split("\r\n")
    rules = [line for line in lines if line.startswith("RRULE")]
    assert rules == [
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
        "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    ]
    assert lines[-3:] == ["END:DAYLIGHT", "END:VTIMEZONE", ""]
