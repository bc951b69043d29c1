"""The GitHub stage: talking to the GitHub REST API (client) for the agenda/archive jobs."""

from meetingkit.github.client import GitHubClient, GitHubSettings
from meetingkit.github.records import Comment, GitHubError, Issue, LabelSpec, redact
from meetingkit.github.transport import RetryPolicy

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
