"""Memory of a large batch: peak RSS of `reusecheck check BATCH.jsonl --format jsonl` as the batch grows.

    nice .venv/bin/python benchmarks/streaming.py [--workload /tmp/reusecheck-bench]
        [--counts 1000 10000 100000] [--sources 300] [--jobs N] [--compare CHECKOUT]

The batch is the workload's candidates repeated under new ids (about 1.2 kB each: 100,000
of them make a 130 MB file, over the 64 MiB default limit of a file read whole), checked
against the workload's first ``--sources`` sources (``--against``, a JSONL file) so that
the run's time goes to the candidates. For each count: wall seconds, CPU ms per candidate
(workers included) and the main process's peak RSS (VmHWM; the workers are forked from
it). ``--compare`` runs the same counts with another checkout's package first on PYTHONPATH (with
``--max-file-size`` raised so that it can read the batch whole), in turns with this one.
``uptime`` is printed before and after (the machine's load).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from jobs import write_candidates  # noqa: E402
from run import PYTHON, read_jsonl, run_process  # noqa: E402
from workload import build as build_workload  # noqa: E402

from reusecheck.parallel import default_jobs  # noqa: E402


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def measure(batch: Path, sources: Path, jobs: int, checkout: str | None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one check of ``batch``, with
    ``checkout``'s package if given."""
    previous = os.environ.get("PYTHONPATH")
    if checkout:
        os.environ["PYTHONPATH"] = checkout
    try:
        seconds, peak_mb, cpu = run_process([PYTHON, "-m", "reusecheck", "check", str(batch), "--against", str(sources),
                                           "--format", "jsonl", "--jobs", str(jobs), "--max-file-size", "4096"])
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous
    return seconds, peak_mb, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-bench"))
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--compare", help="another checkout's folder, measured in turns with this one")
    args = parser.parse_args()
    folder = args.workload
    if not (folder / "sources.jsonl").exists():
        build_workload(folder)
    sources = folder / f"streaming-sources-{args.sources}.jsonl"
    with open(sources, "w", encoding="utf-8") as out:
        for record in read_jsonl(folder / "sources.jsonl")[: args.sources]:
            out.write(json.dumps({"id": str(record["id"]), "text": record["text"]}) + "\n")
    candidates = read_jsonl(folder / "candidates.jsonl")
    results: dict[str, object] = {"uptime_before": uptime(), "jobs": args.jobs}
    print(results["uptime_before"], flush=True)
    runs: dict[str, dict[str, float]] = {}
    for count in args.counts:
        batch = write_candidates(folder / f"streaming-{count}.jsonl", candidates, count)
        megabytes = batch.stat().st_size / 1e6
        for name, checkout in [("this", None), *([("compare", args.compare)] if args.compare else [])]:
            seconds, peak, cpu = measure(batch, sources, args.jobs, checkout)
            runs[f"{count} {name}"] = {"file_mb": round(megabytes, 1), "wall_s": round(seconds, 1),
                                       "cpu_ms_per_candidate": round(1000 * cpu / count, 2), "peak_rss_mb": peak}
            print(count, name, runs[f"{count} {name}"], flush=True)
        batch.unlink()
    results["runs"] = runs
    results["uptime_after"] = uptime()
    print(json.dumps(results, indent=1))
    (folder / "streaming.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
