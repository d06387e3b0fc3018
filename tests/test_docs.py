"""The documentation's code runs as written (README.md and docs/), so it cannot drift from the code."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, blocks, doc_pages, headings, section

from reusecheck.cli import build_parser, main

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_COMMAND = ["check", str(ROOT / "corpus/republished-aleppo-2016-11-04.txt"),
                 "--against", str(ROOT / "corpus/reuters-aleppo-2016-11-02.txt")]


def test_scorer_plugin_snippet_runs_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = section("Write a scorer plugin")
    [plugin_source] = blocks(text, "python")
    (tmp_path / "reused_words.py").write_text(plugin_source, encoding="utf-8")
    command = blocks(text, "sh")[0].replace("\\\n", " ")
    argv = shlex.split(command)
    assert argv[0] == "reusecheck"
    argv = [str(ROOT / a) if a.startswith("corpus/") else a for a in argv[1:]]
    monkeypatch.chdir(tmp_path)
    assert main(argv) in (0, 1)
    match = json.loads(capsys.readouterr().out)["results"][0]["matches"][0]
    assert set(match["scores"]) == {"containment", "reused_words"}
    assert match["scores"]["reused_words"] > 300


def test_python_api_snippet_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    [snippet] = blocks(section("Python API"), "python")
    monkeypatch.chdir(ROOT)
    exec(compile(snippet, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    assert "corpus/reuters-aleppo-2016-11-02.txt" in out and "Russia and the Syrian army" in out


def test_setup_commands_come_first_and_match_ci() -> None:
    first_block = blocks(README, "sh")[0]
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert "reusecheck check corpus/" in commands[0]
    test_command = commands[1].split("&& ")[-1]
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_front_page_example_is_what_the_first_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    [example] = blocks(README, "")[:1]
    assert main(FIRST_COMMAND) == 1
    printed = capsys.readouterr().out.splitlines()
    shown = [line for line in example.splitlines() if line != "…"]  # "…" marks lines cut from the example
    assert len(shown) > 10
    positions = [printed.index(line) for line in shown]  # every line shown is printed, in this order
    assert positions == sorted(positions)


@pytest.mark.parametrize("page", doc_pages(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_snippet_parses(page: Path) -> None:
    """Snippets not run by a test of their own are at least valid code, data and command lines."""
    text = page.read_text(encoding="utf-8")
    for snippet in blocks(text, "python"):
        compile(snippet, str(page), "exec")
    for snippet in blocks(text, "toml"):
        tomllib.loads(snippet)
    for snippet in blocks(text, "json"):
        json.loads(snippet)
    for snippet in blocks(text, "yaml"):
        yaml.safe_load(snippet)
    for snippet in blocks(text, "sh"):
        for line in snippet.replace("\\\n", " ").splitlines():
            line = re.sub(r"\[[^\]]*\]|\.\.\.", "", line)  # a usage line's optional parts and repeats
            command = line.split(" #")[0].split("&&")[0].split(" | ")[0].strip()
            if command.startswith("reusecheck "):
                build_parser().parse_args(shlex.split(command)[1:])  # exits 2 on an unknown command or option


def test_every_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {str(path.relative_to(ROOT / "docs")) for path in doc_pages()[1:]}
    assert pages == set(re.findall(r": (\S+\.md)$", nav, flags=re.M))


def test_front_page_links_name_existing_pages_and_headings() -> None:
    """MkDocs checks the links between docs pages; this checks README's links into them."""
    links = re.findall(r"\]\(([^)#:]+)(?:#([^)]+))?\)", README)
    assert len(links) > 10
    for path, anchor in links:
        target = ROOT / path
        assert target.exists(), path
        if anchor:
            titles = [title for _, _, title in headings(target.read_text(encoding="utf-8"))]
            assert anchor in {re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", t.lower())) for t in titles}, (path, anchor)
