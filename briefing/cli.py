"""The `brief` command: flags -> BriefOptions -> make_brief -> one file or stdout.

Only BriefError is expected here; it becomes one "Error: ..." line on stderr and
the exit code of its class.  Anything else is a bug: one line too, unless
--debug (or BRIEF_DEBUG=1) asks for the traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn, cast

import click

from briefing import __version__
from briefing.errors import BriefError
from briefing.options import FORMATS, PAPERS, BriefOptions, Format, Paper, format_for_path, parse_size

EPILOG = """\b
Examples:
  brief article.txt                      Markdown brief on stdout
  brief article.txt -o brief.html        HTML brief (format from the suffix)
  brief article.txt -o brief.pdf --paper letter   one-page PDF on US Letter
  brief article.md -o brief.json         JSON for tools and checks
  cat article.txt | brief - -f html      read stdin
  brief article.txt --spec blocks.toml   your own blocks and themes

Exit codes: 0 ok, 1 other error, 2 usage, 3 bad input or spec,
4 model, 5 template, 6 output.
"""


def _fail(message: str, exit_code: int) -> NoReturn:
    """One "Error: ..." line on stderr, as Click shows its own errors, and the class's exit code."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(exit_code)


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--max-size'") from None


def _choose_format(output: Path | None, fmt: str | None) -> Format:
    implied = format_for_path(output) if output is not None else None
    if fmt is not None:
        if implied is not None and implied != fmt:
            raise click.UsageError(f"-o {output} implies {implied}, but --format says {fmt}")
        return cast(Format, fmt)
    if output is None:
        return "md"
    if implied is None:
        raise click.UsageError(
            f"cannot tell the format from '{output.name}'; use a .md, .html or .json name, or --format"
        )
    return implied


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("article", metavar="ARTICLE")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the brief here (default: stdout).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format; default from the -o suffix, else md.")
@click.option("-m", "--model", default="extractive", show_default=True, help="Summariser to use.")
@click.option("--spec", type=click.Path(path_type=Path, dir_okay=False), help="TOML file defining the brief's blocks.")
@click.option("-n", "--points", type=click.IntRange(1, 20), default=3, show_default=True, help="Most points per block.")
@click.option("--words", type=click.IntRange(20, 5000), default=400, show_default=True, help="Word budget for the whole brief.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="Page the brief must fit on (PDF and HTML print).")
@click.option("--template", "template_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder of templates that override the packaged ones.")
@click.option("--max-size", "max_size", default="5MB", show_default=True, metavar="SIZE", help="Refuse articles larger than this (e.g. 20MB).")
@click.option("--debug", is_flag=True, envvar="BRIEF_DEBUG", help="Show tracebacks for unexpected errors.")
@click.version_option(__version__, "-V", "--version", prog_name="brief")
def cli(
    article: str,
    output: Path | None,
    fmt: str | None,
    model: str,
    spec: Path | None,
    points: int,
    words: int,
    paper: str,
    template_dir: Path | None,
    max_size: str,
    debug: bool,
) -> None:
    """Turn ARTICLE (a .txt, .md or .html file, or - for stdin) into a one-page policy brief.

    The brief is fitted to one printed page (measured by laying it out), and
    HTML, Markdown, JSON and PDF carry the same fitted points.

    Every point is a sentence of the article and names the paragraphs it came
    from. Runs offline on the embedded MiniLM sentence encoder.
    """
    options = BriefOptions(
        model=model,
        format=_choose_format(output, fmt),
        points=points,
        words=words,
        paper=cast(Paper, paper),
        spec=spec,
        template_dir=template_dir,
        max_bytes=_size(max_size),
    )
    try:
        # Imported here so that `brief --help` never loads the pipeline.
        from briefing.output import write_atomic
        from briefing.pipeline import make_brief

        if output is None and options.format == "pdf" and sys.stdout.isatty():
            raise click.UsageError("a PDF would garble the terminal; write it to a file with -o brief.pdf")
        result = make_brief(article, options)
        if output is None:
            if isinstance(result.data, bytes):
                sys.stdout.buffer.write(result.data)
                sys.stdout.buffer.flush()
            else:
                click.echo(result.data, nl=False)
        else:
            write_atomic(output, result.data)
    except BriefError as err:
        _fail(str(err), err.exit_code)
    except (click.ClickException, click.Abort, KeyboardInterrupt):
        raise
    except Exception as err:  # a bug: keep the terminal readable unless asked
        if debug or os.environ.get("BRIEF_RAISE_ERRORS"):
            raise
        _fail(f"internal error: {type(err).__name__}: {err} (rerun with --debug for the traceback)", 1)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="brief")
