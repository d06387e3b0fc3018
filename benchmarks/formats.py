"""Rendering cost of every registered format on a large report.

Run: .venv/bin/python benchmarks/formats.py [--copies 500]

Checks the founding pair (corpus/) once with the real engine, then builds a report of
COPIES results (distinct candidate documents with the same text, so every format indexes
each one's lines anew) and renders it with each format, median of three runs. Prints, per
format: milliseconds per report, results per second, candidate megabytes per second and the
output size; then the process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path

import reusecheck
from reusecheck.formats import RenderContext

ROOT = Path(__file__).resolve().parent.parent
CANDIDATE = ROOT / "corpus" / "republished-aleppo-2016-11-04.txt"
SOURCE = ROOT / "corpus" / "reuters-aleppo-2016-11-02.txt"


def big_report(copies: int) -> reusecheck.Report:
    report = reusecheck.check([str(CANDIDATE)], [str(SOURCE)])
    [result] = report.results
    results = tuple(
        replace(result, candidate=replace(result.candidate, id=f"content/{n}.txt", path=f"content/{n}.txt"))
        for n in range(copies)
    )
    return replace(report, results=results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=500)
    args = parser.parse_args()
    plugins = reusecheck.load_plugins()
    report = big_report(args.copies)
    context = RenderContext(plugins.rules)
    findings = sum(len(r.findings) for r in report.results)
    megabytes = sum(len(r.candidate.text.encode("utf-8")) for r in report.results) / 1e6
    print(f"{len(report.results)} results, {findings} findings, {megabytes:.1f} MB of candidate text")
    print(f"{'format':<10} {'ms/report':>10} {'results/s':>10} {'MB/s':>8} {'output KB':>10}")
    for name, fmt in plugins.formats.items():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            output = fmt.output(report, context)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        print(f"{name:<10} {seconds * 1000:>10.1f} {len(report.results) / seconds:>10.0f} "
              f"{megabytes / seconds:>8.1f} {len(output.encode('utf-8')) / 1000:>10.0f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
