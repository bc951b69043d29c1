"""Generate a synthetic, valid meetings repository of N meetings for the benchmark.

Deterministic: the same ``meetings`` and ``seed`` give byte-identical files. The content
follows SPEC §2-3 and validates cleanly: every date falls on its series' weekday, one
meeting per series per day, local times stay clear of daylight-saving changes (09:00-19:30),
links are https without passwords and file names are unique.

Schedule: from 2014-01-06 on, every week each of the 8 series meets once and every working
group meets every other week (about 18 meetings a week, so 10,000 meetings span ~11 years).
About 5 % of the meetings are bi-weekly recurring working-group calls (their occurrences
replace the group's next individual files), about 3 % are cancelled.

Usable as a module (``generate_repository``) or as a script:
``python benchmarks/generate.py DIR [--meetings N] [--seed S] [--no-git]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_SEED = 20240425
FIRST_MONDAY = date(2014, 1, 6)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FIXED_DATE = "2025-06-01T12:00:00Z"  # commit date, so history is reproducible
GIT_IDENTITY = ("-c", "user.name=bench", "-c", "user.email=bench@example.invalid")


@dataclass(frozen=True)
class SeriesSpec:
    id: str
    name: str
    weekday: int  # 0 = Monday
    start_time: str
    duration: int
    timezone: str
    audience: str
    chatham_house: bool
    working_group: str | None = None


@dataclass(frozen=True)
class GroupSpec:
    id: str
    name: str
    weekday: int
    start_time: str
    timezone: str
    parity: int  # meets in weeks whose index has this parity


SERIES = (
    SeriesSpec(
        "thursday-touchpoint",
        "Thursday Touchpoint",
        3,
        "14:00",
        60,
        "Europe/Madrid",
        "Broader OSPO / TODO Community and General Members",
        True,
    ),
    SeriesSpec(
        "friday-touchpoint",
        "Friday Touchpoint",
        4,
        "17:30",
        60,
        "Europe/Madrid",
        "General Members",
        True,
    ),
    SeriesSpec(
        "americas-office-hours",
        "Americas Office Hours",
        1,
        "11:00",
        45,
        "America/New_York",
        "Everyone",
        False,
    ),
    SeriesSpec(
        "apac-office-hours", "APAC Office Hours", 2, "10:00", 60, "Asia/Tokyo", "Everyone", False
    ),
    SeriesSpec(
        "emea-maintainers",
        "EMEA Maintainers Call",
        0,
        "16:00",
        30,
        "Europe/Berlin",
        "Maintainers",
        False,
        "maintainer-health",
    ),
    SeriesSpec(
        "india-meetup", "India Meetup", 3, "18:30", 90, "Asia/Kolkata", "General Members", True
    ),
    SeriesSpec(
        "west-coast-sync",
        "West Coast Sync",
        4,
        "09:00",
        60,
        "America/Los_Angeles",
        "Everyone",
        False,
        "ospo-book",
    ),
    SeriesSpec(
        "sydney-touchpoint",
        "Sydney Touchpoint",
        1,
        "19:00",
        60,
        "Australia/Sydney",
        "General Members",
        True,
    ),
)

_GROUP_NAMES = (
    "ospo-book",
    "chaoss-ospo-metrics",
    "openchain-ai-compliance",
    "maintainer-health",
    "inner-source",
    "security-response",
    "sbom-tooling",
    "license-compliance",
    "public-sector",
    "academia-ospo",
    "funding-sustainability",
    "developer-relations",
    "ai-governance",
    "cloud-native-ospo",
    "mentorship",
    "documentation",
    "accessibility",
    "research-software",
    "community-metrics",
    "procurement",
)
_ZONES = (
    "Europe/Madrid",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/Berlin",
    "Europe/London",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "America/Chicago",
)
_TIMES = ("09:00", "10:30", "12:00", "13:30", "15:00", "16:00", "17:00", "18:00")

_FIRST_NAMES = (
    "Mirko",
    "Julian",
    "Lumi",
    "Ana",
    "Ravi",
    "Mei",
    "Kofi",
    "Sofia",
    "Hiro",
    "Amara",
    "Lars",
    "Chen",
    "Ingrid",
    "Tomás",
    "Aisha",
    "Noah",
    "Elif",
    "Pavel",
    "Zanele",
    "Oren",
    "Maëlle",
    "Dmitri",
    "Yuki",
    "Carmen",
    "Björn",
)
_LAST_NAMES = (
    "Garcia",
    "Okafor",
    "Tanaka",
    "Müller",
    "Singh",
    "Kowalski",
    "Nguyen",
    "Silva",
    "Haddad",
    "Johansson",
    "O'Brien",
    "Rossi",
)
_AFFILIATIONS = (
    "LF Europe",
    "SCANOSS",
    "Ant Group",
    "Xunta de Galicia",
    "SAP",
    "Bosch",
    "Microsoft",
    "Red Hat",
    "CERN",
    "Comcast",
    "University of Nebraska",
    "Deutsche Telekom",
    "Mercedes-Benz",
    "Indeed",
    "GitHub",
)
_TOPICS = (
    "OSPO metrics",
    "InnerSource",
    "software composition analysis",
    "SBOM adoption",
    "AI model licensing",
    "funding open source",
    "security advisories",
    "contributor onboarding",
    "open source strategy",
    "upstream first",
    "procurement of open source",
    "CRA readiness",
    "community health",
    "open source in public administration",
    "developer experience",
)
_TAGS = (
    "touchpoint",
    "metrics",
    "InnerSource",
    "SCA",
    "AI",
    "security",
    "SBOM",
    "funding",
    "policy",
    "community",
    "compliance",
    "education",
    "CRA",
    "tooling",
    "strategy",
)
_SENTENCES = (
    "This session looks at how OSPOs make open source part of everyday engineering work.",
    "Our guests share what worked, what did not, and what they would do differently.",
    "Bring your questions: the second half of the call is an open discussion.",
    "We collect links and follow-ups in the agenda issue before the meeting.",
    "Slides and a recording are shared after the call when the speakers agree.",
    "Newcomers are welcome; no preparation is needed to listen in or ask a question.",
    "The conversation is held under the Chatham House Rule where the series says so.",
    "We will review the action items from the previous call and agree on owners.",
    "Please add your name to the attendee list in the agenda issue.",
    "Time is reserved at the end for working-group updates and community news.",
)
_NOTES = (
    "Agreed to draft a short guide and circulate it on the mailing list.",
    "Several attendees shared their policy templates; links are in the agenda issue.",
    "Follow-up session proposed for next quarter.",
    "Open question: how to measure the value of upstream contributions.",
)


def _groups() -> tuple[GroupSpec, ...]:
    return tuple(
        GroupSpec(
            slug,
            slug.replace("-", " ").title().replace("Ospo", "OSPO").replace("Ai ", "AI ")
            + " Working Group",
            i % 5,  # Monday to Friday
            _TIMES[i % len(_TIMES)],
            _ZONES[i % len(_ZONES)],
            i % 2,
        )
        for i, slug in enumerate(_GROUP_NAMES)
    )


GROUPS = _groups()

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.()&/'+-]*$")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def scalar(value: str) -> str:
    """A string as a YAML scalar: plain when unambiguous, else a JSON (double-quoted) string."""
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


# --- static files ---------------------------------------------------------------------


def site_yaml() -> str:
    return """\
# Site settings (synthetic benchmark repository).
community: Benchmark Community
title: Virtual Meetings
repository: example/meetings
base_url: https://example.github.io/meetings/
timezone: Europe/Madrid
introduction: |
  A synthetic programme generated by benchmarks/generate.py: several meeting series in
  different time zones, working-group calls, recurring calls and cancellations.
contributor_introduction: |
  Our working groups each focus on one concrete area and welcome new contributors.
past_notes_url: https://github.com/example/meetings/discussions
timezone_help_url: https://www.worldtimebuddy.com
recordings:
  - title: A recorded talk
    url: https://youtu.be/2QopYZbo3EQ
    year: 2023
calendars_of_interest:
  - name: OpenSSF
    url: https://calendar.example.org/openssf
    description: Security best practices, training and tools
feed:
  past_days: 365
  refresh_hours: 12
bot:
  login: github-actions[bot]
  label: meetingkit
"""


def series_yaml(spec: SeriesSpec) -> str:
    lines = [
        f"name: {scalar(spec.name)}",
        "description: |",
        f"  Weekly {spec.name} on {WEEKDAYS[spec.weekday].capitalize()}s: a short talk followed",
        "  by questions and an open forum.",
        f"weekday: {WEEKDAYS[spec.weekday]}",
        f'start_time: "{spec.start_time}"',
        f"duration: {spec.duration}",
        f"timezone: {spec.timezone}",
        f"audience: {scalar(spec.audience)}",
        f"chatham_house: {'true' if spec.chatham_house else 'false'}",
        f"rrule: FREQ=WEEKLY;BYDAY={BYDAY[spec.weekday]}",
        "agenda_lead_days: 14",
        "labels:",
        "  - agenda",
        f"  - {spec.id}",
        'issue_title: "{series} {date}: {title}"',
        "agenda_template: |",
        "  1. Welcome",
        "  2. Guest presentation",
        "  3. Q&A",
        "  4. Open forum",
        "status: active",
    ]
    if spec.working_group:
        lines.append(f"working_group: {spec.working_group}")
    return "\n".join(lines) + "\n"


def group_md(spec: GroupSpec, rng: random.Random) -> str:
    chairs = rng.sample(_FIRST_NAMES, 2)
    return f"""\
---
name: {scalar(spec.name)}
scope: Share practices and build material on {spec.id.replace("-", " ")} for OSPOs
chairs:
  - name: {scalar(chairs[0])}
    github: {_login(chairs[0], rng)}
  - name: {scalar(chairs[1])}
links:
  notes: https://docs.example.org/{spec.id}/notes
  repo: https://github.com/example/{spec.id}
  mailing_list: https://lists.example.org/g/{spec.id}
  chat: "Example Slack #wg-{spec.id}"
status: active
---
The {spec.name} meets every other {WEEKDAYS[spec.weekday].capitalize()}. Everyone is
welcome; read the scope above and join the mailing list.
"""


# --- meetings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    day: date
    slug: str
    start_time: str
    timezone: str
    series: SeriesSpec | None
    group: GroupSpec | None


def _slots() -> Iterator[tuple[int, Slot]]:
    """(week index, slot) in date order, forever: all series weekly, groups bi-weekly."""
    week = 0
    while True:
        monday = FIRST_MONDAY + timedelta(weeks=week)
        slots = [
            Slot(monday + timedelta(days=s.weekday), s.id, s.start_time, s.timezone, s, None)
            for s in SERIES
        ]
        slots += [
            Slot(
                monday + timedelta(days=g.weekday),
                f"{g.id}-call",
                g.start_time,
                g.timezone,
                None,
                g,
            )
            for g in GROUPS
            if week % 2 == g.parity
        ]
        slots.sort(key=lambda s: (s.day, s.slug))
        for slot in slots:
            yield week, slot
        week += 1


def _login(name: str, rng: random.Random) -> str:
    ascii_name = name.encode("ascii", "ignore").decode().lower() or "user"
    return f"{ascii_name}-{rng.randrange(10, 9999)}"


def _person(rng: random.Random) -> list[str]:
    first = rng.choice(_FIRST_NAMES)
    name = first if rng.random() < 0.5 else f"{first} {rng.choice(_LAST_NAMES)}"
    lines = [f"  - name: {scalar(name)}"]
    if rng.random() < 0.8:
        lines.append(f"    affiliation: {scalar(rng.choice(_AFFILIATIONS))}")
    if rng.random() < 0.5:
        login = _login(first, rng)
        lines.append(f"    github: {login}")
        if rng.random() < 0.3:
            lines.append(f"    url: https://github.com/{login}")
    return lines


def _links(rng: random.Random, number: int, past: bool) -> list[str]:
    lines = ["links:", f"  agenda: https://github.com/example/meetings/issues/{number}"]
    if rng.random() < 0.6:
        lines.append(f"  join: https://zoom.example.org/j/{rng.randrange(10**9, 10**10)}")
    if rng.random() < 0.2:
        lines.append(f"  rsvp: https://community.example.org/events/{number}")
    if past and rng.random() < 0.5:
        video = "".join(
            rng.choices("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=11)
        )
        lines.append(f"  recording: https://youtu.be/{video}")
    if past and rng.random() < 0.3:
        lines.append(f"  slides: https://slides.example.org/{number}.pdf")
    return lines


def _title(rng: random.Random, slot: Slot) -> str:
    topic = rng.choice(_TOPICS)
    other = rng.choice(_TOPICS)
    forms = (
        f"{_capital(topic)} and {other}",
        f"{_capital(topic)}: lessons learned",
        f"How OSPOs approach {topic}",
        f"{slot.series.name if slot.series else 'Working group call'}: {topic}",
    )
    return rng.choice(forms)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _body(rng: random.Random, past: bool) -> str:
    paragraphs = [
        textwrap.fill(" ".join(rng.sample(_SENTENCES, rng.randint(2, 4))), width=90)
        for _ in range(rng.randint(1, 3))
    ]
    agenda = ["## Agenda", ""] + [
        f"{i}. {item}"
        for i, item in enumerate(
            ["Welcome", *rng.sample(_TOPICS, rng.randint(1, 3)), "Open forum"], start=1
        )
    ]
    parts = ["\n\n".join(paragraphs), "\n".join(agenda)]
    if past and rng.random() < 0.4:
        notes = ["## Notes", ""] + [f"- {n}" for n in rng.sample(_NOTES, rng.randint(1, 3))]
        parts.append("\n".join(notes))
    return "\n\n".join(parts) + "\n"


def _recurrence(rng: random.Random, slot: Slot) -> tuple[list[str], int]:
    """Front matter lines of a bi-weekly call and how many occurrences it has."""
    count = rng.randint(3, 8)
    byday = BYDAY[slot.day.weekday()]
    if rng.random() < 0.5:
        lines = [f"recurrence: FREQ=WEEKLY;INTERVAL=2;BYDAY={byday};COUNT={count}"]
    else:
        last = slot.day + timedelta(weeks=2 * (count - 1))
        lines = [f"recurrence: FREQ=WEEKLY;INTERVAL=2;BYDAY={byday};UNTIL={last:%Y%m%d}"]
    if rng.random() < 0.6:
        picks = sorted(rng.sample(range(1, count), rng.randint(1, min(2, count - 1))))
        lines.append("cancelled_dates:")
        lines += [f'  - "{slot.day + timedelta(weeks=2 * k):%Y-%m-%d}"' for k in picks]
    return lines, count


def meeting_md(rng: random.Random, slot: Slot, number: int, today: date) -> tuple[str, int]:
    """The file text and the number of weeks its recurrence covers (0 if none)."""
    past = slot.day < today
    start = datetime.combine(slot.day, datetime.strptime(slot.start_time, "%H:%M").time())
    lines = [
        "---",
        f"title: {scalar(_title(rng, slot))}",
        f'start: "{start:%Y-%m-%dT%H:%M}"',
    ]
    minutes = slot.series.duration if slot.series else rng.choice((30, 45, 60))
    roll = rng.random()
    if roll < 0.2:
        lines.append(f'end: "{start + timedelta(minutes=minutes):%Y-%m-%dT%H:%M}"')
    elif roll < 0.8 or not slot.series:
        lines.append(f"duration: {minutes}")
    if not slot.series or rng.random() < 0.7:
        lines.append(f"timezone: {slot.timezone}")
    if slot.series:
        lines.append(f"series: {slot.series.id}")
        if slot.series.working_group:
            lines.append(f"working_group: {slot.series.working_group}")
    else:
        assert slot.group is not None
        lines.append(f"working_group: {slot.group.id}")
    covered = 0
    if slot.group and rng.random() < 0.12:
        recurrence, covered = _recurrence(rng, slot)
        lines += recurrence
    status = "cancelled" if rng.random() < 0.03 else rng.choice(("confirmed",) * 5 + ("tentative",))
    lines.append(f"status: {status}")
    if slot.series and rng.random() < 0.5:
        lines.append(f"audience: {scalar(slot.series.audience)}")
    if slot.series:
        lines.append(f"chatham_house: {'true' if slot.series.chatham_house else 'false'}")
    guests = rng.choice((0, 1, 1, 2, 2, 3, 4))
    if guests:
        lines.append("guests:")
        for _ in range(guests):
            lines += _person(rng)
    if rng.random() < 0.3:
        lines.append("hosts:")
        lines += _person(rng)
    lines += _links(rng, number, past)
    tags = rng.sample(_TAGS, rng.randint(0, 4))
    if tags:
        lines.append("tags:")
        lines += [f"  - {scalar(t)}" for t in tags]
    lines.append("---")
    return "\n".join(lines) + "\n" + _body(rng, past), covered


def meeting_files(meetings: int, seed: int) -> Iterator[tuple[str, str]]:
    """(repository-relative path, text) of ``meetings`` meeting files, in date order."""
    rng = random.Random(seed)  # noqa: S311  # reproducible content, not secrets
    today = date(2025, 6, 1)  # fixed, so that output does not depend on the clock
    busy_until: dict[str, int] = {}  # group id → first week its recurring call no longer covers
    made = 0
    for week, slot in _slots():
        if made >= meetings:
            return
        if slot.group and busy_until.get(slot.group.id, 0) > week:
            continue
        text, covered = meeting_md(rng, slot, made + 1, today)
        if slot.group and covered:
            busy_until[slot.group.id] = week + 2 * covered - 1
        yield f"meetings/{slot.day.year}/{slot.day.isoformat()}-{slot.slug}.md", text
        made += 1


# --- the repository ----------------------------------------------------------------------


def generate_repository(
    root: Path, meetings: int = 10_000, *, seed: int = DEFAULT_SEED, git: bool = True
) -> Path:
    """Write a complete repository of ``meetings`` meeting files into ``root``; return root."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)  # noqa: S311  # reproducible content, not secrets
    _write(root / "site.yaml", site_yaml())
    for spec in SERIES:
        _write(root / "series" / f"{spec.id}.yaml", series_yaml(spec))
    for group in GROUPS:
        _write(root / "working-groups" / f"{group.id}.md", group_md(group, rng))
    for relative, text in meeting_files(meetings, seed):
        _write(root / relative, text)
    if git:
        git_commit(root)
    return root


def git_commit(root: Path) -> None:
    """One commit of everything, so that build sees history as in a real checkout."""
    quiet: dict[str, Any] = {"cwd": root, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q", "-b", "main"], **quiet)
    subprocess.run(["git", *GIT_IDENTITY, "add", "-A"], **quiet)
    subprocess.run(
        ["git", *GIT_IDENTITY, "commit", "-q", "--no-gpg-sign", "-m", "Synthetic programme"],
        env={**os.environ, "GIT_AUTHOR_DATE": FIXED_DATE, "GIT_COMMITTER_DATE": FIXED_DATE},
        **quiet,
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-git", action="store_true", help="do not git init + commit")
    args = parser.parse_args(argv)
    generate_repository(args.directory, args.meetings, seed=args.seed, git=not args.no_git)
    print(f"wrote {args.meetings} meetings to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
