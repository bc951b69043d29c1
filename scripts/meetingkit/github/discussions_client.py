"""GitHub Discussions through GraphQL, with the client's rules (see :mod:`.client`).

Documents go through PyGithub's requester (``graphql_query``), so the token, the retry
rules of :mod:`.transport` and request counting are the REST client's own: the token only
ever goes to ``<api>/graphql`` on the API host. Queries are re-sent after a failure; a
create is not: its result is looked for by marker first (``create_*_once``).

Discussions come back as the same :class:`Issue` and :class:`Comment` records as issues,
so the agenda and archive plans work on both. GraphQL reports a bot's login without the
``[bot]`` suffix; records carry it with the suffix (as REST does), and the configured bot
login in whichever form it is written, so one comparison fits both APIs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from github.GithubException import GithubException

from meetingkit.github import graphql
from meetingkit.github.client import GitHubClient, GitHubSettings
from meetingkit.github.records import Comment, GitHubError, Issue, message_for, redact
from meetingkit.github.transport import RetryPolicy


class DiscussionsClient(GitHubClient):
    """Discussions of one repository (REST still serves labels: :meth:`ensure_labels`)."""

    def __init__(self, settings: GitHubSettings, policy: RetryPolicy | None = None) -> None:
        super().__init__(settings, policy)
        self._owner, self._name = settings.repository.split("/")
        self._node_ids: dict[int, str] = {}  # discussion number → GraphQL id
        self._repository_id: str | None = None
        self._category_ids: dict[str, str] = {}  # one look-up per run

    # --------------------------------------------------------------- plumbing
    def _send(self, name: str, document: str, variables: dict[str, Any]) -> Any:
        """One POST to the GraphQL endpoint; GraphQL errors become one-line GitHubErrors."""
        operation = f"POST /graphql ({name})"

        def run() -> Any:
            try:
                _headers, data = self._requester.graphql_query(document, variables)
            except ValueError:  # an answer that is not JSON
                raise self._refusal(operation, "was answered with something that is not JSON") from None
            except GithubException as exc:
                reason = _graphql_reason(exc.data)
                if reason is None:
                    raise  # an HTTP failure: the client words it
                reason = redact(reason, self.settings.token)
                message = message_for(reason, operation, 1)
                raise GitHubError(
                    message, status=exc.status, operation=operation, reason=reason
                ) from exc
            return data["data"]

        return self._call(operation, run)

    def _query(self, name: str, document: str, variables: dict[str, Any]) -> Any:
        """A read: safe to send again after a server error."""
        return self._retry_write(lambda: self._send(name, document, variables), lambda: None)

    def _repo_vars(self, **more: Any) -> dict[str, Any]:
        return {"owner": self._owner, "name": self._name, **more}

    # ------------------------------------------------------------- discovery
    def _categories(self) -> list[dict[str, str]]:
        """The repository's discussion categories (and its id, kept for creates)."""
        try:
            data = self._query("Repository", graphql.REPOSITORY, self._repo_vars())
        except GitHubError as exc:
            if "NOT_FOUND" in exc.reason or exc.status == 404:
                raise GitHubError(
                    f"the repository {self.settings.repository} does not exist or the token "
                    "cannot read it (agenda.repository in the settings)"
                ) from exc
            raise
        self._repository_id = str(data["repository"]["id"])
        nodes: list[dict[str, str]] = data["repository"]["discussionCategories"]["nodes"]
        return nodes

    def category_id(self, category: str) -> str:
        """The id of the discussion category named ``category`` (compared case-insensitively).
        A missing repository or category is one sentence naming what exists."""
        if category in self._category_ids:
            return self._category_ids[category]
        nodes = self._categories()
        for node in nodes:
            if node["name"].casefold() == category.casefold():
                self._category_ids[category] = str(node["id"])
                return str(node["id"])
        names = ", ".join(repr(n["name"]) for n in nodes) or "none (are Discussions on?)"
        raise GitHubError(
            f"{self.settings.repository} has no discussion category {category!r} "
            f"(agenda.category in the settings); its categories: {names}"
        )

    # ----------------------------------------------------------- discussions
    def list_discussions(self, category_id: str) -> list[Issue]:
        """Every discussion of the category, oldest first (a listing: it never lags)."""
        found: list[Issue] = []
        after: str | None = None
        while True:
            variables = self._repo_vars(category=category_id, after=after)
            data = self._query("Discussions", graphql.DISCUSSIONS, variables)
            page = data["repository"]["discussions"]
            found += [self._discussion(node) for node in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    def find_discussion_by_marker(self, marker: str, category_id: str) -> Issue | None:
        """The oldest discussion of the category that the bot opened with ``marker``."""
        for discussion in self.list_discussions(category_id):
            if marker in discussion.body and discussion.author == self.settings.bot_login:
                return discussion
        return None

    def create_discussion_once(
        self,
        find_existing: Callable[[], Issue | None],
        category_id: str,
        title: str,
        body: str,
    ) -> Issue:
        """Like :meth:`GitHubClient.create_issue_once`: a failed-looking create is looked
        for (``find_existing``, by marker) before it is sent again."""
        if self._repository_id is None:
            self._categories()  # learns the repository id
        variables = {
            "input": {
                "repositoryId": self._repository_id,
                "categoryId": category_id,
                "title": title,
                "body": body,
            }
        }

        def attempt() -> Issue:
            data = self._send("CreateDiscussion", graphql.CREATE_DISCUSSION, variables)
            return self._discussion(data["createDiscussion"]["discussion"])

        return self._retry_write(attempt, find_existing)

    def close_discussion(self, number: int) -> Issue:
        """Close as resolved; closing is absolute, so a failed try is re-sent."""
        variables = {"input": {"discussionId": self._node_id(number), "reason": "RESOLVED"}}

        def attempt() -> Issue:
            data = self._send("CloseDiscussion", graphql.CLOSE_DISCUSSION, variables)
            return self._discussion(data["closeDiscussion"]["discussion"])

        return self._retry_write(attempt, lambda: None)

    def add_label(self, number: int, name: str) -> None:
        """Put the label ``name`` (created if missing) on the discussion; adding a label it
        already has changes nothing, so this too may be re-sent."""
        self.ensure_labels([name])
        data = self._query("Label", graphql.LABEL, self._repo_vars(label=name))
        label = data["repository"]["label"]
        if label is None:
            raise GitHubError(f"the label {name!r} was created but cannot be found")
        variables = {"input": {"labelableId": self._node_id(number), "labelIds": [label["id"]]}}
        self._retry_write(
            lambda: self._send("AddLabels", graphql.ADD_LABELS, variables), lambda: None
        )

    # --------------------------------------------------------------- comments
    def list_discussion_comments(self, number: int) -> list[Comment]:
        """Comments and their replies, each reply right after the comment it answers."""
        found: list[Comment] = []
        after: str | None = None
        while True:
            variables = self._repo_vars(number=number, after=after)
            data = self._query("Comments", graphql.COMMENTS, variables)
            discussion = data["repository"]["discussion"]
            if discussion is None:
                raise GitHubError(f"discussion #{number} of {self.settings.repository} is gone")
            self._node_ids[number] = discussion["id"]
            page = discussion["comments"]
            for node in page["nodes"]:
                parent = self._comment(node)
                found.append(parent)
                found += [self._comment(r, parent.id) for r in self._replies(node)]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    def _replies(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        replies = node["replies"]
        nodes: list[dict[str, Any]] = list(replies["nodes"])
        while replies["pageInfo"]["hasNextPage"]:
            variables = {"id": node["id"], "after": replies["pageInfo"]["endCursor"]}
            replies = self._query("Replies", graphql.REPLIES, variables)["node"]["replies"]
            nodes += replies["nodes"]
        return nodes

    def find_discussion_comment_by_marker(self, number: int, marker: str) -> Comment | None:
        for comment in self.list_discussion_comments(number):
            if marker in comment.body and comment.author == self.settings.bot_login:
                return comment
        return None

    def create_discussion_comment_once(
        self, find_existing: Callable[[], Comment | None], number: int, body: str
    ) -> Comment:
        variables = {"input": {"discussionId": self._node_id(number), "body": body}}

        def attempt() -> Comment:
            data = self._send("AddComment", graphql.ADD_COMMENT, variables)
            return self._comment(data["addDiscussionComment"]["comment"])

        return self._retry_write(attempt, find_existing)

    # ---------------------------------------------------------------- records
    def _node_id(self, number: int) -> str:
        if number not in self._node_ids:
            self.list_discussion_comments(number)  # records the id on the way
        return self._node_ids[number]

    def _author(self, node: dict[str, Any]) -> tuple[str, str]:
        """(login as REST spells it, type); the configured bot keeps its configured form."""
        actor = node.get("author") or {"login": "ghost", "__typename": "User"}
        login, kind = str(actor["login"]), str(actor["__typename"])
        if kind != "Bot":
            return login, kind
        bot = self.settings.bot_login
        return (bot if login == bot.removesuffix("[bot]") else f"{login}[bot]"), kind

    def _discussion(self, node: dict[str, Any]) -> Issue:
        self._node_ids[node["number"]] = node["id"]
        author, kind = self._author(node)
        reason = node.get("stateReason")
        return Issue(
            number=node["number"],
            title=node["title"],
            body=node["body"] or "",
            state="closed" if node["closed"] else "open",
            state_reason=reason.lower() if reason else None,
            labels=tuple(label["name"] for label in node["labels"]["nodes"]),
            author=author,
            author_type=kind,
            html_url=node["url"],
            comments=node["comments"]["totalCount"],
            created_at=_time(node["createdAt"]),
            updated_at=_time(node["updatedAt"]),
            closed_at=_time(node["closedAt"]) if node["closedAt"] else None,
        )

    def _comment(self, node: dict[str, Any], reply_to: int | None = None) -> Comment:
        author, kind = self._author(node)
        return Comment(
            id=node["databaseId"],
            body=node["body"] or "",
            author=author,
            author_type=kind,
            html_url=node["url"],
            created_at=_time(node["createdAt"]),
            updated_at=_time(node["updatedAt"]),
            reply_to=reply_to,
        )


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _graphql_reason(data: Any) -> str | None:
    """'NOT_FOUND: Could not resolve ...' from a GraphQL error answer, or None."""
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return None
    first = errors[0]
    message = str(first.get("message") or "GraphQL error").strip().splitlines()[0]
    kind = first.get("type")
    return f"{kind}: {message}" if kind else message
