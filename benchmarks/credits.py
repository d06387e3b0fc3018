"""Cost of the attribute stage: credit extraction and the credit rules.

Run: .venv/bin/python benchmarks/credits.py [STORIES]
Prints, on the first STORIES Reuters-21578 stories (default 3000; ../shared/bench): credit
extraction throughput (MB/s, every built-in extractor) and the credits found by kind and
role (none but in-body attribution should appear in that corpus: it has no datelines or
credit lines in its bodies); then the time of checking a long text (the first 120 stories
joined, every "said" rewritten as "stated") against the original, with the credit rules
on and off, and the founding pair's check time.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import reusecheck
from reusecheck.builtin.credit_extractors import EXTRACTORS
from reusecheck.credits import default_agencies, extract_credits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters import read_stories  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CREDIT_RULES = ("RC101", "RC102", "RC103", "RC104", "RC105", "RC106", "RC107")


def seconds(function: object, repeat: int = 1) -> float:
    """The best of ``repeat`` timings (the machine may be busy with other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    stories = read_stories()[:count]
    documents = [reusecheck.Document(s.id, s.body) for s in stories]
    agencies = default_agencies()
    size = sum(len(d.text) for d in documents) / 1e6
    kinds: Counter[tuple[str, str]] = Counter()

    def extract_all() -> None:
        for document in documents:
            kinds.update((c.kind, c.role) for c in extract_credits(document, EXTRACTORS, agencies))

    took = seconds(extract_all)  # once: it counts the credits
    print(f"extraction: {len(documents)} stories, {size:.2f} MB in {took:.2f} s = {size / took:.2f} MB/s")
    print("credits found:", dict(kinds))

    long = "\n\n".join(s.body for s in stories[:120])
    edited = long.replace(" said", " stated")
    plugins = reusecheck.load_plugins()
    pair = ([reusecheck.Document("edited", edited)], [reusecheck.Document("original", long)])
    off = reusecheck.CheckOptions(severities=dict.fromkeys(CREDIT_RULES))
    reusecheck.check(*pair, plugins=plugins, options=off)  # warm the tokenizer's caches
    print(f"long text ({len(long.split())} words, every 'said' changed):"
          f" rules on {seconds(lambda: reusecheck.check(*pair, plugins=plugins), 3):.2f} s,"
          f" credit rules off {seconds(lambda: reusecheck.check(*pair, plugins=plugins, options=off), 3):.2f} s (best of 3)")
    founding = ([str(ROOT / "corpus" / "republished-aleppo-2016-11-04.txt")], [str(ROOT / "corpus" / "reuters-aleppo-2016-11-02.txt")])
    reusecheck.check(*founding, plugins=plugins)  # warm caches
    print(f"founding pair: {seconds(lambda: reusecheck.check(*founding, plugins=plugins), 10) * 1000:.1f} ms per check (best of 10)")


if __name__ == "__main__":
    main()
