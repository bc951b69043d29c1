"""Rules that compare files with each other; each is one pass with a dictionary (linear)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from meetingkit.load.repository import SITE_FILE, Repository
from meetingkit.model.build import Records
from meetingkit.model.records import feed_clash
from meetingkit.problems import Problem


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
    """Meeting ids (file names) and calendar UIDs must each name one meeting."""
    first_path: dict[str, str] = {}
    first_uid: dict[str, str] = {}
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
        uid = (doc.data or {}).get("uid")
        if isinstance(uid, str):
            if uid in first_uid:
                yield doc.problem(
                    f"uid {uid!r} is already used by {first_uid[uid]}", "duplicate-id", "uid"
                )
            else:
                first_uid[uid] = doc.path


def one_per_series_per_day(repo: Repository, records: Records) -> Iterator[Problem]:
    """Two files for one series on one day are almost always a copy that was not renamed."""
    seen: dict[tuple[str, str], str] = {}
    for doc in repo.meetings:
        meeting = records.meetings.get(doc.path)
        if meeting is None or meeting.series is None or meeting.status == "cancelled":
            continue
        key = (meeting.series, meeting.start.date().isoformat())
        if key in seen:
            yield doc.problem(
                f"{seen[key]} already holds a {key[0]} meeting on {key[1]}; one series has one "
                "meeting a day (merge the files, or cancel one with status: cancelled)",
                "same-day",
                "start",
            )
        else:
            seen[key] = doc.path


def distinct_feed_names(repo: Repository, records: Records) -> Iterator[Problem]:
    """Series and working groups each get calendars/<id>.ics; 'archive' is taken."""
    series_ids = {doc.id for doc in repo.series}
    for doc in [*repo.series, *repo.working_groups]:
        is_group = doc.kind == "working_group"
        why = feed_clash(doc.id, is_group, series_ids)
        if why:
            fix = (
                "rename one of the files"
                if is_group and doc.id in series_ids
                else "rename the file"
            )
            yield Problem(doc.path, 1, 1, "error", f"{why}; {fix}", "duplicate-id")


RepositoryRule = Callable[[Repository, Records], Iterator[Problem]]
REPOSITORY_RULES: tuple[RepositoryRule, ...] = (
    site_present,
    unique_ids,
    one_per_series_per_day,
    distinct_feed_names,
)
