"""The page speaks in the community's words: site.yaml `words`, `links`, and templates/ overrides."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mini_site import MINI, NOW, NOW_TEXT

from meetingkit.cli import main
from meetingkit.pipeline import load_programme
from meetingkit.render.site import render_index


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(MINI, target)
    return target


def headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"[a-z-]+\">([^<]*)</h2>", html)


def index_html(root: Path) -> str:
    programme, problems = load_programme(root, use_git=False)
    assert programme is not None, problems
    return render_index(programme, NOW)["index.html"].decode("utf-8")


def test_defaults_name_no_community(repo: Path) -> None:
    html = index_html(repo)
    assert headings(html) == [
        "About",
        "Upcoming meetings",
        "All upcoming meetings",
        "Past meetings",
        "Working groups",
        "Subscribe to the calendar",  # no calendars of interest: no section for them
    ]
    assert '<caption id="next-caption">The next meeting of each series</caption>' in html
    assert not re.search(r"touchpoint|learning space|contributor space|todo group", html, re.I)


def test_words_and_links_come_from_site_yaml(repo: Path) -> None:
    site = repo / "site.yaml"
    site.write_text(
        site.read_text("utf-8")
        + "words:\n  next: Next calls\n  working_groups: Get involved\n  links: Community\n"
        + "links:\n  - label: Code of conduct\n    url: https://example.org/coc\n"
        + "  - label: Chat <here>\n    url: https://chat.example.org/\n",
        "utf-8",
    )
    html = index_html(repo)
    assert headings(html)[1] == "Next calls"
    assert headings(html)[4] == "Get involved"
    assert '<li><a href="#links">Community</a></li>' in html
    assert (
        '<h2 id="links">Community</h2>\n<ul>\n'
        '<li><a href="https://example.org/coc">Code of conduct</a></li>\n'
        '<li><a href="https://chat.example.org/">Chat &lt;here&gt;</a></li>\n</ul>'
    ) in html


def test_a_repository_template_overrides_the_packaged_one(repo: Path, tmp_path: Path) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<p>Hello from {{ site.community }}</p>'
        "{% endblock %}\n",
        "utf-8",
    )
    out = tmp_path / "site"
    assert main(["build", "--root", str(repo), "--out", str(out), "--now", NOW_TEXT]) == 0
    html = (out / "index.html").read_text("utf-8")
    assert '<main id="main">\n<p>Hello from Mini Community</p></main>' in html
    # The meeting pages still come from the packaged meeting.html.
    assert '<h2 id="details">Details</h2>' in (
        out / "meetings" / "2024-04-12-office-hours.html"
    ).read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "index.html",
            '{% extends "base.html" %}\n{% block main %}\n{% if x %}\n{% endblock %}\n',
            "templates/index.html:4:1: error: the template does not parse: ",
        ),
        (
            "indx.html",
            "<p>hi</p>\n",
            "templates/indx.html:1:1: error: 'indx.html' replaces no packaged template; name it "
            "one of _macros.html, base.html, index.html, meeting.html, or move it out of "
            "templates/ (template)\n",
        ),
    ],
)
def test_a_broken_override_is_a_located_error(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / name).write_text(text, "utf-8")
    assert main(["validate", "--root", str(repo), "--format", "text"]) == 1
    first = capsys.readouterr().out.splitlines(keepends=True)[0]
    # Jinja's own words sit in the middle; the place and the advice are meetingkit's.
    if expected.endswith("\n"):
        assert first == expected
    else:
        assert first.startswith(expected)
        assert first.endswith(
            "; compare it with the packaged meetingkit/templates/index.html (template)\n"
        )


def test_an_override_failing_while_rendering_names_its_line(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ site.no_such_field }}</p>\n'
        "{% endblock %}\n",
        "utf-8",
    )
    out = tmp_path / "site"
    assert main(["build", "--root", str(repo), "--out", str(out), "--now", NOW_TEXT]) == 1
    err = capsys.readouterr().err
    # The place is ours; what follows it is Jinja2's own explanation.
    (line,) = [x for x in err.splitlines() if x.startswith("meetingkit build: templates/")]
    assert line.startswith("meetingkit build: templates/index.html:3: ")
    assert "no_such_field" in line
    assert "Traceback" not in err


@pytest.mark.parametrize("own_templates", [False, True])
def test_validate_imports_jinja2_only_for_own_templates(repo: Path, own_templates: bool) -> None:
    if own_templates:
        (repo / "templates").mkdir()
        (repo / "templates" / "base.html").write_text("<p>{{ site.community }}</p>\n", "utf-8")
    script = (
        "import sys\nfrom meetingkit.cli import main\n"
        f"status = main(['validate', '--root', {str(repo)!r}])\n"
        "print(status, 'jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == f"no problems found\n0 {own_templates}\n", done.stderr
