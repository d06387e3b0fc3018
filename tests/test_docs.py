"""The documentation's code runs as written (README.md and docs/), so it cannot drift from the code."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import REPUBLISHED, REUTERS, ROOT, assert_excerpt, blocks, doc_pages, headings, read, section

import reusecheck
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
    assert_excerpt(example, capsys.readouterr().out)


def test_the_text_format_example_is_what_the_command_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    [example] = [block for block in blocks(section("The formats"), "") if block.startswith("aleppo.txt (")]
    shutil.copy(REPUBLISHED, tmp_path / "aleppo.txt")
    shutil.copy(REUTERS, tmp_path / "reuters.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "aleppo.txt", "--against", "reuters.txt"]) == 1
    assert_excerpt(example, capsys.readouterr().out)


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


def test_loader_plugin_snippet_runs_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = section("Write a loader plugin")
    [plugin_source] = blocks(text, "python")
    (tmp_path / "story_loader.py").write_text(plugin_source, encoding="utf-8")
    header = "Headline: Russia tells Aleppo rebels to leave\nPublished: 2016-11-04\n\n"
    (tmp_path / "aleppo.story").write_text(header + read(REPUBLISHED), encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bad.story").write_text("Published: 4 Nov\n\nA story.\n", encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    shutil.copy(REUTERS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    one, folder = (shlex.split(line)[1:] for line in blocks(text, "sh")[0].splitlines())
    assert main([*one, "--format", "json"]) == 1
    [result] = json.loads(capsys.readouterr().out)["results"]
    assert result["candidate"]["id"] == "aleppo.story" and result["matches"]
    main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--format", "json"])
    [plain] = json.loads(capsys.readouterr().out)["results"]
    [stripped] = [f["candidate_start"] for f in result["findings"] if f["rule"] == "RC104"]
    [stripped_plain] = [f["candidate_start"] for f in plain["findings"] if f["rule"] == "RC104"]
    assert stripped == len(header) + stripped_plain  # offsets are the file's, header included
    # the folder walk gives .story files only with --extend-include; a bad header is one input error
    assert main([*folder, "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["results"] == [] and [e["path"] for e in report["errors"]] == ["content/bad.story"]
    assert "Published: '4 Nov' is not a YYYY-MM-DD date; fix the header" in report["errors"][0]["message"]
    plugins = reusecheck.load_plugins(files=[str(tmp_path / "story_loader.py")], autoload=False)
    [checked] = reusecheck.check(["aleppo.story"], [REUTERS], plugins=plugins).results
    assert checked.candidate.title == "Russia tells Aleppo rebels to leave"
    assert checked.candidate.date == dt.date(2016, 11, 4)
