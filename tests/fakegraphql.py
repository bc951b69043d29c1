"""GitHub's GraphQL API for the emulator: Discussions, their categories, comments, replies,
labels, closing and locking, executed by graphql-core against GitHub's published schema.

Mounted by :class:`fakegithub.FakeGitHub` at ``POST /graphql`` (``fake.graphql`` is the
:class:`FakeGraphQL` below). Every document is parsed and validated against the vendored
schema (tests/github-graphql/, see its README) before it runs, so a field or argument GitHub does
not have is an error here as it is there; the answers take GitHub's shapes: ``data`` and
``errors`` (with ``type`` NOT_FOUND, FORBIDDEN ...) under HTTP 200.

What GitHub does and the emulator copies:
- a bot's ``login`` is reported without ``[bot]`` (``__typename`` Bot);
- connections need ``first`` or ``last``, at most 100, when they return nodes;
- discussion numbers share the repository's issue numbers;
- search (``search(type: DISCUSSION)``) lags: a discussion shows up ``search_lag`` emulated
  seconds after its creation (``FakeGitHub(search_lag=...)``);
- a locked discussion takes comments only from people with push access; a reply to a
  reply is refused ("already in a thread").

Test controls: ``add_category``, ``add_discussion``, ``add_comment`` (seed without HTTP),
``inject(mutation, "502_after")`` (perform the mutation, then answer 502 Bad Gateway),
``documents`` (every document received), ``discussions()``/``comments()`` (state back).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, GraphQLSchema, build_schema, graphql_sync

if TYPE_CHECKING:
    from fakegithub import FakeGitHub, User, _Ctx, _Label, _Reply, _Repo

SCHEMA_FILE = Path(__file__).parent / "github-graphql" / "schema.graphql"
MAX_PAGE = 100


@functools.cache
def github_schema() -> GraphQLSchema:
    """GitHub's schema as published; its SDL has a duplicated field and deprecations that
    graphql-core's strict checks refuse, which GitHub's own server accepts."""
    return build_schema(SCHEMA_FILE.read_text("utf-8"), assume_valid_sdl=True, assume_valid=True)


@dataclass
class Category:
    id: str
    name: str
    slug: str


@dataclass
class DComment:
    id: str
    database_id: int
    body: str
    user: User
    created_at: datetime
    updated_at: datetime
    reply_to: DComment | None = None
    replies: list[DComment] = field(default_factory=list)


@dataclass
class Discussion:
    id: str
    number: int
    seq: int
    title: str
    body: str
    user: User
    category: Category
    created_at: datetime
    updated_at: datetime
    closed: bool = False
    state_reason: str | None = None
    closed_at: datetime | None = None
    locked: bool = False
    labels: list[_Label] = field(default_factory=list)
    comments: list[DComment] = field(default_factory=list)


def _not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "NOT_FOUND"})


def _forbidden(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "FORBIDDEN"})


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _connection(
    items: list[Any], render: Any, first: int | None, after: str | None, what: str
) -> dict[str, Any]:
    if first is not None and not 1 <= first <= MAX_PAGE:
        raise GraphQLError(
            f"Requesting {first} records on the `{what}` connection exceeds the `first` limit "
            f"of {MAX_PAGE} records."
        )
    start = int(after) if after and after.isdigit() else 0
    page = items[start : start + first] if first is not None else []
    end = start + len(page)
    return {
        "totalCount": len(items),
        "nodes": [render(item) for item in page] if first is not None else _paginate_error(what),
        "pageInfo": {
            "hasNextPage": end < len(items),
            "hasPreviousPage": start > 0,
            "endCursor": str(end) if page else None,
            "startCursor": str(start) if page else None,
        },
    }


def _paginate_error(what: str) -> Any:
    def nodes(_info: Any) -> Any:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{what}` "
            "connection."
        )

    return nodes


class FakeGraphQL:
    def __init__(self, fake: FakeGitHub) -> None:
        self.fake = fake
        self.documents: list[str] = []
        self._lock: threading.RLock = fake._lock
        self._categories: dict[str, list[Category]] = {}  # repo full name (lower) → categories
        self._discussions: dict[str, dict[int, Discussion]] = {}
        self._faults: list[list[Any]] = []  # [mutation name, times left]
        self._seq = 0

    # ------------------------------------------------------------------ seeding
    def _repo(self, full_name: str | None) -> _Repo:
        return self.fake._repo(full_name)

    def add_category(self, name: str, *, repo: str | None = None) -> Category:
        with self._lock:
            target = self._repo(repo)
            category = Category(
                f"DIC_{self.fake._next_id()}", name, name.lower().replace(" ", "-")
            )
            self._categories.setdefault(target.full_name.lower(), []).append(category)
            return category

    def add_discussion(
        self,
        title: str,
        body: str,
        category: str,
        *,
        user: str | None = None,
        repo: str | None = None,
        closed: bool = False,
        locked: bool = False,
        created_at: datetime | None = None,
    ) -> Discussion:
        with self._lock:
            target = self._repo(repo)
            found = [c for c in self._categories.get(target.full_name.lower(), []) if c.name == category]
            discussion = self._create(target, found[0], title, body, self.fake._user(user))
            if created_at is not None:
                discussion.created_at = discussion.updated_at = created_at
            discussion.closed, discussion.locked = closed, locked
            return discussion

    def add_comment(
        self,
        number: int,
        body: str,
        *,
        user: str | None = None,
        reply_to: int | None = None,
        repo: str | None = None,
        after: timedelta = timedelta(0),
    ) -> DComment:
        """A comment (or, with ``reply_to`` a comment's database id, a reply) on discussion
        ``number``, ``after`` the emulated now."""
        with self._lock:
            discussion = self._discussions[self._repo(repo).full_name.lower()][number]
            parent = self._find_comment(discussion, reply_to) if reply_to else None
            comment = self._comment(discussion, body, self.fake._user(user), parent)
            comment.created_at = comment.updated_at = comment.created_at + after
            return comment

    def inject(self, mutation: str, fault: str = "502_after", times: int = 1) -> None:
        """The next ``times`` ``mutation`` calls are performed, then answered with a 502."""
        if fault != "502_after":
            raise ValueError("GraphQL faults: only '502_after' (use FakeGitHub.inject for others)")
        with self._lock:
            self._faults.append([mutation, times])

    # ------------------------------------------------------------- reading back
    def discussions(self, repo: str | None = None) -> list[Discussion]:
        with self._lock:
            found = self._discussions.get(self._repo(repo).full_name.lower(), {})
            return [d for _, d in sorted(found.items())]

    def comments(self, number: int, repo: str | None = None) -> list[DComment]:
        """Top-level comments (their replies hang below them)."""
        with self._lock:
            return list(self._discussions[self._repo(repo).full_name.lower()][number].comments)

    # ------------------------------------------------------------ state changes
    def _create(
        self, repo: _Repo, category: Category, title: str, body: str, user: User
    ) -> Discussion:
        now = self.fake.clock.now()
        numbers = [*repo.issues, *self._discussions.get(repo.full_name.lower(), {})]
        number = max(numbers, default=0) + 1
        self._seq += 1
        discussion = Discussion(
            f"D_{self.fake._next_id()}", number, self._seq, title, body, user, category, now, now
        )
        self._discussions.setdefault(repo.full_name.lower(), {})[number] = discussion
        return discussion

    def _comment(
        self, discussion: Discussion, body: str, user: User, parent: DComment | None
    ) -> DComment:
        now = self.fake.clock.now()
        database_id = self.fake._next_id()
        comment = DComment(f"DC_{database_id}", database_id, body, user, now, now, parent)
        (parent.replies if parent else discussion.comments).append(comment)
        discussion.updated_at = now
        return comment

    def _find_comment(self, discussion: Discussion, database_id: int) -> DComment:
        for comment in discussion.comments:
            if comment.database_id == database_id:
                return comment
        raise KeyError(database_id)

    # ----------------------------------------------------------------- serving
    def handle(self, ctx: _Ctx) -> _Reply:
        from fakegithub import BAD_GATEWAY_HTML, _Reply

        query, variables = ctx.body.get("query"), ctx.body.get("variables") or {}
        if not isinstance(query, str):
            return _Reply(400, {"message": "Problems parsing JSON"})
        self.documents.append(query)
        root = _Root(self, ctx.user)
        result = graphql_sync(github_schema(), query, root, variable_values=variables)
        payload: dict[str, Any] = {}
        if result.data is not None:
            payload["data"] = result.data
        if result.errors:
            payload["errors"] = [_error_json(e) for e in result.errors]
        for fault in self._faults:
            if fault[0] in root.performed:
                fault[1] -= 1
                if fault[1] <= 0:
                    self._faults.remove(fault)
                return _Reply(502, BAD_GATEWAY_HTML)
        return _Reply(200, payload)

    # ------------------------------------------------------------- JSON shapes
    def actor(self, user: User) -> dict[str, Any]:
        bot = user.type == "Bot"
        return {
            "__typename": "Bot" if bot else "User",
            "login": user.login.removesuffix("[bot]") if bot else user.login,
        }

    def comment_json(self, repo: _Repo, discussion: Discussion, comment: DComment) -> dict[str, Any]:
        url = f"{self.fake.web_url}/{repo.full_name}/discussions/{discussion.number}"
        return {
            "__typename": "DiscussionComment",
            "id": comment.id,
            "databaseId": comment.database_id,
            "body": comment.body,
            "url": f"{url}#discussioncomment-{comment.database_id}",
            "createdAt": _iso(comment.created_at),
            "updatedAt": _iso(comment.updated_at),
            "author": self.actor(comment.user),
            "replyTo": self.comment_json(repo, discussion, comment.reply_to)
            if comment.reply_to
            else None,
            "replies": lambda _info, first=None, after=None, **_: _connection(
                comment.replies,
                lambda c: self.comment_json(repo, discussion, c),
                first,
                after,
                "replies",
            ),
        }

    def discussion_json(self, repo: _Repo, discussion: Discussion) -> dict[str, Any]:
        return {
            "__typename": "Discussion",
            "id": discussion.id,
            "number": discussion.number,
            "title": discussion.title,
            "body": discussion.body,
            "url": f"{self.fake.web_url}/{repo.full_name}/discussions/{discussion.number}",
            "closed": discussion.closed,
            "stateReason": discussion.state_reason,
            "locked": discussion.locked,
            "createdAt": _iso(discussion.created_at),
            "updatedAt": _iso(discussion.updated_at),
            "closedAt": _iso(discussion.closed_at),
            "author": self.actor(discussion.user),
            "category": {"id": discussion.category.id, "name": discussion.category.name},
            "labels": lambda _info, first=None, after=None, **_: _connection(
                discussion.labels,
                lambda lbl: {"id": f"LA_{lbl.id}", "name": lbl.name},
                first,
                after,
                "labels",
            ),
            "comments": lambda _info, first=None, after=None, **_: _connection(
                discussion.comments,
                lambda c: self.comment_json(repo, discussion, c),
                first,
                after,
                "comments",
            ),
        }

    def repository_json(self, repo: _Repo) -> dict[str, Any]:
        key = repo.full_name.lower()

        def discussions(
            _info: Any, first: int | None = None, after: str | None = None, **args: Any
        ) -> dict[str, Any]:
            found = sorted(self._discussions.get(key, {}).values(), key=lambda d: d.seq)
            if args.get("categoryId"):
                found = [d for d in found if d.category.id == args["categoryId"]]
            order = args.get("orderBy") or {"field": "UPDATED_AT", "direction": "DESC"}
            if order["field"] == "UPDATED_AT":
                found.sort(key=lambda d: (d.updated_at, d.seq))
            if order["direction"] == "DESC":
                found.reverse()
            return _connection(
                found, lambda d: self.discussion_json(repo, d), first, after, "discussions"
            )

        def discussion(_info: Any, number: int) -> dict[str, Any]:
            found = self._discussions.get(key, {}).get(number)
            if found is None:
                raise _not_found(
                    f"Could not resolve to a Discussion with the number of {number}."
                )
            return self.discussion_json(repo, found)

        def label(_info: Any, name: str) -> dict[str, Any] | None:
            found = repo.labels.get(name.lower())
            return {"id": f"LA_{found.id}", "name": found.name} if found else None

        return {
            "__typename": "Repository",
            "id": f"R_{repo.id}",
            "nameWithOwner": repo.full_name,
            "discussionCategories": lambda _info, first=None, after=None, **_: _connection(
                self._categories.get(key, []),
                lambda c: {"id": c.id, "name": c.name, "slug": c.slug},
                first,
                after,
                "discussionCategories",
            ),
            "discussions": discussions,
            "discussion": discussion,
            "label": label,
        }

    def find_node(self, node_id: str) -> tuple[_Repo, Discussion, DComment | None]:
        for repo in self.fake._repos.values():
            for found in self._discussions.get(repo.full_name.lower(), {}).values():
                if found.id == node_id:
                    return repo, found, None
                for comment in found.comments:
                    for candidate in (comment, *comment.replies):
                        if candidate.id == node_id:
                            return repo, found, candidate
        raise _not_found(f"Could not resolve to a node with the global id of '{node_id}'")


class _Root:
    """Query and mutation fields; ``performed`` names the mutations that took effect."""

    def __init__(self, api: FakeGraphQL, user: User) -> None:
        self.api, self.user = api, user
        self.performed: set[str] = set()

    def repository(self, _info: Any, owner: str, name: str, **_: Any) -> dict[str, Any]:
        repo = self.api.fake._repos.get(f"{owner}/{name}".lower())
        if repo is None:
            raise _not_found(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return self.api.repository_json(repo)

    def node(self, _info: Any, id: str) -> dict[str, Any]:
        repo, discussion, comment = self.api.find_node(id)
        if comment is not None:
            return self.api.comment_json(repo, discussion, comment)
        return self.api.discussion_json(repo, discussion)

    def search(
        self, _info: Any, query: str, type: str, first: int | None = None, after: str | None = None
    ) -> dict[str, Any]:
        """Discussion search as GitHub's lagging index sees it: ``repo:o/r`` and words; a
        discussion shows up ``search_lag`` emulated seconds after it was created."""
        api = self.api
        words = [w.lower() for w in query.split() if not w.startswith("repo:")]
        repos = [w[5:].lower() for w in query.split() if w.startswith("repo:")]
        horizon = api.fake.clock.now() - timedelta(seconds=api.fake.search_lag)
        found = []
        for key, discussions in api._discussions.items():
            for discussion in discussions.values():
                text = f"{discussion.title}\n{discussion.body}".lower()
                if (
                    type == "DISCUSSION"
                    and (not repos or key in repos)
                    and discussion.created_at <= horizon
                    and all(w in text for w in words)
                ):
                    found.append((api.fake._repo(key), discussion))
        result = _connection(
            found, lambda pair: api.discussion_json(*pair), first, after, "search"
        )
        return {**result, "discussionCount": len(found)}

    def createDiscussion(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        api = self.api
        repos = [r for r in api.fake._repos.values() if f"R_{r.id}" == input["repositoryId"]]
        if not repos:
            raise _not_found(
                f"Could not resolve to a node with the global id of '{input['repositoryId']}'"
            )
        repo = repos[0]
        categories = [c for c in api._categories.get(repo.full_name.lower(), []) if c.id == input["categoryId"]]
        if not categories:
            raise _not_found(
                f"Could not resolve to a node with the global id of '{input['categoryId']}'"
            )
        if not input["title"].strip():
            raise GraphQLError("Title can't be blank", extensions={"type": "UNPROCESSABLE"})
        discussion = api._create(repo, categories[0], input["title"], input["body"], self.user)
        self.performed.add("createDiscussion")
        return {"discussion": api.discussion_json(repo, discussion)}

    def addDiscussionComment(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        repo, discussion, _ = self.api.find_node(input["discussionId"])
        parent = None
        if input.get("replyToId"):
            _, _, parent = self.api.find_node(input["replyToId"])
            if parent is None or parent.reply_to is not None:
                raise GraphQLError(
                    "Parent comment is already in a thread, cannot reply to it",
                    extensions={"type": "UNPROCESSABLE"},
                )
        if discussion.locked and not self.user.push:
            raise _forbidden("Discussion is locked")
        comment = self.api._comment(discussion, input["body"], self.user, parent)
        self.performed.add("addDiscussionComment")
        return {"comment": self.api.comment_json(repo, discussion, comment)}

    def closeDiscussion(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        repo, discussion, comment = self.api.find_node(input["discussionId"])
        if comment is not None or not self.user.push:
            raise _forbidden("Resource not accessible by integration")
        if not discussion.closed:
            discussion.closed, discussion.closed_at = True, self.api.fake.clock.now()
        discussion.state_reason = input.get("reason") or "RESOLVED"
        self.performed.add("closeDiscussion")
        return {"discussion": self.api.discussion_json(repo, discussion)}

    def lockLockable(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        repo, discussion, _ = self.api.find_node(input["lockableId"])
        discussion.locked = True
        self.performed.add("lockLockable")
        return {"lockedRecord": self.api.discussion_json(repo, discussion)}

    def addLabelsToLabelable(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        repo, discussion, _ = self.api.find_node(input["labelableId"])
        by_id = {f"LA_{lbl.id}": lbl for lbl in repo.labels.values()}
        for label_id in input["labelIds"]:
            if label_id not in by_id:
                raise _not_found(f"Could not resolve to a node with the global id of '{label_id}'")
            if by_id[label_id] not in discussion.labels:
                discussion.labels.append(by_id[label_id])
        self.performed.add("addLabelsToLabelable")
        return {"clientMutationId": input.get("clientMutationId"), "labelable": None}


def _error_json(error: GraphQLError) -> dict[str, Any]:
    found: dict[str, Any] = {"message": error.message}
    if error.extensions and "type" in error.extensions:
        found["type"] = error.extensions["type"]
    if error.path:
        found["path"] = list(error.path)
    if error.locations:
        found["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    return found
