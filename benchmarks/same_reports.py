"""Whether two checkouts of reusecheck give the same reports (for changes meant only to be faster).

    .venv/bin/python benchmarks/same_reports.py BEFORE_CHECKOUT [--workload /tmp/reusecheck-republication]
        [--candidates 300] [--meter 60]

Runs each checkout (``PYTHONPATH``) on the same inputs and compares the JSON reports
(`reusecheck.formats.report_dict`) field by field: the founding pair (``corpus/``), every
``len/--meter``-th labelled story of METER (``../shared/eval/meter-dev``) against its PA
folder, and the first ``--candidates`` candidates of the republication workload
(`republication.py` builds it) against an index of its sources built by this checkout.
Prints the first differences and exits 1 when any report differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
METER = ROOT.parent / "shared" / "eval" / "meter-dev"


def emit(kind: str, argument: str) -> None:
    """(In the child process.) The reports of one kind of input as JSON on stdout."""
    from reusecheck.engine import Checker, check
    from reusecheck.formats import report_dict
    from reusecheck.models import Report

    if kind == "pair":
        corpus = ROOT / "corpus"
        report = check([str(corpus / "republished-aleppo-2016-11-04.txt")], [str(corpus / "reuters-aleppo-2016-11-02.txt")])
        out = [report_dict(report)]
    elif kind == "meter":
        sys.path.insert(0, str(HERE / "quality"))
        import meter

        items = meter.stories(METER)[:: int(argument)]
        checker = Checker()
        out = [report_dict(Report((meter.check(story, checker),), (), ())) for story in items]
    else:
        workload, count = argument.rsplit(":", 1)
        candidates = Path(workload) / "candidates.jsonl"
        checker = Checker()
        store = checker.index_store(str(Path(workload) / "index-same.db"))
        documents = list(checker.load([str(candidates)], None))[: int(count)]
        out = [report_dict(Report((checker.check_one(checker.analyze(d), [store]),), (), ())) for d in documents]
        store.close()
    json.dump(out, sys.stdout)


def reports(checkout: Path, kind: str, argument: str) -> list:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run([sys.executable, __file__, "--emit", kind, argument], env=env, check=True,
                          capture_output=True, text=True, cwd="/")
    return json.loads(done.stdout)


def differences(a: object, b: object, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b), key=str) for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for k, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{where}[{k}]")]
    return [] if a == b else [f"{where}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, nargs="?")
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-republication"))
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--meter", type=int, default=6, help="take every Nth METER story")
    parser.add_argument("--emit", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        emit(*args.emit)
        return
    if args.before is None:
        parser.error("name the checkout to compare with")
    sys.path.insert(0, str(HERE))
    from republication import build_workload

    work = args.workload.resolve()
    work.mkdir(parents=True, exist_ok=True)
    build_workload(work)
    index = work / "index-same.db"
    if not index.exists():
        subprocess.run([sys.executable, "-m", "reusecheck", "index", "add", "--quiet", str(index),
                        str(work / "sources-ids.jsonl")], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    inputs = [("pair", "-"), ("meter", str(args.meter)), ("workload", f"{work}:{args.candidates}")]
    failed = False
    for kind, argument in inputs:
        before, after = reports(args.before.resolve(), kind, argument), reports(ROOT, kind, argument)
        found = differences(before, after)
        print(f"{kind}: {len(after)} reports, {'identical' if not found else f'{len(found)} differences'}")
        for line in found[:10]:
            print("   ", line)
        failed = failed or bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
