"""--changed-since REF: only candidate files git reports as changed since REF are checked."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repo with two copied articles and the source committed; the cwd."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "articles").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(REUTERS, tmp_path / "sources" / "reuters.txt")
    for name in ("old.txt", "edited.txt", "staged.txt"):
        shutil.copy(REPUBLISHED, tmp_path / "articles" / name)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args, "--against", "sources", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return code, [r["candidate"]["id"] for r in report["results"]]


def test_only_changed_files_are_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open(repo / "articles" / "edited.txt", "a", encoding="utf-8") as handle:
        handle.write("\nA correction was appended.\n")
    with open(repo / "articles" / "staged.txt", "a", encoding="utf-8") as handle:
        handle.write("\nStaged change.\n")
    git(repo, "add", "articles/staged.txt")
    shutil.copy(REPUBLISHED, repo / "articles" / "new.txt")
    (repo / ".gitignore").write_text("ignored.txt\n", encoding="utf-8")
    shutil.copy(REPUBLISHED, repo / "articles" / "ignored.txt")
    code, ids = checked(capsys, "articles", "--changed-since", "HEAD")
    assert code == 1
    assert ids == ["articles/edited.txt", "articles/new.txt", "articles/staged.txt"]


def test_committed_changes_since_an_older_commit_count(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "tag", "published")
    with open(repo / "articles" / "edited.txt", "a", encoding="utf-8") as handle:
        handle.write("\nUpdated.\n")
    git(repo, "commit", "-q", "-am", "update")
    assert checked(capsys, "articles", "--changed-since", "published")[1] == ["articles/edited.txt"]
    assert checked(capsys, "articles", "--changed-since", "HEAD") == (0, [])


def test_works_from_a_subfolder_and_with_file_arguments(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with open(repo / "articles" / "edited.txt", "a", encoding="utf-8") as handle:
        handle.write("\nUpdated.\n")
    monkeypatch.chdir(repo / "articles")
    code = main(["check", "old.txt", "edited.txt", "--against", "../sources", "--changed-since", "HEAD", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and [r["candidate"]["id"] for r in report["results"]] == ["edited.txt"]


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copy(REPUBLISHED, folder / "a.txt")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["check", "a.txt", "--against", str(REUTERS), "--changed-since", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "--changed-since needs a git repository" in err and str(folder) in err


def test_unknown_revision_is_a_clear_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "articles", "--against", "sources", "--changed-since", "no-such-branch"]) == 2
    assert "--changed-since no-such-branch: no such commit, branch or tag" in capsys.readouterr().err


def test_standard_input_cannot_be_selected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-", "--against", "sources", "--changed-since", "HEAD"]) == 2
    assert "cannot select from standard input" in capsys.readouterr().err


def test_a_baseline_follows_articles_git_renamed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "articles", "--against", "sources", "--write-baseline", "baseline.json", "--format", "json"]) == 0
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "baseline")
    (repo / "articles" / "2016").mkdir()
    git(repo, "mv", "articles/edited.txt", "articles/2016/edited.txt")
    git(repo, "commit", "-q", "-m", "file the story under its year")
    capsys.readouterr()
    args = ["check", "articles", "--against", "sources", "--baseline", "baseline.json", "--format", "json"]
    assert main([*args, "--changed-since", "HEAD~1"]) == 0, capsys.readouterr().out
    report = json.loads(capsys.readouterr().out)
    assert [r["candidate"]["path"] for r in report["results"]] == ["articles/2016/edited.txt"]
    assert main(args) == 1  # without --changed-since the move is not known: its findings look new
