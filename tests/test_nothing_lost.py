"""Nothing lost, nothing hangs (issue 18): brief never destroys a file it did not make.

Each case runs as a careless user or an attacker would.  Device nodes and FIFOs
are made by the test in its own temporary folder (root-only tests say so);
no test touches a real device.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.batch import brief_href, collect, run_batch
from briefing.cli import cli
from briefing.errors import OutputError
from briefing.options import BriefOptions
from briefing.output import write_atomic

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="making device nodes needs root")
PROSE = (
    "The minister said the water budget will grow by 3 percent in 2025. "
    "Officials expect the new reservoirs to open before the summer of 2026. "
    "Critics of the plan say the money would be better spent on repairing old pipes.\n"
)
ARTICLE = f"Water plan\n\n{PROSE}\n{PROSE.replace('minister', 'treasurer')}"


def _one_error_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return lines[0]


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# 1. An input is never overwritten.


@pytest.mark.parametrize("name", ["a.md", "p.html", "notes.txt"], ids=["markdown", "html", "text-as-html"])
def test_an_article_given_as_its_own_output_is_refused_and_kept(runner: CliRunner, tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    data = ARTICLE if not name.endswith(".html") else f"<html><body><h1>Water plan</h1><p>{PROSE}</p><p>{PROSE}</p></body></html>"
    source.write_text(data)
    fmt = ["-f", "html"] if name.endswith(".txt") else []
    result = runner.invoke(cli, [str(source), "-o", str(source), *fmt])
    assert result.exit_code == 6
    assert "is the article being briefed; refusing to overwrite it" in _one_error_line(result)
    assert source.read_text() == data


@pytest.mark.parametrize("kind", ["symlink", "hard link"])
def test_an_output_that_is_the_input_through_a_link_is_refused(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    source = tmp_path / "a.md"
    source.write_text(ARTICLE)
    link = tmp_path / "brief.md"
    link.symlink_to(source) if kind == "symlink" else os.link(source, link)
    result = runner.invoke(cli, [str(source), "-o", str(link)])
    assert result.exit_code == 6 and "is the article being briefed" in _one_error_line(result)
    assert source.read_text() == ARTICLE


def test_an_article_named_index_html_in_the_output_folder_is_not_lost_to_the_index(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    page = f"<html><body><h1>Water plan</h1><p>{PROSE}</p><p>{PROSE}</p></body></html>"
    (folder / "index.html").write_text(page)
    (folder / "b.txt").write_text(ARTICLE)
    result = runner.invoke(cli, [str(folder), "-o", str(folder)])
    assert result.exit_code == 6
    line = _one_error_line(result)
    assert line == f"Error: {folder / 'index.html'}: is one of the articles being briefed; brief will not overwrite it (use another -o folder)"
    assert (folder / "index.html").read_text() == page
    assert sorted(p.name for p in folder.iterdir()) == ["b.txt", "index.html"]  # nothing made, no lock left


def test_an_input_named_like_a_brief_briefed_into_its_own_folder_keeps_its_bytes(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "x.brief.md"
    source.write_text(ARTICLE)
    result = runner.invoke(cli, [str(source), "-o", f"{tmp_path}/", "-f", "md"], env={"CI": "true"})
    assert result.exit_code == 0, result.stderr
    assert source.read_text() == ARTICLE
    assert (tmp_path / "x-2.brief.md").read_text().startswith("---\ntitle: ")


def test_a_file_in_the_output_folder_that_brief_did_not_make_is_not_overwritten(
    tmp_path: Path, encoder: object
) -> None:
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    out.mkdir()
    (articles / "a.txt").write_text(ARTICLE)
    (articles / "b.txt").write_text(ARTICLE.replace("Water", "River"))
    (out / "a.brief.html").write_text("my own notes")
    report = run_batch(collect([articles]).sources, out, BriefOptions(format="html"), encoder=encoder)  # type: ignore[arg-type]
    assert (out / "a.brief.html").read_text() == "my own notes"
    failed = [i for i in report.items if i.status == "failed"]
    assert [i.error for i in failed] == [
        f"{out / 'a.brief.html'}: exists and was not made by brief; brief will not overwrite it (move it or use another -o folder)"
    ]
    assert report.exit_code == 6 and (out / "b.brief.html").exists()
    # A second run replaces its own briefs (recognised by their mark) but still not the notes.
    again = run_batch(collect([articles]).sources, out, BriefOptions(format="html"), encoder=encoder)  # type: ignore[arg-type]
    assert [i.status for i in again.items] == ["failed", "made"]


def test_a_manifest_that_brief_did_not_write_stops_the_run_before_any_brief(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "my project"}')
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", f"{out}/"])
    assert result.exit_code == 6
    assert "manifest.json: exists and was not made by brief" in _one_error_line(result)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


# 2. -o never replaces device nodes, FIFOs or symlinks with regular files.


@ROOT_ONLY
def test_output_to_a_character_device_writes_through_and_leaves_the_node(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", str(null), "-f", "html"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "null"]


@ROOT_ONLY
def test_output_to_a_block_device_is_refused_and_the_node_kept(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    node = tmp_path / "disk"
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 250))  # never opened: refused on its type
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", str(node), "-f", "html"])
    assert result.exit_code == 6
    assert "is a block device; brief only replaces regular files" in _one_error_line(result)
    assert stat.S_ISBLK(os.lstat(node).st_mode)


def test_output_to_a_fifo_writes_into_it_and_leaves_the_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "<p>brief</p>")
    reader.join(timeout=10)
    assert received == [b"<p>brief</p>"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "brief.html"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.html"]


def test_new_files_honour_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "b.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "b.html").stat().st_mode) == 0o640


def test_a_name_near_the_limit_is_written_and_one_over_it_is_a_clear_error(tmp_path: Path) -> None:
    longest = tmp_path / ("a" * 250 + ".html")
    write_atomic(longest, "x")  # the temporary file's name must fit too
    assert longest.read_text() == "x"
    too_long = tmp_path / ("b" * 300 + ".html")
    with pytest.raises(OutputError, match=r"the file name is too long \(305 bytes; this file system allows 255\)"):
        write_atomic(too_long, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == [longest.name]


# 5. No markup injection through a file name.


@pytest.mark.parametrize(
    "name, href",
    [
        ("javascript:alert(1).brief.html", "./javascript%3Aalert%281%29.brief.html"),
        ("a#b.brief.html", "./a%23b.brief.html"),
        ("a%20b.brief.html", "./a%2520b.brief.html"),
        ('q"><script>.brief.html', "./q%22%3E%3Cscript%3E.brief.html"),
        ("sub/plain.brief.html", "./sub/plain.brief.html"),
    ],
    ids=["javascript", "hash", "percent", "quote", "plain"],
)
def test_index_links_are_relative_and_percent_encoded(name: str, href: str) -> None:
    assert brief_href(name) == href


def test_an_index_built_from_hostile_file_names_links_each_brief_and_runs_nothing(tmp_path: Path, encoder: object) -> None:
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for name in ("javascript:alert(1).txt", "a#b.txt", "a%20b.txt"):
        (articles / name).write_text(ARTICLE)
    report = run_batch(collect([articles]).sources, out, BriefOptions(format="html"), encoder=encoder)  # type: ignore[arg-type]
    assert report.exit_code == 0
    index = (out / "index.html").read_text()
    assert 'href="javascript' not in index
    for href in ("./javascript%3Aalert%281%29.brief.html", "./a%23b.brief.html", "./a%2520b.brief.html"):
        assert f'href="{href}"' in index
        assert (out / __import__("urllib.parse").parse.unquote(href[2:])).is_file()


# 6. A bad cache, a template that raises, a broken index template.


@pytest.mark.parametrize("content", ["[]", "null", '{"a": 1}', "{not json"], ids=["list", "null", "foreign-dict", "broken"])
def test_a_cache_file_that_is_not_a_brief_cache_is_discarded_with_a_warning(
    runner: CliRunner, tmp_path: Path, content: str
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "brief-cache.json").write_text(content)
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", str(tmp_path / "out") + "/", "--cache", str(cache)],
                           env={"CI": "true"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"Warning: {cache / 'brief-cache.json'}: not a brief cache; discarded, briefing everything again"
    assert "1 made" in result.stderr.splitlines()[-1]
    entries = json.loads((cache / "brief-cache.json").read_text())
    assert list(entries) == [str(tmp_path / "a.txt")]


def test_a_template_that_raises_while_rendering_is_exit_5_with_its_name_and_line(runner: CliRunner, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.md.j2").write_text("# {{ brief.title }}\n\n{{ 1 // 0 }}\n")
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "b.md"
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", str(out), "--template", str(templates)])
    assert result.exit_code == 5
    assert _one_error_line(result) == "Error: template brief.md.j2, line 3: ZeroDivisionError: integer division or modulo by zero"
    assert not out.exists()


def test_an_index_template_that_does_not_compile_stops_the_run_before_any_brief(runner: CliRunner, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html.j2").write_text("<ul>\n{% for e in entries %}\n<li>{{ e.title }</li>\n")
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", f"{out}/", "--template", str(templates)])
    assert result.exit_code == 5
    assert _one_error_line(result).startswith(f"Error: template {templates / 'index.html.j2'}, line 3: ")
    assert not out.exists() or list(out.iterdir()) == []


def test_an_index_template_that_raises_after_the_briefs_leaves_them_recorded(runner: CliRunner, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html.j2").write_text("<h1>Briefs</h1>\n{{ entries | length // 0 }}\n")
    (tmp_path / "a.txt").write_text(ARTICLE)
    out, cache = tmp_path / "out", tmp_path / "cache"
    result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", f"{out}/", "--template", str(templates),
                                 "--cache", str(cache)], env={"CI": "true"})
    assert result.exit_code == 5
    assert _one_error_line(result) == "Error: template index.html.j2, line 2: ZeroDivisionError: integer division or modulo by zero"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(Path(i["source"]).name, i["status"]) for i in manifest["items"]] == [("a.txt", "made")]
    assert (out / "a.brief.html").is_file() and not (out / "index.html").exists()
    assert list(json.loads((cache / "brief-cache.json").read_text())) == [str(tmp_path / "a.txt")]


# 7. Batch state in step with the folder.


def test_a_second_run_into_a_locked_folder_fails_at_once_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    from briefing.lock import folder_lock

    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    with folder_lock(out):
        result = runner.invoke(cli, [str(tmp_path / "a.txt"), "-o", f"{out}/"])
    assert result.exit_code == 6
    assert _one_error_line(result) == (
        f"Error: {out}: another brief run (pid {os.getpid()}) is writing to this folder; "
        "wait for it to finish or use another -o folder"
    )
    assert list(out.iterdir()) == []  # the lock file goes with the lock


def test_a_run_stopped_midway_records_what_it_made_in_cache_manifest_and_index(tmp_path: Path, encoder: object) -> None:
    articles, out, cache = tmp_path / "articles", tmp_path / "out", tmp_path / "cache"
    articles.mkdir()
    for k in range(3):
        (articles / f"a{k}.txt").write_text(ARTICLE.replace("Water", f"Water {k}"))

    def stop_after_the_first(item: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C as the first brief is reported

    with pytest.raises(KeyboardInterrupt):
        run_batch(collect([articles]).sources, out, BriefOptions(format="html"), cache_dir=cache,
                  encoder=encoder, on_item=stop_after_the_first)  # type: ignore[arg-type]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(Path(i["source"]).name, i["status"]) for i in manifest["items"]] == [("a0.txt", "made")]
    assert manifest["interrupted"] == "KeyboardInterrupt"
    assert [Path(s).name for s in manifest["not_reached"]] == ["a1.txt", "a2.txt"]
    assert list(json.loads((cache / "brief-cache.json").read_text())) == [str(articles / "a0.txt")]
    assert 'href="./a0.brief.html"' in (out / "index.html").read_text()
    assert _no_temp_files(out) and not (out / ".brief.lock").exists()


def test_a_signal_during_the_fsync_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.interrupt import Interrupted, signals_as_interrupts

    target = tmp_path / "a.html"
    target.write_text("old")
    real_fsync = os.fsync

    def fsync_then_sigterm(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # delivered as the fsync returns

    monkeypatch.setattr(os, "fsync", fsync_then_sigterm)
    with pytest.raises(Interrupted) as stopped, signals_as_interrupts():
        write_atomic(target, "new")
    assert stopped.value.exit_code == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]
    assert target.read_text() == "old"


@pytest.mark.slow
def test_sigterm_stops_a_batch_with_everything_made_recorded_and_no_temporary_file(tmp_path: Path) -> None:
    """A real process and a real signal: exit 143, one line, manifest and cache of the briefs made."""
    articles, out, cache = tmp_path / "articles", tmp_path / "out", tmp_path / "cache"
    articles.mkdir()
    for k in range(40):
        (articles / f"a{k:02}.txt").write_text(ARTICLE.replace("Water", f"Water {k}"))
    env = {**os.environ, "CI": "true", "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", str(articles), "-o", f"{out}/", "--cache", str(cache)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    # Start-up (torch, the model) can take minutes on a loaded machine: wait for the first
    # brief however long that is, but not past the process's own end.
    deadline = time.monotonic() + 900
    while not list(out.glob("*.brief.html")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be stopped"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=600)  # the embedding thread ends its chunk first
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines() == [
        f"Error: interrupted by SIGTERM; what was made is recorded in {out / 'manifest.json'}"
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    made = sorted(Path(i["output"]).name for i in manifest["items"] if i["status"] == "made")
    assert made and made == sorted(p.name for p in out.glob("*.brief.html"))
    assert manifest["interrupted"] == "SIGTERM" and len(made) + len(manifest["not_reached"]) == 40
    assert len(json.loads((cache / "brief-cache.json").read_text())) == len(made)
    assert _no_temp_files(out) and not (out / ".brief.lock").exists()


# 3. No text or file dropped without a word.


def test_a_text_whose_lead_sits_between_rules_keeps_its_lead() -> None:
    from briefing.ingest.text import read_text

    words = ("The council approved the water plan on Monday after a long debate: it will cost "
             "more than expected and take years, and the board says so. ") * 6
    wrapped = [" ".join(words.split()[k : k + 9]) for k in range(0, 9 * 19, 9)]  # 19 lines, hard-wrapped
    doc = read_text("---\n" + "\n".join(wrapped) + f"\n---\n\n{PROSE}", "notes.txt")
    text = " ".join(p.text for p in doc.paragraphs)
    assert wrapped[0] in text and wrapped[18] in text


@pytest.mark.parametrize(
    "block, meta",
    [
        ('title: "Water plan"\nauthor: Ana Ruiz\ndate: 2024-03-03\nlayout: post', {"title": "Water plan", "author": "Ana Ruiz", "date": "2024-03-03"}),
        ("title: Water plan\nauthors:\n  - Ana Ruiz\n  - Bo Li", {"title": "Water plan", "author": "Ana Ruiz, Bo Li"}),
        ("The council met: it agreed.", None),
        ("- a list\n- of items", None),
        ("layout: post\npermalink: /x/", None),
        ("title: [unclosed", None),
    ],
    ids=["mapping", "author-list", "a-sentence", "a-list", "no-known-key", "broken-yaml"],
)
def test_front_matter_is_taken_only_when_it_is_a_yaml_mapping_with_a_known_key(block: str, meta: dict[str, str] | None) -> None:
    from briefing.ingest.frontmatter import split_front_matter

    text = f"---\n{block}\n---\n{PROSE}"
    found, body = split_front_matter(text)
    if meta is None:
        assert (found, body) == ({}, text)
    else:
        assert (found, body) == (meta, PROSE)


def test_skipped_files_are_named_in_the_summary_and_the_manifest(runner: CliRunner, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE)
    (articles / "daily.brief.txt").write_text(ARTICLE.replace("Water", "Daily"))
    (articles / "photo.jpg").write_bytes(b"\xff\xd8")
    out = tmp_path / "out"
    result = runner.invoke(cli, [str(articles), "-o", str(out)], env={"CI": "true"})
    assert result.exit_code == 0, result.stderr
    assert "2 made, 0 unchanged (cached), 0 failed, 1 skipped (photo.jpg: not an article file (.jpg))" in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["skipped"] == [{"source": str(articles / "photo.jpg"), "reason": "not an article file (.jpg)"}]
    assert (out / "daily.brief.html").is_file()


# 4. No hangs, no memory blow-ups.


@pytest.mark.parametrize(
    "line",
    ["`a " * 100_000, "[a" * 150_000, "![a" * 100_000, "[a](" * 75_000, "# a" + "#" * 300_000 + "b",
     "*a " * 100_000, "- " * 150_000 + "x"],
    ids=["backtick-runs", "open-brackets", "open-images", "open-parens", "hashes", "stars", "dashes"],
)
def test_a_300_kb_markdown_line_is_read_in_linear_time(line: str) -> None:
    """Each took minutes with the quadratic patterns (backtick runs: 242 s at 300 kB).

    Timed against a tenth of the line, so a loaded machine slows both alike:
    linear reading takes about 10x as long for 10x the line, quadratic 100x.
    """
    from briefing.errors import InputError
    from briefing.ingest.text import read_text

    def seconds(text: str) -> float:
        started = time.perf_counter()
        try:
            read_text(f"# Notes\n\n{PROSE}\n{text}\n\n{PROSE}", "a.md", markdown=True)
        except InputError:
            pass  # what is left may hold no article; the point is that it ends
        return time.perf_counter() - started

    tenth = seconds(line[: len(line) // 10])
    assert seconds(line) < 5 + 30 * tenth


def test_the_trailing_punctuation_rule_keeps_its_matches() -> None:
    from briefing.ingest.cleanup import ends_article

    assert ends_article("Related stories —") and ends_article("Comments:") and not ends_article("Water — and power")
    started = time.perf_counter()
    assert not ends_article("- " * 10_000 + "x")
    tenth = time.perf_counter() - started
    started = time.perf_counter()
    assert not ends_article("- " * 100_000 + "x")
    assert time.perf_counter() - started < 2 + 30 * tenth  # quadratic: 100x the tenth


def test_a_document_past_the_sentence_bound_is_sampled_deterministically_with_a_note() -> None:
    from briefing.bounds import HEAD_SENTENCES, MAX_SENTENCES, bound_document
    from briefing.ingest.text import read_text

    body = "\n\n".join(" ".join(f"Item {p}-{k} rose {k} percent." for k in range(10)) for p in range(400))
    doc = read_text(f"Prices\n\n{body}\n", "prices.txt")
    assert len(doc.sentences) == 4000
    bounded = bound_document(doc)
    assert len(bounded.sentences) == MAX_SENTENCES
    assert [s.position for s in bounded.sentences] == list(range(MAX_SENTENCES))
    assert [s.id for s in bounded.sentences[:HEAD_SENTENCES]] == [s.id for s in doc.sentences[:HEAD_SENTENCES]]
    assert bounded.sentences[-1].id == doc.sentences[-1].id  # the close stays (Outlook)
    texts = {p.id: p.text for p in doc.paragraphs}
    assert all(texts[p.id] == p.text for p in bounded.paragraphs)  # provenance: whole paragraphs, same ids
    assert bounded.notes[-1].startswith("The article has 4,000 sentences; to stay fast and within memory")
    assert bound_document(doc) == bounded and bound_document(bounded) is bounded
    short = read_text(f"Prices\n\n{PROSE}", "p.txt")
    assert bound_document(short) is short


@pytest.mark.slow
def test_a_page_of_many_tiny_paragraphs_is_briefed_within_bounded_memory(tmp_path: Path) -> None:
    """20,000 <p> (0.8 MB) once took minutes and gigabytes (a dense block x block matrix)."""
    paragraphs = "".join(f"<p>The ministry said item {k} rose.</p>\n" for k in range(20_000))
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Prices</title></head><body><article><h1>Prices</h1>{paragraphs}</article></body></html>")
    # A small launcher starts brief and reports its child's peak: on Linux a process forked
    # straight from this test process (a large one by then) would carry its peak RSS over exec.
    launcher = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
    process = subprocess.run(
        [sys.executable, "-c", launcher, sys.executable, "-m", "briefing", str(page), "-o", str(tmp_path / "b.json")],
        capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert process.returncode == 0, process.stderr
    assert int(process.stdout.split()[-1]) < 1_500_000  # KiB
    notes = json.loads((tmp_path / "b.json").read_text())["notes"]
    # The page is sampled to 10,000 paragraphs before extraction, then to 1,000 sentences.
    assert any(n.startswith("The page has 20,000 paragraphs") for n in notes)
    assert any(n.startswith("The article has 10,000 sentences") for n in notes)


def test_max_size_applies_while_reading_a_fifo(tmp_path: Path) -> None:
    from briefing.errors import InputError
    from briefing.ingest import read_article

    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)

    def write_forever() -> None:
        try:
            with open(fifo, "wb") as handle:
                for _ in range(1000):
                    handle.write(b"The council met. " * 1000)
        except BrokenPipeError:
            pass  # the reader stopped at the limit, as it should

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="is larger than the 100,000-byte limit"):
        read_article(fifo, max_bytes=100_000)
    writer.join(timeout=10)


# Also: zero-width characters, dates from the text, a brief that cannot fit one page.


def test_zero_width_characters_are_removed_not_turned_into_spaces() -> None:
    from briefing.ingest import read_article_bytes

    text = f"The poli\u200bcy of the wa\u2060ter board was set.\ufeff {PROSE}"
    page = f"<html><head><title>Water plan</title></head><body><article><p>{text}</p><p>{PROSE}</p></article></body></html>"
    for doc in (read_article_bytes(f"Water plan\n\n{text}".encode(), "a.txt"), read_article_bytes(page.encode(), "a.html")):
        assert "The policy of the water board was set." in doc.paragraphs[0].text


def test_an_html_page_without_a_dated_byline_gets_no_date_from_a_year_in_its_text() -> None:
    from briefing.ingest.html import read_html

    text = "The council met in 1998 and agreed on the budget for the whole region and its towns. " * 5
    page = (f"<html><head><title>Council budget</title></head><body><article><h1>Council budget</h1>"
            f"<p>{text}</p><p>{text} Prices rose on 12 March 2011 in the city.</p></article></body></html>")
    assert read_html(page, "p.html").date is None
    dated = page.replace("<head>", '<head><meta property="article:published_time" content="2024-05-02">')
    assert read_html(dated, "p.html").date == "2024-05-02"


def test_a_brief_that_cannot_fit_one_page_says_so_in_its_notes(tmp_path: Path, encoder: object) -> None:
    from briefing.pipeline import Briefer

    path = tmp_path / "long-title.md"
    path.write_text(f"# {'Water ' * 1700}\n\n{PROSE}\n{PROSE}")
    brief = Briefer(BriefOptions(format="html"), encoder=encoder).brief(path)  # type: ignore[arg-type]
    assert any(n.startswith("This brief does not fit one page: even at its shortest it takes ") for n in brief.all_notes)


def test_a_run_killed_outright_keeps_its_briefs_through_the_cache_journal(tmp_path: Path) -> None:
    """SIGKILL leaves no time to fold the journal into the cache: the next run reads it, torn line and all."""
    from briefing.batch import ItemResult
    from briefing.cache import JOURNAL_FILE, Cache

    cache = Cache(tmp_path)
    for name in ("a", "b"):
        item = ItemResult(str(tmp_path / f"{name}.txt"), "made", str(tmp_path / f"{name}.brief.html"), "0" * 64, points=3)
        cache.record(tmp_path / f"{name}.txt", "f" * 64, tmp_path / f"{name}.brief.html", b"<p>brief</p>", item)
    with open(tmp_path / JOURNAL_FILE, "ab") as journal:
        journal.write(b'{"source": "c.txt", "entry": {"sha2')  # the kill came mid-line
    assert not (tmp_path / "brief-cache.json").exists()
    again = Cache(tmp_path)
    assert sorted(again.entries) == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert again.warning is None
    again.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-cache.json"]
    assert sorted(json.loads((tmp_path / "brief-cache.json").read_text())) == sorted(again.entries)


def test_brief_recognises_its_own_files_by_their_mark_or_its_manifest(tmp_path: Path) -> None:
    from briefing.ownership import listed_outputs, made_by_brief

    (tmp_path / "a.brief.html").write_text('<!DOCTYPE html>\n<meta name="generator" content="brief 0.3">')
    (tmp_path / "a.brief.md").write_text('---\ntitle: "T"\ngenerator: "brief 0.3"\n---\n')
    (tmp_path / "a.brief.json").write_text('{"title": "T", "source": {}, "blocks": [], "model": "m", "version": "0.3"}')
    (tmp_path / "a.brief.pdf").write_bytes(b"%PDF-1.7 compressed")
    (tmp_path / "b.brief.pdf").write_bytes(b"%PDF-1.7 someone else's")
    (tmp_path / "mine.brief.html").write_text("<p>my notes</p>")
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"brief_version": "0.3", "items": [{"output": "elsewhere/a.brief.pdf"}, {"output": 3}]}))
    listed = listed_outputs(tmp_path)
    assert {name for name in ("a.brief.html", "a.brief.md", "a.brief.json", "a.brief.pdf", "b.brief.pdf",
                              "mine.brief.html", "manifest.json") if made_by_brief(tmp_path / name, listed)} == {
        "a.brief.html", "a.brief.md", "a.brief.json", "a.brief.pdf", "manifest.json"}


def test_a_signal_between_writing_a_brief_and_recording_it_waits_until_both_are_done(tmp_path: Path) -> None:
    """The race the real SIGTERM test found: a brief on disk that no record listed."""
    from briefing.interrupt import Interrupted, deferred_interrupts, signals_as_interrupts

    steps: list[str] = []
    with pytest.raises(Interrupted) as stopped, signals_as_interrupts():
        with deferred_interrupts():
            write_atomic(tmp_path / "a.brief.html", "<p>brief</p>")
            os.kill(os.getpid(), signal.SIGTERM)  # arrives between the write and the record
            steps.append("recorded")
        steps.append("after")  # never reached: the signal is raised on the way out
    assert steps == ["recorded"] and stopped.value.exit_code == 143


def test_a_page_past_the_paragraph_bound_is_sampled_before_extraction_with_a_note() -> None:
    """trafilatura's "//p//text()" check grows with the square of the paragraphs (57 s at 130,000)."""
    from briefing.ingest.html import HEAD_PAGE_PARAGRAPHS, MAX_PAGE_PARAGRAPHS, read_html

    total = MAX_PAGE_PARAGRAPHS + 5_000
    paragraphs = "".join(f"<p>The ministry said that item {k} rose by {k % 7} percent.</p>\n" for k in range(total))
    page = f"<html><head><title>Prices</title></head><body><article><h1>Prices</h1>{paragraphs}</article></body></html>"
    doc = read_html(page, "prices.html")
    texts = [p.text for p in doc.paragraphs]
    assert len(texts) == MAX_PAGE_PARAGRAPHS
    assert texts[:3] == [f"The ministry said that item {k} rose by {k % 7} percent." for k in range(3)]
    assert f"item {HEAD_PAGE_PARAGRAPHS - 1} rose" in texts[HEAD_PAGE_PARAGRAPHS - 1]
    assert f"item {total - 1} rose" in texts[-1]  # the close stays
    assert doc.notes[-1].startswith(f"The page has {total:,} paragraphs; to stay fast, brief read 10,000")
    small = read_html(page.replace(paragraphs, paragraphs[: 60 * 50]), "small.html")
    assert not any("to stay fast" in note for note in small.notes)
