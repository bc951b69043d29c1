"""The GitHub stage: talking to the GitHub REST API (client) for the agenda/archive jobs."""

from meetingkit.github.client import (
    Comment,
    GitHubClient,
    GitHubError,
    GitHubSettings,
    Issue,
    LabelSpec,
    RetryPolicy,
    redact,
)

__all__ = [
    "Comment",
    "GitHubClient",
    "GitHubError",
    "GitHubSettings",
    "Issue",
    "LabelSpec",
    "RetryPolicy",
    "redact",
]
