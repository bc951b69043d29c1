"""Shared fixtures: a copy of a small real repository to break on purpose."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from meetingkit.cli import use_packaged_time_zones

TESTS = Path(__file__).parent
REPO_ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
BLESS = os.environ.get("MEETINGKIT_BLESS") == "1"

use_packaged_time_zones()  # as the command line does, so tests see the locked tzdata


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    """A clean, valid repository (tests/fixtures/base) copied to a temporary folder."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", target)
    return target
