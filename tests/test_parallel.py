"""Rendering in a forked worker gives exactly the files a sequential run gives."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetingkit import parallel
from meetingkit.commands.build import site_files
from meetingkit.pipeline import load_programme

from conftest import FIXTURES

NOW = datetime(2024, 4, 20, 9, 0, tzinfo=UTC)


def test_worker_output_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    programme, _ = load_programme(Path(FIXTURES / "mini"), use_git=False)
    assert programme is not None
    sequential = site_files(programme, NOW)
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)
    forked = site_files(programme, NOW)
    assert forked == sequential
    assert list(forked[0]) == list(sequential[0])


def test_errors_in_the_worker_reach_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)

    def broken() -> dict[str, bytes]:
        raise ValueError("renderer failed")

    with pytest.raises(ValueError, match="renderer failed"):
        parallel.side_by_side([dict, broken], meetings=10)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_worker_writes_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetingkit.cli import main

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", repo)
    args = ["build", "--root", str(repo), "--now", "2024-04-20T09:00Z", "--out"]
    assert main([*args, str(tmp_path / "sequential")]) == 0
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)
    assert main([*args, str(tmp_path / "forked")]) == 0
    assert tree(tmp_path / "forked") == tree(tmp_path / "sequential")
    assert len(tree(tmp_path / "forked")) > 10


NEGATIVE = Path(__file__).parent / "validate" / "negative"


@pytest.mark.parametrize("case", sorted(p.name for p in NEGATIVE.iterdir()))
def test_checking_in_a_worker_finds_the_same_problems(
    case: str, base_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetingkit.pipeline import load_and_validate

    shutil.copytree(NEGATIVE / case / "input", base_repo, dirs_exist_ok=True)
    _, sequential = load_and_validate(base_repo)
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)
    repo, forked = load_and_validate(base_repo)
    assert forked == sequential
    assert all(doc.checked is not None for doc in repo.meetings)


def test_as_done_gives_each_result_with_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [lambda i=i: i * i for i in range(7)]
    assert list(parallel.as_done(jobs, meetings=10)) == [(i, i * i) for i in range(7)]
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)
    assert sorted(parallel.as_done(jobs, meetings=10)) == [(i, i * i) for i in range(7)]


def test_as_done_passes_on_a_worker_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)

    def broken() -> int:
        raise ValueError("page failed")

    with pytest.raises(ValueError, match="page failed"):
        list(parallel.as_done([lambda: 1, broken, lambda: 3], meetings=10))


def test_a_worker_that_dies_is_reported_not_hung(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)

    def killed() -> int:
        os._exit(9)  # as the out-of-memory killer would stop it

    with pytest.raises(BrokenProcessPool):
        list(parallel.as_done([lambda: 1, killed, lambda: 3], meetings=10))


def test_the_cli_explains_a_dead_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    import meetingkit.commands.validate as validate_command
    from meetingkit.cli import main

    def broken(args: object) -> int:
        raise BrokenProcessPool("A child process terminated abruptly")

    monkeypatch.setattr(validate_command, "run", broken)
    assert main(["validate"]) == 1
    assert capsys.readouterr().err == (
        "meetingkit validate: a worker process was stopped before it finished (out of "
        "memory?); nothing was written. Run it again, or on a machine with more memory.\n"
    )


def test_meetingkit_processes_1_keeps_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_MEETINGS", 0)
    monkeypatch.setenv("MEETINGKIT_PROCESSES", "1")
    assert parallel.cores() == 1
    here = os.getpid()
    assert list(parallel.as_done([os.getpid, os.getpid], meetings=10)) == [(0, here), (1, here)]
    monkeypatch.setenv("MEETINGKIT_PROCESSES", "nonsense")
    assert parallel.cores() >= 1
