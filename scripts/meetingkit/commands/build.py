"""meetingkit build: validate, then write the feeds, the page and meetings.json.

Also regenerates the committed index ``meetings/README.md`` in the repository (not in
``--out``); ``--check`` writes nothing and fails when that file is stale.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    load_or_report,
    plural,
    repository_root,
    say,
)
from meetingkit.commands.timing import parse_now
from meetingkit.model.records import Programme
from meetingkit.parallel import as_done
from meetingkit.render.write import SiteWriter

INDEX = "meetings/README.md"


def site_files(programme: Programme, now: datetime) -> tuple[dict[str, bytes], bytes]:
    """(every file of the site, in memory; the bytes of meetings/README.md)."""
    jobs = _renderers(programme, now)
    parts: list[dict[str, bytes]] = [{} for _ in jobs]
    for index, part in as_done(jobs, len(programme.meetings)):
        parts[index] = part
    files: dict[str, bytes] = {}
    for index, part in enumerate(parts):
        if index != README_JOB:
            _add(files, part)
    return files, parts[README_JOB][INDEX]


def write_site(programme: Programme, now: datetime, writer: SiteWriter) -> tuple[int, bytes]:
    """Render in workers and write here as each part is done.

    Returns the number of files and the bytes of meetings/README.md (rendered beside the
    site, written by the caller). One process creates every file: creating files in one
    folder from two processes at once only makes them wait on the folder's lock
    (measured: twice the system time for the same 20,000 files).
    """
    written: set[str] = set()
    readme = b""
    for index, files in as_done(_renderers(programme, now), len(programme.meetings)):
        if index == README_JOB:
            readme = files[INDEX]
            continue
        if clash := written.intersection(files):  # a programming error, as in _add
            raise RuntimeError(f"two renderers produce {min(clash)}")
        writer.write(files)
        written.update(files)
    return len(written), readme


# Meeting pages are rendered in runs of this many, each run a job for whichever worker is
# free: ~0.1 s each at 10,000 meetings, small enough to even out the workers.
PAGES_PER_JOB = 250
README_JOB = 0  # the index of the job that renders meetings/README.md

Renderer = Callable[[], dict[str, bytes]]


def _renderers(programme: Programme, now: datetime) -> list[Renderer]:
    """Jobs that share nothing (see meetingkit.parallel), the longest first.

    The README job comes first (its bytes under INDEX, not a file of the site); then the
    feeds together (they share each meeting's serialised VEVENT), the index with
    meetings.json, and the pages in runs.
    """
    from meetingkit.render.feeds import feed_files
    from meetingkit.render.index_md import meetings_index
    from meetingkit.render.json_feed import meetings_json
    from meetingkit.render.site import render_index, render_pages

    def readme() -> dict[str, bytes]:
        return {INDEX: meetings_index(programme).encode("utf-8")}

    def feeds() -> dict[str, bytes]:
        return feed_files(programme, now)

    def index_and_json() -> dict[str, bytes]:
        files = render_index(programme, now)
        _add(files, {"meetings.json": meetings_json(programme, now)})
        return files

    def pages(first: int) -> Renderer:
        run = programme.meetings[first : first + PAGES_PER_JOB]
        return lambda: render_pages(programme, run, now)

    page_jobs = [pages(first) for first in range(0, len(programme.meetings), PAGES_PER_JOB)]
    return [readme, feeds, index_and_json, *page_jobs]


def _add(files: dict[str, bytes], more: dict[str, bytes]) -> None:
    for path, data in more.items():
        if path in files:  # a programming error between renderers, not bad content
            raise RuntimeError(f"two renderers produce {path}")
        files[path] = data


def run(args: argparse.Namespace) -> int:
    from meetingkit.render.site import TemplateError
    from meetingkit.render.write import WriteError, write_if_changed

    root = repository_root(args.root)
    now = parse_now(args.now)
    programme = load_or_report(
        root, "meetingkit build: nothing was written; fix the errors above and build again"
    )
    if programme is None:
        return EXIT_PROBLEMS
    say(
        f"Validated {plural(len(programme.meetings), 'meeting')}, "
        f"{len(programme.series)} series, "
        f"{plural(len(programme.working_groups), 'working group')}"
    )
    try:
        if args.check:
            # Render everything, so that --check fails where build would.
            _, index = site_files(programme, now)
            return _check(root, index)
        with SiteWriter(Path(args.out)) as writer:
            count, index = write_site(programme, now, writer)
            writer.finish()
        changed = write_if_changed(root / INDEX, index)
    except (TemplateError, WriteError) as exc:
        say(f"meetingkit build: {exc}")
        return EXIT_PROBLEMS
    kept = f" ({writer.linked} unchanged since the last build)" if writer.linked else ""
    say(f"Wrote {plural(count, 'file')} to {args.out.rstrip('/')}/{kept}")
    say(f"{'Updated' if changed else 'Unchanged:'} {INDEX}")
    return EXIT_OK


def _check(root: Path, index: bytes) -> int:
    from meetingkit.render.write import is_stale

    if is_stale(root / INDEX, index):
        say(f"meetingkit build --check: {INDEX} is stale (it differs from what would be generated)")
        say("hint: run `meetingkit build` and commit the result")
        return EXIT_PROBLEMS
    say(f"{INDEX} is up to date")
    return EXIT_OK
