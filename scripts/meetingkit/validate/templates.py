"""A repository's own page templates (``templates/``) must parse and override a packaged one."""

from __future__ import annotations

from collections.abc import Iterator

from meetingkit.load.repository import Repository
from meetingkit.load.templates import PACKAGED, environment, override_paths
from meetingkit.problems import Problem


def template_overrides(repo: Repository) -> Iterator[Problem]:
    paths = override_paths(repo.root)
    if not paths:
        return
    import jinja2  # only for a repository with its own templates: validate stays light

    env = environment(str(repo.root))
    for path in paths:
        relative = path.relative_to(repo.root).as_posix()
        if path.name not in PACKAGED:
            yield Problem(
                relative,
                1,
                1,
                "error",
                f"'{path.name}' replaces no packaged template; name it one of "
                f"{', '.join(PACKAGED)}, or move it out of templates/",
                "template",
            )
            continue
        try:
            env.parse(path.read_text("utf-8"), path.name, relative)
        except jinja2.TemplateSyntaxError as exc:
            yield Problem(
                relative,
                exc.lineno,
                1,
                "error",
                f"the template does not parse: {exc.message or 'syntax error'}; compare it with the packaged "
                f"meetingkit/templates/{path.name}",
                "template",
            )
        except UnicodeDecodeError:
            yield Problem(relative, 1, 1, "error", "the template is not UTF-8 text", "template")
