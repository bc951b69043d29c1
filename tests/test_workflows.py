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

from meetingkit.github.proposal_form import LABELS as FORM_LABELS
from meetingkit.github.proposals import PROPOSAL_LABEL

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


REUSABLE = ("reusable-bots.yml", "reusable-pr.yml", "reusable-publish.yml")
LOCAL_CALL = re.compile(r"^\s*uses: \./\.github/workflows/(?P<name>reusable-[a-z]+\.yml)$")
INSTALL = [
    'python -m pip install -r "$REQUIREMENTS"\n'
    'if [ "$FROM_CHECKOUT" = true ]; then python -m pip install --no-deps .; fi\n'
]
# Pull-request content is checked by the base branch's tool and requirements (issue: a pull
# request must not be able to switch its own checks off).
BASE_INSTALL = [
    'python -m pip install -r "base/$REQUIREMENTS"\n'
    'if [ "$FROM_CHECKOUT" = true ]; then python -m pip install --no-deps ./base; fi\n'
]


def test_the_expected_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "benchmark.yml",
        "bots.yml",
        "newest-dependencies.yml",
        "pr.yml",
        "publish.yml",
        "release.yml",
        *REUSABLE,
    ]
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
            "--no-ignores",  # nothing ignored inline or by an ignore rule
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


def test_zizmor_configuration_turns_off_one_audit_only() -> None:
    # `$/` self-references are a feature-flagged runner change; `./` is the documented form.
    assert _load(GITHUB / "zizmor.yml") == {"rules": {"self-repository": {"disable": True}}}


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
                local = LOCAL_CALL.match(line)
                assert PINNED_USES.match(line) or (local and local["name"] in REUSABLE), (
                    f"{path.name}:{number}: {line.strip()}"
                )


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
    # A reusable workflow runs in its caller's concurrency group.
    assert ("concurrency" in doc) is (path.name not in REUSABLE)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_timeout_and_its_own_permissions(path: Path) -> None:
    for job_id, job in _load(path)["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: {job_id}"
        if "uses" in job:  # calls a reusable workflow, whose jobs set their timeouts
            continue
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {job_id}"
        assert 0 < job["timeout-minutes"] <= 60, f"{path.name}: {job_id}"


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
def test_only_read_only_pull_request_jobs_cache_pip(path: Path) -> None:
    # Jobs that publish or hold write permissions restore no cache (cache poisoning).
    for job_id, job in _load(path)["jobs"].items():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/setup-python@"):
                cached = step["with"].get("cache") == "pip"
                assert cached is (path.name in ("pr.yml", "reusable-pr.yml")), job_id
                assert set(job["permissions"].values()) == {"read"} or not cached, job_id


def test_write_permissions_only_where_needed() -> None:
    granted = {
        (path.name, job_id): {k: v for k, v in job["permissions"].items() if v == "write"}
        for path in WORKFLOWS
        for job_id, job in _load(path)["jobs"].items()
    }
    bots = {"contents": "write", "issues": "write", "pull-requests": "write"}
    pages = {"pages": "write", "id-token": "write"}
    assert {key: perms for key, perms in granted.items() if perms} == {
        ("bots.yml", "bots"): bots,
        ("reusable-bots.yml", "agenda-and-archive"): bots,
        ("publish.yml", "publish"): pages,
        ("reusable-publish.yml", "deploy"): pages,
        ("release.yml", "publish"): {"id-token": "write"},
        ("release.yml", "github-release"): {"contents": "write"},
    }


# --- the reusable workflows and their callers --------------------------------


@pytest.mark.parametrize("name", REUSABLE)
def test_reusable_workflows_take_what_to_install(name: str) -> None:
    doc = _workflow(name)
    call = _triggers(doc)["workflow_call"]
    assert {k: (v["type"], v["default"]) for k, v in call["inputs"].items()} == {
        "requirements": ("string", "requirements.txt"),
        "install-checkout": ("boolean", False),
        "python-version": ("string", "3.13"),
        **({"dry-run": ("boolean", False)} if name == "reusable-bots.yml" else {}),
    }
    for job_id, job in doc["jobs"].items():
        installs = [
            s for s in job.get("steps", []) if s.get("name", "").startswith("Install meetingkit")
        ]
        expected = BASE_INSTALL if name == "reusable-pr.yml" else INSTALL
        assert [s["run"] for s in installs] == (expected if job_id != "deploy" else []), job_id
        for step in installs:
            assert step["env"] == {
                "REQUIREMENTS": "${{ inputs.requirements }}",
                "FROM_CHECKOUT": "${{ inputs.install-checkout }}",
            }


@pytest.mark.parametrize(
    ("caller", "job_id", "reusable"),
    [
        ("pr.yml", "content", "reusable-pr.yml"),
        ("publish.yml", "publish", "reusable-publish.yml"),
        ("bots.yml", "bots", "reusable-bots.yml"),
    ],
)
def test_this_repository_calls_the_reusable_workflows_on_its_own_code(
    caller: str, job_id: str, reusable: str
) -> None:
    job = _workflow(caller)["jobs"][job_id]
    assert job["uses"] == f"./.github/workflows/{reusable}"
    assert {k: v for k, v in job["with"].items() if k != "dry-run"} == {
        "requirements": "requirements/run.txt",  # the lock
        "install-checkout": True,
    }
    # The caller grants at least what the called jobs ask for.
    wanted: dict[str, str] = {}
    for called in _workflow(reusable)["jobs"].values():
        for scope, level in called["permissions"].items():
            if level == "write" or scope not in wanted:
                wanted[scope] = level
    assert all(job["permissions"].get(s) in (level, "write") for s, level in wanted.items())


def test_pull_request_checks() -> None:
    doc = _workflow("reusable-pr.yml")
    jobs = doc["jobs"]
    for job in jobs.values():
        assert job["permissions"] == {"contents": "read"}  # also fine for forks
    for job in jobs.values():
        checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert [c["with"] for c in checkouts] == [
            {"persist-credentials": False},
            {
                "ref": "${{ github.event.pull_request.base.sha }}",
                "path": "base",
                "persist-credentials": False,
            },
        ]
    assert _runs(jobs["validate"]) == [
        *BASE_INSTALL,
        "meetingkit validate --format github",
        # Renders everything; the generated index is the bots' to commit, not contributors'.
        'meetingkit build --out "$RUNNER_TEMP/site"',
    ]
    preview = jobs["preview"]
    # preview appends to $GITHUB_STEP_SUMMARY itself; a `>>` here would double it.
    assert _runs(preview)[-1] == "meetingkit preview --base base"


def test_pull_request_workflow_tests_platforms_and_lints() -> None:
    doc = _workflow("pr.yml")
    assert _triggers(doc) == {"pull_request": None}
    assert doc["concurrency"]["cancel-in-progress"] is True
    jobs = doc["jobs"]
    assert list(jobs) == ["content", "test", "platforms", "lint"]
    for job in jobs.values():
        assert job["permissions"] == {"contents": "read"}
    test = jobs["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.13"]  # oldest and newest
    test_runs = _runs(test)
    assert test_runs[0] == (
        "python -m pip install -r requirements/test.txt\npython -m pip install --no-deps -e .\n"
    )
    assert test_runs[1] == "npm ci"
    assert "sudo apt-get install -y chromium" in test_runs[2]
    assert test_runs[3] == "python -m pytest"
    platforms = jobs["platforms"]
    assert platforms["strategy"]["matrix"]["os"] == ["macos-14", "windows-2022"]
    assert _runs(platforms)[0] == "git config --global core.symlinks true"
    assert _runs(platforms)[2:] == [
        "meetingkit validate --format github",
        'meetingkit build --out "$RUNNER_TEMP/site" --now 2024-04-20T09:00Z',
    ]
    assert _runs(jobs["lint"])[1:] == [
        "ruff check --output-format github",
        "mypy",
        "zizmor --offline --format github"
        " .github/workflows action.yml .github/dependabot.yml .pre-commit-hooks.yaml",
    ]


def test_publish_workflow_deploys_to_pages() -> None:
    doc = _workflow("publish.yml")
    triggers = _triggers(doc)
    assert triggers["push"] == {"branches": ["main"]}
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert doc["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    reusable = _workflow("reusable-publish.yml")["jobs"]
    build, deploy = reusable["build"], reusable["deploy"]
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


def test_bots_workflow_runs_agenda_proposals_archive_index_then_one_pull_request() -> None:
    doc = _workflow("bots.yml")
    triggers = _triggers(doc)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    for entry in triggers["schedule"]:
        minute = entry["cron"].split()[0]
        assert minute.isdigit() and int(minute) != 0, "keep off the top of the hour"
    assert doc["concurrency"] == {"group": "meetingkit-bots", "cancel-in-progress": False}
    caller = doc["jobs"]["bots"]
    assert caller["with"]["dry-run"] == "${{ inputs.dry-run || false }}"
    assert caller["secrets"] == {
        "bot-token": "${{ secrets.MEETINGKIT_BOT_TOKEN }}",
        "agenda-token": "${{ secrets.MEETINGKIT_TOKEN }}",
    }

    (job,) = _workflow("reusable-bots.yml")["jobs"].values()
    assert job["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    commands = [line for run in _runs(job) for line in run.splitlines() if "meetingkit " in line]
    assert commands == [
        'meetingkit agenda "$@"',
        'meetingkit proposals "$@"',
        'meetingkit archive "$@"',
        'meetingkit build --out "$RUNNER_TEMP/site"',  # refreshes meetings/README.md
        "meetingkit validate",
    ]
    validate = next(s for s in job["steps"] if s.get("run") == "meetingkit validate")

    pr = _find_step(job, "peter-evans/create-pull-request@")
    assert job["steps"].index(validate) < job["steps"].index(pr)
    assert f"steps.{validate['id']}.outcome == 'success'" in pr["if"]
    assert pr["continue-on-error"] is True
    assert pr["with"]["branch"] == "meetingkit/bot-updates"
    assert pr["with"]["add-paths"] == "meetings"
    assert pr["with"]["token"] == "${{ secrets.bot-token || github.token }}"
    advice = job["steps"][job["steps"].index(pr) + 1]
    assert advice["if"] == f"${{{{ steps.{pr['id']}.outcome == 'failure' }}}}"
    assert advice["run"].startswith('echo "::error ')
    assert "Allow GitHub Actions to create and approve pull requests" in advice["run"]
    assert advice["run"].rstrip().endswith("exit 1")


@pytest.mark.parametrize("name", ["bots.yml", "reusable-bots.yml"])
def test_bots_workflow_documents_the_repository_setting(name: str) -> None:
    text = (WORKFLOW_DIR / name).read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Settings -> Actions -> General" in comments
    assert '"Allow GitHub Actions to create and approve pull requests"' in comments


def test_newest_dependencies_weekly_ignore_the_lock() -> None:
    doc = _workflow("newest-dependencies.yml")
    triggers = _triggers(doc)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (entry,) = triggers["schedule"]
    assert entry["cron"].split()[2:] == ["*", "*", "1"]  # every Monday
    (job,) = doc["jobs"].values()
    runs = _runs(job)
    assert runs[0] == "python -m pip install --upgrade --upgrade-strategy eager -e '.[test]'"
    assert not any("requirements/" in run for run in runs)
    assert runs[-1] == "python -m pytest"


def test_release_workflow_publishes_with_trusted_publishing() -> None:
    doc = _workflow("release.yml")
    assert _triggers(doc) == {"push": {"tags": ["v*"]}}
    jobs = doc["jobs"]
    assert list(jobs) == ["build", "publish", "github-release"]
    assert _find_step(jobs["build"], "actions/checkout@")["with"]["fetch-depth"] == 0
    publish = jobs["publish"]
    assert publish["environment"]["name"] == "pypi"
    step = _find_step(publish, "pypa/gh-action-pypi-publish@")
    assert "with" not in step  # no password: PyPI trusts the workflow's OIDC token
    release = jobs["github-release"]
    assert release["needs"] == "publish"
    assert _runs(release) == [
        'gh release create "$GITHUB_REF_NAME" dist/* --verify-tag '
        '--title "meetingkit $GITHUB_REF_NAME" --notes-file release-notes.md'
    ]


def _release_notes(tag: str, changelog: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the release workflow's notes step as Actions would."""
    build = _workflow("release.yml")["jobs"]["build"]
    script = next(
        s["run"] for s in build["steps"] if s.get("name") == "Release notes from CHANGELOG.md"
    )
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "GITHUB_REF_NAME": tag},
        capture_output=True,
        text=True,
        check=False,
    )


def test_release_notes_are_the_tags_changelog_section(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## 0.3.0 (2027-01-05)\n\n- new\n\n## 0.2.0 (2026-12-01)\n\n- old\n"
    done = _release_notes("v0.3.0", changelog, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "release-notes.md").read_text(
        "utf-8"
    ) == "## 0.3.0 (2027-01-05)\n\n- new\n\n"
    missing = _release_notes("v0.4.0", changelog, tmp_path)
    assert missing.returncode == 1
    assert missing.stdout == (
        "::error title=No release notes::CHANGELOG.md has no '## 0.4.0' section; "
        "add one and tag again.\n"
    )


def test_the_changelog_sections_are_versions(tmp_path: Path) -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "Unreleased"
    assert all(re.fullmatch(r"\d+\.\d+\.\d+ \(\d{4}-\d\d-\d\d\)", h) for h in headings[1:])
    # The release workflow finds the section of the newest release.
    newest = headings[1].split()[0]
    done = _release_notes(f"v{newest}", text, tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "release-notes.md").read_text("utf-8").startswith(f"## {newest} (")


# --- dependabot, issue forms, PR template -----------------------------------


def test_dependabot_updates_actions_and_the_lock_weekly_after_a_cooldown() -> None:
    doc = _load(DEPENDABOT)
    assert doc["version"] == 2
    assert [u["package-ecosystem"] for u in doc["updates"]] == ["github-actions", "uv"]
    assert doc["updates"][1]["directories"] == ["/", "/requirements"]
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
        "proposed-date": "input",
        "preferred-dates": "textarea",
        "consent": "checkboxes",
    }
    # `meetingkit proposals` reads the issues this form files: by its label, and the body by
    # these labels in this order.
    assert _load(ISSUE_TEMPLATES / "propose-session.yml")["labels"] == [PROPOSAL_LABEL]
    assert tuple(f["attributes"]["label"] for f in fields.values()) == FORM_LABELS
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


def test_pull_request_template_asks_for_no_generated_file() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == 3
    for needle in ("One meeting per file", "No passwords in links", "local wall-clock time"):
        assert sum(needle in box for box in boxes) == 1, needle
    assert "the bots' pull request refreshes it, you never\nhave to" in text


# --- composite action and pre-commit hook -----------------------------------


def test_composite_action_interface() -> None:
    doc = _load(ACTION)
    assert doc["name"] == "meetingkit"
    assert doc["runs"]["using"] == "composite"
    assert {k: v.get("default") for k, v in doc["inputs"].items()} == {
        "command": "validate",
        "args": "",
        "python-version": "3.11",
        "token": "${{ github.token }}",
    }
    install = doc["runs"]["steps"][1]
    assert install["env"]["MEETINGKIT_SOURCE"] == "${{ github.action_path }}"
    assert '-r "$MEETINGKIT_SOURCE/requirements/run.txt"' in install["run"]  # the lock
    assert '--no-deps "$MEETINGKIT_SOURCE"' in install["run"]
    assert doc["runs"]["steps"][-1]["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"


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
    result = _run_action_script("rm", "-rf /", tmp_path)
    assert result.returncode == 2
    assert result.stdout == (
        "::error title=meetingkit action::input 'command' must be validate, build, new, "
        "move, preview, agenda, proposals or archive, got 'rm'\n"
    )


@pytest.mark.parametrize(
    "command", ["validate", "build", "new", "move", "preview", "agenda", "proposals", "archive"]
)
def test_composite_action_runs_every_command(command: str, tmp_path: Path) -> None:
    result = _run_action_script(command, "--now 2024-04-20T09:00Z", tmp_path)
    assert (result.returncode, result.stdout) == (0, f"[{command}][--now][2024-04-20T09:00Z]")


def test_pre_commit_hooks_cover_what_ci_checks() -> None:
    validate, build = _load(PRE_COMMIT_HOOKS)
    assert (validate["id"], validate["entry"], validate["pass_filenames"]) == (
        "meetingkit-validate",
        "meetingkit validate",
        True,
    )
    # CI builds everything; the hook does too, and refreshes meetings/README.md on the way.
    assert (build["id"], build["entry"], build["pass_filenames"]) == (
        "meetingkit-build",
        "meetingkit build --out site",
        False,
    )
    assert {validate["language"], build["language"]} == {"python"}

    def selected(hook: dict[str, Any], path: str) -> bool:
        # pre-commit's rule: `files` and `exclude` are re.search'ed on the path.
        excluded = "exclude" in hook and re.search(hook["exclude"], path)
        return bool(re.search(hook["files"], path)) and not excluded

    paths = [
        "meetings/2024/2024-04-25-thursday-touchpoint.md",
        "working-groups/ospo-book.md",
        "series/thursday-touchpoint.yaml",
        "site.yaml",
        "templates/index.html",
        "meetings/README.md",
        "scripts/meetingkit/cli.py",
        "docs/site.yaml",
        "site.yaml.orig",
    ]
    assert [p for p in paths if selected(validate, p)] == paths[:4]
    assert [p for p in paths if selected(build, p)] == paths[:6]
