"""One Checker, several runs: each run reports its own errors and warnings."""

from __future__ import annotations

from pathlib import Path

from helpers import REPUBLISHED, REUTERS

from reusecheck.engine import Checker


def test_a_second_run_does_not_report_the_first_runs_missing_file(tmp_path: Path) -> None:
    checker = Checker()
    store = checker.memory_store([str(REUTERS)])
    missing = tmp_path / "missing.txt"
    first = checker.run([str(REPUBLISHED), str(missing)], [store])
    second = checker.run([str(REPUBLISHED)], [store])
    assert [p.path for p in first.errors] == [str(missing)]
    assert second.errors == ()
    assert len(second.results) == 1 and second.results[0].matches


def test_every_run_reports_the_problems_met_while_building_its_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    checker = Checker()
    store = checker.memory_store([str(REUTERS), str(missing), str(empty)])
    for _ in range(2):
        report = checker.run([str(REPUBLISHED)], [store])
        assert [p.path for p in report.errors] == [str(missing)]
        assert [(p.path, p.message) for p in report.warnings] == [(str(empty), "empty text; nothing to compare")]


def test_a_run_reports_only_the_stores_it_uses(tmp_path: Path) -> None:
    checker = Checker()
    checker.memory_store([str(tmp_path / "unused.txt")])
    store = checker.memory_store([str(REUTERS)])
    report = checker.run([str(REPUBLISHED)], [store])
    assert report.errors == ()
