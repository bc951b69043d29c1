"""The PyGithub client layer, over real HTTP against the local GitHub emulator."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from meetingkit.github import (
    Comment,
    GitHubClient,
    GitHubError,
    GitHubSettings,
    Issue,
    LabelSpec,
    redact,
)
from meetingkit.github.records import MalformedAnswer, comment_from_json, issue_from_json
from meetingkit.github.transport import ApiOrigin

from fakegithub import FAST_RETRY, FakeGitHub

TOKEN = "t0ken-s3cret"
REPOSITORY = "todogroup/meetings"
REPO = f"/repos/{REPOSITORY}"
ISSUES = f"{REPO}/issues"
MARKER = "<!-- meetingkit:agenda id=2025-01-23-thursday-touchpoint -->"
BOT = "github-actions[bot]"
START = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)
FAST = FAST_RETRY


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="todogroup", repo="meetings", token=TOKEN) as gh:
        yield gh


def make_client(fake: FakeGitHub, token: str = TOKEN) -> GitHubClient:
    return GitHubClient(GitHubSettings(token, REPOSITORY, fake.api_url), FAST)


@pytest.fixture
def client(fake: FakeGitHub) -> Iterator[GitHubClient]:
    with make_client(fake) as made:
        yield made


def log(fake: FakeGitHub) -> list[tuple[str, str, int | None]]:
    return [(r.method, r.path, r.status) for r in fake.requests]


def create_agenda(client: GitHubClient, marker: str = MARKER) -> Issue:
    return client.create_issue_once(
        lambda: client.find_issue_by_marker(marker, "agenda"),
        "Thursday Touchpoint 2025-01-23: Agenda",
        f"{marker}\nTopics\n",
        ["agenda"],
    )


# ---------------------------------------------------------------- settings
def test_settings_from_env() -> None:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": "http://127.0.0.1:9/api/v3/",
    }
    settings = GitHubSettings.from_env(env, bot_login="meetingkit[bot]")
    assert settings == GitHubSettings(
        TOKEN, REPOSITORY, "http://127.0.0.1:9/api/v3", "meetingkit[bot]"
    )
    assert TOKEN not in repr(settings)
    bare = GitHubSettings.from_env({"GITHUB_TOKEN": "", "GITHUB_REPOSITORY": REPOSITORY}, BOT)
    assert (bare.token, bare.api_url) == (None, "https://api.github.com")


@pytest.mark.parametrize("repository", ["", "todogroup", "a/b/c", "../meetings", "o/r?x=1"])
def test_settings_reject_a_bad_repository(repository: str) -> None:
    with pytest.raises(GitHubError) as caught:
        GitHubSettings.from_env({"GITHUB_REPOSITORY": repository}, BOT)
    assert str(caught.value) == f"GITHUB_REPOSITORY must be 'owner/name', got {repository!r}"


def test_redact() -> None:
    assert redact(f"token {TOKEN} and {TOKEN}!", TOKEN) == "token *** and ***!"
    assert redact("nothing", None) == "nothing"
    assert redact("nothing", "") == "nothing"


# ------------------------------------------------------------------ reads
def test_list_issues_maps_every_field(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue("Agenda", body=None, labels=["agenda", "touchpoint"], state="closed")
    assert client.list_issues() == [
        Issue(
            number=1,
            title="Agenda",
            body="",
            state="closed",
            state_reason="completed",
            labels=("agenda", "touchpoint"),
            author=BOT,
            author_type="Bot",
            html_url="https://github.com/todogroup/meetings/issues/1",
            comments=0,
            created_at=START,
            updated_at=START,
            closed_at=START,
        )
    ]
    assert client.request_count == 1


def test_list_issues_paginates_oldest_first(fake: FakeGitHub, client: GitHubClient) -> None:
    for n in range(150):
        fake.add_issue(f"agenda {n}", labels=["agenda"], state="closed" if n % 2 else "open")
    fake.add_issue("unrelated")
    issues = client.list_issues("agenda")
    assert [i.number for i in issues] == list(range(1, 151))
    assert client.request_count == 2 == len(fake.requests)
    assert fake.requests[0].query == {
        "state": "all",
        "labels": "agenda",
        "sort": "created",
        "direction": "asc",
        "per_page": "100",
    }
    assert fake.requests[1].query["page"] == "2"


def test_get_retried_after_502(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.inject("GET", ISSUES, "502_before")
    fake.inject("GET", ISSUES, "reset_before")
    assert client.list_issues() == []
    assert log(fake) == [("GET", ISSUES, 502), ("GET", ISSUES, None), ("GET", ISSUES, 200)]
    assert client.request_count == 3


def test_persistent_502_on_read(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.inject("GET", ISSUES, "502_before", times=None)
    with pytest.raises(GitHubError) as caught:
        client.list_issues("agenda")
    assert str(caught.value) == f"GitHub API: 502 Bad Gateway on GET {ISSUES} after 3 attempts"
    assert (caught.value.status, caught.value.retryable) == (502, True)
    assert client.request_count == 3 == len(fake.requests)


def test_bad_credentials(fake: FakeGitHub) -> None:
    with make_client(fake, token="wrong-token") as client, pytest.raises(GitHubError) as caught:
        client.list_issues()
    assert str(caught.value) == f"GitHub API: 401 Unauthorized (Bad credentials) on GET {ISSUES}"
    assert (caught.value.status, caught.value.retryable) == (401, False)
    assert len(fake.requests) == 1


def test_connection_refused() -> None:
    with FakeGitHub(token=TOKEN) as gone:
        url = gone.api_url
    with (
        GitHubClient(GitHubSettings(TOKEN, REPOSITORY, url), FAST) as client,
        pytest.raises(GitHubError) as caught,
    ):
        client.list_issues()
    assert str(caught.value) == f"GitHub API: cannot connect on GET {ISSUES} after 3 attempts"
    assert (caught.value.status, caught.value.retryable) == (None, True)


# ----------------------------------------------------------------- writes
@pytest.mark.parametrize("fault", ["502_after", "reset_after", "timeout_after"])
def test_create_issue_once_after_a_write_that_looked_failed(
    fake: FakeGitHub, client: GitHubClient, fault: str
) -> None:
    fake.inject("POST", ISSUES, fault)
    issue = create_agenda(client)
    assert len(fake.issues()) == 1
    assert (issue.number, issue.labels, issue.author) == (1, ("agenda",), BOT)
    assert [(r.method, r.path) for r in fake.requests] == [("POST", ISSUES), ("GET", ISSUES)]
    assert client.request_count == 2


@pytest.mark.parametrize("fault", ["502_before", "reset_before", "500"])
def test_create_issue_once_sends_again_when_nothing_was_written(
    fake: FakeGitHub, client: GitHubClient, fault: str
) -> None:
    fake.inject("POST", ISSUES, fault)
    issue = create_agenda(client)
    assert [i["number"] for i in fake.issues()] == [issue.number] == [1]
    assert [r.method for r in fake.requests] == ["POST", "GET", "POST"]


def test_create_issue_once_ignores_a_spoofed_marker(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_user("mallory-token", "mallory")
    fake.add_issue("Agenda (fake)", body=MARKER, labels=["agenda"], user="mallory")
    fake.inject("POST", ISSUES, "502_after")
    issue = create_agenda(client)
    assert (issue.number, issue.author) == (2, BOT)
    assert len(fake.issues()) == 2
    found = client.find_issue_by_marker(MARKER, "agenda")
    assert found is not None
    assert found.number == 2


def test_persistent_502_on_write(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.inject("POST", ISSUES, "502_before", times=None)
    with pytest.raises(GitHubError) as caught:
        create_agenda(client)
    message = str(caught.value)
    assert message == f"GitHub API: 502 Bad Gateway on POST {ISSUES} after 3 attempts"
    assert TOKEN not in message
    assert TOKEN not in repr(caught.value)
    assert [r.method for r in fake.requests] == ["POST", "GET", "POST", "GET", "POST"]
    assert fake.issues() == []


def test_validation_error_is_not_retried(fake: FakeGitHub, client: GitHubClient) -> None:
    with pytest.raises(GitHubError) as caught:
        client.create_issue_once(lambda: None, "", "body")
    assert str(caught.value) == (
        f"GitHub API: 422 Unprocessable Entity (Validation Failed) on POST {ISSUES}"
    )
    assert (caught.value.codes, caught.value.retryable) == (("missing_field",), False)
    assert len(fake.requests) == 1


def test_create_comment_once(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue("Agenda")
    fake.add_comment(1, f"{MARKER}\ncopied", user="mallory")  # not the bot's: ignored
    fake.inject("POST", rf"{ISSUES}/\d+/comments", "502_after")
    comment = client.create_comment_once(
        lambda: client.find_comment_by_marker(1, MARKER), 1, f"{MARKER}\nArchived."
    )
    bodies = [c["body"] for c in fake.comments(1)]
    assert bodies == [f"{MARKER}\ncopied", f"{MARKER}\nArchived."]
    assert comment == Comment(
        id=fake.comments(1)[1]["id"],
        body=f"{MARKER}\nArchived.",
        author=BOT,
        author_type="Bot",
        html_url=fake.comments(1)[1]["html_url"],
        created_at=START,
        updated_at=START,
    )
    assert [r.method for r in fake.requests] == ["POST", "GET"]


def test_edit_issue_is_sent_again_after_502(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue("Agenda", body="old")
    fake.inject("PATCH", rf"{ISSUES}/1", "502_after")
    issue = client.edit_issue(1, body="new", state="closed", state_reason="completed")
    assert (issue.body, issue.state, issue.state_reason) == ("new", "closed", "completed")
    assert log(fake) == [("PATCH", f"{ISSUES}/1", 502), ("PATCH", f"{ISSUES}/1", 200)]


# ------------------------------------------------------------ rate limits
def test_secondary_rate_limit_on_write_is_waited_out(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.inject("POST", ISSUES, "secondary_rate_limit", retry_after=1)
    client.create_issue("Agenda", "body", ["agenda"])
    assert len(fake.issues()) == 1
    assert log(fake) == [("POST", ISSUES, 403), ("POST", ISSUES, 201)]
    assert client.request_count == 2


@pytest.mark.parametrize(
    ("fault", "retry_after", "status"),
    [("429", 0, 429), ("secondary_rate_limit", None, 403), ("primary_rate_limit", 0, 403)],
)
def test_rate_limits_on_read_are_waited_out(
    fake: FakeGitHub, client: GitHubClient, fault: str, retry_after: int | None, status: int
) -> None:
    # primary: x-ratelimit-reset = now, so the wait is under a second
    fake.inject("GET", ISSUES, fault, retry_after=retry_after, reset_in=0)
    assert client.list_issues() == []
    assert log(fake) == [("GET", ISSUES, status), ("GET", ISSUES, 200)]
    assert client.request_count == 2


def test_rate_limit_longer_than_allowed_fails_at_once(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.inject("POST", ISSUES, "secondary_rate_limit", retry_after=30)
    with pytest.raises(GitHubError) as caught:
        create_agenda(client)
    assert str(caught.value) == (
        f"GitHub API: 403 Forbidden (rate limited for 30 s, longer than the 2 s allowed) "
        f"on POST {ISSUES}"
    )
    assert caught.value.retryable is False
    assert client.request_count == 1


def test_rate_limit_that_persists_ends_in_one_line(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.inject("GET", ISSUES, "secondary_rate_limit", times=None, retry_after=0)
    with pytest.raises(GitHubError) as caught:
        client.list_issues()
    assert str(caught.value) == (
        f"GitHub API: 403 Forbidden (You have exceeded a secondary rate limit) on GET {ISSUES} "
        "after 3 attempts"
    )
    assert client.request_count == 3 == len(fake.requests)


# ----------------------------------------------------------------- labels
def test_ensure_labels_creates_only_the_missing(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_label("agenda", "0e8a16")
    created = client.ensure_labels(
        ["agenda", "Bug", LabelSpec("touchpoint", "1d76db", "Thursday and Friday Touchpoints")]
    )
    assert created == ["touchpoint"]
    assert log(fake) == [("GET", f"{REPO}/labels", 200), ("POST", f"{REPO}/labels", 201)]
    label = next(lbl for lbl in fake.labels() if lbl["name"] == "touchpoint")
    assert (label["color"], label["description"]) == ("1d76db", "Thursday and Friday Touchpoints")
    assert client.ensure_labels(["agenda", "touchpoint"]) == []
    assert client.request_count == 3


# ---------------------------------------------------------- request count
def test_request_count_is_exact(fake: FakeGitHub, client: GitHubClient) -> None:
    client.ensure_labels(["agenda"])
    issue = client.create_issue("Agenda", f"Topics {MARKER}", ["agenda"])
    client.create_comment(issue.number, "Notes")
    comments = client.list_comments(issue.number)
    client.edit_issue(issue.number, state="closed")
    assert [c.body for c in comments] == ["Notes"]
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", f"{REPO}/labels"),
        ("POST", f"{REPO}/labels"),
        ("POST", ISSUES),
        ("POST", f"{ISSUES}/1/comments"),
        ("GET", f"{ISSUES}/1/comments"),
        ("PATCH", f"{ISSUES}/1"),
    ]
    assert client.request_count == 6


# ------------------------------------------------------------ a hostile API
def test_a_next_page_on_another_host_is_not_followed(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.add_issue("Agenda", labels=["agenda"])
    fake.inject("GET", ISSUES, "next_foreign")
    with pytest.raises(GitHubError) as caught:
        client.list_issues("agenda")
    host = fake.foreign_url.split("//")[1].split(":")[0]
    assert str(caught.value) == (
        f"GitHub API: GET {ISSUES} named a next page outside GITHUB_API_URL (on {host}); "
        "not followed, as the token goes to no other address"
    )
    assert fake.foreign_requests == []
    assert len(fake.requests) == 1


def test_a_next_page_that_repeats_itself_stops(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.inject("GET", rf"{REPO}/issues/1/comments", "next_self", times=None)
    fake.add_issue("Agenda")
    with pytest.raises(GitHubError) as caught:
        client.list_comments(1)
    assert str(caught.value) == (
        f"GitHub API: GET {ISSUES}/1/comments named a next page it had already sent"
    )
    assert len(fake.requests) == 2


def test_pages_are_capped(fake: FakeGitHub) -> None:
    for n in range(201):
        fake.add_issue(f"agenda {n}")
    policy = dataclasses.replace(FAST, max_pages=2)
    settings = GitHubSettings(TOKEN, REPOSITORY, fake.api_url)
    with GitHubClient(settings, policy) as client, pytest.raises(GitHubError) as caught:
        client.list_issues()
    assert str(caught.value) == f"GitHub API: GET {ISSUES} has more than 2 pages; stopped"
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    ("fault", "what"),
    [
        ("301_foreign", "was redirected elsewhere; not followed"),
        ("307_foreign", "was answered with a redirect (HTTP 307) to 127.0.0.2; not followed"),
        (
            "307_odd_body",
            "was answered with a redirect (HTTP 307) to an unknown host; not followed",
        ),
        ("malformed_json", "was answered with something that is not JSON"),
    ],
)
def test_redirects_and_broken_answers_are_one_line(
    fake: FakeGitHub, client: GitHubClient, fault: str, what: str
) -> None:
    fake.inject("*", ISSUES, fault)
    with pytest.raises(GitHubError) as caught:
        client.list_issues()
    assert str(caught.value) == f"GitHub API: GET {ISSUES} {what}"
    with pytest.raises(GitHubError) as caught:
        fake.inject("*", ISSUES, fault)
        client.create_issue("Agenda", "body")
    assert str(caught.value) == f"GitHub API: POST {ISSUES} {what}"
    assert caught.value.retryable is False
    assert fake.foreign_requests == []


def test_an_answer_of_the_wrong_shape_is_one_line(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue("Agenda", labels=["agenda"])
    fake.add_comment(1, "x", user="alice")
    fake.inject("GET", rf"{ISSUES}/1/comments", "307_odd_body")
    with pytest.raises(GitHubError):
        client.list_comments(1)
    with pytest.raises(MalformedAnswer, match="'title' is not a string"):
        issue_from_json({**fake.issues()[0], "title": None})
    with pytest.raises(MalformedAnswer, match="'html_url' is not a web address"):
        comment_from_json({**fake.comments(1)[0], "html_url": "https://x/\n::error::"})


def test_line_breaks_from_github_are_normalised(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue("Agenda\r", body="a\r\nb\rc")
    fake.add_comment(1, "x\ry\r\n", user="alice")
    issue = client.list_issues()[0]
    assert (issue.title, issue.body) == ("Agenda\n", "a\nb\nc")
    assert client.list_comments(1)[0].body == "x\ny\n"


@pytest.mark.parametrize(
    ("link", "relative"),
    [
        (
            "https://ghe.example/api/v3/repositories/1/issues?page=2",
            "/repositories/1/issues?page=2",
        ),
        ("https://GHE.example:443/api/v3/x", "/x"),
        ("http://ghe.example/api/v3/x", None),  # another scheme
        ("https://ghe.example:8443/api/v3/x", None),  # another port
        ("https://ghe.example.evil.org/api/v3/x", None),
        ("https://evil.org/api/v3/x", None),
        ("https://ghe.example/api/v30/x", None),  # outside the API path
        ("https://ghe.example/x", None),
        ("https://ghe.example:99999/api/v3/x", None),  # no valid port
        ("/api/v3/x", None),
        ("", None),
    ],
)
def test_only_links_below_the_api_url_are_followed(link: str, relative: str | None) -> None:
    origin = ApiOrigin.of("https://ghe.example/api/v3")
    assert origin is not None
    assert origin.relative(link) == relative


def test_settings_reject_a_bad_api_url() -> None:
    with pytest.raises(GitHubError) as caught:
        GitHubSettings.from_env({"GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": "ftp://x"})
    assert str(caught.value) == (
        "GITHUB_API_URL must be an http(s) address such as https://api.github.com, got 'ftp://x'"
    )
