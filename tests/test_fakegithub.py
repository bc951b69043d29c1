"""The GitHub emulator itself, over real HTTP with plain ``requests`` (no retries)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from github.Auth import Token
from github.GithubRetry import GithubRetry
from github.MainClass import Github

from fakegithub import BOT_ID, SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, Request

TOKEN = "t0ken"
REPO = "/repos/todogroup/meetings"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(owner="todogroup", repo="meetings", token=TOKEN) as fake:
        yield fake


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.headers["Authorization"] = f"token {TOKEN}"
        yield session


def call(
    http: requests.Session, gh: FakeGitHub, method: str, path: str, **kwargs: Any
) -> requests.Response:
    kwargs.setdefault("timeout", 5)
    return http.request(method, gh.api_url + path, **kwargs)


def new_issue(http: requests.Session, gh: FakeGitHub, title: str, **fields: Any) -> dict[str, Any]:
    response = call(http, gh, "POST", f"{REPO}/issues", json={"title": title, **fields})
    assert response.status_code == 201
    data: dict[str, Any] = response.json()
    return data


# ------------------------------------------------------------------ basics
def test_repository(gh: FakeGitHub, http: requests.Session) -> None:
    data = call(http, gh, "GET", REPO).json()
    assert (data["full_name"], data["default_branch"]) == ("todogroup/meetings", "main")
    assert data["html_url"] == "https://github.com/todogroup/meetings"
    assert data["url"] == f"{gh.api_url}{REPO}"
    # GitHub's /repositories/{id} form reaches the same repository
    alias = call(http, gh, "GET", f"/repositories/{data['id']}").json()
    assert alias["full_name"] == "todogroup/meetings"


@pytest.mark.parametrize("header", [None, "token wrong", "Basic dDBrZW4=", "Bearer "])
def test_bad_credentials(gh: FakeGitHub, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = requests.get(gh.api_url + REPO, headers=headers, timeout=5)
    assert response.status_code == 401
    assert response.json() == {
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401",
    }


def test_bearer_token_accepted(gh: FakeGitHub) -> None:
    response = requests.get(
        gh.api_url + REPO, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/repos/todogroup/nope",
        f"{REPO}/issues/7",
        f"{REPO}/issues/7/comments",
        f"{REPO}/labels/agenda",
        f"{REPO}/pulls",
        "/repositories/999999/issues",
    ],
)
def test_not_found(gh: FakeGitHub, http: requests.Session, path: str) -> None:
    response = call(http, gh, "GET", path)
    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


def test_label_name_is_url_decoded(gh: FakeGitHub, http: requests.Session) -> None:
    response = call(http, gh, "GET", f"{REPO}/labels/good%20first%20issue")
    assert response.status_code == 200
    assert response.json()["name"] == "good first issue"
    assert response.json()["url"] == f"{gh.api_url}{REPO}/labels/good%20first%20issue"


def test_user_endpoint(gh: FakeGitHub, http: requests.Session) -> None:
    response = call(http, gh, "GET", "/user")
    assert response.status_code == 403
    assert response.json()["message"] == "Resource not accessible by integration"
    gh.add_user("other-token", "mallory")
    response = http.get(
        gh.api_url + "/user", headers={"Authorization": "token other-token"}, timeout=5
    )
    assert (response.status_code, response.json()["login"]) == (200, "mallory")


def test_rate_limit_headers_and_endpoint(gh: FakeGitHub, http: requests.Session) -> None:
    first = call(http, gh, "GET", REPO).headers
    second = call(http, gh, "GET", REPO).headers
    assert first["x-ratelimit-limit"] == "5000"
    assert (first["x-ratelimit-remaining"], second["x-ratelimit-remaining"]) == ("4999", "4998")
    assert second["x-ratelimit-used"] == "2"
    assert second["x-ratelimit-resource"] == "core"
    data = call(http, gh, "GET", "/rate_limit").json()
    assert data["rate"]["remaining"] == 4998  # /rate_limit itself is free
    assert data["resources"]["search"]["limit"] == 30
    search = call(http, gh, "GET", "/search/issues", params={"q": "x"}).headers
    assert (search["x-ratelimit-resource"], search["x-ratelimit-remaining"]) == ("search", "29")


# ------------------------------------------------------------------ issues
def test_create_issue(gh: FakeGitHub, http: requests.Session) -> None:
    response = call(
        http,
        gh,
        "POST",
        f"{REPO}/issues",
        json={"title": "Agenda", "body": "text", "labels": ["agenda", "bug"], "assignees": ["x"]},
    )
    assert response.status_code == 201
    data = response.json()
    assert response.headers["Location"] == f"{gh.api_url}{REPO}/issues/1"
    assert {k: data[k] for k in ("number", "title", "body", "state", "state_reason")} == {
        "number": 1,
        "title": "Agenda",
        "body": "text",
        "state": "open",
        "state_reason": None,
    }
    assert [(lbl["name"], lbl["color"]) for lbl in data["labels"]] == [
        ("agenda", "ededed"),
        ("bug", "d73a4a"),
    ]
    assert (data["user"]["login"], data["user"]["type"], data["user"]["id"]) == (
        "github-actions[bot]",
        "Bot",
        BOT_ID,
    )
    assert data["html_url"] == "https://github.com/todogroup/meetings/issues/1"
    assert data["url"] == f"{gh.api_url}{REPO}/issues/1"
    assert (data["comments"], data["created_at"], data["closed_at"]) == (
        0,
        "2025-01-06T12:00:00Z",
        None,
    )
    assert data["assignees"] == []
    assert "agenda" in gh.label_names()  # created on the fly for a user with push access


@pytest.mark.parametrize("payload", [{}, {"title": ""}, {"title": None, "body": "x"}])
def test_create_issue_needs_title(
    gh: FakeGitHub, http: requests.Session, payload: dict[str, Any]
) -> None:
    response = call(http, gh, "POST", f"{REPO}/issues", json=payload)
    assert response.status_code == 422
    assert response.json() == {
        "message": "Validation Failed",
        "errors": [{"resource": "Issue", "code": "missing_field", "field": "title"}],
        "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
        "status": "422",
    }
    assert gh.issues() == []


def test_bad_json_body(gh: FakeGitHub, http: requests.Session) -> None:
    response = call(http, gh, "POST", f"{REPO}/issues", data=b"{nope")
    assert (response.status_code, response.json()["message"]) == (400, "Problems parsing JSON")


def test_labels_of_users_without_push_access_are_dropped(
    gh: FakeGitHub, http: requests.Session
) -> None:
    gh.add_user("mallory-token", "mallory")
    response = http.post(
        f"{gh.api_url}{REPO}/issues",
        json={"title": "spoof", "body": "<!-- marker -->", "labels": ["agenda"]},
        headers={"Authorization": "token mallory-token"},
        timeout=5,
    )
    data = response.json()
    assert (data["user"]["login"], data["user"]["type"], data["labels"]) == (
        "mallory",
        "User",
        [],
    )
    assert "agenda" not in gh.label_names()


def test_get_and_patch_issue(gh: FakeGitHub, http: requests.Session) -> None:
    new_issue(http, gh, "A", body="one")
    gh.clock.advance(3600)
    patched = call(
        http,
        gh,
        "PATCH",
        f"{REPO}/issues/1",
        json={"body": "two", "state": "closed", "labels": ["notes"]},
    ).json()
    assert (patched["body"], patched["state"], patched["state_reason"]) == (
        "two",
        "closed",
        "completed",
    )
    assert (patched["closed_at"], patched["updated_at"]) == (
        "2025-01-06T13:00:00Z",
        "2025-01-06T13:00:00Z",
    )
    assert patched["closed_by"]["login"] == "github-actions[bot]"
    assert [lbl["name"] for lbl in patched["labels"]] == ["notes"]
    assert call(http, gh, "GET", f"{REPO}/issues/1").json() == patched
    reopened = call(http, gh, "PATCH", f"{REPO}/issues/1", json={"state": "open"}).json()
    assert (reopened["state"], reopened["state_reason"], reopened["closed_at"]) == (
        "open",
        "reopened",
        None,
    )
    bad = call(http, gh, "PATCH", f"{REPO}/issues/1", json={"state": "done"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"resource": "Issue", "code": "invalid", "field": "state"}]


def test_list_issues_link_headers(gh: FakeGitHub, http: requests.Session) -> None:
    for n in range(5):
        new_issue(http, gh, f"issue {n}")
    repo_id = call(http, gh, "GET", REPO).json()["id"]
    base = f"{gh.api_url}/repositories/{repo_id}/issues?state=all&per_page=2"

    first = call(http, gh, "GET", f"{REPO}/issues?state=all&per_page=2")
    assert [i["number"] for i in first.json()] == [5, 4]
    assert first.headers["Link"] == (f'<{base}&page=2>; rel="next", <{base}&page=3>; rel="last"')
    middle = call(http, gh, "GET", f"{REPO}/issues?state=all&per_page=2&page=2")
    assert middle.headers["Link"] == (
        f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next", '
        f'<{base}&page=3>; rel="last", <{base}&page=1>; rel="first"'
    )
    last = http.get(f"{base}&page=3", timeout=5)  # follow GitHub's own link form
    assert [i["number"] for i in last.json()] == [1]
    assert last.headers["Link"] == f'<{base}&page=2>; rel="prev", <{base}&page=1>; rel="first"'
    beyond = call(http, gh, "GET", f"{REPO}/issues?state=all&per_page=2&page=9")
    assert beyond.json() == []


def test_list_issues_page_sizes(gh: FakeGitHub, http: requests.Session) -> None:
    for n in range(120):
        gh.add_issue(f"issue {n}")
    default = call(http, gh, "GET", f"{REPO}/issues")
    assert len(default.json()) == 30
    assert default.headers["Link"].endswith('page=4>; rel="last"')
    capped = call(http, gh, "GET", f"{REPO}/issues", params={"per_page": 500})
    assert len(capped.json()) == 100
    one_page = call(http, gh, "GET", f"{REPO}/issues", params={"state": "closed"})
    assert (one_page.json(), "Link" in one_page.headers) == ([], False)


def test_list_issues_filters(gh: FakeGitHub, http: requests.Session) -> None:
    gh.add_user("m-token", "mallory")
    gh.add_issue("a", labels=["agenda", "touchpoint"])
    gh.clock.advance(60)
    gh.add_issue("b", labels=["agenda"], state="closed")
    gh.clock.advance(60)
    gh.add_issue("c", labels=["Touchpoint"], user="mallory")
    gh.clock.advance(60)
    call(http, gh, "POST", f"{REPO}/issues/1/comments", json={"body": "bump"})

    def numbers(**params: str) -> list[int]:
        response = call(http, gh, "GET", f"{REPO}/issues", params=params)
        return [i["number"] for i in response.json()]

    assert numbers() == [3, 1]
    assert numbers(state="closed") == [2]
    assert numbers(state="all", labels="agenda") == [2, 1]
    assert numbers(state="all", labels="agenda,TOUCHPOINT") == [1]
    assert numbers(state="all", creator="mallory") == [3]
    assert numbers(state="all", direction="asc") == [1, 2, 3]
    assert numbers(state="all", sort="updated") == [1, 3, 2]
    assert numbers(state="all", sort="comments", direction="desc") == [1, 3, 2]
    assert numbers(state="all", since="2025-01-06T12:01:30Z") == [3, 1]


# ---------------------------------------------------------------- comments
def test_comments(gh: FakeGitHub, http: requests.Session) -> None:
    new_issue(http, gh, "A")
    response = call(http, gh, "POST", f"{REPO}/issues/1/comments", json={"body": "hi"})
    assert response.status_code == 201
    data = response.json()
    assert data["body"] == "hi"
    assert data["user"]["login"] == "github-actions[bot]"
    assert data["html_url"] == (
        f"https://github.com/todogroup/meetings/issues/1#issuecomment-{data['id']}"
    )
    assert data["created_at"] == "2025-01-06T12:00:00Z"
    for n in range(4):
        gh.add_comment(1, f"c{n}", user="someone")
    assert call(http, gh, "GET", f"{REPO}/issues/1").json()["comments"] == 5
    page = call(http, gh, "GET", f"{REPO}/issues/1/comments", params={"per_page": 2})
    assert [c["body"] for c in page.json()] == ["hi", "c0"]
    assert page.headers["Link"].count("rel=") == 2
    assert '/issues/1/comments?per_page=2&page=3>; rel="last"' in page.headers["Link"]
    empty = call(http, gh, "POST", f"{REPO}/issues/1/comments", json={})
    assert empty.status_code == 422


# ------------------------------------------------------------------ labels
def test_labels(gh: FakeGitHub, http: requests.Session) -> None:
    created = call(
        http,
        gh,
        "POST",
        f"{REPO}/labels",
        json={"name": "agenda", "color": "#0E8A16", "description": "Meeting agenda"},
    )
    assert created.status_code == 201
    assert (created.json()["name"], created.json()["color"]) == ("agenda", "0e8a16")
    duplicate = call(http, gh, "POST", f"{REPO}/labels", json={"name": "Agenda"})
    assert duplicate.status_code == 422
    assert duplicate.json() == {
        "message": "Validation Failed",
        "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}],
        "documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
        "status": "422",
    }
    names = [lbl["name"] for lbl in call(http, gh, "GET", f"{REPO}/labels").json()]
    assert names == gh.label_names()
    assert names[:2] == ["agenda", "bug"]
    assert len(names) == 10  # GitHub's nine default labels and ours


# ------------------------------------------------------------------ search
def test_search_lags_behind(gh: FakeGitHub, http: requests.Session) -> None:
    new_issue(http, gh, "Agenda", body="x <!-- meetingkit:agenda id=m1 --> y")
    query = {"q": 'repo:todogroup/meetings is:issue in:body "meetingkit:agenda id=m1"'}
    before = call(http, gh, "GET", "/search/issues", params=query).json()
    assert before == {"total_count": 0, "incomplete_results": False, "items": []}
    gh.clock.advance(60)
    after = call(http, gh, "GET", "/search/issues", params=query).json()
    assert after["total_count"] == 1
    assert (after["items"][0]["number"], after["items"][0]["score"]) == (1, 1.0)


def test_search_hide_newest_and_qualifiers(gh: FakeGitHub, http: requests.Session) -> None:
    gh.search_lag = 0
    gh.search_hide_newest = 1
    gh.add_issue("Agenda one", body="alpha beta", labels=["agenda"])
    gh.add_issue("Notes", body="alpha", state="closed")
    gh.add_repo("other", "repo")
    gh.add_issue("Agenda elsewhere", body="alpha beta", repo="other/repo")
    gh.add_issue("Agenda two", body="alpha beta")  # the newest: not indexed yet

    def found(q: str) -> list[str]:
        items = call(http, gh, "GET", "/search/issues", params={"q": q}).json()["items"]
        return sorted(i["title"] for i in items)

    assert found("alpha") == ["Agenda elsewhere", "Agenda one", "Notes"]  # not the newest
    gh.search_hide_newest = 0
    assert found("repo:todogroup/meetings alpha beta") == ["Agenda one", "Agenda two"]
    assert found('"beta alpha"') == []
    assert found("agenda in:body") == []
    assert found("agenda in:title is:open") == ["Agenda elsewhere", "Agenda one", "Agenda two"]
    assert found("is:closed alpha") == ["Notes"]
    assert found("label:agenda") == ["Agenda one"]
    assert found("is:pr alpha") == []
    assert found("author:github-actions[bot] repo:other/repo") == ["Agenda elsewhere"]
    empty = call(http, gh, "GET", "/search/issues", params={"q": " "})
    assert empty.status_code == 422


# ------------------------------------------------------------------ faults
def test_request_log(gh: FakeGitHub, http: requests.Session) -> None:
    call(http, gh, "GET", f"{REPO}/issues", params={"state": "all"})
    call(http, gh, "GET", f"{REPO}/issues/3")
    assert gh.requests == [
        Request("GET", f"{REPO}/issues", {"state": "all"}, 200),
        Request("GET", f"{REPO}/issues/3", {}, 404),
    ]


@pytest.mark.parametrize(("fault", "created"), [("502_after", 1), ("502_before", 0)])
def test_fault_502(gh: FakeGitHub, http: requests.Session, fault: str, created: int) -> None:
    gh.inject("POST", f"{REPO}/issues", fault)
    response = call(http, gh, "POST", f"{REPO}/issues", json={"title": "x"})
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert len(gh.issues()) == created
    assert gh.pending_faults == 0
    assert call(http, gh, "POST", f"{REPO}/issues", json={"title": "x"}).status_code == 201


def test_fault_500(gh: FakeGitHub, http: requests.Session) -> None:
    gh.inject("GET", REPO, "500", times=2)
    statuses = [call(http, gh, "GET", REPO).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert [r.status for r in gh.requests] == [500, 500, 200]


@pytest.mark.parametrize(("fault", "created"), [("reset_after", 1), ("reset_before", 0)])
def test_fault_reset(gh: FakeGitHub, http: requests.Session, fault: str, created: int) -> None:
    gh.inject("POST", r"/repos/[^/]+/[^/]+/issues", fault)
    with pytest.raises(requests.ConnectionError):
        call(http, gh, "POST", f"{REPO}/issues", json={"title": "x"})
    assert len(gh.issues()) == created
    assert gh.requests == [Request("POST", f"{REPO}/issues", {}, None)]


def test_fault_timeout_after(gh: FakeGitHub, http: requests.Session) -> None:
    gh.inject("POST", f"{REPO}/issues", "timeout_after", delay=0.6)
    with pytest.raises(requests.ReadTimeout):
        call(http, gh, "POST", f"{REPO}/issues", json={"title": "x"}, timeout=0.2)
    assert len(gh.issues()) == 1


@pytest.mark.parametrize(("fault", "status"), [("secondary_rate_limit", 403), ("429", 429)])
def test_fault_secondary_rate_limit(
    gh: FakeGitHub, http: requests.Session, fault: str, status: int
) -> None:
    gh.inject("*", f"{REPO}/issues", fault, retry_after=0)
    response = call(http, gh, "POST", f"{REPO}/issues", json={"title": "x"})
    assert response.status_code == status
    assert response.headers["Retry-After"] == "0"
    assert response.json()["message"] == SECONDARY_RATE_LIMIT_MESSAGE
    assert gh.issues() == []


def test_fault_primary_rate_limit(gh: FakeGitHub, http: requests.Session) -> None:
    gh.inject("GET", f"{REPO}/issues", "primary_rate_limit", reset_in=30)
    before = int(datetime.now(UTC).timestamp())
    response = call(http, gh, "GET", f"{REPO}/issues")
    assert response.status_code == 403
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert before + 30 <= int(response.headers["x-ratelimit-reset"]) <= before + 32
    assert response.json()["message"].startswith("API rate limit exceeded")


def test_fault_every_time_and_validation(gh: FakeGitHub, http: requests.Session) -> None:
    gh.inject("GET", REPO, "500", times=None)
    assert {call(http, gh, "GET", REPO).status_code for _ in range(4)} == {500}
    assert call(http, gh, "GET", f"{REPO}/issues").status_code == 200  # full-path match only
    with pytest.raises(ValueError, match="unknown fault"):
        gh.inject("GET", REPO, "503")


def test_pygithub_default_retry_duplicates_issues(gh: FakeGitHub) -> None:
    """Why meetingkit configures its own retry: PyGithub's default replays the POST."""
    gh.inject("POST", f"{REPO}/issues", "502_after")
    client = Github(
        auth=Token(TOKEN),
        base_url=gh.api_url,
        retry=GithubRetry(),
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
    )
    client.get_repo("todogroup/meetings").create_issue("Agenda")
    assert len(gh.issues()) == 2


def test_pygithub_follows_a_foreign_next_link_under_python_O(
    gh: FakeGitHub, tmp_path: Path
) -> None:
    """The trap the client avoids: PyGithub's own paging checks the host with an assert."""
    gh.add_issue("one")
    gh.inject("GET", "/repos/todogroup/meetings/issues", "next_foreign")
    script = (
        "import sys\n"
        "from github.Auth import Token\n"
        "from github.MainClass import Github\n"
        "g = Github(auth=Token(sys.argv[2]), base_url=sys.argv[1])\n"
        "print(len(list(g.get_repo('todogroup/meetings', lazy=True).get_issues())))\n"
    )
    command = [sys.executable, "-O", "-c", script, gh.api_url, TOKEN]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "1\n")
    assert [(m, auth) for m, _path, auth in gh.foreign_requests] == [("GET", f"token {TOKEN}")]
