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


def test_same_answers_as_the_local_index_in_an_archive(spark: Any, archive: tuple[Path, Path], tmp_path: Path) -> None:
    sources, candidates = archive
    local = tmp_path / "local.db"
    assert reusecheck_main(["index", "add", "--quiet", str(local), str(sources)]) == 0
    reusecheck_main(["check", str(candidates), "--index", str(local), "--format", "jsonl", "--isolated",
                     "--output", f"jsonl={tmp_path / 'local.jsonl'}"])
    assert spark_cli("index", "--sources", str(sources), "--out", str(tmp_path / "index")) == 0
    assert spark_cli("check", "--candidates", str(candidates), "--index", str(tmp_path / "index"),
                     "--out", str(tmp_path / "out")) == 0

    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    got = read_lines(tmp_path / "out" / "results.jsonl")
    assert [json.loads(line)["candidate"]["id"] for line in got] == [json.loads(line)["candidate"]["id"] for line in expected]
    for line, local_line in zip(got, expected, strict=True):  # matches, scores, passages, findings, verdicts
        assert line == local_line
    results = [json.loads(line) for line in expected]
    assert sum(1 for r in results if r["matches"]) >= CANDIDATES // 2  # retrieval and alignment really ran
    findings = spark.read.parquet(str(tmp_path / "out" / "findings")).collect()
    local_findings = [(r["candidate"]["id"], f["rule"], f["source"], f["candidate_start"], f["message"])
                      for r in results for f in r["findings"]]
    assert sorted((f.candidate, f.rule, f.source, f.candidate_start, f.message) for f in findings) == sorted(local_findings)
