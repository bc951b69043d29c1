"""meetingkit build: validate, then write the feeds, the page and meetings.json.

Also regenerates the committed index ``meetings/README.md`` in the repository (not in
``--out``); ``--check`` writes nothing and fails when that file is stale.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from meetingkit.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    load_or_report,
    repository_root,
    say,
)
from meetingkit.commands.timing import parse_now
from meetingkit.model import Programme

INDEX = "meetings/README.md"


def site_files(programme: Programme, now: datetime) -> dict[str, bytes]:
    """Every file of the site: feeds, meetings.json and the HTML pages."""
    from meetingkit.render.feeds import feed_files
    from meetingkit.render.json_feed import meetings_json
    from meetingkit.render.parallel import render_all
    from meetingkit.render.site import render_site

    pages, feeds = render_all(
        [lambda: render_site(programme, now), lambda: feed_files(programme, now)],
        len(programme.meetings),
    )
    files = feeds
    files["meetings.json"] = meetings_json(programme, now)
    for path, data in pages.items():
        if path in files:  # a programming error between renderers, not bad content
            raise RuntimeError(f"two renderers produce {path}")
        files[path] = data
    return files


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    from meetingkit.render.feeds import FeedError
    from meetingkit.render.index_md import meetings_index
    from meetingkit.render.write import WriteError, replace_tree, write_if_changed

    root = repository_root(args.root)
    now = parse_now(args.now)
    programme = load_or_report(
        root, "meetingkit build: nothing was written; fix the errors above and build again"
    )
    if programme is None:
        return EXIT_PROBLEMS
    say(
        f"Validated {_plural(len(programme.meetings), 'meeting')}, "
        f"{len(programme.series)} series, "
        f"{_plural(len(programme.working_groups), 'working group')}"
    )
    index = meetings_index(programme).encode("utf-8")
    try:
        files = site_files(programme, now)
    except FeedError as exc:
        say(f"meetingkit build: {exc}")
        return EXIT_PROBLEMS
    if args.check:
        return _check(root, index)
    out = Path(args.out)
    try:
        replace_tree(out, files)
        changed = write_if_changed(root / INDEX, index)
    except WriteError as exc:
        say(f"meetingkit build: {exc}")
        return EXIT_PROBLEMS
    say(f"Wrote {_plural(len(files), 'file')} to {args.out.rstrip('/')}/")
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
