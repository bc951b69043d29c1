"""Edits the bots make to meeting files, as small as a person would make them.

A link is written by inserting (or filling) one line of the front matter; comments, key
order, quoting and line endings of the rest of the file stay as they were. Every edit is
checked by reading the file back: the data must equal the old data plus the new value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from meetingkit.load.document import front_matter_end
from meetingkit.load.yaml12 import Mark, YamlFault, read_yaml

_PLAIN_URL = re.compile(r"^https://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")
_BOM = "\ufeff"


class EditError(Exception):
    """The file cannot be edited safely by a bot; a person should add the value."""


def _scalar(text: str) -> str:
    return text if _PLAIN_URL.match(text) and ": " not in text else json.dumps(text)


def _key(text: str) -> str:
    return text if re.match(r"^[a-z_]+$", text) else json.dumps(text)


def split_newlines(text: str) -> tuple[str, str, list[str], int]:
    """(BOM, newline, lines, index of the closing '---' line) of a meeting file."""
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split(newline)
    closing = front_matter_end(lines)
    if closing is None:
        raise EditError("the file has no closed front matter block ('---' lines)")
    return bom, newline, lines, closing


def _front_matter(lines: list[str], closing: int) -> dict[str, Any]:
    try:
        data = read_yaml("\n".join(lines[1:closing]), first_line=2).value
    except YamlFault as fault:
        raise EditError(f"line {fault.mark.line}: {fault.message}") from None
    if not isinstance(data, dict):
        raise EditError("the front matter is not a mapping")
    return data


def set_nested(text: str, parent: str, child: str, value: str) -> str:
    """Set ``parent.child: value`` in the front matter with a one-line change.

    Returns ``text`` unchanged when the value is already there.
    """
    bom, newline, lines, closing = split_newlines(text)
    data = _front_matter(lines, closing)
    located = read_yaml("\n".join(lines[1:closing]), first_line=2)
    current = data.get(parent)
    if isinstance(current, dict) and current.get(child) == value:
        return text
    entry = f"{_key(child)}: {_scalar(value)}"
    if parent not in data:
        lines[closing:closing] = [f"{parent}:", f"  {entry}"]
    elif current is None:
        line = _line(located.key_mark((parent,))) - 1
        lines.insert(line + 1, f"  {entry}")
    elif isinstance(current, dict) and current == {}:
        line = _line(located.key_mark((parent,))) - 1
        indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
        lines[line : line + 1] = [f"{indent}{parent}:", f"{indent}  {entry}"]
    elif isinstance(current, dict):
        parent_line = _line(located.key_mark((parent,))) - 1
        first_child = _known(located.key_mark((parent, next(iter(current)))))
        if first_child.line - 1 == parent_line:
            raise EditError(f"{parent} is written as a one-line {{...}} mapping; write it as lines")
        if child in current:
            if current[child] not in (None, ""):
                raise EditError(f"{parent}.{child} already holds another value")
            line = _line(located.key_mark((parent, child))) - 1
            lines[line] = " " * (first_child.col - 1) + entry
        else:
            lines.insert(parent_line + 1, " " * (first_child.col - 1) + entry)
    else:
        raise EditError(f"{parent} is not a mapping")
    edited = bom + newline.join(lines)
    _check(edited, data, parent, child, value)
    return edited


def front_matter(text: str) -> dict[str, Any]:
    """The front matter's fields, as the bots and commands that edit a file see them."""
    _bom, _newline, lines, closing = split_newlines(text)
    return _front_matter(lines, closing)


def set_fields(text: str, values: dict[str, str]) -> str:
    """Set top-level ``key: "value"`` fields, each a one-line change.

    A field already written on one line is rewritten on that line (its indentation kept, a
    trailing comment dropped); a missing one is added before the closing '---'.
    """
    bom, newline, lines, closing = split_newlines(text)
    before = _front_matter(lines, closing)
    located = read_yaml("\n".join(lines[1:closing]), first_line=2)
    for key, value in values.items():
        entry = f"{_key(key)}: {json.dumps(value, ensure_ascii=False)}"
        if key not in before:
            lines.insert(closing, entry)
            closing += 1
            continue
        if isinstance(before[key], dict | list):
            raise EditError(f"{key} is not a single value")
        mark = _known(located.key_mark((key,)))
        lines[mark.line - 1] = lines[mark.line - 1][: mark.col - 1] + entry
    edited = bom + newline.join(lines)
    _bom, _newline, edited_lines, edited_closing = split_newlines(edited)
    if _front_matter(edited_lines, edited_closing) != {**before, **values}:
        raise EditError(f"writing {', '.join(values)} would change other fields; edit it by hand")
    return edited


def _known(mark: Mark | None) -> Mark:
    if mark is None:  # the data came from these very nodes, so this cannot happen
        raise EditError("could not locate the field in the file")
    return mark


def _line(mark: Mark | None) -> int:
    return _known(mark).line


def _check(edited: str, before: dict[str, Any], parent: str, child: str, value: str) -> None:
    _bom, _newline, lines, closing = split_newlines(edited)
    expected = dict(before)
    expected[parent] = {**(before.get(parent) or {}), child: value}
    if _front_matter(lines, closing) != expected:
        raise EditError(f"writing {parent}.{child} would change other fields; edit it by hand")
