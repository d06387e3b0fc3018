"""Measures what an archive-scale index model needs, on real text (Reuters-21578, no
perturbed copies), at growing shares of the archive:

- size on disk per character of text, postings per character;
- retrieval work per candidate: the seeds' postings read (each seed's document frequency,
  up to the boilerplate cut-off) and the retrieval time (`IndexStore.retrieve` only);
- the same with the index split into shards (one cut-off and one top-k over all).

    .venv/bin/python benchmarks/archive_model.py [--workload /tmp/reusecheck-bench] [--candidates 300]

Growth exponents are fitted between the smallest and the largest share; docs/source-index.md's
"Archive scale" section turns them into the model for a 10 M story archive.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import read_jsonl  # noqa: E402

from reusecheck.engine import Checker  # noqa: E402
from reusecheck.models import Document  # noqa: E402
from reusecheck.retrieve import df_cutoff  # noqa: E402

SHARES = (0.125, 0.25, 0.5, 1.0)


def build(index: str, records: list[dict[str, str]], work: Path, extra: list[str]) -> float:
    """Wall seconds of `reusecheck index add` of ``records`` into a fresh ``index``."""
    subset = work / "model-subset.jsonl"
    subset.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    subprocess.run(["rm", "-rf", index, index + "-wal", index + "-shm"], check=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reusecheck", "index", "add", "--quiet", *extra, index, str(subset)],
                   check=True)
    return time.perf_counter() - start


def index_bytes(index: str) -> int:
    path = Path(index)
    files = sorted(path.glob("shard-*.db")) if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files)


def retrieval(index: str, candidates: list[dict[str, str]]) -> dict[str, float]:
    """Mean postings read and retrieval milliseconds per candidate."""
    checker = Checker()
    store = checker.index_store(index)
    try:
        cutoff = df_cutoff(store.settings, store.source_count)
        read, times = [], []
        for record in candidates:
            candidate = checker.analyze(Document(record["id"], record["text"]))
            frequencies = sum(s.frequencies(candidate.seeds, int(cutoff) + 1) for s in store.shards)
            read.append(int(np.minimum(frequencies, int(cutoff) + 1).sum()))
            start = time.perf_counter()
            store.retrieve(candidate)
            times.append(time.perf_counter() - start)
        return {"postings_read": float(np.mean(read)), "retrieve_ms": 1000 * float(np.median(times)),
                "cutoff": cutoff, "sources": store.source_count}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-bench"))
    parser.add_argument("--candidates", type=int, default=300)
    args = parser.parse_args()
    work = args.workload
    sources = read_jsonl(work / "sources.jsonl")
    truth = json.loads((work / "truth.json").read_text(encoding="utf-8"))
    candidates = read_jsonl(work / "candidates.jsonl")[: args.candidates]
    needed = {s for c in candidates for s in truth[c["id"]]["sources"]}
    rng = random.Random(11)
    others = [r for r in sources if r["id"] not in needed]
    rng.shuffle(others)
    rows = []
    for share in SHARES:
        keep = [r for r in sources if r["id"] in needed] + others[: max(0, int(share * len(sources)) - len(needed))]
        characters = sum(len(r["text"]) for r in keep)
        for layout, index, extra in (("file", str(work / "model.db"), []),
                                     ("4 shards", f"{work}/model-shards/", ["--shard-size", str(characters // 4 + 1), "--batch", "100"])):
            seconds = build(index, keep, work, extra)
            row = {"share": share, "layout": layout, "documents": len(keep), "characters": characters,
                   "bytes": index_bytes(index), "build_mb_s": characters / 1e6 / seconds,
                   **retrieval(index, candidates)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    (work / "archive-model.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    files = [r for r in rows if r["layout"] == "file"]
    small, large = files[0], files[-1]
    growth = math.log(large["documents"] / small["documents"])
    print("\n| share | layout | documents | bytes per character | postings read per candidate | retrieve ms |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['share']:.3f} | {r['layout']} | {r['documents']:,} | {r['bytes'] / r['characters']:.2f} | "
              f"{r['postings_read']:.0f} | {r['retrieve_ms']:.2f} |")
    print(f"\ngrowth exponents ({small['documents']:,} -> {large['documents']:,} documents): postings read "
          f"{math.log(large['postings_read'] / small['postings_read']) / growth:.2f}, retrieve time "
          f"{math.log(large['retrieve_ms'] / small['retrieve_ms']) / growth:.2f}")


if __name__ == "__main__":
    main()
