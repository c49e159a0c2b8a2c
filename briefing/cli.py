"""The `brief` command: flags -> BriefOptions -> make_brief -> one file or stdout.

Only BriefError is expected here; it becomes one "Error: ..." line on stderr and
the exit code of its class.  Anything else is a bug: one line too, unless
--debug (or BRIEF_DEBUG=1) asks for the traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn, cast

import click

from briefing import __version__
from briefing.errors import BriefError
from briefing.options import ENCODERS, FORMATS, PAPERS, BriefOptions, Format, Paper, format_for_path, parse_size

EPILOG = """\b
Examples:
  brief article.txt                      Markdown brief on stdout
  brief article.txt -o brief.html        HTML brief (format from the suffix)
  brief article.txt -o brief.pdf --paper letter   one-page PDF on US Letter
  brief article.md -o brief.json         JSON for tools and checks
  cat article.txt | brief - -f html      read stdin
  brief article.txt --spec blocks.toml   your own blocks and themes
  brief article.txt --no-facts           no key-facts box

Many articles (CI): a folder of briefs, an index and a manifest
  brief articles/ -o briefs/             every .txt .md .html in articles/
  brief a.txt b.md c.html -o briefs/ --format json
  brief articles/ -r -o briefs/ --cache .brief-cache   re-brief only what changed
  brief articles/ -o briefs/ --workers auto   one process per CPU, same briefs
  brief articles/ -o briefs/ --engine ray --ray-address auto   on a Ray cluster

Exit codes: 0 ok, 1 other error, 2 usage, 3 bad input or spec,
4 model, 5 template, 6 output, 130/143 stopped by Ctrl-C/SIGTERM.
With several articles, a failing one is reported on one line and
skipped; the exit code is then non-zero.
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
@click.argument("articles", metavar="ARTICLE...", nargs=-1, required=True)
@click.option("-o", "--output", "output_name", type=click.Path(), help="Write the brief here (default: stdout); a folder for several articles.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format; default from the -o suffix, else md (html for a folder).")
@click.option("-m", "--model", default="extractive", show_default=True, help="Engine: extractive, a model folder, a .gguf file, or a hub id in the local cache.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True, help="Where models run; auto uses a GPU when torch sees one.")
@click.option("--encoder", type=click.Choice(ENCODERS), default="auto", show_default=True, help="What runs the sentence encoder: auto (ONNX Runtime, else torch), onnx, torch, or torch-bf16 (faster on some CPUs; briefs may differ).")
@click.option("--spec", type=click.Path(path_type=Path, dir_okay=False), help="TOML file defining the brief's blocks.")
@click.option("-n", "--points", type=click.IntRange(1, 20), default=3, show_default=True, help="Most points per block.")
@click.option("--words", type=click.IntRange(20, 5000), default=None, help="Word budget for the whole brief.  [default: what fills one page]")
@click.option("--no-facts", "no_facts", is_flag=True, help="Leave out the key-facts box (figures, actors, timeline).")
@click.option("--no-condense", "no_condense", is_flag=True, help="Points as whole source sentences, not condensed.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="Page the brief must fit on (PDF and HTML print).")
@click.option("--template", "template_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder of templates that override the packaged ones.")
@click.option("--max-size", "max_size", default="5MB", show_default=True, metavar="SIZE", help="Refuse articles larger than this (e.g. 20MB).")
@click.option("-r", "--recursive", is_flag=True, help="Folders: take article files in subfolders too.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder remembering what was briefed; unchanged articles are skipped.")
@click.option("--force", is_flag=True, help="Brief every article even if --cache says it is unchanged.")
@click.option("-w", "--workers", metavar="N|auto", help="Several articles: processes briefing at once (default 1; auto: one per CPU); with --engine ray, actors (default: one per CPU of the cluster).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Several articles: on this machine, or on a Ray cluster (pip install 'brief[ray]').")
@click.option("--ray-address", metavar="ADDRESS", help="With --engine ray: the cluster to join (auto, HOST:6379, ray://HOST:10001); default: start a local Ray.")
@click.option("-q", "--quiet", is_flag=True, help="Several articles: print only errors (no progress, no summary).")
@click.option("--debug", is_flag=True, envvar="BRIEF_DEBUG", help="Show tracebacks for unexpected errors.")
@click.version_option(__version__, "-V", "--version", prog_name="brief")
def cli(
    articles: tuple[str, ...],
    output_name: str | None,
    fmt: str | None,
    model: str,
    device: str,
    encoder: str,
    spec: Path | None,
    points: int,
    words: int | None,
    no_facts: bool,
    no_condense: bool,
    paper: str,
    template_dir: Path | None,
    max_size: str,
    recursive: bool,
    cache_dir: Path | None,
    force: bool,
    workers: str | None,
    engine: str,
    ray_address: str | None,
    quiet: bool,
    debug: bool,
) -> None:
    """Turn ARTICLE (a .txt, .md or .html file, or - for stdin) into a one-page policy brief.

    The brief is fitted to one printed page (measured by laying it out), and
    HTML, Markdown, JSON and PDF carry the same fitted points.

    Every point is a sentence of the article, condensed by deleting words a
    brief does not need (--no-condense keeps it whole), and names the
    paragraphs it came from. Runs offline on the embedded MiniLM sentence encoder.

    Several articles, or folders of them, need -o FOLDER: each brief is written
    as <stem>.brief.<ext>, with index.html (index.json for --format json) and
    manifest.json beside them.
    """
    # Taken as text: pathlib drops the trailing "/" that says "-o names a folder".
    output = Path(output_name) if output_name is not None else None
    batch = _is_batch(articles, output_name, recursive, cache_dir)
    scale = _scale(workers, engine, ray_address, batch)
    common: dict[str, Any] = {
        "model": model, "device": device, "encoder": encoder, "points": points, "words": words, "paper": cast(Paper, paper),
        "spec": spec, "template_dir": template_dir, "max_bytes": _size(max_size), "facts": not no_facts,
        "condense": not no_condense,
    }
    from briefing.interrupt import signals_as_interrupts

    with signals_as_interrupts():
        _brief(articles, output, fmt, common, batch, recursive, cache_dir, force, quiet, debug, scale)


def _brief(
    articles: tuple[str, ...],
    output: Path | None,
    fmt: str | None,
    common: dict[str, Any],
    batch: bool,
    recursive: bool,
    cache_dir: Path | None,
    force: bool,
    quiet: bool,
    debug: bool,
    scale: dict[str, Any],
) -> None:
    """The run itself; every expected failure becomes one line and its exit code."""
    try:
        if batch:
            options = BriefOptions(format=cast(Format, fmt or "html"), **common)
            _run_batch(articles, output, options, recursive, cache_dir, force, quiet, debug, scale)
            return
        options = BriefOptions(format=_choose_format(output, fmt), **common)
        # Imported here so that `brief --help` never loads the pipeline.
        from briefing.output import check_not_input, write_atomic
        from briefing.pipeline import make_brief

        inputs = [] if articles[0] == "-" else [Path(articles[0])]
        if output is not None:
            check_not_input(output, inputs)  # before the work, not only at the write

        if output is None and options.format == "pdf" and sys.stdout.isatty():
            raise click.UsageError("a PDF would garble the terminal; write it to a file with -o brief.pdf")
        result = make_brief(articles[0], options)
        if output is None:
            if isinstance(result.data, bytes):
                sys.stdout.buffer.write(result.data)
                sys.stdout.buffer.flush()
            else:
                click.echo(result.data, nl=False)
        else:
            write_atomic(output, result.data, inputs=inputs)
    except BriefError as err:
        _fail(str(err), err.exit_code)
    except KeyboardInterrupt as err:
        from briefing.interrupt import Interrupted

        code = err.exit_code if isinstance(err, Interrupted) else 130
        name = str(err) if isinstance(err, Interrupted) else "SIGINT"
        done = f"what was made is recorded in {output / 'manifest.json'}" if batch and output else "no file was written"
        _fail(f"interrupted by {name}; {done}", code)
    except (click.ClickException, click.Abort):
        raise
    except Exception as err:  # a bug: keep the terminal readable unless asked
        if debug or os.environ.get("BRIEF_RAISE_ERRORS"):
            raise
        _fail(f"internal error: {type(err).__name__}: {err} (rerun with --debug for the traceback)", 1)


def _is_batch(articles: tuple[str, ...], output: str | None, recursive: bool, cache_dir: Path | None) -> bool:
    """Several articles, a folder, or -o naming a folder: briefs go to a folder."""
    if len(articles) > 1 or recursive or cache_dir is not None:
        return True
    # os.path, not Path: it answers False for a name too long to stat instead of raising.
    if articles[0] != "-" and os.path.isdir(articles[0]):
        return True
    return output is not None and (os.path.isdir(output) or str(output).endswith(("/", os.sep)))


def _scale(workers: str | None, engine: str, ray_address: str | None, batch: bool) -> dict[str, Any]:
    """--workers, --engine and --ray-address, checked: run_batch's keyword arguments."""
    from briefing.parallel import parse_workers

    if ray_address is not None and engine != "ray":
        raise click.UsageError("--ray-address needs --engine ray")
    if not batch and (workers is not None or engine != "local"):
        raise click.UsageError("--workers and --engine are for several articles (or a folder) with -o FOLDER/")
    try:
        count = parse_workers(workers) if workers is not None else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--workers'") from None
    return {"workers": count, "engine": engine, "ray_address": ray_address}


def _run_batch(
    articles: tuple[str, ...],
    output: Path | None,
    options: BriefOptions,
    recursive: bool,
    cache_dir: Path | None,
    force: bool,
    quiet: bool,
    debug: bool,
    scale: dict[str, Any],
) -> None:
    if output is None:
        raise click.UsageError("several articles need a folder for their briefs: add -o FOLDER")
    if "-" in articles:
        raise click.UsageError("standard input (-) can only be briefed on its own")
    if os.path.exists(output) and not os.path.isdir(output):
        raise click.UsageError(f"-o {output} is a file; several articles need a folder")
    if not os.path.exists(output) and format_for_path(output) is not None:
        raise click.UsageError(f"-o {output} looks like a file name; several articles (or a folder) need -o FOLDER/")
    from briefing.batch import collect, is_ci, run_batch
    from briefing.progress import Mode, Progress

    found = collect(articles, recursive=recursive)
    sources = found.sources
    if not sources:
        skipped = f" ({len(found.skipped)} other files skipped)" if found.skipped else ""
        raise click.UsageError(f"no article files (.txt, .md, .html) in {', '.join(articles)}{skipped}")
    mode: Mode = "quiet" if quiet else "ci" if is_ci() else "bar" if sys.stderr.isatty() else "lines"
    with Progress(len(sources), mode) as progress:
        report = run_batch(sources, output, options, cache_dir=cache_dir, force=force, on_item=progress.item,
                           on_notice=progress.notice,
                           raise_unexpected=debug or bool(os.environ.get("BRIEF_RAISE_ERRORS")),
                           skipped=found.skipped, **scale)
    if mode != "quiet":
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
        click.echo(f"brief: {report.summary()}; index: {report.index}", err=True)
    if report.exit_code:
        sys.exit(report.exit_code)


def main() -> NoReturn:
    """Console-script entry point: run, flush, and end the process without interpreter teardown.

    By the time ``cli`` returns, every output file has been written, fsynced and
    renamed into place (``write_atomic``); what is left is to flush stdout and
    stderr.  Python's own teardown (freeing every module: onnxruntime, numpy,
    WeasyPrint's CSS tables) then only costs time, so ``os._exit`` skips it
    (issue 19).  ``cli`` itself, which tests call in process, still returns.
    """
    try:
        cli(prog_name="brief")
        code = 0
    except SystemExit as ended:
        code = _exit_status(ended.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: the reader went away, as Python reports it
            code = code or 120
    os._exit(code)


def _exit_status(code: object) -> int:
    """The status sys.exit(code) gives: None -> 0, an int as is, anything else printed to stderr -> 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
