"""The mini fixture repository built into a temporary folder (used by tests/render).

The fixture is copied out of the work tree before building: inside the git checkout its
meetings would get SEQUENCE and LAST-MODIFIED from the project's own history, and the
stored outputs would change with every commit.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from meetingkit.cli import main
from meetingkit.model.records import Programme
from meetingkit.pipeline import load_programme
from meetingkit.render.site import render_index, render_pages

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
NOW_TEXT = "2024-04-20T09:00Z"
NOW = datetime(2024, 4, 20, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Built:
    root: Path  # the copied repository (with its regenerated meetings/README.md)
    site: Path  # the --out folder
    programme: Programme


def build_copy(target: Path) -> Built:
    root = target / "mini"
    shutil.copytree(MINI, root)
    site = target / "site"
    assert main(["build", "--root", str(root), "--out", str(site), "--now", NOW_TEXT]) == 0
    programme, problems = load_programme(root, use_git=False)
    assert programme is not None, problems
    return Built(root, site, programme)


def render_site(programme: Programme, now: datetime) -> dict[str, bytes]:
    """index.html, the static files and every meeting page, as a build writes them."""
    return {**render_index(programme, now), **dict(render_pages(programme, now))}
