"""Sources reported and time per candidate on the shared Reuters-21578 republication workload.

    .venv/bin/python benchmarks/republication.py [--workload /tmp/reusecheck-republication]
        [--repeats 3] [--compare OTHER_CHECKOUT]

Builds the workload with ``../shared/bench/workload/make_workload.py`` (seed 7: 12,772
sources, 1,000 republications, 200 negatives) if the folder has none, indexes the sources,
then runs ``reusecheck check candidates.jsonl --index INDEX --format json`` as one process
(``--repeats`` times) and prints:

- wall and CPU milliseconds per candidate (the whole process: start-up, imports,
  retrieval, alignment, rules, the report), median of the repeats;
- the sources returned, scored by the workload's own ``reuters.evaluate``: recall, strict
  precision, near-copy-aware precision (a returned source also counts as correct when it
  shares half of the smaller one's word 5-grams with a true source or a held-out body the
  candidate used) and how many of the 200 negatives got any source.

``--compare CHECKOUT`` runs another checkout of reusecheck (its own index, built by its
own code) in the same run, the processes interleaved, and prints the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_WORKLOAD = HERE.parent.parent / "shared" / "bench" / "workload"


def build_workload(work: Path) -> None:
    """The shared generator's files, and a copy of the sources with string ids (as JSONL input needs)."""
    if not (work / "truth.jsonl").exists():
        subprocess.run([sys.executable, str(SHARED_WORKLOAD / "make_workload.py")], check=True,
                       env={**os.environ, "WORKLOAD_DIR": str(work)}, cwd=SHARED_WORKLOAD, stdout=subprocess.DEVNULL)
    converted = work / "sources-ids.jsonl"
    if not converted.exists():
        with open(work / "sources.jsonl", encoding="utf-8") as src, open(converted, "w", encoding="utf-8") as out:
            for line in src:
                record = json.loads(line)
                out.write(json.dumps({"id": str(record["id"]), "text": record["text"]}) + "\n")


def run(checkout: Path | None, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m reusecheck ARGV`` process (code from ``checkout`` if given)."""
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte code cached as after a normal install
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    import time

    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "reusecheck", *argv], stdout=subprocess.DEVNULL, env=env,
                               cwd="/")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"reusecheck {' '.join(argv)} exited with {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def score(report_path: Path, work: Path) -> dict:
    sys.path.insert(0, str(SHARED_WORKLOAD))
    import reuters  # the workload's own judge

    report = json.loads(report_path.read_text(encoding="utf-8"))
    pred = {r["candidate"]["id"]: [int(m["source"]["id"]) for m in r["matches"]] for r in report["results"]}
    truth = {t["id"]: t for t in reuters.read_jsonl(str(work / "truth.jsonl"))}
    return reuters.evaluate(pred, truth, reuters.all_texts())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-republication"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout of reusecheck, run in the same run")
    args = parser.parse_args()
    work = args.workload.resolve()
    work.mkdir(parents=True, exist_ok=True)
    build_workload(work)
    n = sum(1 for _ in open(work / "candidates.jsonl", encoding="utf-8"))
    systems: dict[str, Path | None] = {"this": None}
    if args.compare:
        systems["compare"] = args.compare.resolve()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in systems}
    for name, checkout in systems.items():
        index = work / f"index-{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        run(checkout, ["index", "add", "--quiet", str(index), str(work / "sources-ids.jsonl")])
    for _ in range(args.repeats):
        for name, checkout in systems.items():
            times[name].append(run(checkout, ["check", str(work / "candidates.jsonl"), "--index",
                                              str(work / f"index-{name}.db"), "--format", "json", "-o",
                                              str(work / f"report-{name}.json")]))
    print(f"workload {work}: {n} candidates, {args.repeats} repeats")
    print("| system | wall ms/candidate | CPU ms/candidate | recall | precision (near-copy aware) | strict precision "
          "| negatives with a source |")
    print("|---|---|---|---|---|---|---|")
    medians = {}
    for name in systems:
        wall = 1000 * statistics.median(t[0] for t in times[name]) / n
        cpu = 1000 * statistics.median(t[1] for t in times[name]) / n
        medians[name] = (wall, cpu)
        s = score(work / f"report-{name}.json", work)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {s['recall']:.4f} | {s['precision_dup_aware']:.4f} | "
              f"{s['precision']:.4f} | {s['neg_candidates_with_any_hit']}/{s['n_neg']} |")
    if "compare" in medians:
        print(f"ratio this / compare: wall {medians['this'][0] / medians['compare'][0]:.3f}, "
              f"CPU {medians['this'][1] / medians['compare'][1]:.3f}")


if __name__ == "__main__":
    main()
