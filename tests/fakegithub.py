"""A stateful local GitHub REST API (v3 JSON) emulator for tests.

It speaks real HTTP on 127.0.0.1 (ephemeral port, ``ThreadingHTTPServer`` in a daemon
thread), so PyGithub, ``requests`` and urllib3 run unmodified against it, retries and all::

    with FakeGitHub(owner="todogroup", repo="meetings", token="t0ken") as gh:
        client = make_client(api_url=gh.api_url, token="t0ken")
        gh.inject("POST", r"/repos/todogroup/meetings/issues", "502_after")
        ...
        assert len(gh.issues()) == 1
        assert [r.method for r in gh.requests] == ["POST", "GET"]

What it models (paths, status codes, JSON field names and headers as GitHub sends them,
limited to the fields PyGithub 2.x reads for repositories, issues, comments and labels):

- ``GET /repos/{o}/{r}``; every repo route also answers under ``/repositories/{id}``, the
  form GitHub uses in ``Link`` headers.
- ``GET|POST /repos/{o}/{r}/issues`` (state, labels (AND), creator, sort, direction, since,
  per_page (default 30, max 100), page; ``Link`` rel="prev"/"next"/"last"/"first").
- ``GET|PATCH /repos/{o}/{r}/issues/{n}``; ``GET|POST /repos/{o}/{r}/issues/{n}/comments``;
  ``PATCH /repos/{o}/{r}/issues/comments/{id}`` (only its author may edit a comment).
- ``GET|POST /repos/{o}/{r}/labels``, ``GET /repos/{o}/{r}/labels/{name}``. A new repository
  has GitHub's nine default labels. Issue labels that do not exist are created (grey) when the
  author has push access and silently dropped otherwise, as GitHub does.
- ``GET /search/issues`` (``repo:``, ``is:issue|pr|open|closed``, ``state:``, ``in:``,
  ``label:``, ``author:``, quoted phrases, words), with an index that lags: see
  ``search_lag`` and ``search_hide_newest``.
- ``GET /rate_limit``; ``x-ratelimit-*`` headers on every response.
- ``GET /user``: 403 "Resource not accessible by integration" for a ``Bot`` token.
- ``POST /graphql``: Discussions, by tests/fakegraphql.py (``fake.graphql``).
- Auth: ``Authorization: token X`` or ``Bearer X``; anything else is 401 "Bad credentials".

Hostile behaviours (``inject`` faults, switchable per test): "next_foreign" (a
``Link: rel="next"`` to another host), "next_self" (a next link to the page just sent),
"malformed_json" (the request is performed, the answer is cut-off JSON), "301_foreign" and
"307_foreign" (a redirect to another host, nothing performed), "307_odd_body" (a 307 without
``Location`` whose body looks like a page of issues). The other host is :class:`Witness`, a
second server on 127.0.0.2 that answers every request with ``[]`` and records the
``Authorization`` header it got (``foreign_requests``).

Test controls: ``clock`` (timestamps of everything written), ``requests`` (one
``Request(method, path, query, status)`` per request received, ``status`` None when the
connection was dropped), ``inject()`` (faults), ``add_user()`` (a second token acting as
another user, e.g. to plant a spoofed marker), ``add_issue()``/``add_comment()`` (seed state
without HTTP), ``add_label()``, and ``issues()``/``comments()``/``labels()``/``label_names()``
(read state back as GitHub's JSON).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from meetingkit.github import RetryPolicy

from fakegraphql import FakeGraphQL

# The client's retry budget shrunk for tests: tiny backoff, short waits, no request spacing.
FAST_RETRY = RetryPolicy(
    attempts=3,
    backoff_seconds=0.01,
    max_wait_seconds=2.0,
    secondary_wait_seconds=0.1,
    timeout_seconds=1,  # the emulator's timeout fault answers after 1.5 s
    seconds_between_requests=None,
    seconds_between_writes=None,
)

WEB_URL = "https://github.com"
BOT_LOGIN = "github-actions[bot]"
BOT_ID = 41898282
DEFAULT_START = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
CORE_LIMIT = 5000
SEARCH_LIMIT = 30
DOCS = "https://docs.github.com/rest"

# GitHub's own default labels of a new repository (name, color, description).
DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("bug", "d73a4a", "Something isn't working"),
    ("documentation", "0075ca", "Improvements or additions to documentation"),
    ("duplicate", "cfd3d7", "This issue or pull request already exists"),
    ("enhancement", "a2eeef", "New feature or request"),
    ("good first issue", "7057ff", "Good for newcomers"),
    ("help wanted", "008672", "Extra attention is needed"),
    ("invalid", "e4e669", "This doesn't seem right"),
    ("question", "d876e3", "Further information is requested"),
    ("wontfix", "ffffff", "This will not be worked on"),
)

SECONDARY_RATE_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID "
    "C0DE:1234:5678:9ABC:DEF0."
)
SECONDARY_RATE_LIMIT_DOCS = (
    "https://docs.github.com/free-pro-team@latest/rest/overview/"
    "rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
BAD_GATEWAY_HTML = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1></body></html>\n"
)

#: Every fault ``inject()`` accepts. "before" faults never perform the request's write;
#: "after" faults perform it and then fail the answer.
FAULTS = frozenset(
    {
        "502_before",
        "502_after",
        "500",
        "reset_before",
        "reset_after",
        "timeout_after",
        "secondary_rate_limit",
        "429",
        "primary_rate_limit",
        "next_foreign",
        "next_self",
        "malformed_json",
        "301_foreign",
        "307_foreign",
        "307_odd_body",
    }
)
_AFTER_FAULTS = frozenset(
    {"502_after", "reset_after", "timeout_after", "next_foreign", "next_self", "malformed_json"}
)


def iso(moment: datetime) -> str:
    """GitHub's timestamp format: ISO 8601 in UTC with a ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FakeClock:
    """The emulated "now" for every timestamp the emulator writes; it moves only when told."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


class Request(NamedTuple):
    """One request the emulator received (query: first value of each parameter)."""

    method: str
    path: str
    query: dict[str, str]
    status: int | None


@dataclass
class User:
    login: str
    id: int
    type: str  # "User" or "Bot"
    push: bool  # push access: may set labels (and so create them) on new issues


@dataclass
class _Label:
    id: int
    name: str
    color: str
    description: str | None
    default: bool = False


@dataclass
class _Comment:
    id: int
    body: str
    user: User
    created_at: datetime
    updated_at: datetime


@dataclass
class _Issue:
    id: int
    number: int
    seq: int  # global creation order, for the search index
    title: str
    body: str | None
    user: User
    labels: list[_Label]
    state: str = "open"
    state_reason: str | None = None
    created_at: datetime = DEFAULT_START
    updated_at: datetime = DEFAULT_START
    closed_at: datetime | None = None
    closed_by: User | None = None
    comments: list[_Comment] = field(default_factory=list)


@dataclass
class _Repo:
    id: int
    owner: str
    name: str
    default_branch: str
    labels: dict[str, _Label] = field(default_factory=dict)  # key: lower-case name
    issues: dict[int, _Issue] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    fault: str
    times: int | None
    retry_after: int | None
    reset_in: int
    delay: float


@dataclass
class _Reply:
    status: int
    payload: Any = None  # JSON-serialisable, or bytes sent as text/html
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None  # overrides the type the payload implies


class _Ctx(NamedTuple):
    method: str
    path: str  # as received, undecoded, without query
    pairs: list[tuple[str, str]]
    query: dict[str, str]
    body: Any
    user: User
    repo: _Repo | None
    args: tuple[str, ...]  # decoded route parameters after owner/repo


class _HTTPError(Exception):
    def __init__(self, reply: _Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def _error(status: int, message: str, doc: str = DOCS, **extra: Any) -> _HTTPError:
    payload: dict[str, Any] = {"message": message, **extra}
    payload["documentation_url"] = doc
    payload["status"] = str(status)
    return _HTTPError(_Reply(status, payload))


def _validation_failed(resource: str, code: str, fld: str, doc: str = DOCS) -> _HTTPError:
    errors = [{"resource": resource, "code": code, "field": fld}]
    return _error(422, "Validation Failed", doc, errors=errors)


def _not_found() -> _HTTPError:
    return _error(404, "Not Found")


class FakeGitHub:
    """The emulator; start it with ``with`` (or ``start()``/``stop()``).

    :param owner, repo: the first repository (more with ``add_repo``).
    :param token: the token of the acting bot (login ``bot_login``, type ``Bot``, push access).
    :param search_lag: emulated seconds before a new issue shows up in search.
    :param search_hide_newest: the N most recently created issues never show up in search.
    :param web_url: base of ``html_url`` fields.
    """

    def __init__(
        self,
        owner: str = "todogroup",
        repo: str = "meetings",
        token: str = "t0ken",
        *,
        bot_login: str = BOT_LOGIN,
        clock: FakeClock | None = None,
        search_lag: float = 60.0,
        search_hide_newest: int = 0,
        web_url: str = WEB_URL,
    ) -> None:
        self.clock = clock or FakeClock()
        self.search_lag = search_lag
        self.search_hide_newest = search_hide_newest
        self.web_url = web_url
        self.requests: list[Request] = []
        self._lock = threading.RLock()
        self._ids = 1000
        self._seq = 0
        self._tokens: dict[str, User] = {}
        self._repos: dict[str, _Repo] = {}
        self._faults: list[_Fault] = []
        self._used: dict[tuple[str, str], int] = {}  # (token, resource) -> requests counted
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._witness: Witness | None = None
        self.bot = self.add_user(token, bot_login, type="Bot", push=True, id=BOT_ID)
        self.default_repo = f"{owner}/{repo}"
        self.add_repo(owner, repo)
        self.graphql = FakeGraphQL(self)  # POST /graphql: Discussions (tests/fakegraphql.py)

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> FakeGitHub:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]  # the handler finds its emulator here
        self._server = server
        # A short poll interval keeps stop() (which waits for the serving loop) fast.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a timeout fault
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:  # unblock handler threads waiting on keep-alive reads
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._witness is not None:
            self._witness.stop()

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT``: pass it as PyGithub's ``base_url``/``GITHUB_API_URL``."""
        if self._server is None:
            raise RuntimeError("FakeGitHub is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def foreign_url(self) -> str:
        """The base URL of the other host the hostile faults point at (started on first use)."""
        if self._witness is None:
            self._witness = Witness().start()
        return self._witness.url

    @property
    def foreign_requests(self) -> list[tuple[str, str, str | None]]:
        """(method, path, Authorization header) of every request the other host received."""
        return list(self._witness.requests) if self._witness else []

    # ------------------------------------------------------------- seeding/state
    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def add_user(
        self, token: str, login: str, *, type: str = "User", push: bool = False, id: int = 0
    ) -> User:
        """Let ``token`` act as ``login``; issues and comments it creates are authored by it."""
        with self._lock:
            user = User(login=login, id=id or self._next_id(), type=type, push=push)
            self._tokens[token] = user
            return user

    def add_repo(self, owner: str, name: str, *, default_branch: str = "main") -> None:
        with self._lock:
            repo = _Repo(self._next_id(), owner, name, default_branch)
            for label_name, color, description in DEFAULT_LABELS:
                repo.labels[label_name] = _Label(
                    self._next_id(), label_name, color, description, default=True
                )
            self._repos[repo.full_name.lower()] = repo

    def _repo(self, full_name: str | None) -> _Repo:
        return self._repos[(full_name or self.default_repo).lower()]

    def _user(self, login: str | None) -> User:
        if login is None:
            return self.bot
        for user in self._tokens.values():
            if user.login == login:
                return user
        return User(login=login, id=self._next_id(), type="User", push=False)

    def add_issue(
        self,
        title: str,
        body: str | None = "",
        *,
        labels: Sequence[str] = (),
        user: str | None = None,
        state: str = "open",
        repo: str | None = None,
        created_at: datetime | None = None,
    ) -> dict[str, Any]:
        """Create an issue directly (no HTTP, not logged); labels are created as needed."""
        with self._lock:
            target = self._repo(repo)
            found = [self._label(target, name, create=True) for name in labels]
            issue = self._create_issue(
                target, title, body, [lbl for lbl in found if lbl is not None], self._user(user)
            )
            if created_at is not None:
                issue.created_at = issue.updated_at = created_at
            if state == "closed":
                self._set_state(issue, "closed", None, issue.user)
            return self._issue_json(target, issue)

    def add_comment(
        self, number: int, body: str, *, user: str | None = None, repo: str | None = None
    ) -> dict[str, Any]:
        """Add a comment directly (no HTTP, not logged)."""
        with self._lock:
            target = self._repo(repo)
            issue = target.issues[number]
            return self._comment_json(
                target, issue, self._add_comment(issue, body, self._user(user))
            )

    def issues(self, repo: str | None = None) -> list[dict[str, Any]]:
        """Every issue of the repository as GitHub would return it, by number."""
        with self._lock:
            target = self._repo(repo)
            return [self._issue_json(target, i) for _, i in sorted(target.issues.items())]

    def comments(self, number: int, repo: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            target = self._repo(repo)
            issue = target.issues[number]
            return [self._comment_json(target, issue, c) for c in issue.comments]

    def add_label(
        self,
        name: str,
        color: str = "ededed",
        description: str | None = None,
        *,
        repo: str | None = None,
    ) -> None:
        """Create a label directly (no HTTP, not logged)."""
        with self._lock:
            label = _Label(self._next_id(), name, color, description)
            self._repo(repo).labels[name.lower()] = label

    def labels(self, repo: str | None = None) -> list[dict[str, Any]]:
        """Every label of the repository as GitHub would return it, by name."""
        with self._lock:
            target = self._repo(repo)
            found = sorted(target.labels.values(), key=lambda lbl: lbl.name.lower())
            return [self._label_json(target, lbl) for lbl in found]

    def label_names(self, repo: str | None = None) -> list[str]:
        with self._lock:
            return sorted((lbl.name for lbl in self._repo(repo).labels.values()), key=str.lower)

    # ------------------------------------------------------------------- faults
    def inject(
        self,
        method: str,
        path_regex: str,
        fault: str,
        times: int | None = 1,
        *,
        retry_after: int | None = 1,
        reset_in: int = 1,
        delay: float = 1.5,
    ) -> None:
        """Make the next ``times`` (None: every) matching request fail with ``fault``.

        ``method`` is an HTTP method or ``*``; ``path_regex`` must match the whole request
        path (no query), e.g. ``r"/repos/o/r/issues/\\d+/comments"``. Faults are tried in
        the order injected; one request consumes at most one. ``retry_after`` is the
        ``Retry-After`` header of "secondary_rate_limit" and "429" (None: omitted);
        ``reset_in`` sets ``x-ratelimit-reset`` = now + reset_in for "primary_rate_limit";
        ``delay`` is how long "timeout_after" holds the answer back (make it longer than the
        client's timeout).
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; expected one of {sorted(FAULTS)}")
        with self._lock:
            self._faults.append(
                _Fault(
                    method.upper(),
                    re.compile(path_regex),
                    fault,
                    times,
                    retry_after,
                    reset_in,
                    delay,
                )
            )

    @property
    def pending_faults(self) -> int:
        """How many injected faults have not fired yet (None-times faults count as one)."""
        with self._lock:
            return len(self._faults)

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method in (method, "*") and fault.pattern.fullmatch(path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    # ------------------------------------------------------------- JSON shapes
    def _api(self, path: str) -> str:
        return f"{self.api_url}{path}"

    def _user_json(self, user: User) -> dict[str, Any]:
        html = (
            f"{self.web_url}/apps/{user.login.removesuffix('[bot]')}"
            if user.type == "Bot"
            else f"{self.web_url}/{user.login}"
        )
        return {
            "login": user.login,
            "id": user.id,
            "node_id": f"U_{user.id}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}?v=4",
            "url": self._api(f"/users/{quote(user.login, safe='')}"),
            "html_url": html,
            "type": user.type,
            "site_admin": False,
        }

    def _repo_json(self, repo: _Repo) -> dict[str, Any]:
        owner = User(login=repo.owner, id=repo.id - 1, type="Organization", push=False)
        base = f"/repos/{repo.full_name}"
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": self._user_json(owner),
            "private": False,
            "html_url": f"{self.web_url}/{repo.full_name}",
            "description": None,
            "fork": False,
            "url": self._api(base),
            "issues_url": self._api(f"{base}/issues{{/number}}"),
            "labels_url": self._api(f"{base}/labels{{/name}}"),
            "default_branch": repo.default_branch,
            "has_issues": True,
            "archived": False,
            "disabled": False,
            "visibility": "public",
            "open_issues_count": sum(i.state == "open" for i in repo.issues.values()),
            "permissions": {"admin": False, "maintain": False, "push": True, "pull": True},
        }

    def _label_json(self, repo: _Repo, label: _Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": f"LA_{label.id}",
            "url": self._api(f"/repos/{repo.full_name}/labels/{quote(label.name, safe='')}"),
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def _issue_json(self, repo: _Repo, issue: _Issue) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}/issues/{issue.number}")
        return {
            "url": api,
            "repository_url": self._api(f"/repos/{repo.full_name}"),
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": f"{self.web_url}/{repo.full_name}/issues/{issue.number}",
            "id": issue.id,
            "node_id": f"I_{issue.id}",
            "number": issue.number,
            "title": issue.title,
            "user": self._user_json(issue.user),
            "labels": [self._label_json(repo, lbl) for lbl in issue.labels],
            "state": issue.state,
            "locked": False,
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at) if issue.closed_at else None,
            "closed_by": self._user_json(issue.closed_by) if issue.closed_by else None,
            "author_association": "CONTRIBUTOR" if issue.user.type == "Bot" else "NONE",
            "active_lock_reason": None,
            "body": issue.body,
            "timeline_url": f"{api}/timeline",
            "performed_via_github_app": None,
            "state_reason": issue.state_reason,
        }

    def _comment_json(self, repo: _Repo, issue: _Issue, comment: _Comment) -> dict[str, Any]:
        base = f"/repos/{repo.full_name}/issues"
        return {
            "url": self._api(f"{base}/comments/{comment.id}"),
            "html_url": f"{self.web_url}/{repo.full_name}/issues/{issue.number}"
            f"#issuecomment-{comment.id}",
            "issue_url": self._api(f"{base}/{issue.number}"),
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "user": self._user_json(comment.user),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": "CONTRIBUTOR" if comment.user.type == "Bot" else "NONE",
            "body": comment.body,
            "performed_via_github_app": None,
        }

    # ------------------------------------------------------------ state changes
    def _label(self, repo: _Repo, name: str, create: bool) -> _Label | None:
        label = repo.labels.get(name.lower())
        if label is None and create:
            label = _Label(self._next_id(), name, "ededed", None)
            repo.labels[name.lower()] = label
        return label

    def _labels(self, repo: _Repo, names: Sequence[Any], user: User) -> list[_Label]:
        # GitHub silently drops labels set by users without push access.
        found = [self._label(repo, str(n), user.push) for n in names] if user.push else []
        unique: dict[int, _Label] = {lbl.id: lbl for lbl in found if lbl is not None}
        return list(unique.values())

    def _create_issue(
        self, repo: _Repo, title: str, body: str | None, labels: list[_Label], user: User
    ) -> _Issue:
        now = self.clock.now()
        self._seq += 1
        number = max(repo.issues, default=0) + 1
        issue = _Issue(
            id=self._next_id(),
            number=number,
            seq=self._seq,
            title=title,
            body=body,
            user=user,
            labels=labels,
            created_at=now,
            updated_at=now,
        )
        repo.issues[number] = issue
        return issue

    def _add_comment(self, issue: _Issue, body: str, user: User) -> _Comment:
        now = self.clock.now()
        comment = _Comment(self._next_id(), body, user, now, now)
        issue.comments.append(comment)
        issue.updated_at = now
        return comment

    def _set_state(self, issue: _Issue, state: str, reason: str | None, user: User) -> None:
        if state == "closed" and issue.state != "closed":
            issue.closed_at, issue.closed_by = self.clock.now(), user
            issue.state_reason = reason or "completed"
        elif state == "open" and issue.state != "open":
            issue.closed_at, issue.closed_by = None, None
            issue.state_reason = reason or "reopened"
        elif reason is not None:
            issue.state_reason = reason
        issue.state = state

    # ------------------------------------------------------------- rate limits
    def _rate(self, token: str, resource: str) -> dict[str, int]:
        limit = SEARCH_LIMIT if resource == "search" else CORE_LIMIT
        used = self._used.get((token, resource), 0)
        reset = int(time.time()) + (60 if resource == "search" else 3600)
        return {"limit": limit, "used": used, "remaining": max(limit - used, 0), "reset": reset}

    def _rate_headers(self, token: str, resource: str) -> dict[str, str]:
        rate = self._rate(token, resource)
        return {
            "x-ratelimit-limit": str(rate["limit"]),
            "x-ratelimit-remaining": str(rate["remaining"]),
            "x-ratelimit-reset": str(rate["reset"]),
            "x-ratelimit-used": str(rate["used"]),
            "x-ratelimit-resource": resource,
        }

    # ------------------------------------------------------------------ serving
    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> _Reply:
        """Answer one request (called by the HTTP handler; faults are applied by the caller)."""
        split = urlsplit(target)
        pairs = parse_qsl(split.query, keep_blank_values=True)
        token = _token(headers.get("authorization", ""))
        resource = "search" if split.path.startswith("/search/") else "core"
        with self._lock:
            if split.path != "/rate_limit":
                key = (token or "", resource)
                self._used[key] = self._used.get(key, 0) + 1
            try:
                reply = self._dispatch(method, split.path, pairs, token, raw)
            except _HTTPError as exc:
                reply = exc.reply
            reply.headers.update(self._rate_headers(token or "", resource))
        return reply

    def _dispatch(
        self,
        method: str,
        path: str,
        pairs: list[tuple[str, str]],
        token: str | None,
        raw: bytes,
    ) -> _Reply:
        user = self._tokens.get(token or "")
        if user is None:
            raise _error(401, "Bad credentials")
        path = self._canonical(path)
        for route_method, pattern, func in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None or route_method != method:
                continue
            groups = tuple(unquote(g) for g in match.groups())
            repo = None
            if path.startswith("/repos/"):
                repo = self._repos.get(f"{groups[0]}/{groups[1]}".lower())
                if repo is None:
                    raise _not_found()
                groups = groups[2:]
            body = _json_body(raw) if method in ("POST", "PATCH") else None
            return func(self, _Ctx(method, path, pairs, dict(pairs), body, user, repo, groups))
        raise _not_found()

    def _canonical(self, path: str) -> str:
        """``/repositories/{id}/rest`` (as in GitHub's Link headers) → ``/repos/{o}/{r}/rest``."""
        match = re.fullmatch(r"/repositories/(\d+)(/.*)?", path)
        if match is None:
            return path
        for repo in self._repos.values():
            if repo.id == int(match.group(1)):
                return f"/repos/{repo.full_name}{match.group(2) or ''}"
        raise _not_found()

    def _page(
        self, ctx: _Ctx, items: list[Any], link_path: str
    ) -> tuple[list[Any], dict[str, str]]:
        """Slice one page and build GitHub's ``Link`` header for it."""
        per_page = _int(ctx.query.get("per_page"), DEFAULT_PER_PAGE)
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = max(_int(ctx.query.get("page"), 1), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        kept = [(k, v) for k, v in ctx.pairs if k != "page"]

        def url(number: int) -> str:
            return f"<{self._api(link_path)}?{urlencode([*kept, ('page', str(number))])}>"

        links: list[str] = []
        if page > 1:
            links.append(f'{url(min(page - 1, last))}; rel="prev"')
        if page < last:
            links += [f'{url(page + 1)}; rel="next"', f'{url(last)}; rel="last"']
        if page > 1:
            links.append(f'{url(1)}; rel="first"')
        return chunk, ({"Link": ", ".join(links)} if links else {})

    # ------------------------------------------------------------------ routes
    def _get_rate_limit(self, ctx: _Ctx) -> _Reply:
        token = next(t for t, u in self._tokens.items() if u is ctx.user)
        core, search = self._rate(token, "core"), self._rate(token, "search")
        graphql = self._rate(token, "graphql")
        return _Reply(
            200, {"resources": {"core": core, "search": search, "graphql": graphql}, "rate": core}
        )

    def _get_user(self, ctx: _Ctx) -> _Reply:
        if ctx.user.type == "Bot":
            raise _error(
                403,
                "Resource not accessible by integration",
                "https://docs.github.com/rest/users/users#get-the-authenticated-user",
            )
        return _Reply(200, self._user_json(ctx.user))

    def _get_repo(self, ctx: _Ctx) -> _Reply:
        assert ctx.repo is not None
        return _Reply(200, self._repo_json(ctx.repo))

    def _list_issues(self, ctx: _Ctx) -> _Reply:
        repo, q = ctx.repo, ctx.query
        assert repo is not None
        state = q.get("state", "open")
        wanted = [n.strip().lower() for n in q.get("labels", "").split(",") if n.strip()]
        since = _parse_iso(q["since"]) if "since" in q else None
        found = [
            i
            for i in repo.issues.values()
            if state in ("all", i.state)
            and all(any(lbl.name.lower() == w for lbl in i.labels) for w in wanted)
            and ("creator" not in q or i.user.login.lower() == q["creator"].lower())
            and (since is None or i.updated_at >= since)
        ]
        found = _sorted(found, q.get("sort", "created"), q.get("direction", "desc"))
        chunk, headers = self._page(ctx, found, f"/repositories/{repo.id}/issues")
        return _Reply(200, [self._issue_json(repo, i) for i in chunk], headers)

    def _post_issue(self, ctx: _Ctx) -> _Reply:
        repo, body = ctx.repo, ctx.body
        assert repo is not None
        doc = "https://docs.github.com/rest/issues/issues#create-an-issue"
        title = body.get("title")
        if isinstance(title, int) and not isinstance(title, bool):
            title = str(title)  # GitHub accepts a number as the title
        if not isinstance(title, str) or not title.strip():
            raise _validation_failed("Issue", "missing_field", "title", doc)
        labels = body.get("labels") or []
        names = [lbl["name"] if isinstance(lbl, dict) else lbl for lbl in labels]
        text = body.get("body")
        issue = self._create_issue(
            repo,
            title,
            text if isinstance(text, str) else None,
            self._labels(repo, names, ctx.user),
            ctx.user,
        )
        headers = {"Location": self._api(f"/repos/{repo.full_name}/issues/{issue.number}")}
        return _Reply(201, self._issue_json(repo, issue), headers)

    def _find_issue(self, ctx: _Ctx) -> _Issue:
        assert ctx.repo is not None
        issue = ctx.repo.issues.get(_int(ctx.args[0], 0))
        if issue is None:
            raise _not_found()
        return issue

    def _get_issue(self, ctx: _Ctx) -> _Reply:
        assert ctx.repo is not None
        return _Reply(200, self._issue_json(ctx.repo, self._find_issue(ctx)))

    def _patch_issue(self, ctx: _Ctx) -> _Reply:
        repo, body, issue = ctx.repo, ctx.body, self._find_issue(ctx)
        assert repo is not None
        doc = "https://docs.github.com/rest/issues/issues#update-an-issue"
        state = body.get("state", issue.state)
        if state not in ("open", "closed"):
            raise _validation_failed("Issue", "invalid", "state", doc)
        reason = body.get("state_reason")
        if reason not in (None, "completed", "not_planned", "reopened"):
            raise _validation_failed("Issue", "invalid", "state_reason", doc)
        if "title" in body:
            if not isinstance(body["title"], str) or not body["title"].strip():
                raise _validation_failed("Issue", "missing_field", "title", doc)
            issue.title = body["title"]
        if "body" in body:
            issue.body = body["body"]
        if "labels" in body:
            names = [lbl["name"] if isinstance(lbl, dict) else lbl for lbl in body["labels"]]
            issue.labels = self._labels(repo, names, ctx.user)
        self._set_state(issue, state, reason, ctx.user)
        issue.updated_at = self.clock.now()
        return _Reply(200, self._issue_json(repo, issue))

    def _list_comments(self, ctx: _Ctx) -> _Reply:
        repo, issue = ctx.repo, self._find_issue(ctx)
        assert repo is not None
        since = _parse_iso(ctx.query["since"]) if "since" in ctx.query else None
        found = [c for c in issue.comments if since is None or c.updated_at >= since]
        link_path = f"/repositories/{repo.id}/issues/{issue.number}/comments"
        chunk, headers = self._page(ctx, found, link_path)
        return _Reply(200, [self._comment_json(repo, issue, c) for c in chunk], headers)

    def _post_comment(self, ctx: _Ctx) -> _Reply:
        repo, issue = ctx.repo, self._find_issue(ctx)
        assert repo is not None
        text = ctx.body.get("body")
        if not isinstance(text, str) or not text:
            raise _validation_failed(
                "IssueComment",
                "missing_field",
                "body",
                "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
            )
        comment = self._add_comment(issue, text, ctx.user)
        headers = {"Location": self._api(f"/repos/{repo.full_name}/issues/comments/{comment.id}")}
        return _Reply(201, self._comment_json(repo, issue, comment), headers)

    def _patch_comment(self, ctx: _Ctx) -> _Reply:
        repo, wanted = ctx.repo, _int(ctx.args[0], 0)
        assert repo is not None
        found = [(i, c) for i in repo.issues.values() for c in i.comments if c.id == wanted]
        if not found:
            raise _not_found()
        issue, comment = found[0]
        doc = "https://docs.github.com/rest/issues/comments#update-an-issue-comment"
        if comment.user.login != ctx.user.login:
            raise _error(403, "Resource not accessible by integration", doc)
        text = ctx.body.get("body")
        if not isinstance(text, str) or not text:
            raise _validation_failed("IssueComment", "missing_field", "body", doc)
        comment.body, comment.updated_at = text, self.clock.now()
        return _Reply(200, self._comment_json(repo, issue, comment))

    def _list_labels(self, ctx: _Ctx) -> _Reply:
        repo = ctx.repo
        assert repo is not None
        labels = sorted(repo.labels.values(), key=lambda lbl: lbl.name.lower())
        chunk, headers = self._page(ctx, labels, f"/repositories/{repo.id}/labels")
        return _Reply(200, [self._label_json(repo, lbl) for lbl in chunk], headers)

    def _get_label(self, ctx: _Ctx) -> _Reply:
        repo = ctx.repo
        assert repo is not None
        label = repo.labels.get(ctx.args[0].lower())
        if label is None:
            raise _not_found()
        return _Reply(200, self._label_json(repo, label))

    def _post_label(self, ctx: _Ctx) -> _Reply:
        repo, body = ctx.repo, ctx.body
        assert repo is not None
        doc = "https://docs.github.com/rest/issues/labels#create-a-label"
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _validation_failed("Label", "missing_field", "name", doc)
        if name.lower() in repo.labels:
            raise _validation_failed("Label", "already_exists", "name", doc)
        color = str(body.get("color") or "ededed").removeprefix("#").lower()
        if not re.fullmatch(r"[0-9a-f]{6}", color):
            raise _validation_failed("Label", "invalid", "color", doc)
        label = _Label(self._next_id(), name, color, body.get("description"))
        repo.labels[name.lower()] = label
        return _Reply(201, self._label_json(repo, label))

    def _search_issues(self, ctx: _Ctx) -> _Reply:
        query = ctx.query.get("q", "")
        if not query.strip():
            raise _validation_failed(
                "Search", "missing", "q", "https://docs.github.com/rest/search/search"
            )
        visible = self._search_index()
        found = [(r, i) for r, i in visible if _search_match(_parse_query(query), r, i)]
        order = ctx.query.get("order", "desc")
        keyed = _sorted([i for _, i in found], ctx.query.get("sort", "created"), order)
        repo_of = {id(i): r for r, i in found}
        chunk, headers = self._page(ctx, keyed, "/search/issues")
        items = [{**self._issue_json(repo_of[id(i)], i), "score": 1.0} for i in chunk]
        payload = {"total_count": len(keyed), "incomplete_results": False, "items": items}
        return _Reply(200, payload, headers)

    def _search_index(self) -> list[tuple[_Repo, _Issue]]:
        """What search can see: not the newest ``search_hide_newest`` issues, nor any issue
        younger than ``search_lag`` emulated seconds."""
        every = [(r, i) for r in self._repos.values() for i in r.issues.values()]
        every.sort(key=lambda pair: pair[1].seq)
        if self.search_hide_newest > 0:
            every = every[: -self.search_hide_newest]
        horizon = self.clock.now() - timedelta(seconds=self.search_lag)
        return [(r, i) for r, i in every if i.created_at <= horizon]


_RouteFunc = Callable[[FakeGitHub, _Ctx], _Reply]
_REPO = r"/repos/([^/]+)/([^/]+)"
_ROUTES: list[tuple[str, re.Pattern[str], _RouteFunc]] = [
    ("GET", re.compile(r"/rate_limit"), FakeGitHub._get_rate_limit),
    ("GET", re.compile(r"/user"), FakeGitHub._get_user),
    ("GET", re.compile(r"/search/issues"), FakeGitHub._search_issues),
    ("GET", re.compile(_REPO), FakeGitHub._get_repo),
    ("GET", re.compile(_REPO + r"/issues"), FakeGitHub._list_issues),
    ("POST", re.compile(_REPO + r"/issues"), FakeGitHub._post_issue),
    ("GET", re.compile(_REPO + r"/issues/(\d+)"), FakeGitHub._get_issue),
    ("PATCH", re.compile(_REPO + r"/issues/(\d+)"), FakeGitHub._patch_issue),
    ("GET", re.compile(_REPO + r"/issues/(\d+)/comments"), FakeGitHub._list_comments),
    ("POST", re.compile(_REPO + r"/issues/(\d+)/comments"), FakeGitHub._post_comment),
    ("PATCH", re.compile(_REPO + r"/issues/comments/(\d+)"), FakeGitHub._patch_comment),
    ("GET", re.compile(_REPO + r"/labels"), FakeGitHub._list_labels),
    ("POST", re.compile(_REPO + r"/labels"), FakeGitHub._post_label),
    ("GET", re.compile(_REPO + r"/labels/([^/]+)"), FakeGitHub._get_label),
    ("POST", re.compile(r"/graphql"), lambda fake, ctx: fake.graphql.handle(ctx)),
]


def _token(header: str) -> str | None:
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() in ("token", "bearer") and value.strip():
        return value.strip()
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _json_body(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise _error(400, "Problems parsing JSON") from None
    if not isinstance(data, dict):
        raise _error(400, "Problems parsing JSON")
    return data


def _sorted(issues: list[_Issue], sort: str, direction: str) -> list[_Issue]:
    def key(issue: _Issue) -> tuple[Any, int]:
        if sort == "updated":
            return issue.updated_at, issue.number
        if sort == "comments":
            return len(issue.comments), issue.number
        return issue.created_at, issue.number

    return sorted(issues, key=key, reverse=direction != "asc")


@dataclass
class _Query:
    terms: list[str] = field(default_factory=list)  # words and phrases, lower case
    qualifiers: list[tuple[str, str]] = field(default_factory=list)


_QUALIFIERS = frozenset({"repo", "is", "state", "in", "label", "author", "type"})


def _parse_query(text: str) -> _Query:
    query = _Query()
    for token in re.findall(r'[\w-]+:"[^"]*"|"[^"]*"|\S+', text):
        key, sep, value = token.partition(":")
        if sep and key.lower() in _QUALIFIERS and not token.startswith('"'):
            query.qualifiers.append((key.lower(), value.strip('"').lower()))
        else:
            query.terms.append(token.strip('"').lower())
    return query


def _qualifier_holds(key: str, value: str, repo: _Repo, issue: _Issue) -> bool:
    if key == "repo":
        return value == repo.full_name.lower()
    if key in ("is", "type", "state") and value in ("pr", "pull-request"):
        return False  # no pull requests are modelled
    if key in ("is", "state") and value in ("open", "closed"):
        return value == issue.state
    if key == "label":
        return any(lbl.name.lower() == value for lbl in issue.labels)
    if key == "author":
        return issue.user.login.lower() == value
    return True


def _search_match(query: _Query, repo: _Repo, issue: _Issue) -> bool:
    if not all(_qualifier_holds(k, v, repo, issue) for k, v in query.qualifiers):
        return False
    fields = {"title", "body"}
    for key, value in query.qualifiers:
        if key == "in":
            fields = set(value.split(","))
    texts: list[str] = []
    if "title" in fields:
        texts.append(issue.title)
    if "body" in fields:
        texts.append(issue.body or "")
    if "comments" in fields:
        texts += [c.body for c in issue.comments]
    haystack = "\n".join(texts).lower()
    return all(term in haystack for term in query.terms)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the emulator answer it, applies an injected fault."""

    protocol_version = "HTTP/1.1"  # keep-alive, like GitHub; every answer has a Content-Length
    timeout = 10  # idle keep-alive connections end on their own
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return

    @property
    def fake(self) -> FakeGitHub:
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        return fake

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.fake._lock:
            self.fake._connections.discard(self.connection)
        with contextlib.suppress(OSError):  # the client went away (timeout fault)
            super().finish()

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        fake = self.fake
        fault = fake._take_fault(self.command, path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if fault is not None and fault.fault not in _AFTER_FAULTS:
            reply = _fault_reply(fault, fake, headers)
        else:
            reply = fake.handle(self.command, self.path, headers, raw)
        record = Request(self.command, path, query, reply.status)
        if fault is not None and fault.fault in ("reset_before", "reset_after"):
            fake.requests.append(record._replace(status=None))
            self._drop()
            return
        if fault is not None and fault.fault == "502_after":
            rate = {k: v for k, v in reply.headers.items() if k.startswith("x-ratelimit-")}
            reply = _Reply(502, BAD_GATEWAY_HTML, rate)
            record = record._replace(status=502)
        if fault is not None and fault.fault in ("next_foreign", "next_self", "malformed_json"):
            reply = _hostile_reply(fault.fault, fake, self.path, reply)
        fake.requests.append(record)
        if fault is not None and fault.fault == "timeout_after":
            fake._stopping.wait(fault.delay)
        self._send(reply)

    def _drop(self) -> None:
        """Close the connection without an answer; linger 0 makes the close a TCP reset."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _send(self, reply: _Reply) -> None:
        if isinstance(reply.payload, bytes):
            data, ctype = reply.payload, "text/html; charset=utf-8"
        else:
            data = json.dumps(reply.payload, indent=2).encode()
            ctype = "application/json; charset=utf-8"
        ctype = reply.content_type or ctype
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
            self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
            self.send_header("X-GitHub-Request-Id", f"FAKE:{len(self.fake.requests):06d}")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True  # the client gave up (timeout fault)


def _fault_reply(fault: _Fault, fake: FakeGitHub, headers: dict[str, str]) -> _Reply:
    """The answer of a fault that stops the request before it is performed."""
    token = _token(headers.get("authorization", "")) or ""
    with fake._lock:
        rate = fake._rate_headers(token, "core")
    kind = fault.fault
    if kind in ("301_foreign", "307_foreign"):
        location = {"Location": f"{fake.foreign_url}/repos/elsewhere/issues"}
        return _Reply(int(kind[:3]), b"", {**rate, **location})
    if kind == "307_odd_body":
        page = json.dumps([{"number": "one", "title": None}]).encode()
        return _Reply(307, page, rate, "application/json; charset=utf-8")
    if kind in ("502_before", "reset_before"):
        return _Reply(502, BAD_GATEWAY_HTML, rate)
    if kind == "500":
        return _Reply(500, {"message": "Server Error"}, rate)
    if kind in ("secondary_rate_limit", "429"):
        if fault.retry_after is not None:
            rate["Retry-After"] = str(fault.retry_after)
        body = {
            "message": SECONDARY_RATE_LIMIT_MESSAGE,
            "documentation_url": SECONDARY_RATE_LIMIT_DOCS,
        }
        return _Reply(403 if kind == "secondary_rate_limit" else 429, body, rate)
    # primary_rate_limit
    rate["x-ratelimit-remaining"] = "0"
    rate["x-ratelimit-used"] = rate["x-ratelimit-limit"]
    rate["x-ratelimit-reset"] = str(int(time.time()) + fault.reset_in)
    body = {
        "message": f"API rate limit exceeded for installation ID {BOT_ID}.",
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    }
    return _Reply(403, body, rate)


def _hostile_reply(kind: str, fake: FakeGitHub, target: str, reply: _Reply) -> _Reply:
    """A performed request's answer, turned hostile after the fact."""
    if kind == "malformed_json":
        rate = {k: v for k, v in reply.headers.items() if k.startswith("x-ratelimit-")}
        return _Reply(200, b'{"number": 1, "title": "cut o', rate, "application/json")
    link = f"{fake.foreign_url}{target}" if kind == "next_foreign" else f"{fake.api_url}{target}"
    return _Reply(reply.status, reply.payload, {**reply.headers, "Link": f'<{link}>; rel="next"'})


class Witness:
    """The "other host": a server on 127.0.0.2 (127.0.0.1 where that cannot be bound) that
    answers ``[]`` to everything and records what it was sent, the Authorization header
    included, to show whether a token ever left for it."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> Witness:
        witness = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                auth = self.headers.get("Authorization")
                witness.requests.append((self.command, self.path, auth))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"[]")

            do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

        try:
            server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        except OSError:
            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
