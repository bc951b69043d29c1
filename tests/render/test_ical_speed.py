"""The fast path in front of icalendar's line folding changes no byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import content_line
from icalendar.parser.string import _foldline

from meetingkit.render import ical_speed

FAST = ical_speed.fast_fold(_foldline)


def test_installed_on_icalendar() -> None:
    assert ical_speed.install()
    assert getattr(content_line._foldline, "__wrapped__", None) is _foldline
    assert ical_speed.install()  # idempotent: wrapped once


# Lone surrogates cannot be encoded by either (content files are strict UTF-8).
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
        max_size=200,
    )
)
def test_same_result_as_icalendar(line: str) -> None:
    assert FAST(line) == _foldline(line)


@given(st.text(alphabet="ab\\^é€😀 ,;", max_size=400))
def test_same_result_on_escapes_and_multibyte_text(line: str) -> None:
    assert FAST(line) == _foldline(line)


def test_boundaries() -> None:
    for text in (
        "a" * 74,
        "a" * 75,
        "é" * 37,
        "é" * 38,
        "a" * 73 + "\\n",
        "€" * 30,
        "a" * 300,
        "a" * 73 + "\\" + "b" * 100,
        "\\" * 200,
        "^" * 150,
        "a" * 72 + "😀" * 40,
    ):
        assert FAST(text) == _foldline(text)


def test_lone_surrogate_fails_as_in_icalendar() -> None:
    import pytest

    for fold in (FAST, _foldline):
        with pytest.raises(UnicodeEncodeError):
            fold("\ud800" * 80)
