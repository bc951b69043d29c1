"""meetingkit init: write a complete new community repository from the packaged starter files.

The starter files (``meetingkit/starter/``) are Jinja templates with ``[[ ]]`` delimiters,
since workflows use ``${{ }}`` themselves. A leading ``dot-`` in a name becomes ``.`` (package
data leaves dot-files out). The workflows and the pre-commit hook pin the running
meetingkit's release, so a new repository and the tool that wrote it agree.
"""

from __future__ import annotations

import argparse
import json
import re
import zoneinfo
from collections.abc import Iterator
from datetime import timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from meetingkit import __version__
from meetingkit.commands.common import EXIT_OK, EXIT_PROBLEMS, UsageError, plural, say
from meetingkit.commands.timing import parse_now

PROJECT = "todogroup/meetings"  # meetingkit's repository: reusable workflows, pre-commit hooks
FIRST_MEETING_IN = timedelta(days=14)  # at least; then the next Tuesday
CALL_WEEKDAY = 1  # Tuesday, as datetime.weekday()
MEETING_TEMPLATE = "meetings/meeting.md"
REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def run(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    values = _values(args)
    if target.is_file() or (target.is_dir() and any(target.iterdir()) and not args.force):
        say(
            f"meetingkit init: {target} is not an empty folder; nothing was written. "
            "Choose a new folder, or pass --force to write into it (files of the same name "
            "are replaced)."
        )
        return EXIT_PROBLEMS
    files = dict(_rendered(values))
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    if not _write_index(target):
        return EXIT_PROBLEMS
    say(f"Wrote {plural(len(files) + 1, 'file')} for {values['community']} to {target}")
    if not is_release(__version__):
        say(
            f"note: meetingkit {__version__} is not a release, so the pins v{__version__} in "
            ".github/workflows, .pre-commit-config.yaml and requirements.txt name no "
            "release yet; set them to a released version (docs/adopting.md)"
        )
    say(f"Next: cd {target} && meetingkit validate && meetingkit build; see docs/adopting.md")
    return EXIT_OK


def is_release(version: str) -> bool:
    """A version with a tag to pin: not a development build, nor setuptools-scm's fallback
    for a source tree without git metadata (pyproject.toml)."""
    return bool(re.fullmatch(r"\d+\.\d+\.\d+", version)) and version != "0.0.0"


def _values(args: argparse.Namespace) -> dict[str, str]:
    community = " ".join(args.community.split())
    if not community or len(community) > 100:
        raise UsageError("--community: give the community's name (1 to 100 characters)")
    if re.search(r"[\x00-\x1f\x7f<>]", args.community):
        raise UsageError(f"--community {args.community!r}: use plain text, no markup")
    timezone = args.timezone
    if timezone not in zoneinfo.available_timezones():
        raise UsageError(f"--timezone {timezone!r} is not an IANA zone name, e.g. Europe/Madrid")
    repository = args.repository or f"{_slug(community)}/meetings"
    if not REPOSITORY.fullmatch(repository):
        raise UsageError(f"--repository {repository!r}: write it as OWNER/NAME")
    owner, name = repository.split("/")
    pages = f"{owner.lower()}.github.io"
    base_url = f"https://{pages}/" if name.lower() == pages else f"https://{pages}/{name}/"
    soon = parse_now(args.now).astimezone(zoneinfo.ZoneInfo(timezone)).date() + FIRST_MEETING_IN
    day = soon + timedelta(days=(CALL_WEEKDAY - soon.weekday()) % 7)
    return {
        "community": community,
        "timezone": timezone,
        "repository": repository,
        "base_url": base_url,
        "date": day.isoformat(),
        "weekday": WEEKDAYS[day.weekday()],
        "version": __version__,
        "project": PROJECT,
    }


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:39].strip("-") or "community"


def _rendered(values: dict[str, str]) -> Iterator[tuple[str, str]]:
    env = jinja2.Environment(
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 -- YAML, Markdown and workflows, not HTML
    )
    env.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)  # a YAML scalar
    starter = resources.files("meetingkit").joinpath("starter")
    for relative, source in _walk(starter, ""):
        text = env.from_string(source.read_text("utf-8")).render(values)
        if relative == MEETING_TEMPLATE:
            date = values["date"]
            relative = f"meetings/{date[:4]}/{date}-community-call.md"
        yield relative, text


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        name = "." + item.name[4:] if item.name.startswith("dot-") else item.name
        if item.is_dir():
            yield from _walk(item, f"{prefix}{name}/")
        elif item.name != "__pycache__":
            yield f"{prefix}{name}", item


def _write_index(root: Path) -> bool:
    """meetings/README.md as build writes it, so `build --check` passes in the new repository."""
    from meetingkit.commands.common import load_or_report
    from meetingkit.render.index_md import meetings_index

    programme = load_or_report(root, "meetingkit init: the new repository does not validate")
    if programme is None:  # a bug in the starter files: the tests build one
        return False
    (root / "meetings" / "README.md").write_text(meetings_index(programme), "utf-8", newline="\n")
    return True
