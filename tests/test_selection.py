"""File selection: include/exclude globs, .gitignore, article extensions, --force-exclude,
binary files met in folders, unreadable folders (issue 11 point 1, issue 15 item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hugo_site import PNG, make_site, write
from test_config import run

from reusecheck.selection import FileSelection, list_inputs


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_site(tmp_path, 'against = ["sources"]\nextend-exclude = ["content/drafts"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(*args: str) -> tuple[int, list[str], dict]:
    code, out, err = run("check", *args, "--format", "json")
    report = json.loads(out)
    return code, [r["candidate"]["path"] for r in report["results"]], report


def test_a_photo_in_a_page_bundle_does_not_break_the_run(site: Path) -> None:
    code, paths, report = checked("content")
    assert report["errors"] == []
    assert paths == ["content/posts/aleppo/index.md", "content/posts/council.txt", "content/posts/weather.html"]
    assert code == 1  # the Aleppo story is uncredited Reuters copy


def test_checking_the_whole_site_skips_config_ignored_output_and_hidden_files(site: Path) -> None:
    _, paths, report = checked(".")
    assert "pyproject.toml" not in paths and "hugo.toml" not in paths
    assert not any(p.startswith(("public/", "reports/", ".")) for p in paths)
    assert "sources/reuters-aleppo.txt" in paths  # a source given as candidate too: skipped against itself
    assert any("itself" in w["message"] for w in report["warnings"])


def test_no_respect_gitignore_and_exclude_options(site: Path) -> None:
    _, paths, _ = checked(".", "--no-respect-gitignore", "--extend-exclude", "sources")
    assert "public/posts/aleppo/index.html" in paths and "reports/last-run.json" in paths
    assert not any(p.startswith("sources/") for p in paths)
    _, paths, _ = checked("content", "--exclude", "*.html")  # replaces the default; the configured extend-exclude stays
    assert paths == ["content/posts/aleppo/index.md", "content/posts/council.txt"]
    _, paths, _ = checked("content", "--extend-exclude", "nothing")  # replaces the configured extend-exclude
    assert "content/drafts/unfinished.md" in paths


def test_include_globs_replace_the_article_extensions(site: Path) -> None:
    _, paths, _ = checked("content", "--include", "*.txt")
    assert paths == ["content/posts/council.txt"]
    _, paths, _ = checked("content", "--include", "*.txt", "--extend-include", "content/**/index.md")
    assert paths == ["content/posts/aleppo/index.md", "content/posts/council.txt"]


def test_explicit_files_are_checked_unless_force_exclude(site: Path) -> None:
    _, paths, _ = checked("content/drafts/unfinished.md")
    assert paths == ["content/drafts/unfinished.md"]
    code, paths, report = checked("content/drafts/unfinished.md", "content/posts/council.txt", "--force-exclude")
    assert paths == ["content/posts/council.txt"] and report["errors"] == [] and code == 0


def test_config_globs_are_relative_to_the_config_file(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site / "content")
    _, paths, _ = checked(".")
    assert "drafts/unfinished.md" not in paths and "posts/council.txt" in paths


def test_binary_files_are_skipped_with_a_note_in_folders_and_an_error_when_named(site: Path) -> None:
    write(site / "content" / "posts" / "scan.txt", PNG)  # binary despite its name
    code, paths, report = checked("content")
    assert "content/posts/scan.txt" not in paths and report["errors"] == []
    assert {"path": "content/posts/scan.txt", "message": "skipped: binary file (it contains NUL bytes)"} in report["warnings"]
    code, _, report = checked("content/posts/scan.txt")
    assert code == 2 and report["errors"][0]["path"] == "content/posts/scan.txt"


def test_gitignore_negation_nested_files_and_info_exclude(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "info" / "exclude", "secret.md\n")
    write(tmp_path / ".gitignore", "*.json\n")
    write(tmp_path / "site" / "content" / ".gitignore", "!keep.json\nold/\n")
    for name in ("a.md", "keep.json", "drop.json", "secret.md", "old/b.md", "new/c.md"):
        write(tmp_path / "site" / "content" / name, "text\n")
    found = [Path(item.path).relative_to(tmp_path / "site" / "content").as_posix()
             for item in list_inputs(str(tmp_path / "site" / "content"), FileSelection(root=str(tmp_path)))]
    assert found == ["a.md", "keep.json", "new/c.md"]
    everything = list_inputs(str(tmp_path / "site" / "content"), FileSelection(root=str(tmp_path), respect_gitignore=False))
    assert len(list(everything)) == 6


def _as_nobody(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run reusecheck in ``folder`` as a user without root's power to read anything."""
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    if drop and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop the power to read any folder")
    return subprocess.run([*drop, sys.executable, "-m", "reusecheck", *args], cwd=folder, capture_output=True,
                          text=True, check=False)


@pytest.mark.parametrize("unreadable", ["content/locked", "sources/locked"])
@pytest.mark.slow
def test_an_unreadable_folder_is_an_input_error(unreadable: str) -> None:
    folder = Path(tempfile.mkdtemp())  # not under pytest's private tmp: another user must reach it
    try:
        folder.chmod(0o755)
        make_site(folder, 'against = ["sources"]\n')
        write(folder / unreadable / "story.txt", "A story nobody can read.\n")
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (folder / unreadable).chmod(0)
        probe = _as_nobody(folder, "--version")
        if probe.returncode != 0:
            pytest.skip(f"cannot run reusecheck as an unprivileged user here: {probe.stderr.strip()[-200:]}")
        done = _as_nobody(folder, "check", "content", "--format", "json")
        report = json.loads(done.stdout)
        assert done.returncode == 2
        assert report["errors"] == [{"path": unreadable, "message": "cannot list the folder: Permission denied; make it readable"}]
        assert f"{unreadable}: cannot list the folder" in done.stderr
        assert "content/posts/council.txt" in [r["candidate"]["path"] for r in report["results"]]  # the rest is still checked
    finally:
        (folder / unreadable).chmod(0o755)
        shutil.rmtree(folder)


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", "text\n")
    write(tmp_path / "content" / "sub" / "b.md", "text\n")
    (tmp_path / "content" / "sub" / "up").symlink_to(tmp_path / "content")
    (tmp_path / "content" / "self").symlink_to(tmp_path / "content")
    found = [Path(item.path).relative_to(tmp_path).as_posix() for item in list_inputs(str(tmp_path / "content"))]
    assert found == ["content/a.md", "content/sub/b.md"]


def test_the_runs_own_baseline_and_reports_are_never_articles(site: Path) -> None:
    run("check", "content", "--write-baseline", "content/reusecheck-baseline.json")
    code, paths, report = checked("content", "--baseline", "content/reusecheck-baseline.json",
                                  "--output", "sarif=content/last.json")
    assert not any(p.endswith(".json") for p in paths) and report["errors"] == [], paths
