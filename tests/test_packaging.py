"""The released package: the sdist and the wheel built from it carry every data file.

Built as release.yml builds them (`python -m build`: the sdist, then the wheel from the
unpacked sdist), in an isolated build environment, so a data file missing from either shows
here and not after a release.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "meetingkit"
DATA_FOLDERS = ("schemas", "templates", "static", "starter")


def data_files() -> set[str]:
    """meetingkit/<folder>/... for every file the package's data folders hold."""
    found = {"meetingkit/py.typed"}
    for folder in DATA_FOLDERS:
        for path in (PACKAGE / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.relative_to(PACKAGE.parent).as_posix())
    return found


HAVE_BUILD = importlib.util.find_spec("build") is not None  # a test extra


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Without `build` (an older lock), pip builds the wheel alone, from the work tree.
    command = (
        ["-m", "build", "--outdir"] if HAVE_BUILD else ["-m", "pip", "wheel", "--no-deps", "-w"]
    )
    done = subprocess.run(
        [sys.executable, *command, str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_the_wheel_carries_every_data_file(dist: Path) -> None:
    (wheel,) = dist.glob("meetingkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n for n in names if n.startswith("meetingkit/") and not n.endswith(".py")}
    assert data == data_files()
    assert len([n for n in data if n.startswith("meetingkit/schemas/")]) == 5
    assert "meetingkit/starter/dot-github/workflows/pr.yml" in data
    assert "meetingkit/commands/init.py" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "\nName: meetingkit\n" in text
    assert "\nRequires-Python: >=3.11\n" in text


@pytest.mark.skipif(not HAVE_BUILD, reason="needs the test extra 'build' to build an sdist")
def test_the_sdist_holds_the_schemas_as_files(dist: Path) -> None:
    (sdist,) = dist.glob("meetingkit-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if "/" in m.name}
    # scripts/meetingkit/schemas links to schemas/ in git; the sdist holds real files.
    for name in ("meeting", "series", "site", "working-group", "meetings-json"):
        assert members[f"scripts/meetingkit/schemas/{name}.schema.json"].isfile()
    for name in ("CHANGELOG.md", "README.md", ".git_archival.txt", "pyproject.toml"):
        assert members[name].isfile(), name
    # The wheel and the sdist carry one version, read from git by setuptools-scm.
    (wheel,) = dist.glob("meetingkit-*.whl")
    assert wheel.name.split("-")[1] == sdist.name.removeprefix("meetingkit-").removesuffix(
        ".tar.gz"
    )
