"""Insert cost per posting as an index grows (the postings writer alone, format 3).

    nice .venv/bin/python benchmarks/postings_growth.py [--batches 60] [--postings 350000]

Adds ``--batches`` batches of ``--postings`` postings each (random 64-bit hashes, as seed
hashes are; 2,000 documents per batch, the size of an `index add` batch of the workload)
to a fresh index file through `reusecheck.postings.Postings`, one transaction per batch
as `Index.add` does, and prints the CPU microseconds per posting of each tenth of the
batches, merges included, with the runs left. The cost stays bounded when the last tenth
costs about what the first did (merges grow as log2 of the batches until `MERGE_MAX`).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from reusecheck.postings import SCHEMA, Postings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--postings", type=int, default=350_000)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "postings.db", isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
        postings = Postings(connection)
        step = max(args.batches // 10, 1)
        spent = 0.0
        for batch in range(args.batches):
            hashes = rng.integers(-(2**63), 2**63 - 1, size=args.postings, dtype=np.int64)
            documents = np.repeat(np.arange(batch * 2000, (batch + 1) * 2000), args.postings // 2000 + 1)[: args.postings]
            start = time.process_time()
            connection.execute("BEGIN IMMEDIATE")
            postings.add(hashes, documents)
            connection.execute("COMMIT")
            spent += time.process_time() - start
            if (batch + 1) % step == 0:
                runs = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
                print(f"postings {(batch + 1) * args.postings / 1e6:6.1f} M: {1e6 * spent / (step * args.postings):.3f} "
                      f"CPU us per posting over the last {step} batches; {runs} runs", flush=True)
                spent = 0.0
        connection.close()


if __name__ == "__main__":
    main()
