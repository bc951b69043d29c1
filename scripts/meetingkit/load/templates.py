"""The page templates: the packaged ones, overridden by a repository's own ``templates/`` folder.

A community changes any heading or sentence of its page by copying a packaged template
(``meetingkit/templates/``) into ``templates/`` at the repository root and editing it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

OVERRIDES = "templates"  # folder at the repository root
PACKAGED = ("_macros.html", "base.html", "index.html", "meeting.html")


@functools.cache
def environment(root: str) -> jinja2.Environment:
    """One environment per repository; its own templates first, then the packaged ones."""
    import jinja2  # here, so that `meetingkit validate` imports no Jinja2 without templates/

    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(Path(root) / OVERRIDES, encoding="utf-8"),
                jinja2.PackageLoader("meetingkit", "templates"),
            ]
        ),
        autoescape=True,  # every template is HTML; content is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates never change during a build: no stat() per page
    )


def override_paths(root: Path) -> list[Path]:
    """The repository's template files, sorted."""
    folder = root / OVERRIDES
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
