"""The rendered site in a real headless Chromium: localtime.js runs under the page's CSP.

The site is served from a temporary folder on 127.0.0.1 (a ``file:`` URL would give the
CSP's 'self' a different meaning); Chromium runs with ``TZ=America/New_York`` so the
viewer's zone differs from the meeting's (Europe/Madrid) and from UTC.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mini_site import render_site

from meetingkit.pipeline import load_programme

REPO_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 4, 20, 9, 0, tzinfo=UTC)
CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not on PATH (apt-get install chromium): browser checks skipped",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the rendered site, served on loopback for this module's tests."""
    programme, problems = load_programme(REPO_ROOT, use_git=False)
    assert programme is not None, problems
    root = tmp_path_factory.mktemp("site")
    for name, content in render_site(programme, NOW).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def dump_dom(url: str, profile: Path) -> tuple[str, list[str]]:
    """(the DOM after scripts ran, the console messages Chromium logged)."""
    assert CHROMIUM is not None
    env = {**os.environ, "TZ": "America/New_York", "LANG": "en_US.UTF-8"}
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=2000",
            "--dump-dom",
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console


def test_index_shows_the_viewers_time(served: str, tmp_path: Path) -> None:
    dom, console = dump_dom(served + "index.html", tmp_path / "profile")
    assert console == []  # no uncaught error, no CSP violation
    expected = (
        '<span class="viewer-time">Your time: Thursday 25 April 2024, '
        "08:00–09:00 EDT (America/New_York)</span>"
    )
    assert dom.count(expected) == 2  # the Next Touchpoints table and the upcoming list
    assert 'class="viewer-time" hidden=""' not in dom


def test_meeting_page_shows_the_viewers_time(served: str, tmp_path: Path) -> None:
    url = served + "meetings/2024-04-12-friday-touchpoint.html"
    dom, console = dump_dom(url, tmp_path / "profile")
    assert console == []
    assert (
        '<span class="viewer-time">Your time: Friday 12 April 2024, '
        "11:30–12:30 EDT (America/New_York)</span>"
    ) in dom
