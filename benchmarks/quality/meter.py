"""METER (meter-dev): the derivation verdict and the reuse and credit rules on real papers'
reuse of Press Association copy, by stratified 5-fold cross-validation.

    .venv/bin/python benchmarks/quality/meter.py [--deals N] [--by-case]

Each story is checked against its PA folder with default settings. In each fold the verdict
model is trained (`reusecheck.derivation.train`, as `reusecheck train-verdict` does) on the
other four folds' stories only, and the held-out stories are checked again with it, so the
RC100 and RC101 rates are the rules' own output. Baseline in the same run: the same
regression on plain word 1/2/3/5/8-gram containment in the PA texts plus log length (the
reference in ../shared/eval/README.md), and best containment alone. Last, the shipped model
on a corpus it was not trained on: Clough-Stevenson's short answers (cut, light and heavy
revisions of a Wikipedia article vs answers written independently), each checked against its
article as ``reusecheck check ANSWER --against ARTICLE`` does.

``--by-case`` deals whole court cases (a PA folder and every paper's story of it) to the
folds instead of single stories: the estimate for stories of cases the model never saw.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from clough import read_answers

from reusecheck.derivation import VERDICTS, macro_f1, stratified_folds, train
from reusecheck.engine import Checker, CheckOptions
from reusecheck.models import Result

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
METER = EVAL / "meter-dev"
NGRAMS = ("ngram1", "ngram2", "ngram3", "ngram5", "ngram8", "log_words")


@dataclass(frozen=True)
class Story:
    path: Path
    label: str
    sources: tuple[Path, ...]


def stories(root: Path = METER) -> list[Story]:
    """Labelled stories whose PA folder exists (one group of meter-dev has none)."""
    found = []
    with (root / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            folder = root / row["pa_sources"]
            if folder.is_dir():
                found.append(Story(root / row["story"], row["label"], tuple(sorted(folder.glob("*.txt")))))
    return found


def check(story: Story, checker: Checker) -> Result:
    store = checker.memory_store([str(p) for p in story.sources])
    document = next(iter(checker.load([str(story.path)], None)))
    return checker.check_one(checker.analyze(document), [store])


def fired(result: Result, rule: str) -> bool:
    return any(f.rule == rule for f in result.findings)


def case_folds(items: Sequence[Story], k: int, seed: int) -> np.ndarray:
    """Fold number per story, whole cases (PA folders) dealt over the ``k`` folds."""
    cases = sorted({s.sources[0].parent for s in items})
    order = np.random.default_rng(seed).permutation(len(cases))
    fold_of = {cases[c]: n % k for n, c in enumerate(order)}
    return np.array([fold_of[s.sources[0].parent] for s in items])


def cross_validate(items: Sequence[Story], evidence: list[dict[str, float]], labels: np.ndarray,
                   folds: np.ndarray) -> dict[str, float]:
    """Verdict F1 and the rules' rates over one deal of the folds (fold number per story)."""
    verdicts = np.zeros(len(items), dtype=int)
    rc100 = np.zeros(len(items), dtype=bool)
    rc101 = np.zeros(len(items), dtype=bool)
    for fold in range(5):
        test = np.flatnonzero(folds == fold)
        model = train([evidence[i] for i in np.flatnonzero(folds != fold)], [VERDICTS[v] for v in labels[folds != fold]])
        checker = Checker(CheckOptions(verdict_model=model))
        for i in test:
            result = check(items[i], checker)
            assert result.derivation is not None
            verdicts[i] = VERDICTS.index(result.derivation.verdict)
            rc100[i], rc101[i] = fired(result, "RC100"), fired(result, "RC101")
    figures = {"binary": macro_f1(labels > 0, verdicts > 0), "three_way": macro_f1(labels, verdicts)}
    for name, hits in (("rc100", rc100), ("rc101", rc101)):
        figures[f"{name}_non"] = float(hits[labels == 0].mean())
        figures[f"{name}_wholly"] = float(hits[labels == 2].mean())
    return figures


def baseline(evidence: list[dict[str, float]], labels: np.ndarray, features: tuple[str, ...],
             deals: Sequence[np.ndarray]) -> tuple[float, float]:
    """Binary and 3-way macro-F1 of the same training (`train`) on the given features only."""
    binary, three = [], []
    for folds in deals:
        predicted = np.zeros(len(labels), dtype=int)
        for fold in range(5):
            train_rows = np.flatnonzero(folds != fold)
            model = train([evidence[i] for i in train_rows], [VERDICTS[labels[i]] for i in train_rows], features=features)
            for i in np.flatnonzero(folds == fold):
                predicted[i] = VERDICTS.index(model.verdict(evidence[i])[0])
        binary.append(macro_f1(labels > 0, predicted > 0))
        three.append(macro_f1(labels, predicted))
    return float(np.mean(binary)), float(np.mean(three))


def clough_verdicts(checker: Checker) -> tuple[float, dict[tuple[str, str], int]]:
    """Binary macro-F1 (revised vs independent answers) of the verdict, and the count of
    each (level, verdict)."""
    truth, predicted, counts = [], [], {}
    for _, level, answer, article in read_answers(EVAL / "clough-stevenson-2011"):
        result = checker.check_one(checker.analyze(answer), [checker.memory_store([article])])
        assert result.derivation is not None
        verdict = result.derivation.verdict
        counts[(level, verdict)] = counts.get((level, verdict), 0) + 1
        truth.append(level != "non")
        predicted.append(verdict != "non-derived")
    return macro_f1(np.array(truth), np.array(predicted)), counts


def spread(deals: Sequence[dict[str, float]], name: str) -> str:
    """Mean and range of one figure over the deals of the folds."""
    values = [d[name] for d in deals]
    return f"{np.mean(values):.3f} ({min(values):.3f}-{max(values):.3f})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, default=5, help="deals of the folds the verdict F1 is averaged over")
    parser.add_argument("--by-case", action="store_true", help="deal whole court cases to the folds, not single stories")
    args = parser.parse_args(argv)
    items = stories()
    checker = Checker()
    results = [check(s, checker) for s in items]
    evidence = [dict(r.derivation.evidence) for r in results if r.derivation is not None]
    labels = np.array([VERDICTS.index(s.label) for s in items])
    fold_deals = [case_folds(items, 5, seed) if args.by_case else stratified_folds(labels, 5, seed)
                  for seed in range(args.deals)]
    deals = [cross_validate(items, evidence, labels, folds) for folds in fold_deals]
    plain = baseline(evidence, labels, NGRAMS, fold_deals)
    best = np.array([max((m.scores["containment"] for m in r.matches), default=0.0) for r in results])
    containment_only = baseline([{"best": b} for b in best], labels, ("best",), fold_deals)
    shipped = np.array([fired(r, "RC100") for r in results]), np.array([fired(r, "RC101") for r in results])
    print(f"## METER meter-dev ({len(items)} stories: {np.sum(labels == 2)} wholly, {np.sum(labels == 1)} partially, "
          f"{np.sum(labels == 0)} non-derived; {'5-fold CV by court case' if args.by_case else 'stratified 5-fold CV'})\n")
    print(f"| system | binary macro-F1 (mean, min-max of {args.deals} deals) | 3-way macro-F1 |")
    print("|---|---|---|")
    print(f"| reusecheck verdict | {spread(deals, 'binary')} | {spread(deals, 'three_way')} |")
    print(f"| baseline: plain 1/2/3/5/8-gram containment + log length | {plain[0]:.3f} | {plain[1]:.3f} |")
    print(f"| baseline: best containment alone | {containment_only[0]:.3f} | {containment_only[1]:.3f} |")
    print(f"\n| rule (held-out models; mean, min-max of {args.deals} deals) | fires on non-derived | fires on wholly derived "
          "| target |")
    print("|---|---|---|---|")
    print(f"| RC100 | {spread(deals, 'rc100_non')} | {spread(deals, 'rc100_wholly')} | <= 0.10 / >= 0.95 |")
    print(f"| RC101 | {spread(deals, 'rc101_non')} | {spread(deals, 'rc101_wholly')} | <= 0.05 / >= 0.90 |")
    print(f"| RC100 (shipped model, trained on all of meter-dev) | {shipped[0][labels == 0].mean():.3f} "
          f"| {shipped[0][labels == 2].mean():.3f} | |")
    print(f"| RC101 (shipped model) | {shipped[1][labels == 0].mean():.3f} | {shipped[1][labels == 2].mean():.3f} | |")
    f1, counts = clough_verdicts(checker)
    print(f"\nShipped model on Clough-Stevenson (not trained on it): binary macro-F1 {f1:.3f}")
    for level in ("cut", "light", "heavy", "non"):
        print(f"- {level}: " + ", ".join(f"{counts.get((level, v), 0)} {v}" for v in VERDICTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
