"""The sources the republication workload's judge counts wrong: copies it does not know of?

    .venv/bin/python benchmarks/wrong_sources.py [--workload /tmp/reusecheck-republication]
        [--report REPORT] [--words 8 10 12 15 20]

Reads a report of ``benchmarks/republication.py`` (``WORKLOAD/report-this.json`` unless
``--report``) and sorts the sources it returns as the workload's judge does
(``reuters.evaluate``): true sources, near-copies of a text the candidate was made from
(counted right) and wrong ones. The generator inserts sentences of held-out stories, which
are not indexed, into every candidate; an archive story holding the same sentence is then
counted wrong unless it shares half of the smaller one's word 5-grams with the held-out
story. For every returned source it finds the longest run of identical consecutive words
(the judge's own words: ``\\w+``, lower-cased) that the source shares with the candidate,
and how many archive stories hold that run. It prints, per run length N of ``--words``:

- wrong sources sharing with the candidate a run of at least N words that no other archive
  story holds: by the archive itself these are copies of that story, and a checker that
  reports copies reports them;
- true sources sharing no run of N words with the candidate (what a rule demanding one loses);
- the ceiling: the judge's near-copy-aware precision if every other wrong source were left
  out and no true source lost.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_WORKLOAD = HERE.parent.parent / "shared" / "bench" / "workload"
WORD = re.compile(r"\w+")  # the judge's words (reuters.WORD)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def longest_shared_run(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """The longest run of consecutive words that ``a`` and ``b`` both hold (the first found)."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, word in enumerate(b):
        where[word].append(j)
    best, best_end = 0, 0
    previous: dict[int, int] = {}
    for i, word in enumerate(a):
        current = {j: previous.get(j - 1, 0) + 1 for j in where.get(word, ())}
        for length in current.values():
            if length > best:
                best, best_end = length, i + 1
        previous = current
    return tuple(a[best_end - best : best_end])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-republication"))
    parser.add_argument("--report", type=Path, help="a JSON report of the candidates (default WORKLOAD/report-this.json)")
    parser.add_argument("--words", type=int, nargs="+", default=[8, 10, 12, 15, 20])
    args = parser.parse_args()
    work = args.workload.resolve()
    sys.path.insert(0, str(SHARED_WORKLOAD))
    import reuters  # the workload's own judge

    texts = reuters.all_texts()
    truth = {t["id"]: t for t in reuters.read_jsonl(str(work / "truth.jsonl"))}
    candidates = {c["id"]: c["text"] for c in reuters.read_jsonl(str(work / "candidates.jsonl"))}
    archive = [" " + " ".join(words(s["text"])) + " " for s in reuters.read_jsonl(str(work / "sources.jsonl"))]
    report = json.loads((args.report or work / "report-this.json").read_text(encoding="utf-8"))

    true_runs: list[int] = []  # per true source found: its longest run shared with the candidate
    wrong_runs: list[tuple[int, int]] = []  # per wrong source: that run's length, archive stories holding it
    near_copies = 0
    holders: dict[tuple[str, ...], int] = {}
    for result in report["results"]:
        kept = truth[result["candidate"]["id"]]
        made_from = set(kept["sources"]) | set(kept["heldout_used"])
        candidate = words(candidates[result["candidate"]["id"]])
        for match in result["matches"]:
            source = int(match["source"]["id"])
            run = longest_shared_run(candidate, words(texts[source]))
            if source in kept["sources"]:
                true_runs.append(len(run))
            elif any(reuters._near_dup(source, other, texts) for other in made_from):  # the judge's own rule
                near_copies += 1
            else:
                if run not in holders:
                    holders[run] = sum(" " + " ".join(run) + " " in story for story in archive)
                wrong_runs.append((len(run), holders[run]))
    right = len(true_runs) + near_copies
    total_true = sum(len(t["sources"]) for t in truth.values())
    print(f"report: {len(true_runs)} of {total_true} true sources, {near_copies} near-copies, "
          f"{len(wrong_runs)} wrong; near-copy-aware precision {right / (right + len(wrong_runs)):.4f}")
    print("| N words | wrong sources sharing a run of >= N words only they hold in the archive "
          "| true sources sharing no run of N words | precision ceiling |")
    print("|---|---|---|---|")
    for n in args.words:
        copies = sum(length >= n and held == 1 for length, held in wrong_runs)
        print(f"| {n} | {copies} | {sum(length < n for length in true_runs)} | {right / (right + copies):.4f} |")


if __name__ == "__main__":
    main()
