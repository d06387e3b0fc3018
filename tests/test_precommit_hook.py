"""The pre-commit hook (.pre-commit-hooks.yaml), run by real pre-commit on a temporary git repo.

pre-commit builds the hook's virtualenv itself and pip-installs this checkout into it
(with packages from PyPI): three installs in all, two of them side by side.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPUBLISHED, REUTERS, ROOT, ci_blocks
from pre_commit.clientlib import load_manifest

CLEAN = "The city council met on Tuesday to discuss the budget for parks and libraries.\n"
REUSE_FINDING = r"3:1 warning RC100 reuse: \d+% of this text is reused from sources/reuters\.txt"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def start_pre_commit(*args: str, repo: Path) -> subprocess.Popen[str]:
    """Start pre-commit in ``repo`` with its own cache folder."""
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    return subprocess.Popen(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def pre_commit(*args: str, repo: Path) -> subprocess.CompletedProcess[str]:
    """Run pre-commit in ``repo``; the output shows in assertion messages through `shown`."""
    return finish(start_pre_commit(*args, repo=repo))


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
    assert hook["entry"] == "reusecheck check --force-exclude"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "html", "plain-text"]
    assert hook["require_serial"] is True


@pytest.mark.slow
def test_try_repo_fails_on_reuse_and_passes_clean_articles(newsroom: Path) -> None:
    """``pre-commit try-repo`` on this checkout's HEAD.

    HEAD, not the work tree: pre-commit would add uncommitted changes to tracked files but
    not new files, a mix that need not install; in CI's fresh clone the two are the same.
    try-repo passes the hook no args, so the sources come from the newsroom's reusecheck
    config. Each try-repo run installs the hook afresh; the two runs go side by side.
    """
    (newsroom / ".reusecheck.toml").write_text('against = ["sources"]\n', encoding="utf-8")
    try_repo = ("try-repo", str(ROOT), "reusecheck", "--ref", git("rev-parse", "HEAD", cwd=ROOT))
    reused = start_pre_commit(*try_repo, "--files", "content/aleppo.md", repo=newsroom)
    clean = start_pre_commit(*try_repo, "--files", "content/council.txt", repo=newsroom)
    reused_run, clean_run = finish(reused), finish(clean)

    assert reused_run.returncode == 1, shown(reused_run)
    assert "reusecheck...." in reused_run.stdout and "- exit code: 1" in reused_run.stdout, shown(reused_run)
    assert re.search(REUSE_FINDING, reused_run.stdout), shown(reused_run)
    assert clean_run.returncode == 0, shown(clean_run)
    assert "reusecheck...." in clean_run.stdout and "Passed" in clean_run.stdout, shown(clean_run)


@pytest.mark.slow
def test_documented_config_runs_as_written(newsroom: Path) -> None:
    """The documented .pre-commit-config.yaml (docs/ci.md), pointed at this checkout's HEAD instead of its host."""
    [snippet] = ci_blocks("pre-commit", "yaml")
    config = yaml.safe_load(snippet)
    [repo] = config["repos"]
    assert repo["repo"] == "https://github.com/OWNER/reusecheck"
    repo["repo"], repo["rev"] = str(ROOT), git("rev-parse", "HEAD", cwd=ROOT)
    (newsroom / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    process = pre_commit("run", "--files", "content/aleppo.md", "content/council.txt", "sources/reuters.txt", repo=newsroom)
    assert process.returncode == 1, shown(process)
    assert "reusecheck...." in process.stdout and "Failed" in process.stdout, shown(process)
    assert re.search(REUSE_FINDING, process.stdout), shown(process)
    # two articles checked in one process; the source is excluded (against itself it is all reuse)
    assert "2 checked, 1 with reuse, " in process.stdout, shown(process)
    assert "content/council.txt" not in process.stdout, shown(process)  # a file without findings prints nothing

    process = pre_commit("run", "--files", "content/council.txt", "sources/reuters.txt", repo=newsroom)
    assert process.returncode == 0, shown(process)
    assert "reusecheck...." in process.stdout and "Passed" in process.stdout, shown(process)
