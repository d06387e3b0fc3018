"""Detection-quality benchmark: one command, one table.

    .venv/bin/python benchmarks/quality/run.py

Rows: the Indonesian PAN corpus (PAN measures, language-neutral settings), the
Clough & Stevenson short-answer corpus (binary and four-level classification) and
synthetic Reuters republications from the index benchmark's generator; each next
to a naive baseline computed in the same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import clough  # noqa: E402
import pan_set  # noqa: E402
import reuters_set  # noqa: E402

EVAL = HERE.parents[2] / "shared" / "eval"


def main() -> int:
    started = time.perf_counter()
    print("## Indonesian PAN corpus (pan-format-indonesian, 94 cases; --language none --no-spelling-variants)\n")
    print("| system | plagdet | precision | recall | granularity | micro P | micro R |")
    print("|---|---|---|---|---|---|---|")
    for label, m in pan_set.measure(EVAL / "pan-format-indonesian").items():
        print(f"| {label} | {m.plagdet:.3f} | {m.macro_precision:.3f} | {m.macro_recall:.3f} | {m.granularity:.3f} "
              f"| {m.micro_precision:.3f} | {m.micro_recall:.3f} |")
    print("\n## Clough & Stevenson 2011 (95 answers; containment vs word-trigram containment)\n")
    print(f"| system | ROC AUC reused vs non | F1 at threshold {clough.DEFAULT_THRESHOLD} | 4-level accuracy (5-fold CV) "
          f"| 4-level accuracy, mean of {clough.SPLITS} fold deals | 4-level macro F1 |")
    print("|---|---|---|---|---|---|")
    rows = clough.measure(EVAL / "clough-stevenson-2011")
    for label, s in rows.items():
        print(f"| {label} | {s.auc:.4f} | {s.f1_at_default:.3f} | {s.accuracy:.3f} | {s.mean_accuracy:.3f} | {s.macro_f1:.3f} |")
    print(f"\nreused answers below the threshold (reusecheck): {', '.join(rows['reusecheck'].missed) or 'none'}")
    print("\n## Synthetic Reuters republications (benchmarks/workload.py, seed 1, 300 candidates incl. 50 negatives)\n")
    print("| system | plagdet | precision | recall | granularity | source precision | source recall |")
    print("|---|---|---|---|---|---|---|")
    for label, r in reuters_set.measure().items():
        print(f"| {label} | {r['plagdet']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['granularity']:.3f} "
              f"| {r['source_precision']:.3f} | {r['source_recall']:.3f} |")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
