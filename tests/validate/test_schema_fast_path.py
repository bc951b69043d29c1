"""The fast schema check and jsonschema (the reference) agree on every verdict."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingkit.load.repository import load_repository
from meetingkit.validate.schema import fast_check_for, validator_for

from conftest import REPO_ROOT

NEGATIVE = Path(__file__).parent / "negative"


def fast_ok(kind: str, data: object) -> bool:
    try:
        fast_check_for(kind)(data)  # type: ignore[arg-type]
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def documents() -> list[tuple[str, object]]:
    found = []
    for root in [REPO_ROOT, *sorted(p / "input" for p in NEGATIVE.iterdir())]:
        repo = load_repository(root) if (root / "site.yaml").exists() else None
        if repo is None:
            from meetingkit.load.document import read_document

            for path in sorted(root.rglob("*.md")):
                doc = read_document(root, path.relative_to(root).as_posix(), "meeting")
                if doc.data is not None:
                    found.append(("meeting", doc.data))
            continue
        found += [(d.kind, d.data) for d in repo.documents() if d.data is not None]
    return found


@pytest.mark.parametrize(("kind", "data"), documents())
def test_same_verdict_on_real_and_broken_files(kind: str, data: object) -> None:
    assert fast_ok(kind, data) == validator_for(kind).is_valid(data)  # type: ignore[arg-type]


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2000) | st.sampled_from(
        ["", "T", "2024-04-25T14:00", "Europe/Madrid", "https://x.org", "http://x.org",
         "confirmed", "FREQ=WEEKLY", "thursday-touchpoint", "a b", "2024-04-25"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "title", "start", "agenda", "x", "2024-04-25"]), inner, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from([
    "title", "start", "end", "duration", "timezone", "series", "working_group", "status",
    "guests", "hosts", "audience", "chatham_house", "recurrence", "cancelled_dates", "links",
    "agendas", "tags", "uid", "typo",
])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_same_verdict_on_random_meetings(data: dict[str, object]) -> None:
    assert fast_ok("meeting", data) == validator_for("meeting").is_valid(data)
