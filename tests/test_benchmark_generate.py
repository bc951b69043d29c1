"""The benchmark's synthetic repository is valid content, deterministic and realistic.

No timings here: benchmarks/bench.py measures; this only keeps its input honest.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from meetingkit.cli import main
from meetingkit.load.repository import MEETING_PATH
from meetingkit.pipeline import load_and_validate

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


generate = _generate_module()


def test_fifty_meetings_validate_cleanly(tmp_path: Path) -> None:
    root = generate.generate_repository(tmp_path / "repo", 50, git=False)

    meetings = sorted(p.relative_to(root).as_posix() for p in root.glob("meetings/*/*.md"))
    assert len(meetings) == 50
    assert all(MEETING_PATH.match(m) for m in meetings)
    assert len(list(root.glob("series/*.yaml"))) == 8
    assert len(list(root.glob("working-groups/*.md"))) == 20

    _repo, problems = load_and_validate(root)
    assert problems == []
    assert main(["validate", "--root", str(root)]) == 0  # the command line agrees


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = generate.generate_repository(tmp_path / "a", 30, git=False)
    second = generate.generate_repository(tmp_path / "b", 30, git=False)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_mix_of_meetings_at_one_thousand() -> None:
    """About 5 % recurring (some with cancelled dates), about 3 % cancelled, unique names."""
    files = dict(generate.meeting_files(1000, generate.DEFAULT_SEED))
    assert len(files) == 1000
    texts = files.values()
    kinds = Counter(
        kind
        for text in texts
        for kind in ("recurrence:", "cancelled_dates:", "status: cancelled", "guests:", "series:")
        if f"\n{kind}" in text
    )
    assert kinds == Counter(
        {
            "recurrence:": 58,
            "cancelled_dates:": 34,
            "status: cancelled": 32,
            "guests:": 842,
            "series:": 557,
        }
    )
    assert sorted(files)[0] == "meetings/2014/2014-01-06-emea-maintainers.md"
    assert sorted(files)[-1] == "meetings/2015/2015-05-07-india-meetup.md"
