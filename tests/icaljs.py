"""Read an .ics file as Thunderbird (ical.js) and as Python readers do, in the same shape.

Each occurrence that starts in ``[start, end)`` becomes
``{"uid": ..., "start": "YYYY-MM-DDTHH:MM:SSZ", "end": ..., "status": ... or None}``
(all-day values as ``YYYY-MM-DD``), sorted, so tests can compare the two readers directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

JS_DIR = Path(__file__).parent / "js"
SCRIPT = JS_DIR / "ical_instants.mjs"


def node_available() -> bool:
    """True when both ``node`` and ``npm`` are on PATH (npm installs ical.js once)."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


@functools.cache
def _install_icaljs() -> None:
    """``npm ci`` from the committed lock file, once, when node_modules is missing."""
    if (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        return
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"],
        cwd=JS_DIR,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _utc_iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("window bounds must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sorted(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(item: dict[str, Any]) -> tuple[str, str, str, str]:
        return (item["start"], item["uid"], item["end"], str(item["status"]))

    return sorted(found, key=key)


def icaljs_instants(
    ics_path: Path | str, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    """Occurrences as Mozilla's ical.js computes them from the file's own VTIMEZONEs."""
    _install_icaljs()
    completed = subprocess.run(
        ["node", str(SCRIPT), str(ics_path), _utc_iso(start), _utc_iso(end)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"ical_instants.mjs failed: {completed.stderr.strip()}")
    return _sorted(json.loads(completed.stdout))


def icaljs_texts(ics_path: Path | str) -> list[dict[str, Any]]:
    """Each event's summary, categories and description as ical.js reads them, in file order."""
    _install_icaljs()
    completed = subprocess.run(
        ["node", str(JS_DIR / "ical_texts.mjs"), str(ics_path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"ical_texts.mjs failed: {completed.stderr.strip()}")
    found: list[dict[str, Any]] = json.loads(completed.stdout)
    return found


def _value(moment: dt.date) -> str:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def python_instants(
    ics_path: Path | str, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    """Occurrences as recurring-ical-events computes them (zones resolved by TZID name)."""
    calendar = icalendar.Calendar.from_ical(Path(ics_path).read_bytes())
    found = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin = event.decoded("DTSTART")
        if isinstance(begin, dt.datetime) and not start <= begin < end:
            continue  # between() also returns occurrences that merely overlap the window
        status = event.get("STATUS")
        found.append(
            {
                "uid": str(event["UID"]),
                "start": _value(begin),
                "end": _value(event.decoded("DTEND")) if "DTEND" in event else _value(begin),
                "status": None if status is None else str(status),
            }
        )
    return _sorted(found)
