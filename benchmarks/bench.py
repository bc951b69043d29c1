"""Benchmark meetingkit at scale against the floor and check-jsonschema, then profile it.

For each N in ``--meetings`` (default 1,000 and 10,000) a synthetic repository is generated
(benchmarks/generate.py) and, on the same files, whole processes are timed (median wall clock
of ``--repeat`` runs, plus CPU time and peak RSS read with ``os.wait4``):

- floor: ``python -c`` reading every meeting file and parsing its front matter with PyYAML's
  C loader, nothing else;
- ``meetingkit validate`` and ``meetingkit build`` (run as ``python -m meetingkit``, so the
  pyenv/venv shim in front of the console script is not timed);
- ``check-jsonschema`` on the same front matter (extracted once, outside the timing, to
  one JSON file per meeting: JSON is check-jsonschema's fastest input, so the speed-up quoted
  is the conservative one; ``--cj-format yaml`` feeds it YAML instead).

Then it checks which heavy libraries start-up imports (``python -X importtime``) and profiles
validate and build on the largest repository with cProfile.

Usage: ``python benchmarks/bench.py [--meetings 1000 10000] [--repeat 3] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import itertools
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_SEED, generate_repository

PYTHON = sys.executable
NOW = "2026-01-01T00:00Z"
FLOOR, VALIDATE, BUILD = "floor (CSafeLoader)", "meetingkit validate", "meetingkit build"
REBUILD = "meetingkit build, again"
CHECK_JSONSCHEMA = "check-jsonschema"
HEAVY = ("github", "icalendar", "jinja2", "jsonschema")
FLOOR_CODE = """\
import pathlib, sys, yaml
loader = yaml.CSafeLoader
count = 0
for path in sorted(pathlib.Path("meetings").glob("*/*.md")):
    text = path.read_text("utf-8")
    end = text.find("\\n---\\n", 3)
    yaml.load(text[4 : end + 1], Loader=loader)
    count += 1
print(count)
"""


# --- measuring one process ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    peak_mb: float  # peak resident set size, MiB
    status: int
    output: str  # stdout + stderr, for diagnosing a failure


def run_once(argv: list[str], cwd: Path) -> Run:
    """Run ``argv`` to completion; wall clock, CPU and peak RSS from the kernel's rusage."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _pid, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(wait_status)  # Popen must not wait again
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return Run(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale, child.returncode, output
    )


def run_chunked(argvs: list[list[str]], cwd: Path) -> Run:
    """Several invocations (one long argument list split up) counted as one run."""
    runs = [run_once(argv, cwd) for argv in argvs]
    return Run(
        sum(r.wall for r in runs),
        sum(r.cpu for r in runs),
        max(r.peak_mb for r in runs),
        max(r.status for r in runs),
        "".join(r.output for r in runs),
    )


@dataclass
class Command:
    name: str
    measure: Callable[[], Run]
    before: Callable[[], None] = lambda: None  # untimed set-up before each run
    expect_status: int = 0


@dataclass
class Result:
    name: str
    meetings: int
    runs: list[Run] = field(default_factory=list)
    missing: str = ""  # why there is no number ("not installed", "failed: ...")

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.runs else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_mb for r in self.runs) if self.runs else None


# --- the commands ------------------------------------------------------------------------


def build_available() -> bool:
    return importlib.util.find_spec("meetingkit.commands.build") is not None


def check_jsonschema_argv() -> list[str] | None:
    """The check-jsonschema installed next to this interpreter, else the one on PATH."""
    beside = Path(PYTHON).parent / "check-jsonschema"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("check-jsonschema")
    return [found] if found else None


def meeting_schema() -> Path:
    here = Path(__file__).resolve().parents[1] / "schemas" / "meeting.schema.json"
    if here.is_file():
        return here
    spec = importlib.util.find_spec("meetingkit")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "schemas" / "meeting.schema.json"


def extract_front_matter(repo: Path, target: Path, fmt: str) -> list[str]:
    """Write each meeting's front matter to ``target`` as its own file; the file names."""
    import yaml

    target.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted((repo / "meetings").glob("*/*.md")):
        text = path.read_text("utf-8")
        front = text[4 : text.find("\n---\n", 3) + 1]
        name = f"{path.stem}.{fmt}"
        if fmt == "json":
            data = yaml.load(front, Loader=yaml.CSafeLoader)
            (target / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        else:
            (target / name).write_text(front, "utf-8")
        names.append(name)
    return names


def chunks(prefix: list[str], names: list[str]) -> list[list[str]]:
    """Split the file list so that no argument list exceeds a quarter of ARG_MAX."""
    try:
        budget = os.sysconf("SC_ARG_MAX") // 4
    except (ValueError, OSError):
        budget = 100_000
    budget -= sum(len(a) + 1 for a in prefix) + sum(
        len(k) + len(v) + 2 for k, v in os.environ.items()
    )
    argvs: list[list[str]] = []
    current: list[str] = []
    size = 0
    for name in names:
        if current and size + len(name) + 1 > budget:
            argvs.append(prefix + current)
            current, size = [], 0
        current.append(name)
        size += len(name) + 1
    if current:
        argvs.append(prefix + current)
    return argvs


def commands_for(repo: Path, work: Path, meetings: int, cj_format: str) -> list[Command]:
    commands = [
        Command(FLOOR, lambda: run_once([PYTHON, "-c", FLOOR_CODE], repo)),
        Command(VALIDATE, lambda: run_once([PYTHON, "-m", "meetingkit", "validate"], repo)),
    ]
    if build_available():

        def build_into(out: Path) -> list[str]:
            return [PYTHON, "-m", "meetingkit", "build", "--out", str(out), "--now", NOW]

        # Each timed build writes a new folder, as in CI; nothing is deleted between runs:
        # deleting ~20,000 files right before a build makes the file system slow to create
        # the next 20,000 (see meetingkit.render.write), which would time the clean-up.
        fresh = itertools.count(1)
        commands.append(
            Command(BUILD, lambda: run_once(build_into(work / f"site-{next(fresh)}"), repo))
        )
        again = work / "site-again"

        def previous_site() -> None:
            if not (again / ".meetingkit-build").is_file():
                run_once(build_into(again), repo)

        # Building again over the previous site, as a maintainer does locally.
        commands.append(
            Command(REBUILD, lambda: run_once(build_into(again), repo), before=previous_site)
        )
    cj = check_jsonschema_argv()
    if cj is not None:
        side = work / f"front-matter-{cj_format}"
        names = extract_front_matter(repo, side, cj_format)
        argvs = chunks([*cj, "--schemafile", str(meeting_schema())], names)
        commands.append(Command(CHECK_JSONSCHEMA, lambda: run_chunked(argvs, side)))
    return commands


def measure_all(
    commands: list[Command], meetings: int, repeat: int, slow: float
) -> dict[str, Result]:
    """Runs interleave (A B C, A B C, ...) so that a burst of load elsewhere hits all alike.

    A command whose first run takes longer than ``slow`` seconds is not repeated: one run of
    a slow command is already far from the noise, and the default run stays within minutes.
    """
    results = {c.name: Result(c.name, meetings) for c in commands}
    for _ in range(repeat):
        for command in commands:
            result = results[command.name]
            if result.missing or (result.runs and result.runs[0].wall > slow):
                continue
            command.before()
            run = command.measure()
            if run.status != command.expect_status:
                tail = run.output.strip().splitlines()[-1:] or [""]
                result.missing = f"failed (exit {run.status}: {tail[0][:80]})"
                result.runs.clear()
                continue
            result.runs.append(run)
    return results


# --- start-up imports ------------------------------------------------------------------


def imported_modules(argv: list[str], cwd: Path) -> tuple[set[str], float]:
    """Modules ``python -X importtime`` reports for ``argv``, and the total import time (s)."""
    proc = subprocess.run(
        [PYTHON, "-X", "importtime", *argv], cwd=cwd, capture_output=True, text=True, check=False
    )
    modules: set[str] = set()
    total_us = 0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|", 2)
        self_us = self_us.strip()
        if self_us.isdigit():
            total_us += int(self_us)
            modules.add(name.strip())
    return modules, total_us / 1e6


def import_report(repo: Path) -> list[str]:
    lines = []
    cli = "import sys; sys.argv=['meetingkit', {arg!r}]; from meetingkit.cli import main; main()"
    cases = [
        ("--version", ["-c", cli.format(arg="--version")]),
        ("--help", ["-c", cli.format(arg="--help")]),
        ("validate", ["-m", "meetingkit", "validate"]),
    ]
    if build_available():
        out = repo.parent / "site-imports"
        cases.append(("build", ["-m", "meetingkit", "build", "--out", str(out), "--now", NOW]))
    for label, argv in cases:
        modules, total = imported_modules(argv, repo)
        tops = {m.split(".")[0] for m in modules}
        heavy = [h for h in HEAVY if h in tops]
        lines.append(
            f"- `meetingkit {label}`: imports {len(modules)} modules in {total * 1000:.0f} ms; "
            f"heavy: {', '.join(heavy) if heavy else 'none'} "
            f"(not imported: {', '.join(h for h in HEAVY if h not in heavy) or 'none'})"
        )
    return lines


# --- profiling ---------------------------------------------------------------------------


def profile(argv: list[str], repo: Path, output: Path, top: int) -> list[str]:
    proc = subprocess.run(
        [PYTHON, "-m", "cProfile", "-o", str(output), "-m", "meetingkit", *argv],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if not output.is_file():
        return [f"profiling `meetingkit {' '.join(argv)}` failed (exit {proc.returncode})"]
    stats = pstats.Stats(str(output), stream=io.StringIO())
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]  # pstats keeps it untyped
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    lines = [f"### `meetingkit {' '.join(argv)}`: {total:.2f} s of profiled CPU time", ""]
    # Frames around the whole run (runpy, exec, cli.main) say nothing; leave them out.
    inner = [kv for kv in raw.items() if kv[1][3] < 0.98 * total]
    lines += _table(
        "Top functions by cumulative time (wrapper frames omitted)",
        sorted(inner, key=lambda kv: kv[1][3], reverse=True)[:top],
        total,
    )
    lines += _table(
        "Top functions by own (total) time",
        sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top],
        total,
    )
    lines += ["Own time by area:", "", "| area | own s | share |", "|---|---:|---:|"]
    areas: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tt, _ct, _callers) in raw.items():
        areas[_area(func)] += tt
    for area, seconds in sorted(areas.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        lines.append(f"| {area} | {seconds:.2f} | {seconds / total:.0%} |")
    return [*lines, ""]


def _table(title: str, rows: list[tuple[Any, Any]], total: float) -> list[str]:
    lines = [
        f"{title}:",
        "",
        "| function | calls | own s | cum s | cum share |",
        "|---|---:|---:|---:|---:|",
    ]
    for func, (_cc, calls, tt, ct, _callers) in rows:
        lines.append(f"| {_where(func)} | {calls} | {tt:.2f} | {ct:.2f} | {ct / total:.0%} |")
    return [*lines, ""]


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return f"`{name}`"
    for marker in ("site-packages/", "/scripts/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            if marker == "/lib/python3":
                filename = filename.split("/", 1)[-1]
            break
    return f"`{filename}:{line}({name})`"


def _area(func: tuple[str, int, str]) -> str:
    """Which library (or meetingkit module) a function's own time belongs to."""
    filename, _line, name = func
    if filename == "~":
        if "yaml" in name or "_yaml" in name:
            return "libyaml (C)"
        return f"builtin {name.split(' of ')[0].replace('<built-in method ', '').rstrip('>')}"
    if "/scripts/meetingkit/" in filename or "/site-packages/meetingkit/" in filename:
        rest = filename.split("/meetingkit/", 1)[1]
        return f"meetingkit/{rest}"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/lib/python3" in filename:
        parts = filename.split("/lib/python3", 1)[1].split("/")
        return f"stdlib {parts[1].removesuffix('.py')}" if len(parts) > 1 else "stdlib"
    return filename


# --- report ------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(results: list[Result]) -> list[str]:
    floors = {r.meetings: r for r in results if r.name == FLOOR}
    lines = [
        "| command | N | runs | median s | × floor | CPU s | × floor CPU | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        floor = floors.get(r.meetings)
        ratio = _ratio(r.wall, floor.wall if floor else None)
        cpu_ratio = _ratio(r.cpu, floor.cpu if floor else None)
        peak = "n/a" if r.peak_mb is None else f"{r.peak_mb:.0f}"
        name = r.name if not r.missing else f"{r.name} ({r.missing})"
        lines.append(
            f"| {name} | {r.meetings:,} | {len(r.runs)} | {_seconds(r.wall)} | {ratio} "
            f"| {_seconds(r.cpu)} | {cpu_ratio} | {peak} |"
        )
    return lines


def _ratio(value: float | None, base: float | None) -> str:
    return "n/a" if value is None or not base else f"{value / base:.2f}"


def summary(results: list[Result], sizes: list[int]) -> list[str]:
    by = {(r.name, r.meetings): r for r in results}
    lines = []
    for n in sizes:
        validate, cj = by.get((VALIDATE, n)), by.get((CHECK_JSONSCHEMA, n))
        if validate and cj and validate.wall and cj.wall:
            wall, cpu = cj.wall / validate.wall, (cj.cpu or 0) / (validate.cpu or 1)
            lines.append(
                f"- N={n:,}: validate's speed-up over check-jsonschema: {wall:.2f}× wall, "
                f"{cpu:.2f}× CPU" + (" (validate is slower)" if wall < 1 else "")
            )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for name in dict.fromkeys(r.name for r in results):
            a, b = by.get((name, small)), by.get((name, large))
            if a and b and a.wall and b.wall and a.cpu and b.cpu:
                per = (b.cpu - a.cpu) / (large - small) * 1000
                fixed = a.cpu - per * small / 1000
                lines.append(
                    f"- growth {name}, {small:,} → {large:,} meetings ({large / small:.0f}×): "
                    f"{b.wall / a.wall:.1f}× wall, {b.cpu / a.cpu:.1f}× CPU; "
                    f"CPU ≈ {max(fixed, 0):.2f} s fixed + {per:.2f} ms per meeting"
                )
    return lines


def targets(results: list[Result], n: int) -> list[str]:
    """The issue's targets at the largest N, on wall clock and (less noisy here) on CPU."""
    by = {r.name: r for r in results if r.meetings == n}
    floor, validate, build = by.get(FLOOR), by.get(VALIDATE), by.get(BUILD)
    cj = by.get(CHECK_JSONSCHEMA)
    lines = [f"Targets at N={n:,} (measured, not asserted; wall / CPU):"]

    def check(label: str, pair: tuple[float, float] | None, ok: Callable[[float], bool]) -> None:
        if pair is None:
            lines.append(f"- {label}: n/a")
            return
        verdicts = "/".join("met" if ok(v) else "NOT met" for v in pair)
        lines.append(f"- {label}: {pair[0]:.2f} / {pair[1]:.2f} → {verdicts}")

    check("validate ≤ 2.5× floor", _pair(validate, floor), lambda v: v <= 2.5)
    check("build ≤ 6× floor", _pair(build, floor), lambda v: v <= 6.0)
    check("build again ≤ 6× floor", _pair(by.get(REBUILD), floor), lambda v: v <= 6.0)
    check("validate ≥ 5× faster than check-jsonschema", _pair(cj, validate), lambda v: v >= 5.0)
    for name, result in ((VALIDATE, validate), (BUILD, build)):
        peak = result.peak_mb if result else None
        lines.append(
            f"- {name} peak ≤ 300 MB: "
            + ("n/a" if peak is None else f"{peak:.0f} MB → {'met' if peak <= 300 else 'NOT met'}")
        )
    return lines


def _pair(top: Result | None, bottom: Result | None) -> tuple[float, float] | None:
    """(wall ratio, CPU ratio) of two results, None when either is missing."""
    if not (top and bottom and top.wall and bottom.wall and top.cpu and bottom.cpu):
        return None
    return top.wall / bottom.wall, top.cpu / bottom.cpu


# --- main --------------------------------------------------------------------------------


@contextlib.contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="meetingkit-bench-") as tmp:
        yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10_000], metavar="N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument(
        "--slow",
        type=float,
        default=30.0,
        metavar="S",
        help="do not repeat a command whose first run took longer than S seconds (default 30)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work here and keep the files")
    parser.add_argument(
        "--cj-format",
        choices=("yaml", "json"),
        default="yaml",
        help="what check-jsonschema reads: the front matter as written (yaml, default) or "
        "converted to JSON (its fastest parser)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile validate and build on the largest repository (cProfile; slow)",
    )
    parser.add_argument("--top", type=int, default=12, help="rows per profile table")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.meetings))
    started = time.perf_counter()
    results: list[Result] = []
    with workspace(args.keep) as work:
        repos = {}
        for n in sizes:
            repo = work / f"repo-{n}"
            if not (repo / ".git").is_dir():
                shutil.rmtree(repo, ignore_errors=True)
                _say(f"generating {n:,} meetings in {repo}")
                generate_repository(repo, n, seed=args.seed)
            repos[n] = repo
            commands = commands_for(repo, work / f"work-{n}", n, args.cj_format)
            _say(f"timing {', '.join(c.name for c in commands)} at N={n:,} × {args.repeat}")
            measured = measure_all(commands, n, args.repeat, args.slow)
            if not build_available():
                measured[BUILD] = Result(BUILD, n, missing="not available")
                measured[REBUILD] = Result(REBUILD, n, missing="not available")
            if check_jsonschema_argv() is None:
                measured[CHECK_JSONSCHEMA] = Result(CHECK_JSONSCHEMA, n, missing="not installed")
            results += measured.values()
        report = ["## meetingkit benchmark", ""]
        report += [
            f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; wall = median of "
            f"{args.repeat} runs; CPU = user+sys; peak = max RSS; check-jsonschema on "
            f"{args.cj_format} files.",
            "",
        ]
        report += [*table(results), "", *summary(results, sizes), ""]
        report += [*targets(results, sizes[-1]), ""]
        report += ["Start-up imports (python -X importtime):", "", *import_report(repos[sizes[0]])]
        report.append("")
        if args.profile:
            _say(f"profiling validate and build at N={sizes[-1]:,}")
            report += [f"## Profiles (cProfile, N={sizes[-1]:,})", ""]
            report += profile(["validate"], repos[sizes[-1]], work / "validate.prof", args.top)
            if build_available():
                site = str(work / "site-profile")
                report += profile(
                    ["build", "--out", site, "--now", NOW],
                    repos[sizes[-1]],
                    work / "build.prof",
                    args.top,
                )
        report.append(f"(benchmark took {time.perf_counter() - started:.0f} s)")
        print("\n".join(report))
        if args.json:
            args.json.write_text(json.dumps([_as_dict(r) for r in results], indent=2) + "\n")
    return 0


def _as_dict(r: Result) -> dict[str, Any]:
    return {
        "command": r.name,
        "meetings": r.meetings,
        "wall_s": r.wall,
        "cpu_s": r.cpu,
        "peak_mb": r.peak_mb,
        "missing": r.missing or None,
        "runs": [{"wall_s": x.wall, "cpu_s": x.cpu, "peak_mb": x.peak_mb} for x in r.runs],
    }


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
