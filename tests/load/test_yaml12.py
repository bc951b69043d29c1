from __future__ import annotations

import math

import pytest

from meetingkit.load.yaml12 import Mark, YamlFault, read_yaml, resolve_plain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("12:30", "12:30"),
        ("2024-04-25", "2024-04-25"),
        ("2024-04-25T14:00", "2024-04-25T14:00"),
        ("60", 60),
        ("-3", -3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("~", None),
        ("null", None),
        ("", None),
        ("010", 10),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("+.inf", math.inf),
    ],
)
def test_plain_scalars_have_yaml_12_meaning(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_quoted_scalars_stay_text() -> None:
    assert read_yaml("a: \"true\"\nb: '60'\nc: |\n  12:30\n").value == {
        "a": "true",
        "b": "60",
        "c": "12:30\n",
    }


def test_positions_are_file_lines_and_columns() -> None:
    located = read_yaml("title: T\nguests:\n  - name: A\n  - name: B\n", first_line=2)
    assert located.value_mark(("guests", 1, "name")) == Mark(5, 11)
    assert located.key_mark(("guests", 1, "name")) == Mark(5, 5)
    assert located.value_mark(("guests", 2)) is None
    assert located.mark_of(("guests", 1, "missing")) == Mark(5, 5)


def fault(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(YamlFault) as caught:
        read_yaml(text)
    f = caught.value
    return f.mark.line, f.mark.col, f.rule, f.message


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    assert fault("a: 1\nb: 2\na: 3\n") == (
        3,
        1,
        "duplicate-key",
        "duplicate key 'a' (first written on line 1); keep one of them",
    )


def test_alias_is_refused_without_expanding() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    assert fault(bomb)[:3] == (2, 4, "yaml-alias")  # the list holding the alias


def test_recursive_alias_is_refused() -> None:
    assert fault("a: &a [*a]\n")[2] == "yaml-alias"


def test_deep_nesting_is_refused_before_parsing() -> None:
    # libyaml would stop this itself (PyYAML 6.0.4) with its own words: ours must come first.
    assert fault("a: " + "[" * 100_000 + "]" * 100_000) == (
        1, 35, "yaml-depth", "nesting is deeper than 32 levels; flatten the data"
    )


def test_deep_block_nesting_is_refused_at_the_first_level_too_deep() -> None:
    by_indentation = "".join(f"{' ' * i}k{i}:\n" for i in range(40)) + " " * 40 + "x\n"
    assert fault(by_indentation)[:3] == (33, 33, "yaml-depth")
    compact = "- " * 50 + "x\n"
    assert fault(compact)[:3] == (1, 65, "yaml-depth")


def test_sequences_at_their_keys_indentation_count_twice() -> None:
    text = "".join(f"{' ' * (2 * i)}- k{i}:\n" for i in range(20)) + " " * 40 + "- x\n"
    assert fault(text)[:3] == (17, 33, "yaml-depth")


def test_moderate_nesting_is_fine() -> None:
    assert read_yaml("a: " + "[" * 10 + "]" * 10).value == {"a": [[[[[[[[[[]]]]]]]]]]}


def test_custom_tags_are_refused() -> None:
    assert fault("a: !!python/name:os.system x\n")[2] == "yaml-tag"
    assert fault("a: !local x\n")[2] == "yaml-tag"


def test_non_scalar_keys_are_refused() -> None:
    assert fault("? [a, b]\n: c\n")[2] == "yaml-key"


def test_syntax_errors_point_at_what_was_opened_in_our_words() -> None:
    assert fault("a: [1\nb: 2\n") == (
        1, 4, "yaml-syntax",
        "YAML syntax error: this list is not closed; add ']' after its last item (and ',' between items)",
    )
    assert fault('t: ok\na: "abc\nb: 3\n')[:2] == (2, 4)
    assert fault("a: 1\n\tb: 2\n")[:2] == (2, 1)
    assert fault("a: 1\n\tb: 2\n")[3] == "YAML syntax error: YAML indents with spaces; replace the tab with spaces"
    assert fault("a: @x\n")[3] == "YAML syntax error: a value cannot start with '@'; put the value in quotes"


def test_other_syntax_errors_get_a_general_hint_at_the_parsers_position() -> None:
    line, col, rule, message = fault("a:\n  b: 1\n c: 2\n")
    assert (line, col, rule) == (3, 2, "yaml-syntax")
    assert message == (
        "YAML syntax error: this line does not fit the structure around it; check its "
        "indentation and that each field is written 'name: value' (quote values that contain "
        "': ' or ' #')"
    )


def test_integers_too_long_for_python_stay_text() -> None:
    assert resolve_plain("1" * 5000) == "1" * 5000


def test_a_title_starting_with_yaml_syntax_is_told_to_be_quoted_at_its_first_character() -> None:
    hint = "if it is text, such as '[WIP] Draft' or '*New* format', put the whole value in quotes"
    assert fault("title: [WIP] Draft\n") == (
        1, 8, "yaml-syntax",
        f"YAML syntax error: the value starts with '[', which YAML reads as a list; {hint}",
    )
    assert fault("a: 1\ntitle: *New* format\n") == (
        2, 8, "yaml-syntax",
        f"YAML syntax error: the value starts with '*', which YAML reads as an alias; {hint}",
    )
    assert fault("guests:\n  - name: | Ana\n")[:2] == (2, 11)
