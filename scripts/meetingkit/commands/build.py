"""meetingkit build: validate, then write the feeds, the page and meetings.json.

Also regenerates the committed index ``meetings/README.md`` in the repository (not in
``--out``); ``--check`` writes nothing and fails when that file is stale.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
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
from meetingkit.load.history import is_shallow
from meetingkit.model.records import Programme
from meetingkit.render.write import SiteWriter

INDEX = "meetings/README.md"


def site_files(programme: Programme, now: datetime) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every file of the site, rendered one part at a time."""
    from meetingkit.render.feeds import feed_files
    from meetingkit.render.json_feed import meetings_json
    from meetingkit.render.site import render_index, render_pages

    yield from feed_files(programme, now).items()
    yield from render_index(programme, now).items()
    yield "meetings.json", meetings_json(programme, now)
    yield from render_pages(programme, now)


def readme(programme: Programme) -> bytes:
    from meetingkit.render.index_md import meetings_index

    return meetings_index(programme).encode("utf-8")


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
    if is_shallow(root):
        say(
            "warning: this is a shallow clone, so SEQUENCE and LAST-MODIFIED, which count each "
            "meeting's commits, come out too low and calendar apps may ignore edits; build from "
            "a full clone (actions/checkout with fetch-depth: 0, or git fetch --unshallow)"
        )
    say(
        f"Validated {plural(len(programme.meetings), 'meeting')}, "
        f"{len(programme.series)} series, "
        f"{plural(len(programme.working_groups), 'working group')}"
    )
    try:
        if args.check:
            # Render everything, so that --check fails where build would.
            for _ in site_files(programme, now):
                pass
            return _check(root, readme(programme))
        with SiteWriter(Path(args.out)) as writer:
            for relative, data in site_files(programme, now):
                writer.write(relative, data)
            writer.finish()
        changed = write_if_changed(root / INDEX, readme(programme))
    except (TemplateError, WriteError) as exc:
        say(f"meetingkit build: {exc}")
        return EXIT_PROBLEMS
    kept = f" ({writer.linked} unchanged since the last build)" if writer.linked else ""
    say(f"Wrote {plural(len(writer.written), 'file')} to {args.out.rstrip('/')}/{kept}")
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
