"""meetingkit init, end to end: a new community's repository validates, builds and passes zizmor."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from meetingkit import __version__
from meetingkit.commands.init import is_release

NOW = "2026-11-30T10:00Z"
TODO_WORDING = re.compile(r"todo group|touchpoint|ospology|learning space|contributor space", re.I)
PROJECT_REFERENCE = "todogroup/meetings"  # where meetingkit itself lives: the pins name it


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "meetingkit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def chaoss(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("init")
    done = cli(
        "init", "chaoss", "--community", "CHAOSS", "--timezone", "America/Chicago",
        "--repository", "chaoss/meetings", "--now", NOW,
        cwd=parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == "Wrote 19 files for CHAOSS to chaoss"
    return parent / "chaoss"


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_init_writes_a_complete_repository(chaoss: Path) -> None:
    assert files(chaoss) == [
        ".github/ISSUE_TEMPLATE/change-meeting.yml",
        ".github/ISSUE_TEMPLATE/config.yml",
        ".github/ISSUE_TEMPLATE/propose-session.yml",
        ".github/dependabot.yml",
        ".github/pull_request_template.md",
        ".github/workflows/bots.yml",
        ".github/workflows/pr.yml",
        ".github/workflows/publish.yml",
        ".github/zizmor.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "CONTRIBUTING.md",
        "README.md",
        "meetings/2026/2026-12-15-community-call.md",  # two weeks on, then a Tuesday
        "meetings/README.md",
        "requirements.txt",
        "series/community-call.yaml",
        "site.yaml",
        "working-groups/documentation.md",
    ]
    site = yaml.safe_load((chaoss / "site.yaml").read_text("utf-8"))
    assert {k: site[k] for k in ("community", "repository", "base_url", "timezone")} == {
        "community": "CHAOSS",
        "repository": "chaoss/meetings",
        "base_url": "https://chaoss.github.io/meetings/",
        "timezone": "America/Chicago",
    }
    pr = yaml.safe_load((chaoss / ".github/workflows/pr.yml").read_text("utf-8"))
    assert pr["jobs"]["check"]["uses"] == (
        f"todogroup/meetings/.github/workflows/reusable-pr.yml@v{__version__}"
    )
    hooks = yaml.safe_load((chaoss / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["rev"] == f"v{__version__}"
    assert f"meetingkit=={__version__}\n" in (chaoss / "requirements.txt").read_text("utf-8")


def test_validate_and_build_pass_at_once(chaoss: Path, tmp_path: Path) -> None:
    validated = cli("validate", "--format", "text", cwd=chaoss)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert validated.stdout == "no problems found\n"
    assert cli("build", "--check", "--now", NOW, cwd=chaoss).returncode == 0
    out = tmp_path / "site"
    built = cli("build", "--out", str(out), "--now", NOW, cwd=chaoss)
    assert built.returncode == 0, built.stderr
    assert "Unchanged: meetings/README.md" in built.stderr
    index = (out / "index.html").read_text("utf-8")
    assert "First community call" in index
    assert '<h2 id="next">Upcoming meetings</h2>' in index
    feed = (out / "calendar.ics").read_bytes().decode("utf-8")
    assert "X-WR-CALNAME:CHAOSS Meetings\r\n" in feed
    assert "DTSTART;TZID=America/Chicago:20261215T160000\r\n" in feed
    for path in out.rglob("*"):
        if path.is_file():
            assert not TODO_WORDING.search(path.read_text("utf-8")), path


def test_nothing_names_the_todo_group(chaoss: Path) -> None:
    for name in files(chaoss):
        text = (chaoss / name).read_text("utf-8")
        assert not TODO_WORDING.search(text), name
        assert "todogroup" not in text.replace(PROJECT_REFERENCE, ""), name


def test_generated_workflows_pass_zizmor(chaoss: Path) -> None:
    zizmor = Path(sys.executable).with_name("zizmor")  # the test extras install it
    done = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", ".github"],
        cwd=chaoss,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report." in done.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", "utf-8")
    done = cli("init", ".", "--community", "Example", "--now", NOW, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "meetingkit init: . is not an empty folder; nothing was written. Choose a new folder, "
        "or pass --force to write into it (files of the same name are replaced).\n"
    )
    assert files(tmp_path) == ["notes.txt"]
    forced = cli("init", ".", "--community", "Example", "--force", "--now", NOW, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "notes.txt" in files(tmp_path)
    site = yaml.safe_load((tmp_path / "site.yaml").read_text("utf-8"))
    assert (site["repository"], site["timezone"]) == ("example/meetings", "UTC")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--community", "X", "--timezone", "Europe/Atlantis"],
            "meetingkit init: --timezone 'Europe/Atlantis' is not an IANA zone name, e.g. "
            "Europe/Madrid\n",
        ),
        (
            ["--community", "X", "--repository", "just-a-name"],
            "meetingkit init: --repository 'just-a-name': write it as OWNER/NAME\n",
        ),
        (
            ["--community", "<b>X</b>"],
            "meetingkit init: --community '<b>X</b>': use plain text, no markup\n",
        ),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    done = cli("init", "new", *args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, message)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("version", "release"),
    [
        ("0.2.0", True),
        ("10.0.1", True),
        ("0.0.0", False),  # setuptools-scm's fallback: a source tree without git metadata
        ("0.2.1.dev3+g2c9c666f3", False),
        ("1.0.0rc1", False),
    ],
)
def test_only_a_release_is_pinned_without_a_note(version: str, release: bool) -> None:
    assert is_release(version) is release


def test_a_development_build_says_its_pins_name_no_release(chaoss: Path) -> None:
    done = cli("init", "again", "--community", "X", "--now", NOW, cwd=chaoss.parent)
    note = (
        f"note: meetingkit {__version__} is not a release, so the pins v{__version__} in "
        ".github/workflows, .pre-commit-config.yaml and requirements.txt name no release "
        "yet; set them to a released version (docs/adopting.md)"
    )
    assert (note in done.stderr.splitlines()) is not is_release(__version__)


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ("vendor.github-workflows", ".github/workflows/*.yml"),
        ("vendor.dependabot", ".github/dependabot.yml"),
        ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/[cp][hr]*.yml"),
        ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
    ],
)
def test_generated_github_files_match_githubs_schemas(
    chaoss: Path, schema: str, pattern: str
) -> None:
    paths = sorted(str(p) for p in chaoss.glob(pattern))
    assert paths, pattern
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run(
        [str(checker), "--builtin-schema", schema, *paths],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
