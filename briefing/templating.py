"""The Jinja environment, and the one decision about where templates live.

Templates are kept in the top-level ``templates/`` folder of the repository and
copied into the wheel as ``briefing/templates/`` at build time.  An installed
package finds them inside itself; a source checkout (or an editable install)
finds them beside the package.  A user folder (``--template DIR``) comes first,
so any template can be overridden one file at a time.
"""

from __future__ import annotations

import json
import re
import traceback
from pathlib import Path, PurePath
from typing import Any

import jinja2

from briefing.errors import RenderError

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE / "templates", _PACKAGE.parent / "templates")


def packaged_template_dir() -> Path:
    """The folder holding the templates that ship with brief."""
    for folder in _CANDIDATES:
        if (folder / "brief.html.j2").is_file():
            return folder
    raise RenderError(
        "brief's own templates are missing from the installation; reinstall it with 'pip install .'"
    )


# Characters that Markdown (and pandoc's extensions: $ for maths, ^ and ~ for
# super/subscript) would read as markup inside a sentence.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#$^~|])")


def md_escape(text: str) -> str:
    """Escape text so Markdown renderers show it literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def yaml_string(value: str | None) -> str:
    """A YAML scalar: a JSON string is valid YAML, and null stays null."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


_ENVIRONMENTS: dict[Path | None, jinja2.Environment] = {}


def make_environment(user_dir: Path | None = None) -> jinja2.Environment:
    """Environment with the user's folder first, strict undefined, HTML autoescaped.

    One environment per folder for the life of the process: Jinja then compiles
    each template once (about 15 ms each, which a batch of 100 briefs, each laid
    out a few times, would otherwise pay hundreds of times) and still reloads a
    template whose file changed.
    """
    key = user_dir.resolve() if user_dir is not None else None
    if key in _ENVIRONMENTS and (user_dir is None or user_dir.is_dir()):
        return _ENVIRONMENTS[key]
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise RenderError(f"{user_dir}: template folder not found")
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(packaged_template_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "htm"), default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md_escape"] = md_escape
    env.filters["yaml_string"] = yaml_string
    env.filters["file_name"] = file_name
    _ENVIRONMENTS[key] = env
    return env


def file_name(path: str) -> str:
    """The last part of a source path: what a printed page shows (the full path is in JSON).

    A brief then reads the same wherever the article's folder lies, and a deep
    CI path does not take a second header line from the page.
    """
    return PurePath(path).name or path


def load_template(env: jinja2.Environment, name: str, template_dir: Path | None = None) -> jinja2.Template:
    """Template ``name``, compiled; RenderError naming it (and the line) when missing or broken."""
    try:
        return env.get_template(name)
    except jinja2.TemplateError as err:
        raise _render_error(err, name, template_dir) from None


def render_template(env: jinja2.Environment, name: str, template_dir: Path | None = None, **context: Any) -> str:
    """Render template ``name``; any failure, at load or at render time, is a RenderError naming it.

    Raises:
        RenderError: the template is missing, broken, uses an unknown value, or
            raises while rendering (``{{ 1 // 0 }}``); the message names the
            template and, where known, the line.
    """
    template = load_template(env, name, template_dir)
    try:
        return template.render(**context)
    except RenderError:
        raise
    except Exception as err:  # the template's own expressions raise whatever they raise
        raise _render_error(err, name, template_dir) from None


def _render_error(err: Exception, name: str, template_dir: Path | None) -> RenderError:
    if isinstance(err, jinja2.TemplateNotFound):
        return RenderError(f"template '{err.name}' not found in {template_dir or 'the packaged templates'}")
    if isinstance(err, jinja2.TemplateSyntaxError):
        return RenderError(f"template {err.filename or err.name}, line {err.lineno}: {err.message}")
    if isinstance(err, jinja2.UndefinedError):
        return RenderError(f"{_where(err, name)}: uses an unknown value: {err.message}")
    return RenderError(f"{_where(err, name)}: {type(err).__name__}: {err}")


def _where(err: BaseException, name: str) -> str:
    """"template NAME, line N": the innermost template frame of the traceback Jinja rewrites."""
    found = f"template {name}"
    for frame, line in traceback.walk_tb(err.__traceback__):
        filename = frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<frozen"):
            found = f"template {Path(filename).name}, line {line}"
    return found
