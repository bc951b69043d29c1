"""How meetingkit talks to GitHub: a small, typed layer over PyGithub's requester.

Everything the agenda and archive jobs need goes through :class:`GitHubClient`; it returns
plain frozen records (:class:`Issue`, :class:`Comment`) read strictly from GitHub's JSON
(:mod:`meetingkit.github.records`).

The token goes to one host only, the one of ``GITHUB_API_URL``. PyGithub's public
``Requester.requestJson`` sends every request to that host (a full URL is cut to its path),
and the client follows ``Link: rel="next"`` pages itself: a next page on another host or
port, outside the API path, or already read, and more than ``RetryPolicy.max_pages`` pages,
end the listing with an error. (PyGithub's own paging checks the host with an ``assert``,
which ``python -O`` removes.) Redirects are never followed to another host, and an answer
that is not the JSON the API documents is a :class:`GitHubError`, not a traceback.

Retries, and why writes are special:

- Reads (GET/HEAD) are retried by urllib3 on 5xx answers and lost connections, with
  exponential backoff.
- A write (POST/PATCH) is never replayed blindly: a 502 or a timeout may come *after*
  GitHub created the issue, and PyGithub's default ``GithubRetry`` would then create a
  duplicate. :meth:`GitHubClient.create_issue_once` and
  :meth:`GitHubClient.create_comment_once` instead ask the caller's ``find_existing()``
  (a list-issues/list-comments lookup by hidden marker; search lags and must not be used)
  before trying again. ``edit_issue`` sets absolute values, so it may simply be re-sent.
- Rate limits (403/429 with ``Retry-After``, ``x-ratelimit-remaining: 0`` with
  ``x-ratelimit-reset``, or GitHub's secondary-limit message) mean GitHub did nothing, so
  every method waits them out, up to ``RetryPolicy.max_wait_seconds``.

Every failure surfaces as :class:`GitHubError` with a one-line message that never holds
the token.

PyGithub is imported from its submodules (``github.MainClass`` ...): with ruff's
``src = ["scripts", "tests"]``, a bare ``github`` would be sorted as the first-party folder
tests/github.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any, TypeVar

import requests
import urllib3.exceptions
from github.GithubException import GithubException, RateLimitExceededExceedsMaxWait
from github.MainClass import Github
from github.Requester import Requester

from meetingkit import __version__
from meetingkit.github.markers import first_line
from meetingkit.github.records import (
    Comment,
    GitHubError,
    Issue,
    LabelSpec,
    MalformedAnswer,
    comment_from_json,
    issue_from_json,
    label_name_from_json,
    message_for,
    redact,
)
from meetingkit.github.transport import (
    IDEMPOTENT,
    ApiOrigin,
    CountingAuth,
    GitHubRetry,
    RequestCounter,
    RetryPolicy,
    decode,
    host_of,
    next_link,
)

T = TypeVar("T")

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_BOT_LOGIN = "github-actions[bot]"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class GitHubSettings:
    """Where and as whom to talk to GitHub (``repository`` is ``owner/name``)."""

    token: str | None = field(repr=False)  # never printed
    repository: str
    api_url: str = DEFAULT_API_URL
    bot_login: str = DEFAULT_BOT_LOGIN

    def __post_init__(self) -> None:
        # The repository ends up in URL paths, so only GitHub's own name characters pass.
        names = self.repository.split("/")
        if not _REPOSITORY.fullmatch(self.repository) or {".", ".."} & set(names):
            raise GitHubError(f"GITHUB_REPOSITORY must be 'owner/name', got {self.repository!r}")
        if ApiOrigin.of(self.api_url) is None:
            raise GitHubError(
                f"GITHUB_API_URL must be an http(s) address such as {DEFAULT_API_URL}, "
                f"got {self.api_url!r}"
            )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], bot_login: str = DEFAULT_BOT_LOGIN
    ) -> GitHubSettings:
        """Read ``GITHUB_TOKEN``, ``GITHUB_REPOSITORY`` and ``GITHUB_API_URL`` as Actions sets
        them; an empty token counts as none (the caller then runs as a dry run)."""
        return cls(
            token=environ.get("GITHUB_TOKEN") or None,
            repository=environ.get("GITHUB_REPOSITORY", "").strip(),
            api_url=(environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            bot_login=bot_login,
        )


class GitHubClient:
    """The GitHub operations meetingkit needs, on one repository.

    Counts every HTTP request in :attr:`request_count`. Not thread-safe. Use as a context
    manager (or call :meth:`close`) to release the connection pool.
    """

    def __init__(self, settings: GitHubSettings, policy: RetryPolicy | None = None) -> None:
        self.settings = settings
        self.policy = policy or RetryPolicy()
        self._counter = RequestCounter()
        origin = ApiOrigin.of(settings.api_url)
        if origin is None:  # GitHubSettings checked it
            raise GitHubError(f"GITHUB_API_URL {settings.api_url!r} is no http(s) address")
        self._origin = origin
        retry = GitHubRetry(
            counter=self._counter,
            max_wait=self.policy.max_wait_seconds,
            secondary_wait=self.policy.secondary_wait_seconds,
            total=self.policy.attempts - 1,
            other=0,  # unknown failures: do not guess whether a write happened
            allowed_methods=IDEMPOTENT,  # urllib3 consults it for read errors
            backoff_factor=self.policy.backoff_seconds,
            raise_on_status=False,  # hand the last 5xx back, to be reported
        )
        self._github = Github(
            auth=CountingAuth(settings.token, self._counter),
            base_url=settings.api_url,
            timeout=self.policy.timeout_seconds,
            user_agent=f"meetingkit/{__version__}",
            retry=retry,
            seconds_between_requests=self.policy.seconds_between_requests,
            seconds_between_writes=self.policy.seconds_between_writes,
        )
        self._requester: Requester = self._github.requester
        self._path = f"/repos/{settings.repository}"

    # --------------------------------------------------------------- plumbing
    @property
    def request_count(self) -> int:
        """HTTP requests attempted so far, urllib3 retries included (for ``--verbose``)."""
        return self._counter.sent

    def close(self) -> None:
        self._github.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _request(
        self,
        operation: str,
        verb: str,
        path: str,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """One request below the API URL: (the decoded JSON answer, the headers)."""
        status, headers, output = self._call(
            operation,
            lambda: self._requester.requestJson(
                verb, path, dict(params or {}), None, dict(body) if body is not None else None
            ),
        )
        if 300 <= status < 400:
            host = host_of(str(headers.get("location", "")))
            raise self._refusal(
                operation, f"was answered with a redirect (HTTP {status}) to {host}; not followed"
            )
        if status >= 400:
            data = decode(output.encode("utf-8") if isinstance(output, str) else output)
            data = data if isinstance(data, dict) else {}
            error = Requester.createException(status, headers, data)
            raise self._status_error(operation, error)
        try:
            return (json.loads(output) if output else None), headers
        except (ValueError, RecursionError):  # RecursionError: nested thousands deep
            raise self._refusal(operation, "was answered with something that is not JSON") from None

    def _call(self, operation: str, send: Callable[[], T]) -> T:
        """Send through PyGithub; every failure of the exchange becomes a GitHubError."""
        try:
            return send()
        except GithubException as exc:  # raised by the retry rules (rate limits)
            raise self._status_error(operation, exc) from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            reason = _transport_reason(exc)
            raise GitHubError(
                message_for(reason, operation, self._counter.attempts),
                retryable=True,
                operation=operation,
                reason=reason,
            ) from exc
        except RuntimeError as exc:  # PyGithub refuses a 301 to another host or scheme
            raise self._refusal(operation, "was redirected elsewhere; not followed") from exc

    def _pages(self, operation: str, path: str, params: Mapping[str, str]) -> list[Any]:
        """Every item of a listing, following ``Link: rel="next"`` on the API's own host."""
        items: list[Any] = []
        url, query, seen = path, dict(params), {path}
        for _page in range(self.policy.max_pages):
            data, headers = self._request(operation, "GET", url, query)
            if not isinstance(data, list):
                raise self._refusal(operation, "was answered with something that is not a list")
            items.extend(data)
            link = next_link(str(headers.get("link", "")))
            if link is None:
                return items
            relative = self._origin.relative(link)
            if relative is None:
                raise self._refusal(
                    operation,
                    f"named a next page outside GITHUB_API_URL (on {host_of(link)}); "
                    "not followed, as the token goes to no other address",
                )
            if relative in seen:
                raise self._refusal(operation, "named a next page it had already sent")
            url, query = relative, {}
            seen.add(url)
        raise self._refusal(operation, f"has more than {self.policy.max_pages} pages; stopped")

    def _read(self, operation: str, reader: Callable[[], T]) -> T:
        """Turn an answer of the wrong shape into a :class:`GitHubError`."""
        try:
            return reader()
        except MalformedAnswer as exc:
            raise self._refusal(
                operation, f"was answered with something unexpected ({exc})"
            ) from None

    def _refusal(self, operation: str, what: str) -> GitHubError:
        """An answer we will not use; never retried (a retry would get the same)."""
        return GitHubError(f"GitHub API: {operation} {what}")

    def _status_error(self, operation: str, exc: GithubException) -> GitHubError:
        data = exc.data if isinstance(exc.data, dict) else {}
        detail = redact(str(data.get("message") or ""), self.settings.token)
        detail = _first_sentence(detail)
        try:
            reason = f"{exc.status} {HTTPStatus(exc.status).phrase}"
        except ValueError:
            reason = f"HTTP {exc.status}"
        if isinstance(exc, RateLimitExceededExceedsMaxWait):
            detail = (
                f"rate limited for {exc.wait or 0:.0f} s, longer than the "
                f"{self.policy.max_wait_seconds:.0f} s allowed"
            )
        if detail and detail.lower() != reason.split(" ", 1)[-1].lower():
            reason += f" ({detail})"
        errors = data.get("errors")
        codes = (
            tuple(str(e.get("code")) for e in errors if isinstance(e, dict))
            if isinstance(errors, list)
            else ()
        )
        return GitHubError(
            redact(message_for(reason, operation, self._counter.attempts), self.settings.token),
            status=exc.status,
            retryable=exc.status >= 500,
            codes=codes,
            operation=operation,
            reason=reason,
        )

    def _retry_write(self, attempt: Callable[[], T], find_existing: Callable[[], T | None]) -> T:
        """Try a write up to ``policy.attempts`` times; after a failure that may have
        happened on GitHub's side, look for its result before sending it again."""
        for number in range(1, self.policy.attempts + 1):
            try:
                return attempt()
            except GitHubError as exc:
                if not exc.retryable or number == self.policy.attempts:
                    raise exc.after(number) from exc
            time.sleep(self.policy.backoff(number))
            existing = find_existing()
            if existing is not None:
                return existing
        raise AssertionError("unreachable: the loop returns or raises")

    # ---------------------------------------------------------------- issues
    def list_issues(self, label: str | None = None, *, state: str = "all") -> list[Issue]:
        """Issues (no pull requests) with ``label``, in every state by default, oldest first.

        Uses the list API, which sees an issue as soon as it exists (search does not)."""
        operation = f"GET {self._path}/issues"
        params = {"state": state, **({"labels": label} if label else {})}
        params |= {"sort": "created", "direction": "asc", "per_page": "100"}
        items = self._pages(operation, f"{self._path}/issues", params)
        # GitHub lists pull requests as issues; only they carry "pull_request".
        return self._read(
            operation,
            lambda: [
                issue_from_json(i)
                for i in items
                if not (isinstance(i, dict) and "pull_request" in i)
            ],
        )

    def create_issue(self, title: str, body: str, labels: Iterable[str] = ()) -> Issue:
        """One POST, never repeated on a server error (see :meth:`create_issue_once`)."""
        operation = f"POST {self._path}/issues"
        data = {"title": title, "body": body, "labels": list(labels)}
        answer, _headers = self._request(operation, "POST", f"{self._path}/issues", body=data)
        return self._read(operation, lambda: issue_from_json(answer))

    def create_issue_once(
        self,
        find_existing: Callable[[], Issue | None],
        title: str,
        body: str,
        labels: Iterable[str] = (),
    ) -> Issue:
        """Create an issue, or return the one a failed-looking attempt did create.

        ``find_existing`` must find the issue by content (a hidden marker in the body, e.g.
        ``lambda: client.find_issue_by_marker(marker, label)``), never through search, which
        lags. Its own failures propagate. Non-retryable failures (4xx, a rate limit longer
        than allowed) raise at once; the last retryable one raises as "... after N attempts".
        """
        names = list(labels)
        return self._retry_write(lambda: self.create_issue(title, body, names), find_existing)

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: str | None = None,
        state_reason: str | None = None,
        labels: Iterable[str] | None = None,
    ) -> Issue:
        """Set the given fields. They are absolute values, so a failed try is re-sent."""
        changes: dict[str, Any] = {
            "title": title,
            "body": body,
            "state": state,
            "state_reason": state_reason,
            "labels": list(labels) if labels is not None else None,
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        path = f"{self._path}/issues/{number}"
        operation = f"PATCH {path}"

        def attempt() -> Issue:
            answer, _headers = self._request(operation, "PATCH", path, body=changes)
            return self._read(operation, lambda: issue_from_json(answer))

        return self._retry_write(attempt, lambda: None)

    def find_issue_by_marker(self, marker: str, label: str | None = None) -> Issue | None:
        """The oldest issue with ``label`` whose first line is ``marker`` and that the bot
        itself opened (anyone can paste a marker into an issue of their own)."""
        for issue in self.list_issues(label):
            if first_line(issue.body) == marker and issue.author == self.settings.bot_login:
                return issue
        return None

    # -------------------------------------------------------------- comments
    def list_comments(self, number: int) -> list[Comment]:
        path = f"{self._path}/issues/{number}/comments"
        operation = f"GET {path}"
        items = self._pages(operation, path, {"per_page": "100"})
        return self._read(operation, lambda: [comment_from_json(c) for c in items])

    def create_comment(self, number: int, body: str) -> Comment:
        """One POST, never repeated on a server error (see :meth:`create_comment_once`)."""
        path = f"{self._path}/issues/{number}/comments"
        operation = f"POST {path}"
        answer, _headers = self._request(operation, "POST", path, body={"body": body})
        return self._read(operation, lambda: comment_from_json(answer))

    def create_comment_once(
        self, find_existing: Callable[[], Comment | None], number: int, body: str
    ) -> Comment:
        """Like :meth:`create_issue_once`, for a comment on issue ``number``."""
        return self._retry_write(lambda: self.create_comment(number, body), find_existing)

    def edit_comment(self, number: int, comment_id: int, body: str) -> Comment:
        """Replace a comment's body on issue ``number``; an absolute value, so re-sent on a
        failed try."""
        path = f"{self._path}/issues/comments/{comment_id}"
        operation = f"PATCH {path}"

        def attempt() -> Comment:
            answer, _headers = self._request(operation, "PATCH", path, body={"body": body})
            return self._read(operation, lambda: comment_from_json(answer))

        return self._retry_write(attempt, lambda: None)

    def find_comment_by_marker(self, number: int, marker: str) -> Comment | None:
        """The oldest comment on ``number`` by the bot whose first line is ``marker``."""
        for comment in self.list_comments(number):
            if first_line(comment.body) == marker and comment.author == self.settings.bot_login:
                return comment
        return None

    # ---------------------------------------------------------------- labels
    def ensure_labels(self, labels: Iterable[str | LabelSpec]) -> list[str]:
        """Create the labels that do not exist yet; return the names created.

        One listing finds what exists. Names compare case-insensitively, as on GitHub; a
        label created meanwhile by someone else counts as existing."""
        specs = [LabelSpec(x) if isinstance(x, str) else x for x in labels]
        path = f"{self._path}/labels"
        operation = f"GET {path}"
        items = self._pages(operation, path, {"per_page": "100"})
        existing = self._read(operation, lambda: {label_name_from_json(i).lower() for i in items})
        created: list[str] = []
        for spec in specs:
            if spec.name.lower() in existing:
                continue
            try:
                self._create_label(spec)
            except GitHubError as exc:
                if "already_exists" not in exc.codes:
                    raise
            else:
                created.append(spec.name)
            existing.add(spec.name.lower())
        return created

    def _create_label(self, spec: LabelSpec) -> None:
        data = {"name": spec.name, "color": spec.color}
        if spec.description:
            data["description"] = spec.description
        path = f"{self._path}/labels"
        self._request(f"POST {path}", "POST", path, body=data)


def _first_sentence(text: str) -> str:
    """GitHub's messages can run to a paragraph; one line keeps the report readable."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    sentence = line.split(". ", 1)[0].rstrip(".")
    return sentence if len(sentence) <= 120 else sentence[:119] + "…"


def _transport_reason(exc: Exception) -> str:
    """A short phrase for a failure that produced no HTTP answer."""
    if isinstance(exc, requests.Timeout | urllib3.exceptions.TimeoutError):
        return "request timed out"
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 10:
        seen.append(current)
        nested = [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        reason = getattr(current, "reason", None)
        current = (
            nested[0]
            if nested
            else reason
            if isinstance(reason, BaseException)
            else (current.__cause__ or current.__context__)
        )
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in seen):
        return "cannot connect"
    if any(isinstance(e, urllib3.exceptions.ProtocolError | ConnectionError) for e in seen):
        return "connection closed without an answer"
    return "connection failed"
