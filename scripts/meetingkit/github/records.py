"""What the GitHub layer hands out: plain frozen records, and its one error type.

The records are read from GitHub's JSON strictly: a missing field or a value of the wrong
type is a :class:`MalformedAnswer`, never a ``KeyError`` later. Text copied from GitHub has
its line breaks normalised here, once: a bare carriage return becomes a line break, so
every later step (and every reader of the meeting file) sees the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class GitHubError(Exception):
    """A GitHub operation that failed; ``str(error)`` is one human line without the token.

    ``status`` is the HTTP status (None when no answer came), ``retryable`` tells whether
    trying again later may work (5xx, timeouts, lost connections), ``codes`` holds the
    ``errors[].code`` values of a 422 answer (e.g. ``already_exists``).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        codes: tuple[str, ...] = (),
        operation: str = "",
        reason: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = retryable
        self.codes = codes
        self.operation = operation  # e.g. "POST /repos/o/r/issues"
        self.reason = reason  # e.g. "502 Bad Gateway"

    def after(self, attempts: int) -> GitHubError:
        """The same failure, reported as the outcome of ``attempts`` tries."""
        if not self.operation:
            return self  # not raised by the client: nothing to re-word
        return GitHubError(
            message_for(self.reason, self.operation, attempts),
            status=self.status,
            retryable=self.retryable,
            codes=self.codes,
            operation=self.operation,
            reason=self.reason,
        )


class MalformedAnswer(ValueError):
    """GitHub's answer is not what the API documents (``str()``: what is wrong)."""


def redact(text: str, token: str | None) -> str:
    """``text`` with every occurrence of ``token`` replaced by ``***``."""
    return text.replace(token, "***") if token else text


def message_for(reason: str, operation: str, attempts: int) -> str:
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    return f"GitHub API: {reason} on {operation}{tries}"


@dataclass(frozen=True)
class Issue:
    number: int
    title: str
    body: str  # "" when GitHub has none
    state: str  # "open" | "closed"
    state_reason: str | None
    labels: tuple[str, ...]
    author: str  # login, e.g. "github-actions[bot]"
    author_type: str  # "Bot" | "User" | ...
    html_url: str
    comments: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: str
    author_type: str
    html_url: str
    created_at: datetime
    updated_at: datetime
    reply_to: int | None = None  # a discussion reply: the id of the comment it answers


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str = "ededed"  # hex without "#", GitHub's grey
    description: str = ""


# Where an issue or comment lives on the web; written into meeting files, so no spaces,
# quotes or angle brackets.
_WEB_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")


def normalise_newlines(text: str) -> str:
    """CRLF and a bare CR become LF (GitHub keeps what the browser sent)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def issue_from_json(data: Any) -> Issue:
    item = _mapping(data, "issue")
    user = _mapping(item.get("user"), "issue.user")
    labels = item.get("labels")
    if not isinstance(labels, list):
        raise MalformedAnswer("issue.labels is not a list")
    return Issue(
        number=_int(item, "number"),
        title=normalise_newlines(_str(item, "title")),
        body=normalise_newlines(_optional_str(item, "body") or ""),
        state=_str(item, "state"),
        state_reason=_optional_str(item, "state_reason"),
        labels=tuple(_str(_mapping(label, "issue.labels[]"), "name") for label in labels),
        author=_str(user, "login"),
        author_type=_str(user, "type"),
        html_url=_web_url(item),
        comments=_int(item, "comments"),
        created_at=_time(item, "created_at"),
        updated_at=_time(item, "updated_at"),
        closed_at=_time(item, "closed_at") if item.get("closed_at") is not None else None,
    )


def comment_from_json(data: Any) -> Comment:
    item = _mapping(data, "comment")
    user = _mapping(item.get("user"), "comment.user")
    return Comment(
        id=_int(item, "id"),
        body=normalise_newlines(_optional_str(item, "body") or ""),
        author=_str(user, "login"),
        author_type=_str(user, "type"),
        html_url=_web_url(item),
        created_at=_time(item, "created_at"),
        updated_at=_time(item, "updated_at"),
    )


def label_name_from_json(data: Any) -> str:
    return _str(_mapping(data, "label"), "name")


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise MalformedAnswer(f"{what} is not an object")
    return value


def _str(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise MalformedAnswer(f"'{key}' is not a string")
    return value


def _optional_str(item: Mapping[str, Any], key: str) -> str | None:
    return None if item.get(key) is None else _str(item, key)


def _int(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedAnswer(f"'{key}' is not a number")
    return value


def _time(item: Mapping[str, Any], key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_str(item, key))
    except ValueError:
        raise MalformedAnswer(f"'{key}' is not a time") from None
    if moment.tzinfo is None:
        raise MalformedAnswer(f"'{key}' has no time zone")
    return moment


def _web_url(item: Mapping[str, Any]) -> str:
    url = _str(item, "html_url")
    if not _WEB_URL.fullmatch(url):
        raise MalformedAnswer("'html_url' is not a web address")
    return url
