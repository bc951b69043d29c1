"""The pull-request preview: a base and a head content tree compared by calendar UID."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from meetingkit.pipeline import load_programme
from meetingkit.preview import diff_programmes, render_summary

from conftest import FIXTURES

NOW = datetime(2024, 4, 1, tzinfo=UTC)
MOVED = "meetings/2024/2024-04-25-thursday-call.md"


def trees(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURES / "base", base)
    shutil.copytree(FIXTURES / "base", head)
    (base / "meetings/2024/2024-03-28-thursday-call.md").write_text(
        '---\ntitle: March | call\nseries: thursday-call\nstart: "2024-03-28T14:00"\n---\n')
    text = (head / MOVED).read_text().replace('"2024-04-25T14:00"', '"2024-04-25T15:30"')
    (head / MOVED).write_text(text.replace("title: Composition analysis tools", "title: SCA @team"))
    (head / "meetings/2024/2024-05-30-thursday-call.md").write_text(
        '---\ntitle: May call\nseries: thursday-call\nstart: "2024-05-30T14:00"\nstatus: tentative\n---\n')
    return base, head


def test_diff_finds_added_changed_removed(tmp_path: Path) -> None:
    base_root, head_root = trees(tmp_path)
    base, _ = load_programme(base_root, use_git=False)
    head, _ = load_programme(head_root, use_git=False)
    assert head is not None
    diff = diff_programmes(base, head)
    assert [m.id for m in diff.added] == ["2024-05-30-thursday-call"]
    assert [m.id for m in diff.removed] == ["2024-03-28-thursday-call"]
    assert [(c.meeting.id, c.fields) for c in diff.changed] == [(
        "2024-04-25-thursday-call",
        (
            ("title", "Composition analysis tools", "SCA @team"),
            ("when", "2024-04-25 14:00–15:00 CEST (2024-04-25 12:00–13:00 UTC)",
             "2024-04-25 15:30–16:30 CEST (2024-04-25 13:30–14:30 UTC)"),
        ),
    )]


def test_summary_is_escaped_markdown(tmp_path: Path) -> None:
    base_root, head_root = trees(tmp_path)
    base, _ = load_programme(base_root, use_git=False)
    head, _ = load_programme(head_root, use_git=False)
    assert head is not None
    summary = render_summary(diff_programmes(base, head), head, NOW)
    assert "**1 added, 1 changed, 1 removed** compared with the base branch." in summary
    assert "| `2024-03-28-thursday-call` March \\| call | 2024-03-28 14:00–15:00 CET (2024-03-28 13:00–14:00 UTC) |" in summary
    assert "| title | Composition analysis tools | SCA @\u200bteam |" in summary
    assert "| Thursday Call | `2024-04-25-thursday-call` SCA @\u200bteam: 2024-04-25 15:30–16:30 CEST" in summary


def test_no_base_means_everything_added(tmp_path: Path) -> None:
    _, head_root = trees(tmp_path)
    head, _ = load_programme(head_root, use_git=False)
    assert head is not None
    assert len(diff_programmes(None, head).added) == 2


def test_an_override_and_an_all_day_event_are_previewed(tmp_path: Path) -> None:
    base_root, head_root = trees(tmp_path)
    weekly = '---\ntitle: Weekly\nstart: "2024-05-03T16:00"\nrecurrence: FREQ=WEEKLY;BYDAY=FR\n'
    (base_root / "meetings/2024/2024-05-03-weekly.md").write_text(weekly + "---\n")
    (head_root / "meetings/2024/2024-05-03-weekly.md").write_text(
        weekly + 'overrides:\n  "2024-05-17": {start: "2024-05-16T09:00", title: Moved}\n'
        '  "2024-05-24": {status: cancelled}\n---\n'
    )
    (head_root / "meetings/2024/2024-09-16-summit.md").write_text(
        '---\ntitle: Summit\nstart: "2024-09-16"\nend: "2024-09-18"\n---\n'
    )
    base, _ = load_programme(base_root, use_git=False)
    head, _ = load_programme(head_root, use_git=False)
    assert head is not None
    diff = diff_programmes(base, head)
    changed = {c.meeting.id: c.fields for c in diff.changed}
    assert changed["2024-05-03-weekly"] == (
        (
            "overrides",
            "none",
            '2024-05-17 → 2024-05-16 09:00 "Moved"; 2024-05-24 → 2024-05-24 16:00 (cancelled)',
        ),
    )
    summary = render_summary(diff, head, NOW)
    assert "| `2024-09-16-summit` Summit | 2024-09-16–2024-09-18 all day | confirmed |" in summary
