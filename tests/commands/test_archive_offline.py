"""archive without a token cannot read issues; it says which agenda issues it would read."""

from __future__ import annotations

import pytest

from meetingkit.cli import main

from conftest import REPO_ROOT


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            "2024-05-20T09:00Z",
            [
                "meetingkit archive: with a token, it would read the agendas of 2 ended "
                "meetings whose notes are not archived yet:",
                "  meetings/2024/2024-04-12-friday-touchpoint.md (2024-04-12): "
                "https://github.com/todogroup/ospology/discussions/464",
                "  meetings/2024/2024-04-25-thursday-touchpoint.md (2024-04-25): "
                "https://github.com/todogroup/ospology/discussions/466",
                "Dry run: nothing was changed.",
            ],
        ),
        (
            "2024-04-01T09:00Z",
            [
                "meetingkit archive: with a token, it would read the agendas of 0 ended "
                "meetings whose notes are not archived yet",
                "Dry run: nothing was changed.",
            ],
        ),
    ],
)
def test_archive_without_a_token_says_what_it_would_read(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    now: str,
    expected: list[str],
) -> None:
    for name in ("GITHUB_TOKEN", "MEETINGKIT_TOKEN", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["archive", "--root", str(REPO_ROOT), "--now", now]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == expected
    assert "no MEETINGKIT_TOKEN or GITHUB_TOKEN, so this is a dry run" in captured.err
