"""The "Propose a session" issue form, read back from the issue body GitHub renders.

GitHub writes a filed form as one ``### <label>`` section per field, in the form's order,
with ``_No response_`` for an empty one. The body is untrusted plain text: it is only
split into those sections and checked field by field; nothing in it is evaluated. A
problem names the form field and says how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

#: The form's field labels, in its order (.github/ISSUE_TEMPLATE/propose-session.yml).
TITLE = "Session title"
DESCRIPTION = "Description"
BENEFIT = "Benefit to the community"
SPEAKER = "Speaker name"
AFFILIATION = "Affiliation"
HANDLE = "GitHub handle"
SERIES = "Preferred series"
DATE = "Proposed date"
LABELS = (
    TITLE,
    DESCRIPTION,
    BENEFIT,
    SPEAKER,
    AFFILIATION,
    HANDLE,
    SERIES,
    DATE,
    "Preferred dates",
    "Chatham House Rule and recording",
)
REQUIRED = (TITLE, DESCRIPTION, SERIES)
#: The dropdown choice that leaves the series to the bots (the first free slot of any).
ANY_SERIES = "Either"
NO_RESPONSE = "_No response_"
_LOGIN = re.compile(r"@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LIMITS = {TITLE: 200, SPEAKER: 100, AFFILIATION: 100}  # the meeting schema's maxLength


@dataclass(frozen=True)
class Proposal:
    title: str
    description: str
    benefit: str
    speaker: str
    affiliation: str
    github: str  # login without '@', or ""
    series: str  # as chosen in the dropdown
    day: date | None


def parse_form(body: str) -> tuple[Proposal | None, list[str]]:
    """(the proposal, or None; what to fix, one sentence per problem)."""
    sections, problems = _sections(body)
    if problems:
        return None, problems
    for label in (TITLE, SPEAKER, AFFILIATION, SERIES, DATE):
        problems += _one_line(label, sections[label])
    problems += _text(DESCRIPTION, sections[DESCRIPTION]) + _text(BENEFIT, sections[BENEFIT])
    for label in REQUIRED:
        if not sections[label]:
            problems.append(f"{label}: is empty; fill it in.")
    for label, limit in _LIMITS.items():
        if len(sections[label]) > limit:
            problems.append(
                f"{label}: is {len(sections[label])} characters long; shorten it to {limit}."
            )
    if sections[HANDLE] and not sections[SPEAKER]:
        problems.append(f"{SPEAKER}: is empty; name the speaker the GitHub handle belongs to.")
    login = _login(sections[HANDLE], problems)
    day = _day(sections[DATE], problems)
    if problems:
        return None, problems
    proposal = Proposal(
        title=sections[TITLE],
        description=sections[DESCRIPTION],
        benefit=sections[BENEFIT],
        speaker=sections[SPEAKER],
        affiliation=sections[AFFILIATION],
        github=login,
        series=sections[SERIES],
        day=day,
    )
    return proposal, []


def _sections(body: str) -> tuple[dict[str, str], list[str]]:
    """Label → value; each label must head a section, in the form's order."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts: list[int] = []
    for label in LABELS:
        after = starts[-1] + 1 if starts else 0
        found = next((i for i in range(after, len(lines)) if lines[i] == f"### {label}"), None)
        if found is None:
            return {}, [
                f"the issue does not follow the form: its section '### {label}' is missing. "
                "Edit the issue and restore it, or file the proposal again with the "
                "'Propose a session' form."
            ]
        starts.append(found)
    ends = [*starts[1:], len(lines)]
    values = {}
    for label, start, end in zip(LABELS, starts, ends, strict=True):
        value = "\n".join(lines[start + 1 : end]).strip()
        values[label] = "" if value == NO_RESPONSE else value
    return values, []


def _one_line(label: str, value: str) -> list[str]:
    if any(_control(c) or unicodedata.category(c) in ("Zl", "Zp") for c in value):
        return [f"{label}: must be one line of plain text (no line breaks or control characters)."]
    return []


def _text(label: str, value: str) -> list[str]:
    if any(_control(c) and c not in "\n\t" for c in value):
        return [f"{label}: holds control characters; remove them."]
    return []


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs", "Co") or char == "\ufeff"


def _login(value: str, problems: list[str]) -> str:
    if not value:
        return ""
    match = _LOGIN.fullmatch(value)
    if match is None:
        problems.append(
            f"{HANDLE}: {value!r} is not a GitHub login (letters, digits and single hyphens, "
            "at most 39 characters); write it like @octocat, or leave it empty."
        )
        return ""
    return match.group(1)


def _day(value: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    problems.append(
        f"{DATE}: {value!r} is not a date; write it as YYYY-MM-DD (e.g. 2025-03-27), "
        "or leave it empty for the series' next free slot."
    )
    return None
