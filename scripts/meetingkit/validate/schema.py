"""JSON Schema validation whose errors point at the line a person edits.

check-jsonschema reports a JSON path; we map each error's path back to the key or value
mark kept by the loader and phrase the message around what must hold and how to fix it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from meetingkit.load.document import Document, Kind
from meetingkit.problems import Problem
from meetingkit.validate.zones import zone_problem

SCHEMA_FILES: dict[Kind, str] = {
    "meeting": "meeting.schema.json",
    "working_group": "working-group.schema.json",
    "series": "series.schema.json",
    "site": "site.schema.json",
}
_TYPE_WORDS = {
    "boolean": "true or false",
    "string": "text (put it in quotes if it looks like a number, date or time)",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list ('- item' lines)",
    "object": "a mapping of fields ('key: value' lines)",
    "null": "empty",
}


def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("meetingkit").joinpath("schemas", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def validator_for(kind: Kind) -> Validator:
    """Built once per kind: a validator compiles its schema's patterns and references."""
    return ecma_validator()(load_schema(SCHEMA_FILES[kind]))


@functools.cache
def ecma_validator() -> type[Validator]:
    """Draft 2020-12 with ``pattern`` read as ECMA-262, the regex dialect of JSON Schema
    that every other reader of our schemas uses."""
    ecma: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]  # unannotated
        Draft202012Validator, {"pattern": _ecma_pattern_keyword}
    )
    return ecma


def _ecma_pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """The ``pattern`` keyword, with the regular expression read as ECMA-262 reads it."""
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# ECMA-262 (JSON Schema's regex dialect) without flags, where Python's re differs: '$' is
# the end of the text, never before a final newline; '.' matches no line terminator; \s is
# ECMA's list of spaces (Python's lacks U+FEFF and adds U+001C-U+001F and U+0085); \d, \w
# and \b are ASCII (re.ASCII).
_ECMA_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_OUTSIDE_CLASS = {
    "$": r"\Z",
    ".": r"[^\n\r\u2028\u2029]",
    r"\s": f"[{_ECMA_SPACE}]",
    r"\S": f"[^{_ECMA_SPACE}]",
}
_ECMA_INSIDE_CLASS = {r"\s": _ECMA_SPACE}


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled for Python's ``re`` with ECMA-262's meaning (see above)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        # An escape is one part: '\$' stays a dollar, '\]' does not close a class.
        part = pattern[i : i + 2] if pattern[i] == "\\" else pattern[i]
        i += len(part)
        if in_class:
            in_class = part != "]"
            out.append(_ECMA_INSIDE_CLASS.get(part, part))
        else:
            in_class = part == "["
            out.append(_ECMA_OUTSIDE_CLASS.get(part, part))
    return re.compile("".join(out), re.ASCII)


def schema_problems(doc: Document) -> Iterator[Problem]:
    if doc.data is None:
        return
    for error in validator_for(doc.kind).iter_errors(doc.data):
        yield from _explain(doc, error)


def quote(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: one line, control characters escaped, cut short."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def field_path(path: tuple[str | int, ...], root: str = "front matter") -> str:
    """guests[1].name — how a person would point at the value."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or root


def _explain(doc: Document, error: ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    where = field_path(
        path, "front matter" if doc.kind in ("meeting", "working_group") else "the file"
    )
    keyword = str(error.validator)
    value: Any = error.instance
    schema: Any = error.schema  # jsonschema types these as possibly Unset; here they are set
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for extra in sorted(set(value) - set(allowed)):
            close = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else (f"; allowed here: {', '.join(allowed)}")
            )
            yield doc.problem(
                f"unknown field {quote(extra)} in {where}{hint}", "schema", *path, extra, key=True
            )
        return
    if keyword == "required":
        wanted: Any = error.validator_value
        missing = [name for name in wanted if name not in value]
        for name in missing:
            yield doc.problem(
                f"{where} is missing the required field {name!r}", "schema", *path, key=True
            )
        return
    yield doc.problem(_message(keyword, where, value, error, path), "schema", *path)


def _message(
    keyword: str, where: str, value: Any, error: ValidationError, path: tuple[str | int, ...]
) -> str:
    schema: Any = error.schema
    limit: Any = error.validator_value
    example = _example(schema)
    if keyword == "type":
        wanted_list: list[str] = limit if isinstance(limit, list) else [limit]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted_list)
        got = quote(value)
        if "boolean" in wanted_list and isinstance(value, str):
            return f"{where} must be true or false, not the text {got} (YAML 1.2: only true/false are booleans)"
        return f"{where} must be {words}, not {got}{example}"
    if keyword == "pattern":
        if (
            isinstance(value, str)
            and value != value.strip()
            and ecma_regex(limit).search(value.strip())
        ):
            return f"{where} {quote(value)} starts or ends with a line break or space; remove it"
        if path and path[-1] == "timezone" and isinstance(value, str):
            return zone_problem(value) or (
                f"{where} {quote(value)} is a legacy abbreviation zone; use a place name such "
                "as 'Europe/Madrid' or 'America/New_York' so daylight-saving rules are right"
            )
        if str(limit).startswith("^https://"):
            return f"{where} must be an https:// URL, not {quote(value)}"
        return f"{where} has the wrong form: {quote(value)}{_allowed(schema)}{example}"
    if keyword == "enum":
        options = [str(o) for o in limit]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{where} must be one of {', '.join(options)}, not {quote(value)}{hint}"
    if keyword == "not" and isinstance(value, dict) and {"end", "duration"} <= set(value):
        return "give either 'end' or 'duration', not both"
    if keyword in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"):
        return f"{where}: {quote(value)} {_limit_words(keyword, limit)}"
    if keyword == "minProperties":
        return f"{where} is empty; say what changes (such as start or title) or remove it"
    if keyword == "uniqueItems":
        return f"{where} lists the same entry twice; remove the repeat"
    if keyword == "propertyNames":
        return f"{where} has a key of the wrong form: {error.message}"
    return f"{where}: {error.message}"


def _limit_words(keyword: str, limit: Any) -> str:
    return {
        "minLength": f"is shorter than {limit} characters",
        "maxLength": f"is longer than {limit} characters; shorten it",
        "minimum": f"is less than {limit}",
        "maximum": f"is more than {limit}",
        "minItems": f"has fewer than {limit} entries",
        "maxItems": f"has more than {limit} entries",
    }[keyword]


def _allowed(schema: dict[str, Any]) -> str:
    """What a pattern allows, in words: the field's description, which says it."""
    words = str(schema.get("description", "")).strip().rstrip(".")
    return f". {words}" if words else ""


def _example(schema: dict[str, Any]) -> str:
    examples = schema.get("examples")
    return f"; for example {quote(examples[0])}" if examples else ""
