"""An archive on Spark (local[2]): 1,000 real Reuters-21578 stories of the shared
republication workload, so that retrieval applies the template model
(`reusecheck.templates`: stores of at least ``min_archive`` sources), and the answers
are still those of ``reusecheck check --index``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import read_lines, shared_path, spark_cli

from reusecheck.cli import main as reusecheck_main
from reusecheck.retrieve import RetrievalSettings

pytestmark = pytest.mark.slow  # a Spark session, 1,000 sources indexed twice

SOURCES = RetrievalSettings().min_archive
CANDIDATES = 36


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sources of the workload's first positive candidates, then the first other
    sources, 1,000 in all; the candidates: those positives and the first negatives
    (one in four)."""
    generator = shared_path("bench", "workload", "make_workload.py")
    workload = tmp_path_factory.mktemp("workload")
    subprocess.run([sys.executable, str(generator)], check=True, cwd=generator.parent, stdout=subprocess.DEVNULL,
                   env={**os.environ, "WORKLOAD_DIR": str(workload)})

    def read(name: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in (workload / name).read_text(encoding="utf-8").splitlines()]

    truth = {t["id"]: t for t in read("truth.jsonl")}
    candidates = read("candidates.jsonl")
    negatives = [c for c in candidates if truth[c["id"]]["kind"] == "neg"][: CANDIDATES // 4]
    positives = [c for c in candidates if truth[c["id"]]["kind"] == "pos"][: CANDIDATES - len(negatives)]
    wanted = {str(s) for c in positives for s in truth[c["id"]]["sources"]}
    sources = [{"id": str(s["id"]), "text": s["text"]} for s in read("sources.jsonl")]
    chosen = [s for s in sources if s["id"] in wanted]
    chosen += [s for s in sources if s["id"] not in wanted][: SOURCES - len(chosen)]
    folder = tmp_path_factory.mktemp("archive")
    sources_path, candidates_path = folder / "sources.jsonl", folder / "candidates.jsonl"
    sources_path.write_text("".join(json.dumps(s) + "\n" for s in chosen), encoding="utf-8")
    picked = sorted(positives + negatives, key=lambda c: c["id"])
    candidates_path.write_text("".join(json.dumps({"id": c["id"], "text": c["text"]}) + "\n" for c in picked),
                               encoding="utf-8")
    return sources_path, candidates_path


@pytest.fixture(scope="module")
def indexes(spark: Any, archive: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The archive indexed locally (``reusecheck index add``) and on Spark."""
    folder = tmp_path_factory.mktemp("indexes")
    assert reusecheck_main(["index", "add", "--quiet", str(folder / "local.db"), str(archive[0])]) == 0
    assert spark_cli("index", "--sources", str(archive[0]), "--out", str(folder / "spark")) == 0
    return folder / "local.db", folder / "spark"


def check_both(candidates: Path, indexes: tuple[Path, Path], out: Path, *options: str) -> tuple[list[str], list[str]]:
    """The lines of ``reusecheck check --index`` and of ``spark check`` (same options)."""
    reusecheck_main(["check", str(candidates), "--index", str(indexes[0]), "--format", "jsonl", *options,
                     "--output", f"jsonl={out / 'local.jsonl'}"])
    assert spark_cli("check", "--candidates", str(candidates), "--index", str(indexes[1]), "--out", str(out / "spark"),
                     *options) == 0
    return (out / "local.jsonl").read_text(encoding="utf-8").splitlines(), read_lines(out / "spark" / "results.jsonl")


def test_same_answers_as_the_local_index_in_an_archive(spark: Any, archive: tuple[Path, Path],
                                                       indexes: tuple[Path, Path], tmp_path: Path) -> None:
    expected, got = check_both(archive[1], indexes, tmp_path, "--isolated")
    assert [json.loads(line)["candidate"]["id"] for line in got] == [json.loads(line)["candidate"]["id"] for line in expected]
    for line, local_line in zip(got, expected, strict=True):  # matches, scores, passages, findings, verdicts
        assert line == local_line
    results = [json.loads(line) for line in expected]
    assert sum(1 for r in results if r["matches"]) >= CANDIDATES // 2  # retrieval and alignment really ran
    findings = spark.read.parquet(str(tmp_path / "spark" / "findings")).collect()
    local_findings = [(r["candidate"]["id"], f["rule"], f["source"], f["candidate_start"], f["message"])
                      for r in results for f in r["findings"]]
    assert sorted((f.candidate, f.rule, f.source, f.candidate_start, f.message) for f in findings) == sorted(local_findings)


def test_retrieval_settings_from_the_configuration(spark: Any, archive: tuple[Path, Path], indexes: tuple[Path, Path],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``min-archive`` above the archive's size turns the template model off, in both."""
    reusecheck_main(["check", str(archive[1]), "--index", str(indexes[0]), "--format", "jsonl", "--isolated",
                     "--output", f"jsonl={tmp_path / 'archive.jsonl'}"])
    as_archive = (tmp_path / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(f"[tool.reusecheck]\nmin-archive = {2 * SOURCES}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    expected, got = check_both(archive[1], indexes, project)
    assert got == expected
    assert expected != as_archive  # the template model made a difference on this archive
