"""The ``meetingkit`` command line: parse arguments, hand over to one command module.

Command modules are imported only when chosen, so ``--help`` and ``--version`` stay fast
and import none of PyGithub, icalendar, Jinja2 or jsonschema.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import zoneinfo
from collections.abc import Sequence

from meetingkit import __version__

COMMANDS = {
    "validate": "check meeting, series, working-group and site files",
    "build": "validate, then write the calendar feeds, the web page and meetings.json",
    "init": "write a complete new community repository (settings, examples, docs, workflows)",
    "new": "create a meeting file on the next free slot of a series (or a given date)",
    "move": "move a meeting to another date or time, keeping it the same calendar event",
    "preview": "summarise what the calendar gains, changes and loses between two checkouts",
    "agenda": "open an agenda issue or discussion ahead of each upcoming meeting",
    "proposals": "draft a meeting from each open 'proposal' issue (the Propose a session form), "
    "comment where or what to fix, close it once merged",
    "archive": "copy notes from agenda issues or discussions into meeting files, then close them",
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="meetingkit",
        description="Community meetings as code: a Git repository is the meeting programme.",
        epilog="Exit status: 0 success, 1 content problems or a failed operation, 2 usage error.",
    )
    top.add_argument("--version", action="version", version=f"meetingkit {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        command = sub.add_parser(
            name, help=summary, description=summary[0].upper() + summary[1:] + "."
        )
        if name != "init":
            command.add_argument(
                "--root",
                metavar="DIR",
                help="repository root (default: the nearest directory with site.yaml)",
            )
        _OPTIONS[name](command)
    return top


def _validate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to report on (cross-file references are still checked "
        "against the whole repository); default: everything",
    )
    p.add_argument(
        "--format",
        choices=("text", "github", "json"),
        help="text (default), github (workflow annotations; default when "
        "GITHUB_ACTIONS=true) or json",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="RULE",
        help="report only problems of this rule id (repeatable), e.g. --select dst-gap",
    )
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="RULE",
        help="do not report problems of this rule id (repeatable)",
    )


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="site", metavar="DIR", help="output folder (default: site)")
    p.add_argument(
        "--now",
        metavar="ISO-8601",
        help="the moment to build as of, e.g. 2024-04-20T09:00Z (default: now)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail if the committed meetings/README.md is stale",
    )


def _init_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "dir", nargs="?", default=".", metavar="DIR", help="folder to create (default: .)"
    )
    p.add_argument("--community", required=True, metavar="NAME", help="the community's name")
    p.add_argument(
        "--timezone", default="UTC", metavar="ZONE", help="default IANA time zone (default: UTC)"
    )
    p.add_argument(
        "--repository",
        metavar="OWNER/NAME",
        help="the GitHub repository it will live in (default: <community>/meetings)",
    )
    p.add_argument(
        "--now",
        metavar="ISO-8601",
        help="date the example meeting from this moment: two weeks on, then a Tuesday",
    )
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty")


def _new_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("series", metavar="SERIES", help="series id, e.g. monthly-call")
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the meeting's date (default: the series' next free slot)",
    )
    p.add_argument("--title", help="the theme or topic (default: a placeholder to edit)")
    p.add_argument("--now", metavar="ISO-8601", help="find the next slot after this moment")


def _move_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the meeting: its file name without .md")
    p.add_argument(
        "--to",
        required=True,
        metavar="YYYY-MM-DD[THH:MM]",
        help="the new date (the local time stays) or date and local time",
    )


def _preview_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--base", required=True, metavar="DIR", help="checkout of the base branch to compare with"
    )
    p.add_argument("--now", metavar="ISO-8601", help="the moment to preview as of")


def _bot_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--now", metavar="ISO-8601", help="the moment to act as of (default: now)")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan and change nothing (implied without GITHUB_TOKEN)",
    )
    p.add_argument("--verbose", action="store_true", help="also print the number of API requests")


_OPTIONS = {
    "validate": _validate_options,
    "build": _build_options,
    "init": _init_options,
    "new": _new_options,
    "move": _move_options,
    "preview": _preview_options,
    "agenda": _bot_options,
    "proposals": _bot_options,
    "archive": _bot_options,
}


def use_packaged_time_zones() -> None:
    """Read zones from the locked tzdata package, never the machine's /usr/share/zoneinfo.

    The feeds' VTIMEZONEs come from the package; the rules and the page must use the same
    release, or a zone whose rules changed (Africa/Casablanca, 2026) is an hour apart.
    """
    zoneinfo.reset_tzpath([])
    zoneinfo.ZoneInfo.clear_cache()


def main(argv: Sequence[str] | None = None) -> int:
    use_packaged_time_zones()
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    from meetingkit.commands.common import UsageError

    module = importlib.import_module(f"meetingkit.commands.{args.command}")
    try:
        status: int = module.run(args)
    except UsageError as exc:
        print(f"meetingkit {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
