"""HTTP behaviour under PyGithub: request counting, retries that never replay a write, and
which addresses the token may go to.

See :mod:`meetingkit.github.client` for why writes are special; this module holds the
urllib3 retry rules, the retry budget (:class:`RetryPolicy`) and the API's own address
(:class:`ApiOrigin`).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from github.Auth import Auth
from github.GithubException import RateLimitExceededExceedsMaxWait
from github.GithubRetry import GithubRetry
from github.Requester import Requester
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

IDEMPOTENT = frozenset({"GET", "HEAD"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_CHARS = re.compile(r"[^A-Za-z0-9.:\[\]-]")
_SERVER_ERRORS = frozenset(range(500, 600))
_RATE_LIMIT_STATUSES = frozenset({403, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests shrink every number; production keeps the defaults.

    ``attempts`` bounds the tries of one request (reads, automatically) and of one write
    (``*_once`` helpers and ``edit_issue``); ``backoff_seconds`` doubles per retry;
    a rate limit asking for more than ``max_wait_seconds`` fails at once;
    ``secondary_wait_seconds`` is the wait for a secondary limit that names no time;
    the ``seconds_between_*`` spacing is GitHub's advice against secondary limits;
    ``max_pages`` bounds one listing (100 items a page).
    """

    attempts: int = 3
    backoff_seconds: float = 1.0
    max_wait_seconds: float = 60.0
    secondary_wait_seconds: float = 60.0
    timeout_seconds: int = 15  # PyGithub insists on whole seconds
    seconds_between_requests: float | None = 0.25
    seconds_between_writes: float | None = 1.0
    max_pages: int = 100

    def __post_init__(self) -> None:
        if min(self.attempts, self.timeout_seconds, self.max_pages) < 1:
            raise ValueError("attempts, timeout_seconds and max_pages must be at least 1")

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1, 2, ...)."""
        return float(self.backoff_seconds * 2 ** (retry - 1))


class RequestCounter:
    """Counts HTTP requests put on the wire, including urllib3's retries."""

    def __init__(self) -> None:
        self.sent = 0
        self.attempts = 0  # tries of the latest logical request

    def started(self) -> None:
        self.sent += 1
        self.attempts = 1

    def retried(self) -> None:
        self.sent += 1
        self.attempts += 1


class CountingAuth(Auth):
    """Token auth that also counts requests: PyGithub calls ``authentication()`` exactly
    once per request it sends (urllib3 retries excluded; the retry counts those)."""

    def __init__(self, token: str | None, counter: RequestCounter) -> None:
        self._token = token
        self._counter = counter

    @property
    def token_type(self) -> str:
        return "token"

    @property
    def token(self) -> str:
        return self._token or ""

    @property
    def _masked_token(self) -> str:
        return "token (removed)"

    def authentication(self, headers: dict[str, Any]) -> None:
        self._counter.started()
        if self._token:
            headers["Authorization"] = f"token {self._token}"


class GitHubRetry(Retry):
    """urllib3 retry rules that never replay a write GitHub may have performed.

    5xx and lost connections: retried for GET/HEAD only. 403/429: read the answer; a rate
    limit is waited out for any method (GitHub did nothing), anything else raises the
    GitHub error at once. Connection failures before sending are retried by urllib3 for
    every method, which is safe.
    """

    def __init__(
        self,
        *,
        counter: RequestCounter,
        max_wait: float,
        secondary_wait: float,
        wait: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.counter = counter
        self.max_wait = max_wait
        self.secondary_wait = secondary_wait
        self.wait = wait  # what a rate limit asked for before the next try

    def new(self, **kw: Any) -> Self:
        kw.setdefault("counter", self.counter)
        kw.setdefault("max_wait", self.max_wait)
        kw.setdefault("secondary_wait", self.secondary_wait)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code in _RATE_LIMIT_STATUSES:
            return True  # increment() reads the answer and decides
        return method.upper() in IDEMPOTENT and status_code in _SERVER_ERRORS

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        # First let urllib3 check the budget: when it is spent the answer goes back unread.
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if response is not None and response.status in _RATE_LIMIT_STATUSES:
            retry.wait = self._rate_limit_wait(response, url or "")
        self.counter.retried()
        return retry

    def _rate_limit_wait(self, response: BaseHTTPResponse, url: str) -> float:
        """Seconds a 403/429 asks us to wait; raises the GitHub error if it is no rate limit
        or asks for more than ``max_wait``."""
        headers = {k.lower(): v for k, v in response.headers.items()}
        data = decode(GithubRetry.get_content(response, url))  # type: ignore[arg-type]
        message = str(data.get("message", "")) if isinstance(data, dict) else ""
        reset = headers.get("x-ratelimit-reset", "")
        wait: float | None = None
        if "retry-after" in headers:
            wait = self.parse_retry_after(headers["retry-after"])
        elif headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
            # The reset is a whole second; +1 s because it may fall anywhere in it.
            wait = max(int(reset) - time.time(), 0.0) + 1
        elif response.status == 429 or Requester.isRateLimitError(message):
            wait = self.secondary_wait
        if wait is None:
            raise Requester.createException(response.status, headers, data)
        if wait > self.max_wait:
            raise RateLimitExceededExceedsMaxWait(response.status, data, headers, wait=wait)
        return wait

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        wait = self.wait
        if wait is None:
            retry_after = self.get_retry_after(response) if response is not None else None
            wait = retry_after if retry_after is not None else self.get_backoff_time()
        if wait > 0:
            time.sleep(min(wait, self.max_wait))


@dataclass(frozen=True)
class ApiOrigin:
    """Scheme, host and port of ``GITHUB_API_URL``, and the path the API lives under."""

    scheme: str
    host: str
    port: int
    prefix: str

    @classmethod
    def of(cls, url: str) -> ApiOrigin | None:
        try:
            parts = urlsplit(url)
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError:  # e.g. a port that is no number
            return None
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(parts.scheme, parts.hostname.lower(), port, parts.path.rstrip("/"))

    def relative(self, url: str) -> str | None:
        """``url`` as a path below the API (what the requester takes), or None when it
        points anywhere else: another scheme, host or port, or outside the API path."""
        other = ApiOrigin.of(url)
        if other is None or (other.scheme, other.host, other.port) != (
            self.scheme,
            self.host,
            self.port,
        ):
            return None
        parts = urlsplit(url)
        if not parts.path.startswith(self.prefix + "/"):
            return None
        path = parts.path[len(self.prefix) :]
        return f"{path}?{parts.query}" if parts.query else path


def next_link(header: str) -> str | None:
    """The ``rel="next"`` target of a ``Link`` header, if any."""
    for link in requests.utils.parse_header_links(header) if header else ():
        if link.get("rel") == "next":
            return link.get("url", "")
    return None


def host_of(url: str) -> str:
    """The host of ``url`` for a message: cut short, odd characters dropped."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return _HOST_CHARS.sub("", host)[:80] or "an unknown host"


def decode(content: bytes) -> Any:
    try:
        return json.loads(content) if content else None
    except (ValueError, RecursionError):
        return {"data": content.decode("utf-8", errors="replace")}
