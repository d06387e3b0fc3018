"""Spark throughput on the Reuters workload: session start, index and check, local[1] vs local[2].

    .venv/bin/python plugins/reusecheck-spark/benchmarks/spark_bench.py [--workload DIR] [--sources N] [--candidates N]

Builds the project's Reuters-21578 republication workload (benchmarks/workload.py, seed
1) in DIR if it is not there, takes the first N sources and candidates, then measures in
one run, each configuration in a fresh process:

- the local baseline: ``reusecheck index add`` (MB of source text per second) and
  ``reusecheck check --index`` (candidates per second), one process each;
- for local[1] and local[2], each phase in a fresh process: the session start
  (SparkSession plus a first Python task), ``spark index`` and ``spark check`` (the same
  figures, session start excluded), and the wall time of each named stage.

Wall and CPU seconds: CPU counts the process and the processes it waited for (the JVM
and its Python workers); a phase's CPU is its process's minus a session-only process's.
On a shared machine CPU seconds are the steadier per-core figure.

Scaling with cores: with ``--repeats R`` the masters take turns R times (local[1],
local[2], local[1], ...) so that both meet the same load, and the medians are compared:
the speed-up (local[1] wall / local[2] wall) and the cores used (CPU / wall). What the
machine itself could give at that moment is measured in the same run: a CPU-bound Python
loop run once, then twice at the same time (``cores available`` = 2 x one's wall / the
pair's wall; 2.0 on two idle cores), with the load average before and after.

Prints a table and writes DIR/spark-results.json. Run it with ``nice`` on a shared
machine and read the ratios: they are measured in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PYTHON = sys.executable


def prepare(workload: Path, sources: int, candidates: int) -> tuple[Path, Path, int]:
    """The first ``sources``/``candidates`` records of the workload; their source characters."""
    if not (workload / "sources.jsonl").exists():
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "workload.py"), str(workload), "--copies", "0"], check=True)
    subset = workload / f"spark-{sources}-{candidates}"
    subset.mkdir(exist_ok=True)
    characters = 0
    for name, limit in (("sources.jsonl", sources), ("candidates.jsonl", candidates)):
        with open(workload / name, encoding="utf-8") as whole, open(subset / name, "w", encoding="utf-8") as part:
            for k, line in enumerate(whole):
                if k >= limit:
                    break
                part.write(line)
                if name == "sources.jsonl":
                    characters += len(json.loads(line)["text"])
    return subset / "sources.jsonl", subset / "candidates.jsonl", characters


def timed(argv: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, str]:
    """Wall and CPU seconds of a process and the processes it waited for (Spark's JVM and
    its Python workers), and what it printed."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, output


def local_baseline(sources: Path, candidates: Path, scratch: Path) -> dict[str, float]:
    index = scratch / "local.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    build, build_cpu, _ = timed([PYTHON, "-m", "reusecheck", "index", "add", "--quiet", str(index), str(sources)])
    check, check_cpu, _ = timed([PYTHON, "-m", "reusecheck", "check", str(candidates), "--index", str(index),
                                 "--format", "jsonl", "--isolated", "--exit-zero",
                                 "--output", f"jsonl={scratch / 'local.jsonl'}"])
    return {"index_seconds": build, "index_cpu": build_cpu, "check_seconds": check, "check_cpu": check_cpu}


def one_configuration(master: str, phase: str, sources: Path, candidates: Path, scratch: Path) -> dict[str, Any]:
    """Runs in its own process: session start, then ``phase`` (session, index or check)."""
    sys.path.insert(0, str(HERE.parent))
    from reusecheck.engine import CheckOptions
    from reusecheck_spark.check import run_check
    from reusecheck_spark.executor import RunSpec
    from reusecheck_spark.index import build_index
    from reusecheck_spark.session import start

    stages: dict[str, float] = {}

    class StageTimes(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            label, seconds = record.args  # type: ignore[misc]
            stages[f"{'check' if 'check' in phase else 'index'}: {label.removeprefix('reusecheck: ')}"] = seconds

    logging.getLogger("reusecheck_spark").addHandler(StageTimes())
    logging.getLogger("reusecheck_spark").setLevel(logging.INFO)
    started = time.perf_counter()
    spark = start(master, [("spark.ui.enabled", "false"), ("spark.ui.showConsoleProgress", "false"),
                           ("spark.sql.shuffle.partitions", "8")], "reusecheck-spark benchmark")
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([1], 1).map(lambda x: x).collect()  # the first Python worker
    session = time.perf_counter() - started
    spec = RunSpec(CheckOptions())
    name = master.replace("[", "").replace("]", "")  # Hadoop paths take [ ] as a glob
    index, out = scratch / f"index-{name}", scratch / f"out-{name}"
    started = time.perf_counter()
    if phase == "index":
        build_index(spark, spec, str(sources), str(index), overwrite=True)
    elif phase == "check":
        run_check(spark, spec, str(candidates), str(index), str(out), overwrite=True)
    seconds = time.perf_counter() - started
    gateway = spark.sparkContext._gateway
    spark.stop()
    gateway.shutdown()
    gateway.proc.stdin.close()  # the JVM exits on end of input; waiting for it counts its CPU
    gateway.proc.wait()          # (and its Python workers') in this process's children
    return {"session_seconds": session, "seconds": seconds, "stages": stages}


BUSY = "n = 0\nfor k in range(30_000_000):\n    n += k\n"


def cores_available() -> float:
    """What two CPU-bound processes get here now: 2 x one alone's wall / two together's wall."""
    alone, _, _ = timed([PYTHON, "-c", BUSY])
    start = time.perf_counter()
    pair = [subprocess.Popen([PYTHON, "-c", BUSY]) for _ in range(2)]
    for process in pair:
        process.wait()
    return 2 * alone / (time.perf_counter() - start)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "reusecheck-spark-bench")
    parser.add_argument("--sources", type=int, default=12_141, help="sources to index (default: all 12,141)")
    parser.add_argument("--candidates", type=int, default=1_200, help="candidates to check (default: all 1,200)")
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--repeats", type=int, default=1, help="runs of each master, taking turns (default: 1)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sources, candidates, characters = prepare(args.workload, args.sources, args.candidates)
    scratch = sources.parent
    if args.one:
        print(json.dumps(one_configuration(args.one, args.phase, sources, candidates, scratch)))
        return
    machine = {"load_before": os.getloadavg(), "cores_available_before": cores_available()}
    rows = {"local process": local_baseline(sources, candidates, scratch)}
    measured: dict[str, list[dict[str, Any]]] = {master: [] for master in args.masters}
    for _ in range(args.repeats):
        for master in args.masters:
            measured[master].append(measure(args, master, scratch))
    for master, repeats in measured.items():
        rows[master] = {key: median([r[key] for r in repeats]) for key in repeats[0] if key.endswith(("seconds", "cpu"))}
        rows[master]["stages"] = repeats[-1]["stages"]
        rows[master]["differing"] = max(r["differing"] for r in repeats)
        rows[master]["runs"] = repeats
    machine |= {"load_after": os.getloadavg(), "cores_available_after": cores_available()}
    megabytes = characters / 1e6
    print(f"{args.sources} sources ({megabytes:.2f} M characters), {args.candidates} candidates")
    print("| run | session start s (CPU s) | index s (CPU s) | index MB/s | MB per CPU s | check s (CPU s) "
          "| candidates/s | candidates per CPU s | lines differing from local |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        session = f"{row['session_seconds']:.1f} ({row['session_cpu']:.1f})" if "session_cpu" in row else "-"
        print(f"| {name} | {session} | {row['index_seconds']:.1f} ({row['index_cpu']:.1f}) | "
              f"{megabytes / row['index_seconds']:.2f} | {megabytes / row['index_cpu']:.2f} | "
              f"{row['check_seconds']:.1f} ({row['check_cpu']:.1f}) | {args.candidates / row['check_seconds']:.1f} | "
              f"{args.candidates / row['check_cpu']:.1f} | {row.get('differing', '-')} |")
    if len(args.masters) == 2:
        one, two = (rows[m] for m in args.masters)
        print(f"\nScaling {args.masters[0]} -> {args.masters[1]} (medians of {args.repeats} turns each):")
        print("| phase | wall speed-up | cores used " + " / ".join(args.masters) + " |")
        print("|---|---|---|")
        for phase in ("index", "check"):
            used = " / ".join(f"{r[f'{phase}_cpu'] / r[f'{phase}_seconds']:.2f}" for r in (one, two))
            print(f"| {phase} | {one[f'{phase}_seconds'] / two[f'{phase}_seconds']:.2f}x | {used} |")
    print(f"\nMachine: load average {machine['load_before'][0]:.1f} before, {machine['load_after'][0]:.1f} after; "
          f"cores available to two CPU-bound processes {machine['cores_available_before']:.2f} before, "
          f"{machine['cores_available_after']:.2f} after")
    print("\nSeconds per named stage:")
    masters = [m for m in rows if "stages" in rows[m]]
    print("| stage | " + " | ".join(masters) + " |")
    print("|---|" + "---|" * len(masters))
    for label in rows[masters[0]]["stages"] if masters else ():
        print(f"| {label} | " + " | ".join(f"{rows[m]['stages'].get(label, 0):.1f}" for m in masters) + " |")
    (args.workload / "spark-results.json").write_text(json.dumps(
        {"sources": args.sources, "characters": characters, "candidates": args.candidates, "machine": machine,
         "runs": rows}, indent=1))


def measure(args: argparse.Namespace, master: str, scratch: Path) -> dict[str, Any]:
    """One turn of ``master``: session start, index and check, each in a fresh process."""
    runs = {}
    for phase in ("session", "index", "check"):
        argv = [PYTHON, __file__, "--workload", str(args.workload), "--sources", str(args.sources),
                "--candidates", str(args.candidates), "--one", master, "--phase", phase]
        _, cpu, output = timed(argv, subprocess.PIPE)
        runs[phase] = {**json.loads(output.strip().splitlines()[-1]), "cpu": cpu}
    name = master.replace("[", "").replace("]", "")
    local = (scratch / "local.jsonl").read_text(encoding="utf-8").splitlines()
    spark = [line for p in sorted((scratch / f"out-{name}" / "results.jsonl").glob("part-*"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    differing = sum(a != b for a, b in itertools.zip_longest(local, spark))
    return {
        "session_seconds": runs["session"]["session_seconds"], "session_cpu": runs["session"]["cpu"],
        "index_seconds": runs["index"]["seconds"], "index_cpu": runs["index"]["cpu"] - runs["session"]["cpu"],
        "check_seconds": runs["check"]["seconds"], "check_cpu": runs["check"]["cpu"] - runs["session"]["cpu"],
        "stages": {**runs["index"]["stages"], **runs["check"]["stages"]}, "differing": differing,
        "load": os.getloadavg()[0],
    }


if __name__ == "__main__":
    main()
