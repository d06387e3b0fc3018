"""Build and check on both cores, side by side with the dict inverted index, in one run.

    nice .venv/bin/python benchmarks/jobs.py [--workload /tmp/reusecheck-bench] [--repeats 3]
        [--candidates 300] [--stream 1000 4000] [--ten-x] [--build-only] [--compare OTHER_CHECKOUT]

On the index benchmark's workload (built by benchmarks/workload.py if absent), interleaved
so that the machine's load weighs on every figure alike:

- build: the dict inverted index of word 5-grams (`baselines.DictIndex`, in this
  process) and `reusecheck index add --quiet --jobs J` (a fresh process and index) for J in
  1 and the cores; MB of source text per wall second (median of the repeats), CPU seconds
  of the process and its workers, and the ratio to the dict index of the same repeat;
- with ``--ten-x``: in each repeat also `index add --jobs CORES` of the 10x corpus (the
  sources and nine perturbed copies, `workload.write_perturbed`, written if absent) into
  a fresh index; its MB per wall and per CPU second against the 1x build of the same
  repeat (the insert cost as the index grows);
- check: `reusecheck check CANDIDATES --index INDEX --format jsonl --jobs J` over the
  first ``--candidates`` candidates, wall ms per candidate (start-up included) and the
  main process's peak RSS; the dict index's query time per candidate (retrieval only);
- streaming: peak RSS of the main process checking ``--stream`` counts of candidates
  (the workload's candidates repeated under new ids) with ``--format jsonl`` (streamed) and
  ``--format json`` (the whole report built), with ``--jobs`` the cores.

``--compare CHECKOUT`` also builds with another checkout of reusecheck (``PYTHONPATH``) in
each repeat, ``--jobs`` 1 and the cores, interleaved with this one's builds. ``--build-only``
stops after the builds.

Results are printed and written to WORKLOAD/jobs.json; ``uptime`` is printed before and
after (the machine's load). Both checkouts' byte code is written first, as after an install.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import DictIndex  # noqa: E402
from republication import run as run_checkout  # noqa: E402
from reuters import read_stories  # noqa: E402
from run import PYTHON, read_jsonl, run_process  # noqa: E402
from workload import build as build_workload  # noqa: E402
from workload import write_perturbed  # noqa: E402

from reusecheck.parallel import default_jobs  # noqa: E402


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def compile_byte_code(checkout: Path) -> None:
    """Byte code written for every module of ``checkout``, as after a normal install (pip compiles
    it), so that no build of either checkout compiles its changed modules again (the environment
    may forbid writing byte code: ``PYTHONDONTWRITEBYTECODE``)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(checkout / "reusecheck")], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def dict_build(records: list[dict[str, str]]) -> tuple[float, DictIndex]:
    start = time.perf_counter()
    index = DictIndex()
    for record in records:
        index.add(str(record["id"]), record["text"])
    return time.perf_counter() - start, index


def reusecheck_build(index: Path, sources: Path | list[Path], jobs: int) -> tuple[float, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    inputs = sources if isinstance(sources, list) else [sources]
    seconds, _, cpu = run_process([PYTHON, "-m", "reusecheck", "index", "add", "--quiet", "--jobs", str(jobs),
                                   str(index), *map(str, inputs)])
    return seconds, cpu


def other_build(checkout: Path, index: Path, sources: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of `index add` by another checkout into a fresh index."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    return run_checkout(checkout, ["index", "add", "--quiet", "--jobs", str(jobs), str(index), str(sources)])


def ten_x_corpus(folder: Path) -> list[Path]:
    """The sources and their nine perturbed copies (written as `workload.build` does, if absent)."""
    copies = [folder / f"perturbed-{copy}.jsonl" for copy in range(1, 10)]
    if not all(path.exists() for path in copies):
        ids = {record["id"] for record in read_jsonl(folder / "sources.jsonl")}
        stories = [story for story in read_stories() if story.id in ids]
        for copy, path in enumerate(copies, start=1):
            write_perturbed(path, stories, copy)
    return [folder / "sources.jsonl", *copies]


def write_candidates(path: Path, records: list[dict[str, str]], count: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for k in range(count):
            record = records[k % len(records)]
            out.write(json.dumps({"id": f"{record['id']}-{k // len(records)}", "text": record["text"]}) + "\n")
    return path


def check(candidates: Path, index: Path, jobs: int, form: str = "jsonl") -> tuple[float, int]:
    seconds, peak_mb, _ = run_process([PYTHON, "-m", "reusecheck", "check", str(candidates), "--index", str(index),
                                       "--format", form, "--jobs", str(jobs)])
    return seconds, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--stream", type=int, nargs="*", default=[1000, 4000])
    parser.add_argument("--ten-x", action="store_true", help="also build the 10x corpus in each repeat")
    parser.add_argument("--build-only", action="store_true", help="stop after the builds")
    parser.add_argument("--compare", type=Path, help="another checkout of reusecheck, built in the same repeats")
    args = parser.parse_args()
    folder = args.workload
    if not (folder / "sources.jsonl").exists():
        build_workload(folder, seed=1, candidates=1200, copies=0)
    ten_x = ten_x_corpus(folder) if args.ten_x else []
    ten_x_megabytes = sum(len(r["text"]) for path in ten_x for r in read_jsonl(path)) / 1e6
    cores = default_jobs()
    sources = read_jsonl(folder / "sources.jsonl")
    candidates = read_jsonl(folder / "candidates.jsonl")
    megabytes = sum(len(s["text"]) for s in sources) / 1e6
    for checkout in [HERE.parent] + ([args.compare.resolve()] if args.compare else []):
        compile_byte_code(checkout)
    results: dict[str, object] = {"uptime_before": uptime(), "cores": cores, "megabytes": megabytes}
    print(results["uptime_before"], flush=True)

    systems = [""] + (["compare "] if args.compare else [])
    names = [f"{system}jobs {j}" for system in systems for j in dict.fromkeys((1, cores))]
    builds: dict[str, list[float]] = {"dict": [], **{name: [] for name in names}}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    index = folder / "jobs-index.db"
    dict_index = None
    ten_x_runs: list[dict[str, float]] = []
    for _ in range(args.repeats):
        seconds, dict_index = dict_build(sources)
        builds["dict"].append(seconds)
        for jobs in dict.fromkeys((1, cores)):
            wall, used = reusecheck_build(index, folder / "sources.jsonl", jobs)
            builds[f"jobs {jobs}"].append(wall)
            cpu[f"jobs {jobs}"].append(used)
            ratios[f"jobs {jobs}"].append(seconds / wall)
            if args.compare:
                wall, used = other_build(args.compare.resolve(), folder / "jobs-index-compare.db", folder / "sources.jsonl",
                                         jobs)
                builds[f"compare jobs {jobs}"].append(wall)
                cpu[f"compare jobs {jobs}"].append(used)
                ratios[f"compare jobs {jobs}"].append(seconds / wall)
        if ten_x:
            wall, used = reusecheck_build(folder / "jobs-index-10x.db", ten_x, cores)
            one_x = builds[f"jobs {cores}"][-1]
            ten_x_runs.append({"wall_s": wall, "cpu_s": used, "mb_per_wall_s": ten_x_megabytes / wall,
                               "ratio_to_1x": (ten_x_megabytes / wall) / (megabytes / one_x),
                               "cpu_ratio_to_1x": (ten_x_megabytes / used) / (megabytes / cpu[f"jobs {cores}"][-1])})
            print("10x", {k: round(v, 3) for k, v in ten_x_runs[-1].items()}, flush=True)
        print({k: [round(v, 2) for v in vs] for k, vs in builds.items()}, flush=True)
    results["build_mb_per_wall_s"] = {k: megabytes / statistics.median(v) for k, v in builds.items()}
    results["build_cpu_s"] = {k: statistics.median(v) for k, v in cpu.items()}
    results["build_ratio_to_dict"] = {k: statistics.median(v) for k, v in ratios.items()}
    if ten_x:
        results["ten_x"] = {"megabytes": ten_x_megabytes, "repeats": ten_x_runs,
                            "ratio_to_1x": statistics.median(r["ratio_to_1x"] for r in ten_x_runs),
                            "cpu_ratio_to_1x": statistics.median(r["cpu_ratio_to_1x"] for r in ten_x_runs)}
    if args.build_only:
        results["uptime_after"] = uptime()
        print(json.dumps(results, indent=1))
        (folder / "jobs.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        return

    sample = write_candidates(folder / "jobs-candidates.jsonl", candidates, args.candidates)
    assert dict_index is not None
    start = time.perf_counter()
    for record in candidates[: args.candidates]:
        dict_index.query(record["text"])
    per_candidate: dict[str, object] = {"dict query": 1000 * (time.perf_counter() - start) / args.candidates}
    for _ in range(args.repeats):
        for jobs in dict.fromkeys((1, cores)):
            seconds, peak = check(sample, index, jobs)
            per_candidate.setdefault(f"jobs {jobs}", []).append((1000 * seconds / args.candidates, peak))  # type: ignore[union-attr]
    results["check_ms_per_candidate"] = {
        k: (v if isinstance(v, float) else statistics.median(ms for ms, _ in v)) for k, v in per_candidate.items()}
    results["check_peak_rss_mb"] = {k: max(mb for _, mb in v) for k, v in per_candidate.items() if isinstance(v, list)}
    print(results["check_ms_per_candidate"], results["check_peak_rss_mb"], flush=True)

    streaming: dict[str, int] = {}
    for count in args.stream:
        path = write_candidates(folder / f"jobs-stream-{count}.jsonl", candidates, count)
        for form in ("jsonl", "json"):
            streaming[f"{count} {form}"] = check(path, index, cores, form)[1]
            print(count, form, streaming[f"{count} {form}"], "MB", flush=True)
    results["stream_peak_rss_mb"] = streaming
    results["uptime_after"] = uptime()
    print(json.dumps(results, indent=1))
    (folder / "jobs.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
