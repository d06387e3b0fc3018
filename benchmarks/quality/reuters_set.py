"""Synthetic Reuters republications from the index benchmark's generator
(``benchmarks/workload.py``, imported, not copied): source-level precision and recall and
PAN measures of the passages, scored with that benchmark's `Judge` and `pan_measures`
(a returned near-copy of a true source counts as correct). Baseline: the sources a plain
dict index of word 5-grams returns, aligned with the naive exact 5-gram runs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from naive import exact_runs

from reusecheck.engine import Checker, CheckOptions
from reusecheck.formats import report_dict
from reusecheck.models import Document

BENCHMARKS = Path(__file__).resolve().parents[1]
WORKLOAD = Path("/tmp/reusecheck-quality-reuters")


def _index_benchmark() -> ModuleType:
    """benchmarks/run.py under its own name (this folder has a run.py too)."""
    spec = importlib.util.spec_from_file_location("index_benchmark", BENCHMARKS / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _naive_report(sources: dict[str, str], candidates: list[dict[str, str]], index: Any) -> dict[str, Any]:
    results = []
    for record in candidates:
        matches = []
        for source_id in index.query(record["text"]):
            runs = exact_runs(record["text"], sources[source_id])
            if runs:
                passages = [{"candidate_start": a, "candidate_end": b, "source_start": c, "source_end": d} for a, b, c, d in runs]
                matches.append({"source": {"id": source_id}, "passages": passages})
        results.append({"candidate": {"id": record["id"]}, "matches": matches})
    return {"results": results}


def measure(candidates: int = 300) -> dict[str, dict[str, float]]:
    """Rows: reusecheck (default settings, sources in memory) and the baseline."""
    bench = _index_benchmark()
    if not (WORKLOAD / "truth.json").exists():
        bench.build_workload(WORKLOAD, seed=1, candidates=candidates, copies=0)
    sources = {r["id"]: r["text"] for r in bench.read_jsonl(WORKLOAD / "sources.jsonl")}
    records = bench.read_jsonl(WORKLOAD / "candidates.jsonl")
    truth = json.loads((WORKLOAD / "truth.json").read_text(encoding="utf-8"))
    judge = bench.Judge(sources, truth)
    checker = Checker(CheckOptions())
    store = checker.memory_store([Document(id=k, text=v) for k, v in sources.items()])
    ours = report_dict(checker.run([Document(id=r["id"], text=r["text"]) for r in records], [store]))
    index = bench.DictIndex()
    for source_id, text in sources.items():
        index.add(source_id, text)
    naive = _naive_report(sources, records, index)
    rows = {}
    for label, report in (("reusecheck", ours), ("baseline", naive)):
        returned = {r["candidate"]["id"]: [m["source"]["id"] for m in r["matches"]] for r in report["results"]}
        rows[label] = {**{f"source_{k}": v for k, v in judge.score(returned).items()}, **bench.pan_measures(report, truth, judge)}
    return rows
