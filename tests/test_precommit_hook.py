"""The pre-commit hook (.pre-commit-hooks.yaml), run by real pre-commit on a temporary git repo.

pre-commit builds the hook's virtualenv itself and pip-installs this checkout into it
(from PyPI's packages), so each test below costs one install; the tests keep to two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from ci_snippets import ci_blocks
from conftest import REPUBLISHED, REUTERS, ROOT

CLEAN = "The city council met on Tuesday to discuss the budget for parks and libraries.\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def pre_commit(*args: str, repo: Path) -> subprocess.CompletedProcess[str]:
    """Run pre-commit in ``repo`` with its own cache folder; the output shows in assertion messages."""
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )


def shown(process: subprocess.CompletedProcess[str]) -> str:
    return f"pre-commit exited {process.returncode}:\n{process.stdout}\n{process.stderr}"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A git repository of articles: content/ (one reused, one clean) and sources/."""
    repo = tmp_path / "newsroom"
    (repo / "content").mkdir(parents=True)
    (repo / "sources").mkdir()
    shutil.copy(REPUBLISHED, repo / "content" / "aleppo.md")
    (repo / "content" / "council.txt").write_text(CLEAN, encoding="utf-8")
    shutil.copy(REUTERS, repo / "sources" / "reuters.txt")
    git("init", "--quiet", cwd=repo)
    git("add", ".", cwd=repo)
    return repo


def test_manifest_is_valid_for_pre_commit() -> None:
    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "reusecheck"
    assert hook["entry"] == "reusecheck check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "html", "plain-text"]
    assert hook["require_serial"] is True


def test_readme_config_runs_as_written(newsroom: Path) -> None:
    """The README's .pre-commit-config.yaml, pointed at this checkout's HEAD instead of its host."""
    [snippet] = ci_blocks("pre-commit", "yaml")
    config = yaml.safe_load(snippet)
    [repo] = config["repos"]
    assert repo["repo"] == "https://github.com/OWNER/reusecheck"
    repo["repo"], repo["rev"] = str(ROOT), git("rev-parse", "HEAD", cwd=ROOT)
    (newsroom / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    process = pre_commit("run", "--files", "content/aleppo.md", "content/council.txt", "sources/reuters.txt", repo=newsroom)
    assert process.returncode == 1, shown(process)
    assert "reusecheck...." in process.stdout and "Failed" in process.stdout, shown(process)
    assert "warning RC100 reuse at 3:1: 67% of this text is reused from sources/reuters.txt" in process.stdout, shown(process)
    # two articles checked in one process; the source is excluded (against itself it is all reuse)
    assert "2 checked, 1 with reuse, 1 finding(s)" in process.stdout, shown(process)
    assert f"content/council.txt ({len(CLEAN)} characters)\n  no reused passages found" in process.stdout, shown(process)

    process = pre_commit("run", "--files", "content/council.txt", "sources/reuters.txt", repo=newsroom)
    assert process.returncode == 0, shown(process)
    assert "reusecheck...." in process.stdout and "Passed" in process.stdout, shown(process)
