"""The pytest plugin (entry point ``pytest11``), run for real with pytest's own pytester."""

from __future__ import annotations

import importlib.metadata
import shlex
import shutil
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, ci_blocks

import reusecheck
from reusecheck.cli import main
from reusecheck.models import Severity
from reusecheck.plugins import load_plugins

pytest_plugins = ["pytester"]

CLEAN = "The city council met on Tuesday to discuss the budget for parks and libraries.\nMembers voted to extend opening hours.\n"
INI = """
[pytest]
testpaths = tests
reusecheck_paths = content
reusecheck_against = sources
"""


def add_articles(root: Path) -> None:
    """content/ with one reused and one clean article, sources/ with the Reuters story."""
    (root / "content").mkdir()
    (root / "sources").mkdir()
    shutil.copy(REUTERS, root / "sources" / "reuters.txt")
    shutil.copy(REPUBLISHED, root / "content" / "aleppo.md")
    (root / "content" / "council.txt").write_text(CLEAN, encoding="utf-8")


@pytest.fixture
def newsroom(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with a content folder (one reused, one clean article), sources and one test."""
    pytester.makeini(INI)
    add_articles(pytester.path)
    (pytester.path / "content" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_site.py").write_text("def test_site():\n    assert True\n", encoding="utf-8")
    return pytester


def test_registered_as_pytest11_entry_point() -> None:
    [entry] = [ep for ep in importlib.metadata.entry_points(group="pytest11") if ep.name == "reusecheck"]
    assert entry.value == "reusecheck.pytest_plugin"


def test_articles_become_items_that_fail_on_findings(newsroom: pytest.Pytester) -> None:
    result = newsroom.runpytest("--reusecheck", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "content/aleppo.md::reusecheck FAILED*",
        "content/council.txt::reusecheck PASSED*",
        "*reusecheck content/aleppo.md::reusecheck*",
        "* reusecheck finding(s) at or above warning:",
        "  content/aleppo.md:3:1: warning RC100 reuse: *% of this text is reused from sources/reuters.txt*",
    ])
    # the full report follows, with the passages side by side
    result.stdout.fnmatch_lines(["  *% of this text is reused from sources/reuters.txt (*% of that source's words)", "    ?1? *:*-*:* here ~ *:*-*:* in the source, edited (similarity *"])
    assert "photo.jpg" not in result.stdout.str()
    assert "sources/reuters.txt::reusecheck" not in result.stdout.str()


def test_does_nothing_without_the_option(newsroom: pytest.Pytester) -> None:
    """Installed means loaded in every pytest run: without --reusecheck no article is an item."""
    result = newsroom.runpytest("-v", "content", "tests")
    result.assert_outcomes(passed=1)
    assert "::reusecheck" not in result.stdout.str()


def test_command_line_overrides_ini(newsroom: pytest.Pytester) -> None:
    (newsroom.path / "other").mkdir()
    (newsroom.path / "other" / "council-minutes.txt").write_text(CLEAN, encoding="utf-8")
    result = newsroom.runpytest("--reusecheck", "--reusecheck-against", "other")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["FAILED content/council.txt::reusecheck - * reusecheck finding(s)*"])
    newsroom.makeini(INI + "reusecheck_fail_level = error\n")
    result = newsroom.runpytest("--reusecheck", "--reusecheck-fail-level", "info", "-m", "reusecheck")
    result.assert_outcomes(passed=1, failed=1, deselected=1)
    result.stdout.fnmatch_lines(["* reusecheck finding(s) at or above info:"])


@pytest.mark.parametrize("level", ["error", "warning", "info"])
def test_an_article_fails_when_a_finding_reaches_the_fail_level(newsroom: pytest.Pytester, level: str) -> None:
    """Whatever the rules find: the item fails exactly when the API reports a finding at or above the level."""
    report = reusecheck.check(["content/aleppo.md", "content/council.txt"], ["sources"])
    failing = {r.candidate.path for r in report.results if any(f.severity >= Severity.parse(level) for f in r.findings)}
    assert "content/council.txt" not in failing and (level == "error" or "content/aleppo.md" in failing)
    result = newsroom.runpytest("--reusecheck", "--reusecheck-fail-level", level, "content")
    result.assert_outcomes(passed=2 - len(failing), failed=len(failing))
    for path in failing:
        result.stdout.fnmatch_lines([f"*_ reusecheck {path}::reusecheck _*", f"* reusecheck finding(s) at or above {level}:"])


def test_explicit_paths_and_extensions(newsroom: pytest.Pytester) -> None:
    result = newsroom.runpytest("--reusecheck", "content/council.txt")
    result.assert_outcomes(passed=1)
    newsroom.makeini(INI + "reusecheck_extensions = md\n")
    result = newsroom.runpytest("--reusecheck", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["tests/test_site.py::test_site", "content/aleppo.md::reusecheck"])
    assert "council.txt" not in result.stdout.str()


def test_unreadable_article_fails_with_the_reason(newsroom: pytest.Pytester) -> None:
    (newsroom.path / "content" / "broken.txt").write_bytes(b"text\x00with a NUL byte")
    result = newsroom.runpytest("--reusecheck", "content/broken.txt")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "cannot check the article:",
        "  content/broken.txt: binary file (it contains NUL bytes); give a text file",
    ])


def test_sources_from_an_index(newsroom: pytest.Pytester) -> None:
    assert main(["index", "add", "--quiet", "sources.rcx", "sources"]) == 0
    newsroom.makeini(INI.replace("reusecheck_against = sources", "reusecheck_index = sources.rcx"))
    result = newsroom.runpytest("--reusecheck", "content")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["  content/aleppo.md:3:1: warning RC100 reuse: *% of this text is reused from sources/reuters.txt*"])
    (newsroom.path / "notes.rcx").write_text("not an index\n", encoding="utf-8")
    result = newsroom.runpytest("--reusecheck", "--reusecheck-index", "notes.rcx", "content")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["cannot use the sources:", "  notes.rcx: not a reusecheck index *"])


def every_rule_off() -> str:
    """A TOML inline table turning off every rule reusecheck has loaded."""
    return "{" + ", ".join(f'{code} = "off"' for code in load_plugins(autoload=False).rules) + "}"


def test_settings_come_from_the_reusecheck_configuration(newsroom: pytest.Pytester) -> None:
    newsroom.makeini(INI.replace("reusecheck_against = sources", ""))
    (newsroom.path / ".reusecheck.toml").write_text('against = ["sources"]\n', encoding="utf-8")
    result = newsroom.runpytest("--reusecheck", "content")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["  content/aleppo.md:3:1: warning RC100 reuse: *% of this text is reused from sources/reuters.txt*"])
    (newsroom.path / ".reusecheck.toml").write_text(f'against = ["sources"]\nseverity = {every_rule_off()}\n', encoding="utf-8")
    newsroom.runpytest("--reusecheck", "content").assert_outcomes(passed=2)
    # reusecheck_args are command-line options: they win over the configuration, rule by rule
    newsroom.makeini(INI.replace("reusecheck_against = sources", "reusecheck_args = --severity RC100=error"))
    result = newsroom.runpytest("--reusecheck", "content")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["1 reusecheck finding(s) at or above warning:", "  content/aleppo.md:3:1: error RC100 reuse: *"])


def test_baseline_accepts_recorded_findings(newsroom: pytest.Pytester) -> None:
    assert main(["check", "content", "--against", "sources", "--write-baseline", "baseline.json", "--format", "json"]) == 0
    newsroom.makeini(INI + "reusecheck_args = --baseline baseline.json\n")
    newsroom.runpytest("--reusecheck", "content").assert_outcomes(passed=2)
    # --no-baseline ignores the configured baseline, as `reusecheck check --no-baseline` does
    (newsroom.path / ".reusecheck.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    newsroom.runpytest("--reusecheck", "content").assert_outcomes(passed=2)
    newsroom.makeini(INI + "reusecheck_args = --no-baseline\n")
    newsroom.runpytest("--reusecheck", "content").assert_outcomes(passed=1, failed=1)


@pytest.mark.parametrize(
    ("ini", "config", "message"),
    [
        ("reusecheck_args = --threshold 2\n", "", "*argument --threshold: 2 is not between 0 and 1"),
        ("", "thresold = 0.3\n", "reusecheck: error: *.reusecheck.toml:1: unknown key 'thresold'*did you mean 'threshold'?"),
    ],
)
def test_bad_check_options_or_configuration(newsroom: pytest.Pytester, ini: str, config: str, message: str) -> None:
    newsroom.makeini(INI + ini)
    (newsroom.path / ".reusecheck.toml").write_text(config, encoding="utf-8")
    result = newsroom.runpytest("--reusecheck")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message, "ERROR: reusecheck: invalid reusecheck_args or reusecheck configuration (see above)"])


def test_unreadable_source_fails_every_article(newsroom: pytest.Pytester) -> None:
    (newsroom.path / "sources" / "photo.txt").write_bytes(b"text\x00with a NUL byte")  # binary in a folder: skipped
    (newsroom.path / "sources" / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    result = newsroom.runpytest("--reusecheck", "content")
    result.assert_outcomes(failed=2)
    # Each article's failure report names the bad source (the short summary may repeat it).
    failures = result.stdout.str().split(" FAILURES ")[1].split(" short test summary info ")[0]
    assert failures.count("  sources/broken.jsonl: line 1: not valid JSON") == 2
    assert "photo.txt" not in failures


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reusecheck-against", "nowhere"], "ERROR: reusecheck: */nowhere does not exist; check --reusecheck-against / reusecheck_against"),
        (["--reusecheck-index", "none.rcx"], "ERROR: reusecheck: */none.rcx does not exist; check --reusecheck-index / reusecheck_index"),
        (["--reusecheck-fail-level", "fatal"], "ERROR: reusecheck fail level: unknown severity 'fatal': use error, warning or info"),
    ],
)
def test_bad_options_are_usage_errors(newsroom: pytest.Pytester, args: list[str], message: str) -> None:
    result = newsroom.runpytest("--reusecheck", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_sources_are_required(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--reusecheck")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --reusecheck needs sources: give --reusecheck-against PATH or --reusecheck-index PATH*"])


def test_documented_snippet_runs_as_written(pytester: pytest.Pytester) -> None:
    [settings] = ci_blocks("pytest", "toml")
    [command] = ci_blocks("pytest", "sh")
    pytester.makepyprojecttoml(settings)
    add_articles(pytester.path)
    program, *args = shlex.split(command)
    assert program == "pytest"
    result = pytester.runpytest(*args)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["FAILED content/aleppo.md::reusecheck - * reusecheck finding(s)*"])


def test_symlink_loops_are_not_followed(newsroom: pytest.Pytester) -> None:
    (newsroom.path / "content" / "loop").symlink_to(newsroom.path / "content")
    (newsroom.path / "content" / "again.md").symlink_to(newsroom.path / "content" / "aleppo.md")
    result = newsroom.runpytest("--reusecheck", "-m", "reusecheck", "-v")
    result.assert_outcomes(passed=1, failed=1, deselected=1)  # aleppo.md and council.txt, once each


def test_a_separated_source_path_outside_the_project_does_not_move_the_rootdir(newsroom: pytest.Pytester) -> None:
    wire = newsroom.path.parent / f"{newsroom.path.name}-wire"
    wire.mkdir()
    shutil.copy(REUTERS, wire / "reuters.txt")
    result = newsroom.runpytest("--reusecheck", "--reusecheck-against", str(wire))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: reusecheck: pytest took the PATH after --reusecheck-against* "
                                 f"moved its rootdir to * (from {newsroom.path}); write --reusecheck-against=PATH"])
    joined = newsroom.runpytest("--reusecheck", f"--reusecheck-against={wire}", "-m", "reusecheck")
    joined.assert_outcomes(passed=1, failed=1, deselected=1)
    assert f"rootdir: {newsroom.path}" in joined.stdout.str()


def test_a_separated_source_path_keeps_the_rootdir_when_the_plugin_is_passed_to_pytest_main(
        newsroom: pytest.Pytester) -> None:
    """pytest.main(args, plugins=["reusecheck"]) registers the plugin, and so its options,
    before pytest reads the arguments for its rootdir: the separated form then works."""
    wire = newsroom.path.parent / f"{newsroom.path.name}-wire"
    wire.mkdir()
    shutil.copy(REUTERS, wire / "reuters.txt")
    (newsroom.path / "sources" / "reuters.txt").unlink()  # the sources can only come from the wire folder
    result = newsroom.runpytest("--reusecheck", "--reusecheck-against", str(wire), "-m", "reusecheck",
                                plugins=["reusecheck"])
    result.assert_outcomes(passed=1, failed=1, deselected=1)
    assert f"rootdir: {newsroom.path}" in result.stdout.str()
