"""README code runs as written, so the docs cannot drift from the code."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT
from reusecheck.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


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
    exec(compile(snippet, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "corpus/reuters-aleppo-2016-11-02.txt" in out and "Russia and the Syrian army" in out


def test_setup_commands_come_first_and_match_ci() -> None:
    first_block = blocks(README, "sh")[0]
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert "reusecheck check corpus/" in commands[0]
    test_command = commands[1].split("&& ")[-1]
    assert test_command in (ROOT / ".ci" / "run").read_text()
