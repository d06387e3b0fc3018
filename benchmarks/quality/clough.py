"""Clough & Stevenson (2011) short-answer corpus: each answer against its task's source.

Binary (cut/light/heavy vs non): ROC AUC of containment and F1 at the default threshold.
Four levels: a nearest-centroid classifier over the scores, fitted on four folds and
tested on the fifth (stratified 5-fold cross-validation, fixed seed); which scores it
uses is chosen by an inner cross-validation on the four training folds, so nothing is
ever tuned on the answers it is scored on. Accuracy is also given as the mean over ten
deals of the folds, since one deal can move it by several points.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from naive import trigram_containment

from reusecheck.engine import DEFAULT_THRESHOLD, Checker, CheckOptions
from reusecheck.fingerprint import ngram_hashes
from reusecheck.loaders import decode
from reusecheck.models import Document
from reusecheck.seeds import exact_runs, seed_pairs

LEVELS = ("non", "heavy", "light", "cut")


@dataclass(frozen=True)
class Answer:
    name: str
    level: str
    features: tuple[float, ...]  # containment first

    @property
    def reused(self) -> bool:
        return self.level != "non"


@dataclass(frozen=True)
class Scores:
    auc: float
    f1_at_default: float
    accuracy: float
    mean_accuracy: float  # over SPLITS deals of the folds
    macro_f1: float
    missed: tuple[str, ...]  # reused answers scored below the default threshold


def read_answers(root: Path) -> list[tuple[str, str, Document, Document]]:
    """(file, level, answer, source) for every labelled answer; cp1252 files included."""
    def load(path: Path) -> Document:
        text, encoding = decode(str(path), path.read_bytes(), None)
        return Document(id=path.name, text=text, path=str(path), encoding=encoding)

    with open(root / "labels.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (r["File"], r["Category"], load(root / r["File"]), load(root / f"orig_task{r['Task']}.txt"))
        for r in rows
        if r["Category"] in LEVELS  # the five source texts are listed as "orig"
    ]


def reusecheck_features(checker: Checker) -> Callable[[Document, Document], tuple[float, ...]]:
    """Containment; the passages' mean similarity (share of words inside exact n-gram
    seeds), weighted by length; and how long the exact runs the answer shares with the
    source are: log(1 + mean length in words of the runs longer than one seed n-gram).
    Copy-paste keeps long runs, light revision medium ones, heavy revision few and short."""
    n, repeats = checker.options.align.seed_ngram, checker.options.align.max_seed_repeats

    def features(answer: Document, source: Document) -> tuple[float, ...]:
        analyzed, original = checker.analyze(answer), checker.analyze(source)
        result = checker.check_one(analyzed, [_Single(original)])
        pairs = seed_pairs(ngram_hashes(analyzed.tokens.ids, n), ngram_hashes(original.tokens.ids, n), repeats)
        runs = [length for _, _, length, _ in exact_runs(*pairs, n) if length > n]
        run_length = math.log1p(sum(runs) / len(runs)) if runs else 0.0
        if not result.matches:
            return (0.0, 0.0, run_length)
        match = result.matches[0]
        lengths = [p.candidate_end - p.candidate_start for p in match.passages]
        similarity = sum(p.similarity * size for p, size in zip(match.passages, lengths, strict=True)) / sum(lengths)
        return (match.scores["containment"], similarity, run_length)
    return features


class _Single:
    def __init__(self, source: object) -> None:
        self.source = source

    def retrieve(self, candidate: object) -> list[tuple[object, float]]:
        return [(self.source, 1.0)]


def baseline_features(answer: Document, source: Document) -> tuple[float, ...]:
    return (trigram_containment(answer.text, source.text),)


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """ROC AUC: the chance a random positive outscores a random negative (ties count half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def f1(predicted: Sequence[bool], actual: Sequence[bool]) -> float:
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    fp = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    fn = sum(a and not p for p, a in zip(predicted, actual, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def folds(answers: Sequence[Answer], k: int = 5, seed: int = 2011) -> list[list[int]]:
    """Stratified folds: each level's answers dealt round-robin after a seeded shuffle."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    dealt = 0
    for level in LEVELS:
        members = [n for n, a in enumerate(answers) if a.level == level]
        rng.shuffle(members)
        for index in members:
            out[dealt % k].append(index)
            dealt += 1
    return out


def nearest_centroid(train: Sequence[Answer]) -> Callable[[tuple[float, ...]], str]:
    """Classify by the nearest level centroid, features scaled by their training spread."""
    dims = len(train[0].features)
    spread = []
    for d in range(dims):
        values = [a.features[d] for a in train]
        mean = sum(values) / len(values)
        spread.append((sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0)
    centroids = {}
    for level in LEVELS:
        members = [a.features for a in train if a.level == level]
        centroids[level] = tuple(sum(m[d] for m in members) / len(members) for d in range(dims))

    def classify(features: tuple[float, ...]) -> str:
        return min(LEVELS, key=lambda lv: sum(((features[d] - centroids[lv][d]) / spread[d]) ** 2 for d in range(dims)))
    return classify


SUBSETS = [c for r in (1, 2, 3) for c in itertools.combinations(range(3), r)]


def _project(answers: Sequence[Answer], dims: tuple[int, ...]) -> list[Answer]:
    return [Answer(a.name, a.level, tuple(a.features[d] for d in dims)) for a in answers]


def _cv_predictions(answers: Sequence[Answer], k: int, choose: bool, seed: int = 2011) -> list[str]:
    """Each answer's level as predicted by a classifier fitted on the other folds; with
    ``choose``, the feature subset too is picked on those folds alone (inner CV)."""
    predicted: dict[int, str] = {}
    for test in folds(answers, k, seed):
        held = set(test)
        train = [a for n, a in enumerate(answers) if n not in held]
        dims = max(SUBSETS, key=lambda d: _accuracy(_project(train, d), 4)) if choose else tuple(range(len(answers[0].features)))
        classify = nearest_centroid(_project(train, dims))
        for n in test:
            predicted[n] = classify(tuple(answers[n].features[d] for d in dims))
    return [predicted[n] for n in range(len(answers))]


def _accuracy(answers: Sequence[Answer], k: int) -> float:
    guess = _cv_predictions(answers, k, choose=False)
    return sum(g == a.level for g, a in zip(guess, answers, strict=True)) / len(answers)


def four_levels(answers: Sequence[Answer], seed: int = 2011) -> tuple[float, float]:
    """Accuracy and macro F1 of the four-level classifier under 5-fold cross-validation
    (folds dealt with ``seed``); when answers carry several features, which of them to use
    is chosen by an inner 4-fold cross-validation on the training folds only."""
    guess = _cv_predictions(answers, 5, choose=len(answers[0].features) == 3, seed=seed)
    truth = [a.level for a in answers]
    accuracy = sum(g == t for g, t in zip(guess, truth, strict=True)) / len(truth)
    macro = sum(f1([g == lv for g in guess], [t == lv for t in truth]) for lv in LEVELS) / len(LEVELS)
    return accuracy, macro


SPLITS = 10
"""Fold deals averaged over: with 95 answers one split moves accuracy by several points."""


def measure(root: Path, options: CheckOptions | None = None) -> dict[str, Scores]:
    data = read_answers(root)
    checker = Checker(options or CheckOptions())
    rows = {}
    for label, featurize in (("reusecheck", reusecheck_features(checker)), ("baseline", baseline_features)):
        answers = [Answer(name, level, featurize(answer, source)) for name, level, answer, source in data]
        containment = [a.features[0] for a in answers]
        reused = [a.reused for a in answers]
        accuracy, macro = four_levels(answers)
        mean_accuracy = sum(four_levels(answers, 2011 + split)[0] for split in range(SPLITS)) / SPLITS
        rows[label] = Scores(
            auc=auc(containment, reused),
            f1_at_default=f1([c >= DEFAULT_THRESHOLD for c in containment], reused),
            accuracy=accuracy,
            mean_accuracy=mean_accuracy,
            macro_f1=macro,
            missed=tuple(f"{a.name} ({a.level}, {a.features[0]:.2f})" for a in answers if a.reused and a.features[0] < DEFAULT_THRESHOLD),
        )
    return rows
