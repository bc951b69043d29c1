"""The proposals job's plan: session proposals (issues of the "Propose a session" form)
become draft meeting files, and their proposers get one comment.

Pure: the programme, the moment, the open proposal issues and their comments, and a check
of a meeting file's text come in; a list of actions comes out. Per issue:

- a meeting whose ``links.proposal`` is the issue's URL is on the default branch: the
  comment says so with a link, and the issue is closed;
- else a form that reads well gives a draft (``status: tentative``) on the proposed date
  or the series' next free slot, written into the work tree for the bots' pull request,
  and a comment saying where;
- else the comment lists what to fix.

The bot keeps one comment per issue (found by its marker and author) and edits it when
its text changes. The proposal is untrusted: mentions and references are broken, raw
HTML and headings are escaped, and the draft must pass the checks ``validate`` runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from meetingkit.github.markers import parse_proposal, proposal_marker
from meetingkit.github.proposal_form import (
    AFFILIATION,
    ANY_SERIES,
    BENEFIT,
    DATE,
    DESCRIPTION,
    HANDLE,
    SERIES,
    SPEAKER,
    TITLE,
    Proposal,
    parse_form,
)
from meetingkit.github.records import Comment, Issue
from meetingkit.github.text import neutralise
from meetingkit.mdtext import escape_inline
from meetingkit.model.records import Meeting, Person, Programme, Series
from meetingkit.scaffold import (
    ScaffoldError,
    meeting_path,
    meeting_text,
    next_free_date,
    taken_dates,
)

#: The label the "Propose a session" form puts on the issues it files.
PROPOSAL_LABEL = "proposal"
# A line that would read as a heading, or as a workflow command if ever printed in a log.
_LEADING = re.compile(r"^([ \t]*)(#|::)", re.MULTILINE)

#: (path, text) → what is wrong with that meeting file, as (line, message) ([] when valid).
Checker = Callable[[str, str], list[tuple[int, str]]]
# Which form field a line of the draft comes from (the other lines are the description).
_FIELD_OF_LINE = (
    ("title:", TITLE),
    ("  - name:", SPEAKER),
    ("    affiliation:", AFFILIATION),
    ("    github:", HANDLE),
    ("start:", DATE),
)


@dataclass(frozen=True)
class ProposalComment:
    number: int
    marker: str
    body: str
    existing: int | None  # the id of the bot's comment to edit; None: post one


@dataclass(frozen=True)
class DraftMeeting:
    number: int
    path: str
    text: str
    comment: ProposalComment | None  # None: the comment already says this

    @property
    def description(self) -> str:
        told = "" if self.comment is None else " and tell the proposer where"
        return f"{self.path}: write the draft of proposal #{self.number}{told}"


@dataclass(frozen=True)
class AskToFix:
    number: int
    problems: tuple[str, ...]
    comment: ProposalComment

    path = ""

    @property
    def description(self) -> str:
        count = len(self.problems)
        return (
            f"issue #{self.number}: comment with what to fix "
            f"({count} problem{'' if count == 1 else 's'})"
        )


@dataclass(frozen=True)
class CloseProposal:
    number: int
    path: str
    comment: ProposalComment | None  # None: the comment already links the meeting

    @property
    def description(self) -> str:
        told = "comment with a link to it and " if self.comment else ""
        return f"issue #{self.number}: {told}close it ({self.path} is on the default branch)"


ProposalAction = DraftMeeting | AskToFix | CloseProposal


def plan_proposals(
    programme: Programme,
    now: datetime,
    issues: Sequence[Issue],
    comments: Mapping[int, Sequence[Comment]],
    check: Checker,
) -> list[ProposalAction]:
    """``issues``: the open issues labelled :data:`PROPOSAL_LABEL`; ``comments``: theirs."""
    bot = programme.site.bot_login
    landed = {m.links["proposal"]: m for m in programme.meetings if "proposal" in m.links}
    given: dict[str, set[date]] = {}  # series id → dates drafted earlier in this run
    actions: list[ProposalAction] = []
    for issue in sorted(issues, key=lambda i: i.number):
        if issue.state != "open":
            continue
        mine = _own_comment(issue.number, comments.get(issue.number, ()), bot)
        meeting = landed.get(issue.html_url)
        if meeting is not None:
            text = _landed_comment(programme, meeting)
            actions.append(
                CloseProposal(issue.number, meeting.path, _comment(issue.number, text, mine))
            )
            continue
        draft, problems = _draft(programme, now, issue, given, check)
        if draft is not None:
            path, text, series, day = draft
            told = _comment(issue.number, _drafted_comment(series, day, path), mine)
            actions.append(DraftMeeting(issue.number, path, text, told))
            continue
        asked = _comment(issue.number, _fix_comment(problems), mine)
        if asked is not None:
            actions.append(AskToFix(issue.number, tuple(problems), asked))
    return actions


def _own_comment(number: int, thread: Iterable[Comment], bot: str) -> Comment | None:
    """The oldest comment the bot wrote with this issue's marker (a copy by anyone else is
    not the bot's)."""
    return next((c for c in thread if c.author == bot and parse_proposal(c.body) == number), None)


def _comment(number: int, text: str, mine: Comment | None) -> ProposalComment | None:
    """The comment to post or edit so that it reads ``text``; None when it already does."""
    marker = proposal_marker(number)
    body = f"{marker}\n{text}"
    if mine is not None and mine.body.replace("\r\n", "\n").strip() == body.strip():
        return None
    return ProposalComment(number, marker, body, mine.id if mine else None)


# ---------------------------------------------------------------- the draft
def _draft(
    programme: Programme,
    now: datetime,
    issue: Issue,
    given: dict[str, set[date]],
    check: Checker,
) -> tuple[tuple[str, str, Series, date] | None, list[str]]:
    """((path, text, series, date) of the draft, or None; what to fix)."""
    proposal, problems = parse_form(issue.body)
    if proposal is None:
        return None, problems
    slot, problems = _slot(programme, now, issue, proposal, given)
    if slot is None:
        return None, problems
    series, day = slot
    path = meeting_path(series, day)
    guests = (
        (Person(proposal.speaker, proposal.affiliation or None, proposal.github or None),)
        if proposal.speaker
        else ()
    )
    text = meeting_text(
        series,
        day,
        neutralise(proposal.title),
        status="tentative",
        guests=[_plain_person(p) for p in guests],
        links={"proposal": issue.html_url},
        description=_description(proposal),
    )
    problems = [_field_problem(text, line, message) for line, message in check(path, text)]
    if problems:
        return None, problems
    given.setdefault(series.id, set()).add(day)
    return (path, text, series, day), []


def _slot(
    programme: Programme,
    now: datetime,
    issue: Issue,
    proposal: Proposal,
    given: Mapping[str, set[date]],
) -> tuple[tuple[Series, date] | None, list[str]]:
    """The series and date of the draft, or what to fix."""
    usable = sorted(
        (s for s in programme.series.values() if s.status == "active" and s.start_time),
        key=lambda s: s.id,
    )
    choice = proposal.series.casefold()
    if choice == ANY_SERIES.casefold():
        candidates = usable
    else:
        candidates = [s for s in usable if choice in (s.id.casefold(), s.name.casefold())]
    if not candidates:
        names = ", ".join(s.name for s in usable) or "(none)"
        return None, [
            f"{SERIES}: {proposal.series!r} is not a series that takes proposals here; "
            f"choose one of: {names}."
        ]

    def taken(series: Series) -> frozenset[date]:
        return taken_dates(programme, series) | frozenset(given.get(series.id, ()))

    if proposal.day is not None:
        return _on_day(proposal.day, now, candidates, taken)
    slots = []
    for series in candidates:
        try:
            slots.append((_next_slot(programme, series, issue, now, taken(series)), series.id))
        except ScaffoldError:
            continue  # no rule to find a slot by
    if not slots:
        return None, [f"{DATE}: this series has no regular slot; propose a date (YYYY-MM-DD)."]
    day, series_id = min(slots)
    return (programme.series[series_id], day), []


def _next_slot(
    programme: Programme, series: Series, issue: Issue, now: datetime, taken: frozenset[date]
) -> date:
    """The first free slot after the proposal was filed, so that re-runs pick the same date;
    the first after ``now`` once that one has passed."""
    day = next_free_date(programme, series, issue.created_at, taken)
    if day <= now.astimezone(series.zone).date():
        day = next_free_date(programme, series, now, taken)
    return day


def _on_day(
    day: date,
    now: datetime,
    candidates: Sequence[Series],
    taken: Callable[[Series], frozenset[date]],
) -> tuple[tuple[Series, date] | None, list[str]]:
    if day <= now.date():
        return None, [f"{DATE}: {day.isoformat()} has passed; propose a later date."]
    fitting = [s for s in candidates if s.weekday is None or s.weekday == day.weekday()]
    if not fitting:
        days = ", ".join(f"{s.name} on {_weekday(s)}" for s in candidates)
        return None, [
            f"{DATE}: {day.isoformat()} is a {day:%A}; the series meet on other days "
            f"({days}). Propose another date, or leave it empty for the next free slot."
        ]
    free = [s for s in fitting if day not in taken(s)]
    if not free:
        return None, [
            f"{DATE}: the {fitting[0].name} already has a meeting on {day.isoformat()}; "
            "propose another date, or leave it empty for the next free slot."
        ]
    return (free[0], day), []


def _weekday(series: Series) -> str:
    names = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
    return names[series.weekday] if series.weekday is not None else "any day"


def _field_problem(draft: str, line: int, message: str) -> str:
    """A problem of the draft, named by the form field it comes from."""
    lines = draft.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    field = next((f for prefix, f in _FIELD_OF_LINE if text.startswith(prefix)), DESCRIPTION)
    return f"{field}: {message}"


def _plain(text: str) -> str:
    """Contributor text as inert Markdown: no mention, reference or closing keyword
    (:func:`neutralise`), no raw HTML, no heading that could pass for the file's own
    sections (``## Notes``), no line starting a workflow command."""
    text = neutralise(text).replace("<", "&lt;")
    return _LEADING.sub(r"\1\\\2", text)


def _plain_person(person: Person) -> Person:
    return Person(
        neutralise(person.name),
        neutralise(person.affiliation) if person.affiliation else None,
        person.github,
    )


def _description(proposal: Proposal) -> str:
    text = _plain(proposal.description)
    if proposal.benefit:
        text += f"\n\n**{BENEFIT}:**\n\n{_plain(proposal.benefit)}"
    return text


# ------------------------------------------------------------- the comments
def _drafted_comment(series: Series, day: date, path: str) -> str:
    return (
        "Thank you for proposing a session! It is drafted as a tentative meeting of the "
        f"**{escape_inline(series.name)}** on **{day.isoformat()}** (`{path}`) in the bots' "
        "pull request. A maintainer reviews the draft there (and may move it to another "
        "date); once it is merged, the meeting is on the calendar and this issue is closed.\n"
    )


def _fix_comment(problems: Sequence[str]) -> str:
    lines = [
        "Thank you for proposing a session! It cannot be drafted as a meeting yet. Please "
        "edit this issue (the `...` menu, then *Edit*) and fix:",
        "",
        *(f"- {escape_inline(problem)}" for problem in problems),
        "",
        "The bots read the proposal again on their next run.",
    ]
    return "\n".join(lines) + "\n"


def _landed_comment(programme: Programme, meeting: Meeting) -> str:
    url = f"{programme.site.base_url}meetings/{meeting.id}.html"
    return (
        f"This session is on the calendar: {url} (`{meeting.path}`). "
        "Thank you for proposing it! Closing this proposal.\n"
    )
