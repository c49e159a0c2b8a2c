"""Batch mode: a folder of articles -> a folder of briefs, index and manifest; failures skipped, cache honoured."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CRS, DATA, SEED

from briefing.batch import collect, collect_inputs, output_paths, run_batch
from briefing.cli import cli
from briefing.options import BriefOptions
from briefing.pipeline import Briefer

HTML_PAGE = DATA / "html-pages" / "ars-1" / "source.html"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Three good articles of three types and one empty file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / "russia.txt")
    shutil.copy(CRS, folder / "crs.txt")
    shutil.copy(HTML_PAGE, folder / "minecraft.html")
    (folder / "empty.txt").write_text("")
    return folder


def test_output_names_are_stem_dot_brief_and_collisions_are_numbered_in_input_order(tmp_path: Path) -> None:
    inputs = [Path("a/report.txt"), Path("b/report.md"), Path("c/Report.html"), Path("notes.txt")]
    names = [p.name for p in output_paths(inputs, tmp_path, "html")]
    assert names == ["report.brief.html", "report-2.brief.html", "Report-3.brief.html", "notes.brief.html"]
    assert output_paths(inputs, tmp_path, "html") == output_paths(inputs, tmp_path, "html")


def test_folders_give_their_article_files_sorted_and_subfolders_only_when_recursive(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "c.html", ".hidden.txt", "sub/d.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "old.brief.html").write_text('<html><head><meta name="generator" content="brief 0.3"></head></html>')
    (tmp_path / "index.html").write_text('<!DOCTYPE html><meta name="generator" content="brief 0.3"><h1>Briefs</h1>')
    assert [p.name for p in collect_inputs([tmp_path])] == ["a.md", "b.txt", "c.html"]
    assert [p.name for p in collect_inputs([tmp_path], recursive=True)] == ["a.md", "b.txt", "c.html", "d.txt"]
    assert collect_inputs([tmp_path / "b.txt", tmp_path / "missing.txt"]) == [tmp_path / "b.txt", tmp_path / "missing.txt"]


def test_files_named_like_briefs_but_not_made_by_brief_are_articles(tmp_path: Path) -> None:
    """daily.brief.txt, x.brief.md and index.html of the user's are briefed, not skipped in silence."""
    for name in ("daily.brief.txt", "x.brief.md", "index.html"):
        (tmp_path / name).write_text("An article of the user's. It has two sentences.")
    assert [p.name for p in collect_inputs([tmp_path])] == ["daily.brief.txt", "index.html", "x.brief.md"]


def test_every_file_of_a_folder_left_out_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / "README").write_text("x")
    (tmp_path / "old.brief.md").write_text('---\ntitle: "T"\ngenerator: "brief 0.3"\n---\n')
    (tmp_path / ".hidden.txt").write_text("x")
    found = collect([tmp_path])
    assert [p.name for p in found.sources] == ["a.txt"]
    assert [(Path(s.source).name, s.reason) for s in found.skipped] == [
        ("README", "not an article file (no suffix)"),
        ("old.brief.md", "made by brief"),
        ("picture.png", "not an article file (.png)"),
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_device_nodes_and_fifos_in_a_folder_are_named_as_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mknod(tmp_path / "null.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    found = collect([tmp_path])
    assert found.sources == []
    assert {Path(s.source).name for s in found.skipped} == {"pipe.txt", "null.txt"}
    assert {s.reason for s in found.skipped} == {"not a regular file (a FIFO, socket or device)"}


def test_an_input_living_in_the_output_folder_never_gives_its_name_to_a_brief(tmp_path: Path) -> None:
    inputs = [tmp_path / "x.brief.md", tmp_path / "x.txt"]
    names = [p.name for p in output_paths(inputs, tmp_path, "md", reserved=["x.brief.md"])]
    assert names == ["x-2.brief.md", "x-3.brief.md"]


def test_a_failing_article_is_reported_and_skipped_and_the_others_are_made(articles: Path, tmp_path: Path, encoder: object) -> None:
    out = tmp_path / "briefs"
    seen: list[str] = []
    report = run_batch(collect_inputs([articles]), out, BriefOptions(format="html"), encoder=encoder,  # type: ignore[arg-type]
                       on_item=lambda item: seen.append(item.status))
    assert (report.count("made"), report.count("unchanged"), report.count("failed")) == (3, 0, 1)
    assert report.exit_code == 3
    failed = [i for i in report.items if i.status == "failed"][0]
    assert failed.error == f"{articles / 'empty.txt'}: the file is empty"
    assert sorted(p.name for p in out.iterdir()) == [
        "crs.brief.html", "index.html", "manifest.json", "minecraft.brief.html", "russia.brief.html"
    ]
    assert sorted(seen) == ["failed", "made", "made", "made"]
    assert "1 failed" in report.summary()


def test_index_links_every_brief_with_title_source_date_and_points(articles: Path, tmp_path: Path, encoder: object) -> None:
    out = tmp_path / "briefs"
    run_batch(collect_inputs([articles]), out, BriefOptions(format="html"), encoder=encoder)  # type: ignore[arg-type]
    index = (out / "index.html").read_text()
    for name in ("crs.brief.html", "minecraft.brief.html", "russia.brief.html"):
        assert f'href="./{name}"' in index
    assert "Just-released Minecraft exploit makes it easy to crash game servers" in index
    assert "2015-04-16" in index  # the page's date
    assert "the file is empty" in index  # failures are listed, not hidden


def test_json_batch_writes_index_json_and_a_manifest_that_can_audit_each_brief(articles: Path, tmp_path: Path, encoder: object) -> None:
    out = tmp_path / "briefs"
    report = run_batch(collect_inputs([articles]), out, BriefOptions(format="json"), encoder=encoder)  # type: ignore[arg-type]
    index = json.loads((out / "index.json").read_text())
    assert {e["brief"] for e in index["briefs"]} == {"crs.brief.json", "minecraft.brief.json", "russia.brief.json"}
    for entry in index["briefs"]:
        brief = json.loads((out / entry["brief"]).read_text())
        assert entry["points"] == sum(len(b["points"]) for b in brief["blocks"]) > 0
        assert entry["title"] == brief["title"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"] == {"made": 3, "unchanged": 0, "failed": 1}
    assert "all-MiniLM-L6-v2" in manifest["model"]
    assert manifest["options"]["format"] == "json" and manifest["options"]["words"] is None  # the page is the budget
    assert {"python", "brief", "torch", "transformers"} <= set(manifest["libraries"])
    item = next(i for i in manifest["items"] if i["source"].endswith("russia.txt"))
    assert item["sha256"] == __import__("hashlib").sha256(SEED.read_bytes()).hexdigest()
    assert item["output"].endswith("russia.brief.json") and item["seconds"] > 0
    assert report.manifest == out / "manifest.json"


def test_batch_briefs_carry_the_same_points_as_single_briefs(articles: Path, tmp_path: Path, encoder: object) -> None:
    """Embedding several articles together changes vectors by float rounding only."""
    out = tmp_path / "briefs"
    run_batch(collect_inputs([articles]), out, BriefOptions(format="json"), encoder=encoder)  # type: ignore[arg-type]
    briefer = Briefer(BriefOptions(format="json"), encoder=encoder)  # type: ignore[arg-type]
    for name in ("russia", "crs", "minecraft"):
        source = next(articles.glob(f"{name}.*"))
        single = [p.text for p in briefer.brief(source).points]
        batched = [p["text"] for b in json.loads((out / f"{name}.brief.json").read_text())["blocks"] for p in b["points"]]
        assert batched == single


def test_cache_skips_unchanged_articles_and_rebriefs_changed_or_forced_ones(articles: Path, tmp_path: Path, encoder: object) -> None:
    out, cache = tmp_path / "briefs", tmp_path / "cache"
    options = BriefOptions(format="html")
    sources = collect_inputs([articles])

    def run(**kwargs: object) -> dict[str, str]:
        report = run_batch(sources, out, options, cache_dir=cache, encoder=encoder, **kwargs)  # type: ignore[arg-type]
        return {Path(i.source).name: i.status for i in report.items}

    assert run() == {"crs.txt": "made", "empty.txt": "failed", "minecraft.html": "made", "russia.txt": "made"}
    stamp = (out / "russia.brief.html").stat().st_mtime_ns
    assert run() == {"crs.txt": "unchanged", "empty.txt": "failed", "minecraft.html": "unchanged", "russia.txt": "unchanged"}
    assert (out / "russia.brief.html").stat().st_mtime_ns == stamp
    assert "crs.brief.html" in (out / "index.html").read_text()  # unchanged briefs stay in the index

    (articles / "crs.txt").write_text((articles / "crs.txt").read_text() + "\nA new closing paragraph was added to the report today.\n")
    (out / "minecraft.brief.html").write_text("edited by hand")
    assert run() == {"crs.txt": "made", "empty.txt": "failed", "minecraft.html": "made", "russia.txt": "unchanged"}
    assert run(force=True)["russia.txt"] == "made"
    other = BriefOptions(format="html", words=250)
    report = run_batch(sources, out, other, cache_dir=cache, encoder=encoder)  # type: ignore[arg-type]
    assert report.count("unchanged") == 0  # other options, other briefs


@pytest.mark.slow
def test_cli_batch_progress_is_on_stderr_only_and_silent_in_ci(articles: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    lines = runner.invoke(cli, [str(articles), "-o", str(tmp_path / "a") + "/"], env={"CI": ""})
    assert lines.exit_code == 3
    assert lines.stdout == ""
    assert lines.stderr.count("made: ") == 3
    assert f"Error: {articles / 'empty.txt'}: the file is empty" in lines.stderr
    assert "brief: 3 made, 0 unchanged (cached), 1 failed" in lines.stderr.splitlines()[-1]

    ci = runner.invoke(cli, [str(articles / "russia.txt"), str(articles / "crs.txt"), "-o", str(tmp_path / "b")],
                       env={"CI": "true"})
    assert ci.exit_code == 0 and ci.stdout == ""
    assert ci.stderr.splitlines() == [ci.stderr.splitlines()[-1]]  # the summary line alone
    assert (tmp_path / "b" / "russia.brief.html").exists()

    quiet = runner.invoke(cli, [str(articles / "russia.txt"), str(articles / "crs.txt"), "-o", str(tmp_path / "c"),
                                "--quiet", "--cache", str(tmp_path / "cache")], env={"CI": ""})
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["{a}/russia.txt", "{a}/crs.txt"], "several articles need a folder for their briefs: add -o FOLDER"),
        (["{a}/russia.txt", "-", "-o", "{t}/out"], "standard input (-) can only be briefed on its own"),
        (["{a}", "-o", "{a}/russia.txt"], "is a file; several articles need a folder"),
        (["{t}/nothing-here", "-o", "{t}/out"], "no article files"),
    ],
    ids=["no-output", "stdin", "output-is-a-file", "empty-folder"],
)
def test_batch_usage_errors(articles: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "nothing-here").mkdir()
    argv = [a.format(a=articles, t=tmp_path) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_documents_batch_mode() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    for flag in ("ARTICLE...", "--recursive", "--cache", "--force", "--quiet", "<stem>.brief.<ext>"):
        assert flag in result.stdout
