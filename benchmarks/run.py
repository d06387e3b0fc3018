"""The index benchmark: build throughput, size, latency, memory and quality, with baselines.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/run.py [--workload /tmp/reusecheck-bench] [--repeats 3] [--no-10x]

Builds the workload (benchmarks/workload.py) if it is not there, then in one run:

- reusecheck: `index add` of the sources (a fresh process each repeat; MB of text per
  second, median), index size; `check candidates.jsonl --index` as one process (wall time
  per candidate, peak RSS, median); per-candidate latency in process (p50, p95); source
  precision and recall; PAN passage measures (reusecheck.pan.measures).
- baselines in this process: a dict inverted index of word 5-grams and datasketch
  MinHashLSH (build MB/s, query latency, source precision and recall).
- latency growth: indexes of 10%, 30% and 100% of the sources and a 10x corpus (the
  sources plus nine perturbed copies).

A returned source counts as correct when it is a true source or a near-copy of one
(Reuters repeats itself): at least half of the word 8-grams of the shorter of the two
occur in the other; a true source counts as found when it or a near-copy of it is
returned. Strict precision and recall (true sources only) are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import DictIndex, MinHashIndex  # noqa: E402
from workload import build as build_workload  # noqa: E402

from reusecheck.engine import Checker  # noqa: E402
from reusecheck.models import Document  # noqa: E402
from reusecheck.pan.annotations import Annotation  # noqa: E402
from reusecheck.pan.measures import evaluate  # noqa: E402

PYTHON = sys.executable


def read_jsonl(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_process(argv: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one ``python -m reusecheck ...``
    process (run through peak.py); fails loudly on exit code 2+."""
    peak_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"reusecheck-peak-{os.getpid()}"
    argv = [argv[0], str(HERE / "peak.py"), *argv[1:]]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env={**os.environ, "PEAK_RSS_FILE": str(peak_file)})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited with {code}")
    peak_mb = int(peak_file.read_text(encoding="ascii")) // 1024
    peak_file.unlink()
    return elapsed, peak_mb, usage.ru_utime + usage.ru_stime


def build_index(index: Path, inputs: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of building ``index`` from scratch."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    seconds, _, cpu = run_process([PYTHON, "-m", "reusecheck", "index", "add", "--quiet", str(index), *map(str, inputs)])
    return seconds, cpu


def in_process_latency(index: Path, candidates: list[dict[str, str]]) -> list[float]:
    """Seconds per candidate for analyze + retrieve + align + score + rules."""
    checker = Checker()
    store = checker.index_store(str(index))
    times = []
    for record in candidates:
        start = time.perf_counter()
        checker.check_one(checker.analyze(Document(record["id"], record["text"])), [store])
        times.append(time.perf_counter() - start)
    store.close()
    return times


# -- quality ----------------------------------------------------------------------------
def eight_grams(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[k : k + 8]) for k in range(len(words) - 7)}


class Judge:
    """Source-level precision and recall with the near-copy allowance."""

    def __init__(self, texts: dict[str, str], truth: dict[str, dict]) -> None:
        self.texts = texts
        self.truth = truth
        self._grams: dict[str, set[str]] = {}

    def grams(self, doc_id: str) -> set[str]:
        if doc_id not in self._grams:
            self._grams[doc_id] = eight_grams(self.texts[doc_id])
        return self._grams[doc_id]

    def near_copy(self, a: str, b: str) -> bool:
        ga, gb = self.grams(a), self.grams(b)
        small = min(len(ga), len(gb))
        return small > 0 and len(ga & gb) >= 0.5 * small

    def score(self, returned: dict[str, list[str]]) -> dict[str, float]:
        tp = strict_tp = total = found = strict_found = wanted = 0
        for candidate, sources in returned.items():
            true = set(self.truth[candidate]["sources"])
            wanted += len(true)
            strict_found += len(true & set(sources))
            found += sum(1 for t in true if t in sources or any(self.near_copy(s, t) for s in sources))
            for source in sources:
                total += 1
                strict_tp += source in true
                tp += source in true or any(self.near_copy(source, t) for t in true)
        return {
            "precision": tp / total if total else 1.0,
            "strict_precision": strict_tp / total if total else 1.0,
            "recall": found / wanted if wanted else 1.0,
            "strict_recall": strict_found / wanted if wanted else 1.0,
            "returned_per_candidate": total / max(len(returned), 1),
        }


def pan_measures(report: dict, truth: dict[str, dict], judge: Judge) -> dict[str, float]:
    """PAN measures of the passages; passages from near-copies of a true source (which
    the ground truth cannot place) are left out rather than counted wrong."""
    cases = [
        Annotation(cid, c[0], c[1] - c[0], c[2], c[3], c[4] - c[3]) for cid, t in truth.items() for c in t["cases"]
    ]
    detections = []
    for result in report["results"]:
        cid = result["candidate"]["id"]
        true = set(truth[cid]["sources"])
        for match in result["matches"]:
            sid = match["source"]["id"]
            if sid not in true and any(judge.near_copy(sid, t) for t in true):
                continue
            for p in match["passages"]:
                detections.append(Annotation(cid, p["candidate_start"], p["candidate_end"] - p["candidate_start"],
                                             sid, p["source_start"], p["source_end"] - p["source_start"]))
    m = evaluate(cases, detections)
    return {"precision": m.macro_precision, "recall": m.macro_recall, "granularity": m.granularity,
            "plagdet": m.plagdet, "micro_precision": m.micro_precision, "micro_recall": m.micro_recall}


# -- the runs ---------------------------------------------------------------------------
def measure_reusecheck(work: Path, repeats: int, sources_mb: float, candidates: list[dict[str, str]]) -> dict:
    index = work / "index.db"
    builds = [build_index(index, [work / "sources.jsonl"]) for _ in range(repeats)]
    size_mb = index.stat().st_size / 1e6
    output = work / "report.json"
    checks = [run_process([PYTHON, "-m", "reusecheck", "check", str(work / "candidates.jsonl"), "--index", str(index),
                           "--format", "json", "-o", str(output)]) for _ in range(repeats)]
    latency = in_process_latency(index, candidates)
    return {
        "build_seconds": statistics.median(b[0] for b in builds),
        "build_mb_s": sources_mb / statistics.median(b[0] for b in builds),
        "build_mb_per_cpu_s": sources_mb / statistics.median(b[1] for b in builds),
        "index_mb": size_mb,
        "check_process_seconds": statistics.median(c[0] for c in checks),
        "check_ms_per_candidate": 1000 * statistics.median(c[0] for c in checks) / len(candidates),
        "check_cpu_ms_per_candidate": 1000 * statistics.median(c[2] for c in checks) / len(candidates),
        "peak_rss_mb": max(c[1] for c in checks),
        "p50_ms": 1000 * float(np.percentile(latency, 50)),
        "p95_ms": 1000 * float(np.percentile(latency, 95)),
        "report": json.loads(output.read_text(encoding="utf-8")),
    }


def measure_baseline(make: Callable[[], object], sources: list[dict[str, str]], sources_mb: float,
                     candidates: list[dict[str, str]], repeats: int) -> dict:
    builds, index = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        index = make()
        for record in sources:
            index.add(record["id"], record["text"])  # type: ignore[attr-defined]
        builds.append(time.perf_counter() - start)
    times, returned = [], {}
    for record in candidates:
        start = time.perf_counter()
        returned[record["id"]] = index.query(record["text"])  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    return {"build_mb_s": sources_mb / statistics.median(builds), "p50_ms": 1000 * float(np.percentile(times, 50)),
            "p95_ms": 1000 * float(np.percentile(times, 95)), "returned": returned}


def measure_growth(work: Path, sources: list[dict[str, str]], truth: dict[str, dict],
                   candidates: list[dict[str, str]], full_index: Path, ten_x: bool) -> list[dict]:
    """Latency against 10%, 30%, 100% of the sources (true sources always in) and 10x."""
    needed = {s for t in truth.values() for s in t["sources"]}
    rng = random.Random(5)
    others = [r for r in sources if r["id"] not in needed]
    rng.shuffle(others)
    rows = []
    for share in (0.1, 0.3):
        keep = needed | {r["id"] for r in others[: max(0, int(share * len(sources)) - len(needed))]}
        subset = work / f"sources-{int(share * 100)}.jsonl"
        with open(subset, "w", encoding="utf-8") as handle:
            for record in sources:
                if record["id"] in keep:
                    handle.write(json.dumps(record) + "\n")
        index = work / f"index-{int(share * 100)}.db"
        build_index(index, [subset])
        rows.append(_growth_row(f"{int(share * 100)}%", len(keep), index, work, candidates))
    rows.append(_growth_row("100%", len(sources), full_index, work, candidates))
    if ten_x:
        copies = sorted(work.glob("perturbed-*.jsonl"))
        if not copies:
            raise SystemExit(f"{work} was built with --no-10x (no perturbed copies): give a new --workload folder")
        index = work / "index-10x.db"
        seconds, _ = build_index(index, [work / "sources.jsonl", *copies])
        row = _growth_row("10x", len(sources) * (1 + len(copies)), index, work, candidates)
        mb = sum(p.stat().st_size for p in [work / "sources.jsonl", *copies]) / 1e6
        row["build_mb_s_approx"] = mb / seconds
        rows.append(row)
    return rows


def _growth_row(name: str, documents: int, index: Path, work: Path, candidates: list[dict[str, str]]) -> dict:
    latency = in_process_latency(index, candidates)
    seconds, rss, cpu = run_process([PYTHON, "-m", "reusecheck", "check", str(work / "candidates.jsonl"), "--index",
                                str(index), "--format", "json", "-o", str(work / f"report-{name}.json")])
    return {"index": name, "documents": documents, "index_mb": index.stat().st_size / 1e6,
            "p50_ms": 1000 * float(np.percentile(latency, 50)), "p95_ms": 1000 * float(np.percentile(latency, 95)),
            "process_ms_per_candidate": 1000 * seconds / len(candidates),
            "process_cpu_ms_per_candidate": 1000 * cpu / len(candidates), "peak_rss_mb": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-10x", action="store_true", help="skip the 10x corpus (the slowest part)")
    args = parser.parse_args()
    work = args.workload
    if not (work / "truth.json").exists():
        build_workload(work, seed=1, candidates=1200, copies=0 if args.no_10x else 9)
    sources = read_jsonl(work / "sources.jsonl")
    candidates = read_jsonl(work / "candidates.jsonl")
    truth = json.loads((work / "truth.json").read_text(encoding="utf-8"))
    sources_mb = sum(len(r["text"]) for r in sources) / 1e6
    judge = Judge({r["id"]: r["text"] for r in sources}, truth)
    print(f"workload: {len(sources):,} sources ({sources_mb:.2f} M characters), {len(candidates):,} candidates "
          f"({sum(1 for t in truth.values() if not t['sources'])} negatives)", flush=True)

    ours = measure_reusecheck(work, args.repeats, sources_mb, candidates)
    report = ours.pop("report")
    ours["source"] = judge.score({r["candidate"]["id"]: [m["source"]["id"] for m in r["matches"]]
                                  for r in report["results"]})
    ours["pan"] = pan_measures(report, truth, judge)
    baselines = {}
    for name, make in (("dict 5-gram", DictIndex), ("MinHashLSH", MinHashIndex)):
        measured = measure_baseline(make, sources, sources_mb, candidates, args.repeats)
        measured["source"] = judge.score(measured.pop("returned"))
        baselines[name] = measured
    growth = measure_growth(work, sources, truth, candidates, work / "index.db", not args.no_10x)
    results = {"reusecheck": ours, "baselines": baselines, "growth": growth}
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_results(results)


def print_results(results: dict) -> None:
    ours, baselines = results["reusecheck"], results["baselines"]
    print("\n| system | build MB/s | p50 ms | p95 ms | source precision (strict) | source recall (strict) | sources/candidate |")
    print("|---|---|---|---|---|---|---|")
    for name, row in (("reusecheck index", ours), *baselines.items()):
        s = row["source"]
        print(f"| {name} | {row['build_mb_s']:.2f} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | "
              f"{s['precision']:.3f} ({s['strict_precision']:.3f}) | {s['recall']:.3f} ({s['strict_recall']:.3f}) | "
              f"{s['returned_per_candidate']:.2f} |")
    print(f"\nreusecheck: build {ours['build_mb_per_cpu_s']:.2f} MB per CPU second; index {ours['index_mb']:.1f} MB; "
          f"whole `check` process {ours['check_ms_per_candidate']:.2f} ms per candidate "
          f"({ours['check_cpu_ms_per_candidate']:.2f} CPU ms; {ours['check_process_seconds']:.1f} s), "
          f"peak RSS {ours['peak_rss_mb']} MB")
    pan = ours["pan"]
    print(f"PAN: precision {pan['precision']:.3f}, recall {pan['recall']:.3f}, granularity {pan['granularity']:.3f}, "
          f"plagdet {pan['plagdet']:.3f} (micro precision {pan['micro_precision']:.3f}, recall {pan['micro_recall']:.3f})")
    for name, row in baselines.items():
        print(f"ratio reusecheck / {name}: build {ours['build_mb_s'] / row['build_mb_s']:.2f}x, "
              f"p50 latency {ours['p50_ms'] / row['p50_ms']:.2f}x (ours includes alignment and rules)")
    print("\n| index | documents | size MB | p50 ms | p95 ms | whole process ms/candidate (CPU) | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for row in results["growth"]:
        print(f"| {row['index']} | {row['documents']:,} | {row['index_mb']:.1f} | {row['p50_ms']:.2f} | "
              f"{row['p95_ms']:.2f} | {row['process_ms_per_candidate']:.2f} ({row['process_cpu_ms_per_candidate']:.2f}) | "
              f"{row['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
