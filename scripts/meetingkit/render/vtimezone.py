"""VTIMEZONE components that every calendar client reads the same way.

Python readers resolve a TZID by name, but Thunderbird (ical.js) and Outlook compute
offsets from the VTIMEZONE in the file. icalendar's ``add_missing_timezones()`` writes all
transitions as one comma-separated RDATE, of which ical.js reads only the first value, and it
stops listing transitions at some year while weekly meetings recur forever. So we build the
component ourselves from the IANA data (the ``tzdata`` package's TZif files):

* each explicit transition from the one in force a year before ``since`` onwards becomes its
  own STANDARD/DAYLIGHT sub-component with a DTSTART and no RDATE at all;
* the ongoing rule (the POSIX TZ string in the TZif footer) becomes a STANDARD and a DAYLIGHT
  sub-component with an open-ended yearly RRULE, so the zone is described forever.

Every DTSTART is the local wall-clock time *before* the change (RFC 5545: it is read with
TZOFFSETFROM), which is also how POSIX TZ rules state their times.

Outlook ([MS-OXCICAL] 2.1.3.1.1.19) keeps only the STANDARD and the DAYLIGHT with the latest
DTSTART, turns them into one yearly rule, and reads a VTIMEZONE without DAYLIGHT as "no
daylight time". So the component ends with today's rule: for a zone with daylight time the
two RRULE sub-components come last; a zone without daylight time today (America/Sao_Paulo
since 2019, Asia/Tehran since 2022) has no DAYLIGHT at all, its past summer offsets written
as STANDARD sub-components (readers take offsets from TZOFFSETTO either way), the last one
today's offset. :func:`outlook_problem` names the zones Outlook's form cannot hold.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import importlib.resources
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["outlook_problem", "vtimezone"]

_EPOCH = datetime(1970, 1, 1)
_DAY = 86400
_ICAL_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX numbering: 0 is Sunday
# Month lengths outside leap years; only February varies, so windows in other months are fixed.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# --- TZif (RFC 8536) -----------------------------------------------------------------------

_HEADER = struct.Struct(">4sc15x6l")
_TZID_PART = re.compile(r"[A-Za-z0-9_+-][A-Za-z0-9_.+-]*")


@dataclass(frozen=True)
class _LocalType:
    """One local time type: what the clocks say after a transition."""

    offset: int  # seconds east of UTC
    isdst: bool
    name: str


@dataclass(frozen=True)
class _TZif:
    initial: _LocalType  # in force before the first transition (RFC 8536: type 0)
    transitions: tuple[tuple[int, _LocalType], ...]  # (UTC seconds, type from then on)
    footer: str  # POSIX TZ string for instants after the last transition; may be empty


def _read_tzif(tzid: str) -> bytes:
    """The TZif bytes of ``tzid``: the tzdata package first, then the system's TZPATH."""
    parts = tzid.split("/")
    if not tzid or not all(_TZID_PART.fullmatch(p) and p not in {".", ".."} for p in parts):
        raise zoneinfo.ZoneInfoNotFoundError(f"not an IANA time zone name: {tzid!r}")
    try:
        resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*parts)
        return resource.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    for directory in zoneinfo.TZPATH:
        candidate = Path(directory).joinpath(*parts)
        if candidate.is_file():
            return candidate.read_bytes()
    raise zoneinfo.ZoneInfoNotFoundError(f"unknown time zone {tzid!r}")


def _parse_tzif(data: bytes, tzid: str) -> _TZif:
    """Read the 64-bit (v2+) data block and the footer; v1-only files carry no rule."""
    magic, version, *counts = _HEADER.unpack_from(data, 0)
    if magic != b"TZif" or version < b"2":
        raise ValueError(f"{tzid}: not a version 2+ TZif file")
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    pos = _HEADER.size + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    magic, _, *counts = _HEADER.unpack_from(data, pos)
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    if magic != b"TZif" or leapcnt:
        raise ValueError(f"{tzid}: unsupported TZif data (leap seconds or bad second header)")
    pos += _HEADER.size
    times = struct.unpack_from(f">{timecnt}q", data, pos)
    pos += timecnt * 8
    indices = data[pos : pos + timecnt]
    pos += timecnt
    raw_types = [struct.unpack_from(">lBB", data, pos + 6 * i) for i in range(typecnt)]
    pos += typecnt * 6
    chars = data[pos : pos + charcnt]
    pos += charcnt + leapcnt * 12 + isstdcnt + isutcnt
    footer = data[pos:]
    if not (footer.startswith(b"\n") and footer.endswith(b"\n")) or footer.count(b"\n") != 2:
        raise ValueError(f"{tzid}: malformed TZif footer")

    def local_type(offset: int, isdst: int, index: int) -> _LocalType:
        name = chars[index : chars.index(b"\0", index)].decode("ascii")
        return _LocalType(offset, bool(isdst), name)

    types = [local_type(*raw) for raw in raw_types]
    return _TZif(
        initial=types[0],
        transitions=tuple((at, types[i]) for at, i in zip(times, indices, strict=True)),
        footer=footer.strip(b"\n").decode("ascii"),
    )


# --- POSIX TZ strings (the TZif footer) --------------------------------------------------

_NAME = r"(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_RULE = rf"(?:M\d{{1,2}}\.\d\.\d|J\d{{1,3}}|\d{{1,3}})(?:/{_OFFSET})?"
_POSIX_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?(?:,(?P<start>{_RULE}),(?P<end>{_RULE}))?)?"
)
_RULE_PARTS = re.compile(
    r"(?:M(?P<month>\d+)\.(?P<week>\d)\.(?P<weekday>\d)|J(?P<julian>\d+)|(?P<yday>\d+))"
    r"(?:/(?P<time>.+))?"
)


def _seconds(text: str) -> int:
    """``[+-]hh[:mm[:ss]]`` as signed seconds."""
    sign = -1 if text.startswith("-") else 1
    fields = [int(f) for f in text.lstrip("+-").split(":")]
    hours, minutes, secs = [*fields, 0, 0][:3]
    return sign * (hours * 3600 + minutes * 60 + secs)


def _name(text: str) -> str:
    return text[1:-1] if text.startswith("<") else text


@dataclass(frozen=True)
class _Rule:
    """One ``date[/time]`` of a POSIX TZ string; ``time`` is local time before the change."""

    text: str
    form: str  # "M" (month.week.weekday), "J" (Julian day, no Feb 29) or "n" (day of year)
    month: int
    week: int
    weekday: int  # 0 is Sunday
    day: int  # J: 1..365, n: 0..365
    time: int  # seconds after local midnight; RFC 8536 allows < 0 and >= 24h

    @classmethod
    def parse(cls, text: str) -> _Rule:
        m = _RULE_PARTS.fullmatch(text)
        if m is None:  # pragma: no cover - the outer regex admits only matching rules
            raise ValueError(f"unsupported POSIX TZ rule {text!r}")
        seconds = _seconds(m["time"]) if m["time"] else 2 * 3600  # POSIX default 02:00
        if m["month"]:
            rule = cls(text, "M", int(m["month"]), int(m["week"]), int(m["weekday"]), 0, seconds)
            if not (1 <= rule.month <= 12 and 1 <= rule.week <= 5 and rule.weekday <= 6):
                raise ValueError(f"invalid POSIX TZ rule {text!r}")
            return rule
        if m["julian"]:
            rule = cls(text, "J", 0, 0, 0, int(m["julian"]), seconds)
            if not 1 <= rule.day <= 365:
                raise ValueError(f"invalid POSIX TZ rule {text!r}")
            return rule
        rule = cls(text, "n", 0, 0, 0, int(m["yday"]), seconds)
        if not 0 <= rule.day <= 365:
            raise ValueError(f"invalid POSIX TZ rule {text!r}")
        return rule

    def local(self, year: int) -> datetime:
        """The wall-clock moment (in the offset before the change) of this rule in ``year``."""
        if self.form == "M":
            first_weekday = (date(year, self.month, 1).weekday() + 1) % 7  # POSIX numbering
            day = 1 + (self.weekday - first_weekday) % 7 + 7 * (self.week - 1)
            while day > calendar.monthrange(year, self.month)[1]:  # week 5 means "last"
                day -= 7
            base = date(year, self.month, day)
        elif self.form == "J":
            base = date(2001, 1, 1) + timedelta(days=self.day - 1)  # 2001: not a leap year
            base = base.replace(year=year)
        else:
            base = date(year, 1, 1) + timedelta(days=self.day)
        return datetime.combine(base, time()) + timedelta(seconds=self.time)

    def rrule(self) -> vRecur:
        """A yearly RRULE whose occurrences are exactly the dates :meth:`local` gives."""
        shift = self.time // _DAY  # times past midnight (or before it) move the day
        if self.form == "M":
            parts = self._month_rule(shift)
        elif self.form == "J":
            day = self.day + shift
            if not 1 <= day <= 365:
                raise ValueError(f"unsupported POSIX TZ rule {self.text!r}: leaves the year")
            if (self.day <= 59) != (day <= 59):
                raise ValueError(f"unsupported POSIX TZ rule {self.text!r}: crosses Feb 29")
            when = date(2001, 1, 1) + timedelta(days=day - 1)
            parts = {"BYMONTH": [when.month], "BYMONTHDAY": [when.day]}
        else:
            day = self.day + 1 + shift
            if not 1 <= day <= 365:
                raise ValueError(f"unsupported POSIX TZ rule {self.text!r}: leaves the year")
            parts = {"BYYEARDAY": [day]}
        return vRecur({"FREQ": "YEARLY", **parts})

    def _month_rule(self, shift: int) -> dict[str, list[int] | list[str]]:
        if shift == 0:
            position = -1 if self.week == 5 else self.week
            return {"BYMONTH": [self.month], "BYDAY": [f"{position}{_ICAL_WEEKDAYS[self.weekday]}"]}
        # The change falls on another weekday inside a seven-day window of days; say which.
        weekday = [_ICAL_WEEKDAYS[(self.weekday + shift) % 7]]
        month_days = _MONTH_DAYS[self.month - 1]
        if self.week < 5:
            first = 7 * (self.week - 1) + 1 + shift
        elif self.month != 2:  # February's last week moves with leap years
            first = month_days - 6 + shift
        else:
            raise ValueError(f"unsupported POSIX TZ rule {self.text!r}: shifted end of February")
        window = range(first, first + 7)
        if first >= 1 and first + 6 <= month_days:
            return {"BYMONTH": [self.month], "BYMONTHDAY": list(window), "BYDAY": weekday}
        # The window spills into a neighbouring month: count days back from 31 December, which
        # leap years do not disturb after February.
        after = sum(_MONTH_DAYS[self.month - 1 :])  # days from the 1st of the month to year end
        year_days = [day - 1 - after for day in window]
        if self.month < 3 or year_days[0] < -306 or year_days[-1] > -1:
            raise ValueError(f"unsupported POSIX TZ rule {self.text!r}: window leaves Mar-Dec")
        return {"BYYEARDAY": year_days, "BYDAY": weekday}


@dataclass(frozen=True)
class _PosixTZ:
    std: _LocalType
    dst: _LocalType | None
    start: _Rule | None  # change from std to dst
    end: _Rule | None  # change from dst back to std


def _parse_posix_tz(text: str) -> _PosixTZ:
    m = _POSIX_TZ.fullmatch(text)
    if m is None:
        raise ValueError(f"unsupported POSIX TZ string {text!r}")
    std = _LocalType(-_seconds(m["stdoff"]), False, _name(m["std"]))
    if m["dst"] is None:
        return _PosixTZ(std, None, None, None)
    if m["start"] is None:
        raise ValueError(f"POSIX TZ string {text!r} has daylight time but no rules")
    dst_offset = -_seconds(m["dstoff"]) if m["dstoff"] else std.offset + 3600
    dst = _LocalType(dst_offset, True, _name(m["dst"]))
    return _PosixTZ(std, dst, _Rule.parse(m["start"]), _Rule.parse(m["end"]))


# --- Observances ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    at: int  # UTC seconds
    before: _LocalType
    after: _LocalType
    rule: _Rule | None = None  # set for changes produced by the ongoing POSIX rule

    @property
    def local_start(self) -> datetime:
        return _EPOCH + timedelta(seconds=self.at + self.before.offset)


@dataclass(frozen=True)
class _Observance:
    """One STANDARD or DAYLIGHT sub-component, kept immutable so it can be cached."""

    daylight: bool
    dtstart: datetime
    offset_from: int
    offset_to: int
    name: str
    rrule: _Rule | None


def _is_daylight(change: _Change) -> bool:
    """Decide by the offsets, not by TZif's isdst: tzdata gives Europe/Dublin a negative DST
    (winter is the "DST" period), and a permanent shift of standard time is no daylight time."""
    before, after = change.before, change.after
    if after.offset != before.offset:
        return after.offset > before.offset and (after.isdst or before.isdst)
    return after.isdst


def _rule_changes(posix: _PosixTZ, years: range) -> list[_Change]:
    std, dst, start, end = posix.std, posix.dst, posix.start, posix.end
    if dst is None or start is None or end is None:
        return []
    changes = []
    for year in years:
        start_at = int((start.local(year) - _EPOCH).total_seconds()) - std.offset
        end_at = int((end.local(year) - _EPOCH).total_seconds()) - dst.offset
        changes.append(_Change(start_at, std, dst, start))
        changes.append(_Change(end_at, dst, std, end))
    return sorted(changes, key=lambda c: c.at)


def _explicit_changes(tzif: _TZif) -> list[_Change]:
    changes = []
    before = tzif.initial
    for at, after in tzif.transitions:
        if after != before:  # TZif may repeat a type; such a "change" changes nothing
            changes.append(_Change(at, before, after))
        before = after
    return changes


def _utc_year(at: int) -> int:
    return (_EPOCH + timedelta(seconds=at)).year


def _changes_from(tzif: _TZif, posix: _PosixTZ | None, cut: int) -> list[_Change]:
    """The change in force at ``cut`` and every explicit change after it, followed by the first
    occurrence of each ongoing rule (which then repeat by RRULE)."""
    explicit = _explicit_changes(tzif)
    # The rule takes over after the last TZif transition, even one that changes nothing.
    last_explicit = tzif.transitions[-1][0] if tzif.transitions else None
    first_year = _utc_year(last_explicit) if last_explicit is not None else _utc_year(cut) - 1
    last_year = max(_utc_year(cut), first_year) + 2
    ruled = [] if posix is None else _rule_changes(posix, range(first_year, last_year + 1))
    ruled = [c for c in ruled if last_explicit is None or c.at > last_explicit]
    timeline = explicit + ruled
    in_force = [c for c in timeline if c.at <= cut]
    begin = in_force[-1].at if in_force else None
    kept = [c for c in explicit if begin is None or c.at >= begin]
    for rule in (None if posix is None else posix.start, None if posix is None else posix.end):
        if rule is not None:
            kept.append(
                next(c for c in ruled if c.rule is rule and (begin is None or c.at >= begin))
            )
    if not in_force:
        # Nothing is known before ``cut`` (UTC, Etc/GMT+5): state the base offset from 1970 so
        # that readers which give unknown instants offset zero have a change to start from.
        base = posix.std if posix is not None else tzif.initial
        kept.insert(0, _Change(-base.offset, base, base))
    return kept


def _observance(change: _Change) -> _Observance:
    return _Observance(
        daylight=_is_daylight(change),
        dtstart=change.local_start,
        offset_from=change.before.offset,
        offset_to=change.after.offset,
        name=change.after.name,
        rrule=change.rule,
    )


@functools.lru_cache(maxsize=256)
def _observances(tzid: str, year: int) -> tuple[_Observance, ...]:
    return _observances_of(_parse_tzif(_read_tzif(tzid), tzid), tzid, year)


def _observances_of(tzif: _TZif, tzid: str, year: int) -> tuple[_Observance, ...]:
    try:
        posix = _parse_posix_tz(tzif.footer) if tzif.footer else None
        cut = int((datetime(year - 1, 1, 1) - _EPOCH).total_seconds())
        changes = _changes_from(tzif, posix, cut)
        for change in changes:  # fail on inexpressible rules now, not when rendering
            if change.rule is not None:
                change.rule.rrule()
    except ValueError as error:
        raise ValueError(f"{tzid}: {error}") from error
    observances = sorted((_observance(c) for c in changes), key=lambda o: o.dtstart)
    if posix is None or posix.dst is None:  # no daylight time today: no DAYLIGHT for Outlook
        observances = [dataclasses.replace(o, daylight=False) for o in observances]
    return tuple(observances)


def _outlook_rule(rule: _Rule) -> bool:
    """[MS-OXCICAL] 2.1.3.1.1.19.2.2: YEARLY, BYMONTH and one BYDAY such as 2SU or -1SU, the
    change on that very day (BYDAY with BYMONTHDAY, BYYEARDAY or a day shift do not fit)."""
    return rule.form == "M" and 0 <= rule.time < _DAY


def outlook_problem(tzid: str, today: date) -> str | None:
    """Why Outlook cannot read ``tzid`` right from ``today`` on (None when it can).

    Outlook applies one yearly rule (or one fixed offset) to every year, so a zone fits when
    after ``today`` its changes are exactly its ongoing rule in the month/weekday form.
    """
    tzif = _parse_tzif(_read_tzif(tzid), tzid)
    posix = _parse_posix_tz(tzif.footer) if tzif.footer else None
    now = int((datetime.combine(today, time()) - _EPOCH).total_seconds())
    upcoming = [c for c in _explicit_changes(tzif) if c.at > now]
    if upcoming:
        last = _utc_year(upcoming[-1].at)
        return f"its changes follow no yearly rule until {last} (tzdata lists each one)"
    if posix is None or posix.start is None or posix.end is None:
        return None
    odd = [r.text for r in (posix.start, posix.end) if not _outlook_rule(r)]
    if odd:
        return f"its rule ({', '.join(odd)} in POSIX TZ form) is not an nth weekday of a month"
    return None


def vtimezone(tzid: str, since: date) -> Timezone:
    """A VTIMEZONE for the IANA zone ``tzid``, right for every instant from ``since`` on.

    Raises ``zoneinfo.ZoneInfoNotFoundError`` for an unknown zone and ``ValueError`` for a
    zone whose ongoing rule cannot be written as an RRULE. The result is a new object on each
    call (callers may change it); the work behind it is cached per zone and year.
    """
    return _component(tzid, _observances(tzid, since.year))


def _component(tzid: str, observances: tuple[_Observance, ...]) -> Timezone:
    zone = Timezone()
    zone.add("tzid", tzid)
    for observance in observances:
        part = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        part.add("dtstart", observance.dtstart)
        part.add("tzoffsetfrom", timedelta(seconds=observance.offset_from))
        part.add("tzoffsetto", timedelta(seconds=observance.offset_to))
        part.add("tzname", observance.name)
        if observance.rrule is not None:
            part.add("rrule", observance.rrule.rrule())
        zone.add_component(part)
    return zone
