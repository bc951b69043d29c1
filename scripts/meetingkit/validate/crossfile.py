"""Rules that compare files with each other; each is one pass with a dictionary (linear)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from meetingkit.load.document import Document
from meetingkit.load.repository import SITE_FILE, Repository
from meetingkit.model.build import Records, meeting_uid, uid_host
from meetingkit.model.occurrences import occurrences
from meetingkit.model.records import ARCHIVE_FEED, Meeting, feed_path
from meetingkit.model.recurrence import RuleError
from meetingkit.problems import Problem
from meetingkit.validate.templates import template_overrides


def site_present(repo: Repository, records: Records) -> Iterator[Problem]:
    if repo.site is None:
        yield Problem(
            SITE_FILE,
            1,
            1,
            "error",
            f"{SITE_FILE} is missing: it names the community, repository and time zone",
            "site",
        )


def unique_ids(repo: Repository, records: Records) -> Iterator[Problem]:
    """Meeting ids (file names) and calendar UIDs must each name one meeting.

    (Names that differ only in case are refused by the loader, which lists them.)
    """
    first_path: dict[str, str] = {}
    for doc in repo.meetings:
        if doc.id in first_path:
            yield Problem(
                doc.path,
                1,
                1,
                "error",
                f"meeting id {doc.id!r} is already used by {first_path[doc.id]}; "
                "rename one of the files",
                "duplicate-id",
            )
        else:
            first_path[doc.id] = doc.path
    yield from _unique_uids(repo)


def _unique_uids(repo: Repository) -> Iterator[Problem]:
    """A given uid must differ from every other meeting's UID, given or derived.

    Compared case-blind: some calendar clients match UIDs so, and the host part is a
    domain name, which is case-blind anyway.
    """
    host = uid_host(repo.site.data.get("base_url") if repo.site and repo.site.data else None)
    derived = {
        meeting_uid(doc, host).casefold(): doc.path
        for doc in repo.meetings
        if not isinstance((doc.data or {}).get("uid"), str)
    }
    given: dict[str, str] = {}
    for doc in repo.meetings:
        uid = (doc.data or {}).get("uid")
        if not isinstance(uid, str):
            continue
        key = uid.casefold()
        if key in derived:
            whose = f"the calendar UID that {derived[key]} gets from its file name"
        elif given.setdefault(key, doc.path) != doc.path:
            whose = f"already used by {given[key]}"
        else:
            continue
        yield doc.problem(
            f"uid {uid!r} is {whose}; calendars would merge the two meetings into one event: "
            "give this meeting its own uid",
            "duplicate-id",
            "uid",
        )


def one_per_series_per_day(repo: Repository, records: Records) -> Iterator[Problem]:
    """Two files for one series at one start are almost always a copy that was not renamed;
    two starts on one day are the usual pair of slots (an EMEA and an APAC session)."""
    seen: dict[tuple[str, str], str] = {}
    for doc in repo.meetings:
        meeting = records.meetings.get(doc.path)
        if meeting is None or meeting.series is None or meeting.status == "cancelled":
            continue
        day = meeting.start.date().isoformat()
        at = "all day" if meeting.all_day else meeting.start.strftime("at %H:%M")
        # One instant, not one wall-clock text: 14:00 in Madrid and 14:00 in Singapore are
        # an EMEA and an APAC slot.
        key = (
            meeting.series,
            day if meeting.all_day else meeting.start.astimezone(UTC).isoformat(),
        )
        if key in seen:
            yield doc.problem(
                f"{seen[key]} already holds a {meeting.series} meeting on {day} {at}; one "
                "series has one meeting at a time (merge the files, give this slot another "
                "start time, or cancel one with status: cancelled)",
                "same-day",
                "start",
            )
        else:
            seen[key] = doc.path


def feed_paths_free(repo: Repository, records: Records) -> Iterator[Problem]:
    """A series or working group's feed must not overwrite the archive feed."""
    for doc in [*repo.series, *repo.working_groups]:
        if feed_path(doc.id) == ARCHIVE_FEED:
            yield Problem(
                doc.path,
                1,
                1,
                "error",
                f"the id {doc.id!r} is taken by {ARCHIVE_FEED}; rename the file",
                "duplicate-id",
            )


def dated_meets_recurring(repo: Repository, records: Records) -> Iterator[Problem]:
    """A one-off meeting on a day when a recurring meeting of its series also meets: two
    events for one slot in every calendar, which is rarely meant."""
    one_offs: list[tuple[Document, Meeting]] = []
    recurring: dict[str, list[Meeting]] = {}
    for doc in repo.meetings:
        meeting = records.meetings.get(doc.path)
        if meeting is None or meeting.series is None or meeting.status == "cancelled":
            continue
        if meeting.recurrence is None:
            one_offs.append((doc, meeting))
        else:
            recurring.setdefault(meeting.series, []).append(meeting)
    if not one_offs or not recurring:
        return
    until = max(m.start for _, m in one_offs).astimezone(UTC) + timedelta(days=1)
    held = {m.path: _held_dates(m, until) for series in recurring.values() for m in series}
    for doc, meeting in one_offs:
        day = meeting.start.date()
        for other in recurring.get(meeting.series or "", ()):
            if day in held[other.path]:
                yield doc.problem(
                    f"{other.path} is a recurring {meeting.series} meeting that also meets on "
                    f"{day.isoformat()}; give that date its own title or guests with overrides "
                    "in that file, or add it to its cancelled_dates, instead of a second meeting",
                    "same-day",
                    "start",
                    severity="warning",
                )


def _held_dates(meeting: Meeting, until: datetime) -> frozenset[date]:
    """Local dates the recurring ``meeting`` meets on up to ``until``; none if its rule is
    unusable (the recurrence rule says why)."""
    try:
        return frozenset(o.start.date() for o in occurrences(meeting, until) if not o.cancelled)
    except RuleError:
        return frozenset()


def templates_parse(repo: Repository, records: Records) -> Iterator[Problem]:
    yield from template_overrides(repo)


RepositoryRule = Callable[[Repository, Records], Iterator[Problem]]
REPOSITORY_RULES: tuple[RepositoryRule, ...] = (
    site_present,
    unique_ids,
    one_per_series_per_day,
    feed_paths_free,
    dated_meets_recurring,
    templates_parse,
)
