"""What the GitHub layer hands out: plain frozen records, and its one error type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
