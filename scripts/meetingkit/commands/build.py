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
from meetingkit.model import Programme
from meetingkit.parallel import side_by_side
from meetingkit.render.write import SiteWriter

INDEX = "meetings/README.md"


def site_files(programme: Programme, now: datetime) -> dict[str, bytes]:
    """Every file of the site, in memory: feeds, meetings.json and the HTML pages."""
    files: dict[str, bytes] = {}
    for part in side_by_side(_renderers(programme, now), len(programme.meetings)):
        _add(files, part)
    return files


def write_site(programme: Programme, now: datetime, writer: SiteWriter) -> int:
    """Render and write the site; each process writes what it rendered. Returns the count."""

    def rendered_and_written(render: Callable[[], dict[str, bytes]]) -> Callable[[], list[str]]:
        def run() -> list[str]:
            files = render()
            writer.write(files)
            return sorted(files)

        return run

    paths: dict[str, bytes] = {}
    jobs = [rendered_and_written(render) for render in _renderers(programme, now)]
    for part in side_by_side(jobs, len(programme.meetings)):
        _add(paths, dict.fromkeys(part, b""))
    return len(paths)


# The share of meeting pages rendered beside the index; the rest go with the feeds, which
# cost a little less per meeting than a page. Measured at 10,000 meetings on two cores.
PAGES_WITH_INDEX = 0.8


def _renderers(programme: Programme, now: datetime) -> list[Callable[[], dict[str, bytes]]]:
    """Two jobs of similar cost that share nothing (see meetingkit.parallel)."""
    from meetingkit.render.feeds import feed_files
    from meetingkit.render.json_feed import meetings_json
    from meetingkit.render.site import render_index, render_pages

    meetings = programme.meetings
    cut = round(len(meetings) * PAGES_WITH_INDEX)

    def index_and_pages() -> dict[str, bytes]:
        files = render_index(programme, now)
        _add(files, render_pages(programme, meetings[:cut], now))
        _add(files, {"meetings.json": meetings_json(programme, now)})
        return files

    def feeds_and_pages() -> dict[str, bytes]:
        files = feed_files(programme, now)
        _add(files, render_pages(programme, meetings[cut:], now))
        return files

    return [index_and_pages, feeds_and_pages]


def _add(files: dict[str, bytes], more: dict[str, bytes]) -> None:
    for path, data in more.items():
        if path in files:  # a programming error between renderers, not bad content
            raise RuntimeError(f"two renderers produce {path}")
        files[path] = data


def run(args: argparse.Namespace) -> int:
    from meetingkit.render.feeds import FeedError
    from meetingkit.render.index_md import meetings_index
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
    index = meetings_index(programme).encode("utf-8")
    try:
        if args.check:
            site_files(programme, now)  # render everything, so that --check fails as build would
            return _check(root, index)
        with SiteWriter(Path(args.out)) as writer:
            count = write_site(programme, now, writer)
            writer.finish()
        changed = write_if_changed(root / INDEX, index)
    except (FeedError, WriteError) as exc:
        say(f"meetingkit build: {exc}")
        return EXIT_PROBLEMS
    say(f"Wrote {plural(count, 'file')} to {args.out.rstrip('/')}/")
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
