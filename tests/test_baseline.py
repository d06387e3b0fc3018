"""Baselines: record today's findings, then report only new ones; keyed by content, not lines."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

import reusecheck
from reusecheck import baseline
from reusecheck.cli import main

ARTICLE = read(REPUBLISHED)
# a paragraph of the copy that is not from the source: no finding is about it
UNRELATED = "Turkey’s military and allied Syrian rebel groups last week fought Kurdish forces"
REUSED_SENTENCE = "Civilians and the sick and wounded would be allowed to leave via six other corridors, it said."
UNRELATED_ARTICLE = "The city council approved the new budget on Tuesday after a long debate about parks.\n"


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with articles/ (one copied story) and sources/ (the Reuters story); the cwd."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(REUTERS, tmp_path / "sources" / "reuters.txt")
    (tmp_path / "articles" / "aleppo.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*extra: str, candidates: tuple[str, ...] = ("articles",)) -> int:
    return main(["check", *candidates, "--against", "sources", "--format", "json", *extra])


def reported_rules(capsys: pytest.CaptureFixture[str]) -> list[str]:
    report = json.loads(capsys.readouterr().out)
    return [f["rule"] for r in report["results"] for f in r["findings"]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_write_then_check_reports_nothing_new(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check() == 1
    rules = reported_rules(capsys)
    assert "RC100" in rules
    assert check("--write-baseline", "baseline.json") == 0
    assert reported_rules(capsys) == []
    assert check("--baseline", "baseline.json") == 0
    captured = capsys.readouterr()
    assert f"{len(rules)} finding(s) recorded in baseline.json not shown" in captured.err
    entries = json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(e["rule"] for e in entries for _ in range(e["count"])) == sorted(rules)
    assert {e["candidate"] for e in entries} == {"articles/aleppo.txt"}
    assert ("RC100", "sources/reuters.txt") in {(e["rule"], e["source"]) for e in entries}


def test_editing_an_unrelated_paragraph_does_not_resurrect_the_finding(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "baseline.json") == 0
    article = newsroom / "articles" / "aleppo.txt"
    edit(article, UNRELATED, "Turkish troops and the rebel groups they back clashed with Kurdish units")
    edit(article, "Russia and the Syrian army", "A new opening paragraph moves every line down.\n\nRussia and the Syrian army")
    capsys.readouterr()
    assert check("--baseline", "baseline.json") == 0
    assert reported_rules(capsys) == []


def test_reusing_a_substantially_different_passage_is_a_new_finding(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "baseline.json") == 0
    article = newsroom / "articles" / "aleppo.txt"
    source = read(REUTERS)
    copied = source[source.index("Russia and its Syrian allies") :]  # the end of the story, which the article did not copy
    article.write_text(ARTICLE[: ARTICLE.index("Russia and the Syrian army")] + copied, encoding="utf-8")
    capsys.readouterr()
    assert check("--baseline", "baseline.json") == 1
    assert "RC100" in reported_rules(capsys)


def test_fixing_an_attribution_inside_the_passage_keeps_the_other_findings_baselined(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring "told Reuters" fixes RC104; the baselined RC100 and RC103 of the story stay baselined."""
    assert check("--write-baseline", "baseline.json", "--severity", "RC104=off") == 0
    article = newsroom / "articles" / "aleppo.txt"
    edit(article, "Fastaqim rebel group said.", "Fastaqim rebel group told Reuters.")
    edit(article, "told anti-government rebels in Aleppo", "told the rebels holding eastern Aleppo")  # and an edit nearby
    capsys.readouterr()
    assert check("--baseline", "baseline.json") == 0
    assert reported_rules(capsys) == []
    recorded = json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 2 and all(0 < len(e["sketch"].split()) <= baseline.SKETCH_SIZE for e in recorded["findings"])


def test_version_1_baselines_still_match_exactly(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "baseline.json") == 0
    path = newsroom / "baseline.json"
    old = json.loads(path.read_text(encoding="utf-8"))
    old["version"] = 1
    for entry in old["findings"]:
        del entry["sketch"]
    path.write_text(json.dumps(old), encoding="utf-8")
    capsys.readouterr()
    assert check("--baseline", "baseline.json") == 0


def test_a_new_copied_article_is_reported(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "baseline.json") == 0
    shutil.copy(newsroom / "articles" / "aleppo.txt", newsroom / "articles" / "aleppo-copy.txt")
    capsys.readouterr()
    assert check("--baseline", "baseline.json") == 1
    report = json.loads(capsys.readouterr().out)
    counts = {r["candidate"]["id"]: len(r["findings"]) for r in report["results"]}
    assert counts["articles/aleppo.txt"] == 0 and counts["articles/aleppo-copy.txt"] > 0


def test_paths_are_relative_to_the_baseline_so_any_working_directory_matches(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check("--write-baseline", "baseline.json") == 0
    monkeypatch.chdir(newsroom / "articles")
    capsys.readouterr()
    code = main(["check", "aleppo.txt", "--against", "../sources", "--baseline", "../baseline.json", "--format", "json"])
    assert code == 0 and reported_rules(capsys) == []


def test_prune_drops_stale_entries_of_checked_candidates_only(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = newsroom / "articles" / "second.txt"
    second.write_text(ARTICLE, encoding="utf-8", newline="")
    assert check("--write-baseline", "baseline.json") == 0
    recorded = json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))["findings"]
    per_file = sum(e["count"] for e in recorded if e["candidate"] == "articles/second.txt")
    second.write_text(UNRELATED_ARTICLE, encoding="utf-8")
    (newsroom / "articles" / "aleppo.txt").write_text(UNRELATED_ARTICLE, encoding="utf-8")
    # only second.txt is checked: aleppo.txt's entries must survive although they are stale too
    assert check("--baseline", "baseline.json", "--prune-baseline", candidates=("articles/second.txt",)) == 0
    entries = json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entries == [e for e in recorded if e["candidate"] == "articles/aleppo.txt"]
    assert f"pruned {per_file} stale finding(s)" in capsys.readouterr().err
    assert check("--baseline", "baseline.json", "--prune-baseline") == 0
    assert json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))["findings"] == []


def test_write_baseline_keeps_entries_of_candidates_not_checked(newsroom: Path) -> None:
    second = newsroom / "articles" / "second.txt"
    second.write_text(ARTICLE, encoding="utf-8", newline="")
    assert check("--write-baseline", "baseline.json") == 0
    assert check("--write-baseline", "baseline.json", candidates=("articles/second.txt",)) == 0
    entries = json.loads((newsroom / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["candidate"] for e in entries} == {"articles/aleppo.txt", "articles/second.txt"}


def test_identical_findings_are_counted() -> None:
    candidate = reusecheck.Document(id="a", text=ARTICLE)
    report = reusecheck.check([candidate], [reusecheck.Document(id="s", text=read(REUTERS))])
    (result,) = report.results
    doubled = replace(report, results=(replace(result, findings=result.findings * 2),))
    root = Path.cwd()
    accepted = baseline.Baseline.of(baseline.report_entries(report, root))
    shown, hidden = baseline.filter_report(doubled, accepted, root)
    count = len(result.findings)
    assert count > 0 and hidden == count and shown.results[0].findings == result.findings
    assert len(baseline.Baseline.of(baseline.report_entries(doubled, root))) == 2 * count


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file; create it with --write-baseline"),
        ("{not json", "invalid JSON at line 1"),
        ('{"version": 1, "findings": [{"rule": "RC100"}]}', "needs candidate, rule and fingerprint"),
        ('{"version": 7, "findings": []}', 'expected an object with "version": 2 (or 1)'),
    ],
)
def test_bad_baseline_files_are_one_line_errors(
    newsroom: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        (newsroom / "baseline.json").write_text(content, encoding="utf-8")
    assert check("--baseline", "baseline.json") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("reusecheck: error: baseline.json: ") and message in err[0]


def test_option_combinations_are_checked(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--prune-baseline") == 2
    assert "--prune-baseline needs the --baseline FILE" in capsys.readouterr().err


def test_a_configured_baseline_is_written_with_write_baseline(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (newsroom / "pyproject.toml").write_text('[tool.reusecheck]\nbaseline = "accepted.json"\n', encoding="utf-8")
    assert check() == 2  # the configured baseline does not exist yet
    assert "accepted.json: no such baseline file; create it with --write-baseline" in capsys.readouterr().err
    assert check("--write-baseline", "accepted.json") == 0  # writing ignores the baseline it replaces
    assert check() == 0
