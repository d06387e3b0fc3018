"""Retrieval settings (`reusecheck.retrieve.RetrievalSettings`) as configuration keys and
options of ``reusecheck check``, on real Reuters-21578 stories."""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from helpers import ROOT, shared_path
from test_config import run

from reusecheck import run_setup, settings
from reusecheck.options import RETRIEVAL
from reusecheck.retrieve import RetrievalSettings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sources/: 30 Reuters-21578 stories; candidate.txt: the first paragraphs of two of
    them, one copied longer than the other."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from reuters import read_stories
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    stories = read_stories(shared_path("bench", "reuters-21578"))[:300:10]
    (tmp_path / "sources").mkdir()
    for story in stories:
        (tmp_path / "sources" / f"{story.id}.txt").write_text(story.body, encoding="utf-8")
    longer, shorter = stories[3].body.split(), stories[7].body.split()
    text = " ".join(longer[:90]) + "\n\n" + " ".join(shorter[:45]) + "\n"
    (tmp_path / "candidate.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def matched(*args: str) -> list[str]:
    code, out, err = run("check", "candidate.txt", "--against", "sources", "--format", "json", "--exit-zero", *args)
    assert code == 0, err
    return [m["source"]["id"] for r in json.loads(out)["results"] for m in r["matches"]]


def test_every_retrieval_setting_is_an_option_and_a_key() -> None:
    assert {o.name for o in RETRIEVAL} == {f.name for f in fields(RetrievalSettings)}
    assert all(o.key in settings.CONFIGURABLE for o in RETRIEVAL)
    values, _ = settings.resolve({}, isolated=True)
    assert run_setup.retrieval_settings(values) == RetrievalSettings()  # the defaults are the library's


def test_top_k_from_the_configuration_and_the_command_line(project: Path) -> None:
    both = matched()
    assert len(both) == 2
    (project / "pyproject.toml").write_text("[tool.reusecheck]\ntop-k = 1\n", encoding="utf-8")
    assert matched() == both[:1]  # the source holding more of the candidate's seeds
    assert matched("--top-k", "2") == both  # the command line wins


def test_config_shows_retrieval_keys_and_bad_values_name_the_line(project: Path) -> None:
    (project / ".reusecheck.toml").write_text("min-shared = 8\nmax-df = 0.05\nmin-archive = 500\n", encoding="utf-8")
    code, out, _ = run("config")
    assert code == 0
    shown = {line.split("#")[0].strip(): line.split("#")[1].strip() for line in out.splitlines() if " = " in line
             and "#" in line}
    assert shown["min-shared = 8"] == ".reusecheck.toml:1"
    assert shown["max-df = 0.05"] == ".reusecheck.toml:2"
    assert shown["min-archive = 500"] == ".reusecheck.toml:3"
    assert shown["top-k = 20"] == "default"
    (project / ".reusecheck.toml").write_text("top-k = 5\nmax-df = 1.5\n", encoding="utf-8")
    code, _, err = run("check", "candidate.txt", "--against", "sources")
    assert code == 2
    assert err.strip() == "reusecheck: error: .reusecheck.toml:2: max-df: 1.5 is not between 0 and 1"
