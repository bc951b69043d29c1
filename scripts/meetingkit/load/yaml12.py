"""YAML read with YAML 1.2 meaning for plain scalars, and the position of every value.

PyYAML resolves plain scalars by YAML 1.1 (``no`` → False, ``12:30`` → 750, unquoted dates →
``datetime``), lets duplicate keys pass and would expand alias bombs. We let libyaml compose
the node graph (fast, and it keeps marks), then convert nodes ourselves: only the YAML 1.2
core schema's forms change type, duplicate keys and aliases are errors, and nesting is
bounded before libyaml's recursive composer can exhaust the C stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from meetingkit.problems import RuleId

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]  # CSafeLoader when libyaml is there
    """libyaml's composer without PyYAML's YAML 1.1 tag guessing.

    We resolve plain scalars ourselves (YAML 1.2), so the per-scalar regex matching of
    PyYAML's resolver is wasted work; explicit tags still reach us unchanged.
    """

    _DEFAULTS: ClassVar[dict[type[yaml.Node], str]] = {
        yaml.ScalarNode: "tag:yaml.org,2002:str",
        yaml.SequenceNode: "tag:yaml.org,2002:seq",
        yaml.MappingNode: "tag:yaml.org,2002:map",
    }

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return self._DEFAULTS[kind]


MAX_DEPTH = 32
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in the file (not in the YAML fragment)."""

    line: int
    col: int


@dataclass
class YamlFault(Exception):
    """The text is not YAML we accept; ``rule`` names which check failed."""

    mark: Mark
    message: str
    rule: RuleId


@dataclass
class Located:
    """Plain Python data, plus the node tree it came from to find positions on demand.

    Positions are only needed when something is wrong, so none are computed while reading:
    a path such as ``("guests", 1, "name")`` is looked up in the node tree when asked for.
    """

    value: Any
    source: str | None = None  # the YAML text; composed again only when a position is asked
    first_line: int = 1
    _root: yaml.Node | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def root(self) -> yaml.Node | None:
        # Keeping every file's node tree would hold hundreds of thousands of objects (and
        # keep the garbage collector busy) for the rare file that has a problem.
        if self._root is None and self.source is not None:
            self._root = yaml.compose(self.source, Loader=_Loader)
        return self._root

    def _mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def _walk(self, path: Path) -> list[tuple[yaml.Node | None, yaml.Node]]:
        """(key node, value node) for each step of ``path`` that exists."""
        steps: list[tuple[yaml.Node | None, yaml.Node]] = []
        node = self.root
        for part in path:
            found: tuple[yaml.Node | None, yaml.Node] | None
            if isinstance(node, yaml.MappingNode):
                found = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == part
                    ),
                    None,
                )
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                found = (None, node.value[part])
            else:
                found = None
            if found is None:
                break
            steps.append(found)
            node = found[1]
        return steps

    def value_mark(self, path: Path) -> Mark | None:
        steps = self._walk(path)
        if self.root is None or len(steps) != len(path):
            return None
        return self._mark(steps[-1][1] if steps else self.root)

    def key_mark(self, path: Path) -> Mark | None:
        steps = self._walk(path)
        if not path or len(steps) != len(path) or steps[-1][0] is None:
            return None
        key = steps[-1][0]
        assert key is not None
        return self._mark(key)

    def mark_of(self, path: Path, *, key: bool = False) -> Mark:
        """The closest known position for ``path``: its key or value, else its parent's."""
        if self.root is None:
            return Mark(self.first_line, 1)
        steps = self._walk(path)
        if len(steps) == len(path) and steps:
            key_node, value_node = steps[-1]
            if key and key_node is not None:
                return self._mark(key_node)
            return self._mark(value_node)
        # The path ends in something that is not there: point at the last step that is.
        for key_node, value_node in reversed(steps):
            return self._mark(key_node if key_node is not None else value_node)
        return self._mark(self.root)


def resolve_plain(text: str) -> Any:
    """The YAML 1.2 core schema's meaning of a plain (unquoted) scalar."""
    try:
        return _resolve_plain(text)
    except ValueError:  # e.g. an integer longer than Python converts (4300 digits)
        return text


def _resolve_plain(text: str) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def read_yaml(text: str, *, first_line: int = 1) -> Located:
    """Parse one YAML document; ``first_line`` is the file line where ``text`` starts."""
    _check_depth(text, first_line)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _fault_from(exc, text, first_line) from None
    except yaml.YAMLError as exc:  # unmarked: reader errors such as a NUL byte
        raise _reader_fault(exc, text, first_line) from None
    if node is None:
        return Located(None, None, first_line)
    return Located(_Converter(first_line).convert(node, node), text, first_line)


def _fault_from(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlFault:
    """Our own words, chosen from what stands at the parser's marks, never the parser's text."""
    opened = exc.context_mark
    if opened is not None and _char_at(text, opened) in _UNCLOSED:
        hint = _UNCLOSED[_char_at(text, opened)]
        return _syntax_fault(opened, first_line, hint)
    mark = exc.problem_mark or opened
    found = _char_at(text, mark)
    if found == "\t":
        hint = "YAML indents with spaces; replace the tab with spaces"
    elif found in ("@", "`", "%"):
        hint = f"a value cannot start with {found!r}; put the value in quotes"
    elif (start := _syntax_start(text, mark)) and mark is not None:
        char, column = start
        return YamlFault(
            Mark(mark.line + first_line, column + 1),
            f"YAML syntax error: the value starts with {char!r}, which YAML reads as "
            f"{_SYNTAX_STARTS[char]}; if it is text, such as '[WIP] Draft' or '*New* format', "
            "put the whole value in quotes",
            "yaml-syntax",
        )
    else:
        hint = (
            "this line does not fit the structure around it; check its indentation and that "
            "each field is written 'name: value' (quote values that contain ': ' or ' #')"
        )
    return _syntax_fault(mark, first_line, hint)


# Characters that make a value YAML syntax when they start it; titles often start with them.
_SYNTAX_STARTS = {
    "[": "a list",
    "{": "a mapping",
    "*": "an alias",
    "&": "an anchor",
    "!": "a tag",
    "|": "a block of lines",
    ">": "a block of lines",
}
_FIELD_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?[^\s:#][^:#]*:[ \t]+(\S)")


def _syntax_start(text: str, mark: yaml.Mark | None) -> tuple[str, int] | None:
    """The syntax character the value on the mark's line starts with, and its column."""
    if mark is None:
        return None
    lines = text.split("\n")
    match = _FIELD_VALUE.match(lines[mark.line]) if mark.line < len(lines) else None
    if match is None or match.group(1) not in _SYNTAX_STARTS:
        return None
    return match.group(1), match.start(1)


_UNCLOSED = {
    "[": "this list is not closed; add ']' after its last item (and ',' between items)",
    "{": "this mapping is not closed; add '}' after its last field (and ',' between fields)",
    '"': "this quoted text is not closed; add the closing '\"'",
    "'": "this quoted text is not closed; add the closing \"'\"",
}


def _syntax_fault(mark: yaml.Mark | None, first_line: int, hint: str) -> YamlFault:
    where = Mark(mark.line + first_line, mark.column + 1) if mark else Mark(first_line, 1)
    return YamlFault(where, f"YAML syntax error: {hint}", "yaml-syntax")


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None or not 0 <= mark.index < len(text):
        return ""
    return text[mark.index]


def _reader_fault(exc: yaml.YAMLError, text: str, first_line: int) -> YamlFault:
    """libyaml refuses some characters before parsing; say which, and where."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if not isinstance(position, int) or not 0 <= position <= len(text):
        return YamlFault(
            Mark(first_line, 1), "not valid YAML: the text holds a character YAML does not allow", "yaml-syntax"
        )
    line = text.count("\n", 0, position) + first_line
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    if isinstance(character, str) and len(character) == 1:
        character = ord(character)
    what = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return YamlFault(
        Mark(line, col),
        f"the control character {what} is not allowed in YAML; delete it",
        "yaml-syntax",
    )


def _check_depth(text: str, first_line: int) -> None:
    """Reject deep nesting with our own message, before libyaml sees the text.

    libyaml's composer recurses and newer releases stop deep input with their own message;
    the exact pass therefore uses PyYAML's pure-Python parser, which keeps a stack and stops
    at the first collection past MAX_DEPTH. Only texts whose cheap bound is too high pay for it.
    """
    if _depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    start = event.start_mark
                    line, col = (start.line, start.column) if start else (0, 0)
                    raise YamlFault(
                        Mark(line + first_line, col + 1),
                        f"nesting is deeper than {MAX_DEPTH} levels; flatten the data",
                        "yaml-depth",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _fault_from(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise _reader_fault(exc, text, first_line) from None


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, from characters alone.

    Every flow collection opens with a bracket. A nested block collection is indented further
    than its parent or opens on the same line after '- ' or '? ', except that a block sequence
    may sit at its mapping key's indentation: hence two levels per column and marker.
    """
    flow = text.count("[") + text.count("{")
    block = 0
    for line in text.split("\n"):
        content = line.lstrip(" ")
        markers = content.count("- ") + content.count("-\t") + content.count("? ")
        block = max(block, len(line) - len(content) + markers + 1)
    return flow + 2 * block


class _Converter:
    """Nodes → Python values; refuses aliases, custom tags and duplicate keys."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.seen: set[int] = set()

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, written_at: yaml.Node) -> Any:
        """``written_at`` is where a person wrote this value (its key, or its list)."""
        if id(node) in self.seen:
            # A shared node carries the anchor's position; the alias sits at ``written_at``.
            raise YamlFault(
                self.mark(written_at),
                "YAML aliases (*name) are not allowed; write the value out in full",
                "yaml-alias",
            )
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise YamlFault(
                self.mark(node),
                f"YAML tag {node.tag!r} is not allowed; remove it and write a plain value",
                "yaml-tag",
            )
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.style else resolve_plain(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, node) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        return self.convert_mapping(node)

    def convert_mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlFault(
                    self.mark(key_node),
                    "a key must be a plain word, not a list or mapping",
                    "yaml-key",
                )
            key = key_node.value
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                raise YamlFault(
                    self.mark(key_node),
                    f"duplicate key {key!r} (first written on line {self.mark(first).line}); "
                    "keep one of them",
                    "duplicate-key",
                )
            result[key] = self.convert(value_node, key_node)
        return result
