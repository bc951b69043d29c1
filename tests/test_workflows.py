"""The repository's GitHub automation is clean: workflows, composite action,
dependabot, issue forms, PR template and pre-commit hook.

Outside linters (zizmor, check-jsonschema's vendored GitHub schemas) do the
generic checks; the tests below them pin down the project's own rules from
SPEC section 7 (least privilege, pinned actions, no untrusted expressions in
shells, one bot pull request at a time, Pages deployments never cancelled).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOW_DIR = GITHUB / "workflows"
WORKFLOWS = sorted(WORKFLOW_DIR.glob("*.yml"))
ACTION = ROOT / "action.yml"
DEPENDABOT = GITHUB / "dependabot.yml"
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"
ISSUE_FORMS = sorted(p for p in ISSUE_TEMPLATES.glob("*.yml") if p.name != "config.yml")
PRE_COMMIT_HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOWS_AND_ACTION = [*WORKFLOWS, ACTION]

# `uses: owner/repo[/path]@<40 hex> # v1.2.3` -- the comment lets people and
# dependabot see which release the SHA is.
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
    r" # (?P<version>v\d+(?:\.\d+)*)$"
)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _workflow(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = _load(WORKFLOW_DIR / name)
    return doc


def _triggers(doc: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML reads the key `on` as the YAML 1.1 boolean True.
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def _steps(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(job id, step) for every step of a workflow, or ("action", step) for action.yml."""
    if "runs" in doc:
        for step in doc["runs"]["steps"]:
            yield "action", step
        return
    for job_id, job in doc["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def _tool(name: str) -> str:
    """A console script installed next to this interpreter (the test extras)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed; run: pip install -e '.[test]'"
    return found


def _find_step(job: dict[str, Any], uses_prefix: str) -> dict[str, Any]:
    matches = [s for s in job["steps"] if str(s.get("uses", "")).startswith(uses_prefix)]
    assert len(matches) == 1, uses_prefix
    step: dict[str, Any] = matches[0]
    return step


def _runs(job: dict[str, Any]) -> list[str]:
    return [s["run"] for s in job["steps"] if "run" in s]


def test_the_expected_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["benchmark.yml", "bots.yml", "pr.yml", "publish.yml"]
    assert [p.name for p in ISSUE_FORMS] == ["change-meeting.yml", "propose-session.yml"]
    for path in (ACTION, DEPENDABOT, PRE_COMMIT_HOOKS, ISSUE_TEMPLATES / "config.yml"):
        assert path.is_file(), path


# --- outside linters -------------------------------------------------------


def test_zizmor_offline_has_no_findings() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN"}}
    result = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--no-config",  # nothing configured away
            "--no-ignores",  # nor ignored inline
            "--strict-collection",  # a file it cannot parse is a failure, not a warning
            "--no-progress",
            "--format",
            "json",
            ".github/workflows",
            "action.yml",
            ".github/dependabot.yml",
            ".pre-commit-hooks.yaml",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", [str(p) for p in WORKFLOWS]),
        ("vendor.github-actions", [str(ACTION)]),
        ("vendor.dependabot", [str(DEPENDABOT)]),
        ("vendor.github-issue-forms", [str(p) for p in ISSUE_FORMS]),
        ("vendor.github-issue-config", [str(ISSUE_TEMPLATES / "config.yml")]),
    ],
)
def test_files_match_githubs_schemas(schema: str, files: list[str]) -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", schema, *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok -- validation done"


# --- rules for every workflow and the composite action ----------------------


def test_every_uses_is_pinned_to_a_commit_with_its_version() -> None:
    for path in WORKFLOWS_AND_ACTION:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(-\s+)?uses:", line):
                assert PINNED_USES.match(line), f"{path.name}:{number}: {line.strip()}"


def test_each_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS_AND_ACTION:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED_USES.match(line):
                pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert pins, "no pinned actions found"
    assert {action: len(found) for action, found in pins.items()} == dict.fromkeys(pins, 1)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_grants_nothing_by_default(path: Path) -> None:
    doc = _load(path)
    assert doc["permissions"] == {}
    assert "concurrency" in doc


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_timeout_and_its_own_permissions(path: Path) -> None:
    for job_id, job in _load(path)["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {job_id}"
        assert 0 < job["timeout-minutes"] <= 60, f"{path.name}: {job_id}"
        assert isinstance(job.get("permissions"), dict), f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in _triggers(_load(path))


@pytest.mark.parametrize("path", WORKFLOWS_AND_ACTION, ids=lambda p: p.name)
def test_no_expression_inside_a_shell_script(path: Path) -> None:
    # Stricter than "no ${{ github.event...": every value reaches a shell
    # through `env:`, so nothing is ever spliced into script text.
    for job_id, step in _steps(_load(path)):
        if "run" in step:
            assert "${{" not in step["run"], f"{path.name}: {job_id}: {step['run']}"


@pytest.mark.parametrize("path", WORKFLOWS_AND_ACTION, ids=lambda p: p.name)
def test_checkouts_do_not_keep_the_token(path: Path) -> None:
    for job_id, step in _steps(_load(path)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_setup_python_uses_a_fixed_version(path: Path) -> None:
    doc = _load(path)
    # Jobs that publish or hold write permissions restore no cache (cache
    # poisoning); the read-only pull request jobs cache pip.
    wants_cache = path.name == "pr.yml"
    found = 0
    for job_id, step in _steps(doc):
        if str(step.get("uses", "")).startswith("actions/setup-python@"):
            found += 1
            assert step["with"]["python-version"] == "3.11", f"{path.name}: {job_id}"
            assert step["with"].get("cache") == ("pip" if wants_cache else None), job_id
    assert found


def test_write_permissions_only_where_needed() -> None:
    granted = {
        (path.name, job_id): {k: v for k, v in job["permissions"].items() if v == "write"}
        for path in WORKFLOWS
        for job_id, job in _load(path)["jobs"].items()
    }
    assert {key: perms for key, perms in granted.items() if perms} == {
        ("bots.yml", "agenda-and-archive"): {
            "contents": "write",
            "issues": "write",
            "pull-requests": "write",
        },
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    }


# --- the three workflows ----------------------------------------------------


def test_pull_request_workflow() -> None:
    doc = _workflow("pr.yml")
    assert _triggers(doc) == {"pull_request": None}
    assert doc["concurrency"]["cancel-in-progress"] is True
    jobs = doc["jobs"]
    for job in jobs.values():
        assert job["permissions"] == {"contents": "read"}  # also fine for forks
    assert _runs(jobs["validate"]) == [
        "python -m pip install .",  # not editable: like the action and pre-commit hook
        "meetingkit validate --format github",
        "meetingkit build --check",
    ]
    assert _runs(jobs["lint"])[1:] == [
        "ruff check --output-format github",
        "mypy",
        "zizmor --offline --format github"
        " .github/workflows action.yml .github/dependabot.yml .pre-commit-hooks.yaml",
    ]
    assert list(jobs) == ["validate", "preview", "test", "lint"]
    test_runs = _runs(jobs["test"])
    assert test_runs[0] == "python -m pip install -e '.[test]'"
    assert test_runs[1] == "npm ci"
    assert "sudo apt-get install -y chromium" in test_runs[2]
    assert test_runs[3] == "python -m pytest"


def test_pull_request_preview_compares_against_the_base_branch() -> None:
    preview = _workflow("pr.yml")["jobs"]["preview"]
    checkouts = [s for s in preview["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"] for c in checkouts] == [
        {"persist-credentials": False},
        {
            "ref": "${{ github.event.pull_request.base.sha }}",
            "path": "base",
            "persist-credentials": False,
        },
    ]
    # preview appends to $GITHUB_STEP_SUMMARY itself; a `>>` here would double it.
    assert _runs(preview)[-1] == "meetingkit preview --base base"


def test_publish_workflow_deploys_to_pages() -> None:
    doc = _workflow("publish.yml")
    triggers = _triggers(doc)
    assert triggers["push"] == {"branches": ["main"]}
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert doc["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build, deploy = doc["jobs"]["build"], doc["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    checkout = _find_step(build, "actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # SEQUENCE/LAST-MODIFIED come from git log
    assert "meetingkit build --out site" in _runs(build)
    _find_step(build, "actions/configure-pages@")
    assert _find_step(build, "actions/upload-pages-artifact@")["with"] == {"path": "site"}

    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step = _find_step(deploy, "actions/deploy-pages@")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_benchmark_workflow_is_manual_and_read_only() -> None:
    doc = _workflow("benchmark.yml")
    assert set(_triggers(doc)) == {"workflow_dispatch"}
    job = doc["jobs"]["benchmark"]
    assert job["permissions"] == {"contents": "read"}
    step = next(s for s in job["steps"] if "bench.py" in s.get("run", ""))
    assert step["env"] == {"MEETINGS": "${{ inputs.meetings }}"}
    assert '>> "$GITHUB_STEP_SUMMARY"' in step["run"]


def test_bots_workflow_runs_agenda_then_archive_then_one_pull_request() -> None:
    doc = _workflow("bots.yml")
    triggers = _triggers(doc)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    for entry in triggers["schedule"]:
        minute = entry["cron"].split()[0]
        assert minute.isdigit() and int(minute) != 0, "keep off the top of the hour"
    assert doc["concurrency"] == {"group": "meetingkit-bots", "cancel-in-progress": False}

    (job,) = doc["jobs"].values()
    assert job["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    commands = [line for run in _runs(job) for line in run.splitlines() if "meetingkit " in line]
    assert commands == ['meetingkit agenda "$@"', 'meetingkit archive "$@"', "meetingkit validate"]
    validate = next(s for s in job["steps"] if s.get("run") == "meetingkit validate")

    pr = _find_step(job, "peter-evans/create-pull-request@")
    assert job["steps"].index(validate) < job["steps"].index(pr)
    assert f"steps.{validate['id']}.outcome == 'success'" in pr["if"]
    assert pr["continue-on-error"] is True
    assert pr["with"]["branch"] == "meetingkit/bot-updates"
    assert "token" in pr["with"]
    advice = job["steps"][job["steps"].index(pr) + 1]
    assert advice["if"] == f"${{{{ steps.{pr['id']}.outcome == 'failure' }}}}"
    assert advice["run"].startswith('echo "::error ')
    assert "Allow GitHub Actions to create and approve pull requests" in advice["run"]
    assert advice["run"].rstrip().endswith("exit 1")


def test_bots_workflow_documents_the_repository_setting() -> None:
    text = (WORKFLOW_DIR / "bots.yml").read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Settings -> Actions -> General" in comments
    assert '"Allow GitHub Actions to create and approve pull requests"' in comments


# --- dependabot, issue forms, PR template -----------------------------------


def test_dependabot_updates_actions_and_pip_weekly_after_a_cooldown() -> None:
    doc = _load(DEPENDABOT)
    assert doc["version"] == 2
    assert [u["package-ecosystem"] for u in doc["updates"]] == ["github-actions", "pip"]
    for update in doc["updates"]:
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] == 7


def _form_fields(name: str) -> dict[str, dict[str, Any]]:
    body = _load(ISSUE_TEMPLATES / name)["body"]
    return {item["id"]: item for item in body if "id" in item}


def test_propose_session_form() -> None:
    fields = _form_fields("propose-session.yml")
    assert {k: v["type"] for k, v in fields.items()} == {
        "session-title": "input",
        "description": "textarea",
        "benefit": "textarea",
        "speaker-name": "input",
        "affiliation": "input",
        "github-handle": "input",
        "series": "dropdown",
        "preferred-dates": "textarea",
        "consent": "checkboxes",
    }
    assert fields["series"]["attributes"]["options"] == [
        "Thursday Touchpoint",
        "Friday Touchpoint",
        "Either",
    ]
    chatham, recording = fields["consent"]["attributes"]["options"]
    assert "Chatham House Rule" in chatham["label"] and chatham["required"] is True
    assert "recorded" in recording["label"]


def test_change_meeting_form() -> None:
    fields = _form_fields("change-meeting.yml")
    assert list(fields) == ["meeting", "change-kind", "details"]
    assert fields["change-kind"]["attributes"]["options"] == [
        "Reschedule",
        "Cancel",
        "Update details",
    ]
    assert all(f["validations"]["required"] is True for f in fields.values())


def test_issue_chooser_has_no_blank_issues_and_links_the_site() -> None:
    config = _load(ISSUE_TEMPLATES / "config.yml")
    assert config["blank_issues_enabled"] is False
    assert [link["url"] for link in config["contact_links"]] == [
        "https://todogroup.github.io/meetings/"
    ]


def test_pull_request_template_lists_what_ci_enforces() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == 5
    for needle in (
        "`meetingkit validate`",
        "`meetingkit build --check`",
        "One meeting per file",
        "No passwords in links",
        "local wall-clock time",
    ):
        assert sum(needle in box for box in boxes) == 1, needle


# --- composite action and pre-commit hook -----------------------------------


def test_composite_action_interface() -> None:
    doc = _load(ACTION)
    assert doc["name"] == "meetingkit"
    assert doc["runs"]["using"] == "composite"
    assert {k: v.get("default") for k, v in doc["inputs"].items()} == {
        "command": "validate",
        "args": "",
        "python-version": "3.11",
    }
    install = doc["runs"]["steps"][1]
    assert install["env"]["MEETINGKIT_SOURCE"] == "${{ github.action_path }}"
    assert '"$MEETINGKIT_SOURCE"' in install["run"]


def _run_action_script(command: str, args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the action's last step as Actions would, with a stand-in meetingkit
    that prints each argument it receives in brackets."""
    script = _load(ACTION)["runs"]["steps"][-1]["run"]
    fake = tmp_path / "venv" / "bin" / "meetingkit"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/bash\nprintf "[%s]" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {
        "PATH": os.environ["PATH"],
        "MEETINGKIT_COMMAND": command,
        "MEETINGKIT_ARGS": args,
        "MEETINGKIT_VENV": str(tmp_path / "venv"),
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_composite_action_splits_args_without_evaluating_them(tmp_path: Path) -> None:
    result = _run_action_script("build", "--out  site '*' $(touch pwned)", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[build][--out][site]['*'][$(touch][pwned)]"
    assert not (tmp_path / "pwned").exists()


def test_composite_action_rejects_other_commands(tmp_path: Path) -> None:
    result = _run_action_script("agenda", "", tmp_path)
    assert result.returncode == 2
    assert result.stdout == (
        "::error title=meetingkit action::input 'command' must be validate or build, got 'agenda'\n"
    )


def test_pre_commit_hook() -> None:
    (hook,) = _load(PRE_COMMIT_HOOKS)
    assert hook["id"] == "meetingkit-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "meetingkit validate"
    assert hook["pass_filenames"] is True

    def selected(path: str) -> bool:
        # pre-commit's rule: `files` and `exclude` are re.search'ed on the path.
        return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)

    assert [
        p
        for p in [
            "meetings/2024/2024-04-25-thursday-touchpoint.md",
            "working-groups/ospo-book.md",
            "series/thursday-touchpoint.yaml",
            "site.yaml",
            "meetings/README.md",
            "scripts/meetingkit/cli.py",
            "docs/site.yaml",
            "site.yaml.orig",
        ]
        if selected(p)
    ] == [
        "meetings/2024/2024-04-25-thursday-touchpoint.md",
        "working-groups/ospo-book.md",
        "series/thursday-touchpoint.yaml",
        "site.yaml",
    ]
