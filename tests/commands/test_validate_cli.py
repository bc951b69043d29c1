"""The validate command end to end: exit codes, formats, paths, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetingkit.cli import main

from conftest import REPO_ROOT

BAD = "meetings/2024/2024-05-30-thursday-call.md"


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "meetingkit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def break_repo(root: Path, title: str = "T") -> None:
    path = root / BAD
    path.write_text(
        f'---\ntitle: "{title}"\nseries: thursday-call\nstart: "2024-05-30T14:00"\n'
        "chatham_house: no\n---\n",
        encoding="utf-8",
    )


def test_the_repository_content_validates() -> None:
    result = run(["validate"], REPO_ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "no problems found\n",
        "Checked 3 meetings, 2 series, 3 working groups and site.yaml.\n",
    )


def test_errors_exit_1_with_text_report(base_repo: Path) -> None:
    break_repo(base_repo)
    result = run(["validate"], base_repo)
    assert result.returncode == 1
    assert result.stdout == (
        f"{BAD}:5:16: error: chatham_house must be true or false, not the text 'no' "
        "(YAML 1.2: only true/false are booleans) (schema)\n1 error in 1 file\n"
    )
    assert "Traceback" not in result.stderr


def test_warnings_alone_exit_0(base_repo: Path) -> None:
    (base_repo / "meetings/2024/2024-10-27-x.md").write_text(
        '---\ntitle: T\nstart: "2024-10-27T02:30"\nduration: 60\n---\n', encoding="utf-8"
    )
    result = run(["validate"], base_repo)
    assert result.returncode == 0
    assert result.stdout.endswith("1 warning in 1 file\n")


def test_github_format_escapes_contributor_text(base_repo: Path) -> None:
    break_repo(base_repo, title="50% <b>")
    (base_repo / "meetings/2024/2024-06-27-a,b.md").write_text("x", encoding="utf-8")
    result = run(["validate", "--format", "github"], base_repo)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::error file={BAD},line=2,col=8,title=meetingkit plain-text::title is plain text: "
        "HTML markup such as '<tag>' is not allowed here"
    )
    assert lines[2].startswith(
        "::error file=meetings/2024/2024-06-27-a%2Cb.md,line=1,col=1,title=meetingkit file-name::"
    )
    assert all(line.startswith("::") for line in lines[:-1])
    assert lines[-1] == "3 errors in 2 files"


def test_github_format_is_default_in_actions(base_repo: Path) -> None:
    break_repo(base_repo)
    result = run(["validate"], base_repo, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(f"::error file={BAD},line=5,col=16,")


def test_json_format_is_a_stable_list(base_repo: Path) -> None:
    break_repo(base_repo)
    result = run(["validate", "--format", "json"], base_repo)
    assert json.loads(result.stdout) == [
        {
            "path": BAD,
            "line": 5,
            "col": 16,
            "severity": "error",
            "rule": "schema",
            "message": "chatham_house must be true or false, not the text 'no' "
            "(YAML 1.2: only true/false are booleans)",
        }
    ]


def test_given_file_still_checks_references(base_repo: Path) -> None:
    path = base_repo / "meetings/2024/2024-05-30-x.md"
    path.write_text(
        '---\ntitle: T\nseries: nope\nstart: "2024-05-30T14:00"\n---\n', encoding="utf-8"
    )
    break_repo(base_repo)
    result = run(["validate", "meetings/2024/2024-05-30-x.md"], base_repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "meetings/2024/2024-05-30-x.md:3:9: error: series 'nope' is not defined: there is no "
        "series/nope.yaml; known: thursday-call (reference)",
        "1 error in 1 file",
    ]


def test_missing_path_is_a_usage_error(base_repo: Path) -> None:
    result = run(["validate", "nope.md"], base_repo)
    assert (result.returncode, result.stderr) == (
        2,
        "meetingkit validate: nope.md: no such file or directory\n",
    )


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["validate"], tmp_path)
    assert result.returncode == 2
    assert "no site.yaml found" in result.stderr


def test_unknown_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "xml"])
    assert exit_info.value.code == 2


def test_version() -> None:
    result = run(["--version"], REPO_ROOT)
    assert result.stdout.startswith("meetingkit ")


def test_select_and_skip_rules(base_repo: Path) -> None:
    break_repo(base_repo, title="<b>")
    only = run(["validate", "--select", "plain-text"], base_repo)
    assert [line.split(": ")[-1] for line in only.stdout.splitlines()[:-1]] == [
        "HTML markup such as '<tag>' is not allowed here (plain-text)"
    ]
    skipped = run(["validate", "--skip", "plain-text", "--skip", "schema"], base_repo)
    assert (skipped.returncode, skipped.stdout) == (0, "no problems found\n")


def test_a_mistyped_rule_id_is_refused_with_the_nearest(base_repo: Path) -> None:
    typo = run(["validate", "--skip", "dst-ambigous"], base_repo)
    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr == (
        "meetingkit validate: --skip: 'dst-ambigous' is not a rule id; "
        "did you mean 'dst-ambiguous'?\n"
    )
    unknown = run(["validate", "--select", "plain-text", "--select", "zzz"], base_repo)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "meetingkit validate: --select: 'zzz' is not a rule id; the rule ids are "
        "cancelled-date, dst-ambiguous, dst-gap, "
    )


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_hostile_file_name_reaches_no_output_raw(
    base_repo: Path, tmp_path: Path, fmt: str
) -> None:
    name = b"2024-05-30-\xff\n::add-mask::x\x1b.md"
    try:
        with open(os.path.join(os.fsencode(base_repo / "meetings/2024"), name), "wb") as file:
            file.write(b"---\ntitle: T\n---\n")
    except OSError:
        pytest.skip("this file system does not take such a name")
    summary = tmp_path / "summary.md"
    result = run(
        ["validate", "--format", fmt],
        base_repo,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert (result.returncode, result.stderr.count("\n")) == (1, 1), result.stderr
    shown = r"meetings/2024/2024-05-30-\xff\n::add-mask::x\x1b.md"
    if fmt == "json":
        assert [p["path"] for p in json.loads(result.stdout)] == [shown]
    else:
        assert [line[:2] for line in result.stdout.splitlines()] == (
            ["::", "1 "] if fmt == "github" else ["me", "1 "]
        )
        assert shown.replace(":", "%3A" if fmt == "github" else ":") in result.stdout
    assert "| meetings/2024/2024-05-30-\\\\xff\\\\n::add-mask::x\\\\x1b.md | 1:1 |" in (
        summary.read_text("utf-8")
    )
