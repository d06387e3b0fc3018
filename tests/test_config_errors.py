"""Configuration mistakes name the file and line; limits and report folders (issue 11 points 6, 7)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, section
from test_changed_since import git
from test_config import run, write


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sources").mkdir()
    shutil.copy(REUTERS, tmp_path / "sources" / "reuters.txt")
    shutil.copy(REPUBLISHED, tmp_path / "story.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('format = ["sariff"]', 3, "no format 'sariff'; did you mean 'sarif'?"),
        ('output = { sariff = "out.sarif" }', 3, "no format 'sariff'; did you mean 'sarif'?"),
        ("min-words = -3", 3, "min-words: -3 is less than 1; give a whole number of at least 1"),
        ("ngram = 3.5", 3, "ngram: '3.5' is not a whole number"),
        ("max-gap = -1", 3, "max-gap: -1 is less than 0"),
        ('against = ["wire"]', 2, "against: no such file or folder 'wire' (relative to the folder of this file); fix the path"),
    ],
)
def test_bad_values_name_the_file_and_line(desk: Path, body: str, line: int, message: str) -> None:
    against = 'against = ["sources"]\n' if "against" not in body else ""
    write(desk / "pyproject.toml", f"[tool.reusecheck]\n{against}{body}\n")
    code, out, err = run("check", "story.txt")
    assert code == 2 and out == ""
    assert err.startswith(f"reusecheck: error: pyproject.toml:{line}: {message}"), err
    assert "Traceback" not in err and "invalid literal" not in err


@pytest.mark.slow
def test_max_file_size_exists_and_the_message_names_it(desk: Path) -> None:
    big = desk / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB
    code, _, err = run("check", "big.txt", "--against", "sources", "--max-file-size", "1")
    assert code == 2 and "big.txt: over the 1 MiB limit; split it into smaller files or raise --max-file-size" in err
    assert run("check", "big.txt", "--against", "sources", "--max-file-size", "2")[0] == 0


def test_the_default_limit_in_the_docs_and_message_agree() -> None:
    from reusecheck.loaders import MAX_FILE_BYTES, MIB

    documented = section("Encodings and bad input")
    assert f"({MAX_FILE_BYTES // MIB} MiB, `--max-file-size`)" in documented


def test_report_folders_are_created(desk: Path) -> None:
    code, _, err = run("check", "story.txt", "--against", "sources", "--output", "sarif=reports/ci/reusecheck.sarif")
    assert code == 1, err
    assert (desk / "reports" / "ci" / "reusecheck.sarif").is_file()


def test_no_baseline_switches_a_configured_baseline_off(desk: Path) -> None:
    write(desk / "pyproject.toml", '[tool.reusecheck]\nagainst = ["sources"]\nbaseline = "baseline.json"\n')
    assert run("check", "story.txt", "--write-baseline", "baseline.json")[0] == 0
    assert run("check", "story.txt")[0] == 0
    code, out, _ = run("check", "story.txt", "--no-baseline", "-q")
    assert code == 1 and "RC104" in out
    assert run("check", "story.txt", "--baseline", "")[0] == 2  # the old way still fails, with a message


def test_changed_since_in_a_shallow_clone_says_to_fetch_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    shutil.copy(REUTERS, origin / "reuters.txt")
    for k in range(3):
        shutil.copy(REPUBLISHED, origin / f"story{k}.txt")
        git(origin, "add", ".")
        git(origin, "commit", "-q", "-m", f"story {k}")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True, capture_output=True)
    monkeypatch.chdir(clone)
    code, _, err = run("check", ".", "--against", "reuters.txt", "--changed-since", "HEAD~2")
    assert code == 2
    assert "--changed-since HEAD~2: no such commit in this shallow clone; fetch the history first " \
           "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)" in err
