"""`check --jobs N` (candidates checked in forked workers, each with its own index
connection) gives the report of one job; JSONL and text reports are written result by
result, as each candidate is done."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import REUTERS, shared_path

from reusecheck.cli import main
from reusecheck.engine import Checker

FORMATS = [["--format", "jsonl"], ["--format", "text"], ["--format", "text", "-q"], ["--format", "text", "--statistics"],
           ["--format", "json"], ["--format", "sarif"]]


@pytest.fixture(scope="module")
def meter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An index of the PA stories of three METER days and a folder of the newspaper stories
    of those days, with a binary file (an input error) and a Windows-1252 one (a warning)
    among them."""
    root = shared_path("eval", "meter-dev")
    work = tmp_path_factory.mktemp("meter")
    days = sorted(p.name for p in (root / "pa").iterdir())[:3]
    index = work / "pa.db"
    assert main(["index", "add", "-q", str(index), *(str(root / "pa" / day) for day in days)]) == 0
    candidates = work / "candidates"
    for day in days:
        shutil.copytree(root / "newspapers" / day, candidates / day)
    (work / "binary.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 40)
    return index, candidates


def _first_day(candidates: Path) -> Path:
    return min(candidates.iterdir())


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
@pytest.mark.parametrize("output", FORMATS, ids=lambda o: " ".join(o[1:]))
def test_jobs_give_the_report_of_one_job(meter: tuple[Path, Path], capsys: pytest.CaptureFixture[str], output: list[str]) -> None:
    index, candidates = meter
    named = [str(day) for day in sorted(candidates.iterdir())]
    named.insert(1, str(candidates.parent / "binary.txt"))
    runs = [_check(capsys, *named, "--index", str(index), "--against", str(REUTERS), "--jobs", jobs, *output)
            for jobs in ("1", "3")]
    assert runs[0] == runs[1]
    code, out, err = runs[0]
    assert code == 2  # the binary file
    assert "binary.txt" in err and "Traceback" not in err
    if output == ["--format", "jsonl"]:
        lines = [json.loads(line) for line in out.splitlines()]
        results = [line for line in lines if line["type"] == "result"]
        assert len(results) > 80
        assert sum(1 for r in results if r["matches"]) > 40  # newspapers reuse PA copy
        problems = lines[len(results):]
        assert [line["type"] for line in problems] == ["error"] + ["warning"] * (len(problems) - 1)
        assert len(problems) > 10 and all(line["message"].startswith("not UTF-8") for line in problems[1:])
        assert [r["candidate"]["path"].split("/")[-3] for r in results] == sorted(r["candidate"]["path"].split("/")[-3] for r in results)


def test_a_failing_plugin_is_reported_once_with_jobs(tmp_path: Path, meter: tuple[Path, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    index, candidates = meter
    plugin = tmp_path / "house.py"
    plugin.write_text(textwrap.dedent("""
        import reusecheck
        from reusecheck import Rule, Severity

        def check(context):
            raise KeyError("pairs")

        @reusecheck.hookimpl
        def reusecheck_register_rules(register):
            register(Rule("HX1", "odd", Severity.WARNING, "a house rule", check))
    """), encoding="utf-8")
    runs = [_check(capsys, str(_first_day(candidates)), "--index", str(index), "--plugin", str(plugin), "--jobs", jobs,
                   "--format", "jsonl") for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    errors = [line for line in runs[0][1].splitlines() if '"type": "error"' in line]
    assert sum("rule 'HX1' failed: KeyError" in line for line in errors) == 1


def test_results_are_written_as_each_candidate_is_done(meter: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """By the time the second candidate is checked, the first one's line is out."""
    index, candidates = meter
    written: list[str] = []
    results = Checker.results

    def watched(self: Checker, *args: object, **kwargs: object) -> object:
        for result in results(self, *args, **kwargs):  # type: ignore[arg-type]
            yield result
            written.append(capsys.readouterr().out)

    monkeypatch.setattr(Checker, "results", watched)
    assert main(["check", str(_first_day(candidates)), "--index", str(index), "--format", "jsonl", "--exit-zero"]) == 0
    assert len(written) > 10
    assert all(len(out.splitlines()) == 1 and json.loads(out)["type"] == "result" for out in written)


def test_each_worker_opens_its_own_index_connection(meter: tuple[Path, Path]) -> None:
    index, _ = meter
    store = Checker().index_store(str(index))
    try:
        own = store.for_worker()
        assert [s.connection for s in own.shards] != [s.connection for s in store.shards]
        assert own.source_count == store.source_count
        own.close()
    finally:
        store.close()
