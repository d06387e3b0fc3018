"""The derivation verdict: is a text wholly, partially or not derived from its sources?

The verdict rests on evidence the engine already has (`evidence`): how many of the
candidate's narrative word n-grams (1, 2, 3, 5 and 8 words, outside quotations) occur in
the sources it draws on, how much of it lies inside passages, how much of its narrative
does, its length, and how much of what it quotes its sources quote too (a reporter at
the hearing brings quotes of their own; a rewrite of wire copy takes the wire's). A small
model turns the evidence into the verdict: two logistic regressions, P(derived) and
P(wholly | derived), whose parameters ship as data
(``reusecheck/data/verdict_model.json``) and are produced by `train` from labelled
stories (``reusecheck train-verdict``; docs/scores-and-rules.md, "Derivation verdict").

The model also carries two operating points chosen on held-out folds of its training
data: ``reuse_score``, the least P(derived) at which RC100 reports reuse (at most 10% of
independent stories reach it), and ``credit_score``, the least at which the credit rules
hold a text to an agency's credit (at most 3% on held-out folds, to stay within 5% on
unseen stories).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reusecheck.errors import UsageError
from reusecheck.fingerprint import held_ngrams, words_in_runs
from reusecheck.models import Derivation, Match, Verdict
from reusecheck.quotes import quoted_mask
from reusecheck.retrieve import Analyzed
from reusecheck.scoring import covered_mask

NGRAM_SIZES = (1, 2, 3, 5, 8)
FEATURES = (*(f"ngram{n}" for n in NGRAM_SIZES), "passages", "narrative", "log_words", "quotes_shared")
# Word n-grams whose presence in a source marks a quoted word as one the source also quotes.
QUOTE_NGRAM = 3
# The ridge penalty of the regressions (standardized features): only enough to keep
# correlated shares' weights finite.
RIDGE = 0.01
# Shares of shared wording: their weights may not be negative (`fit_logistic`).
MONOTONE = frozenset(FEATURES) - {"log_words"}
# The weight of a wholly derived story in the P(derived) regression, relative to a partly
# derived one; `train` chooses it among these on held-out folds, plain fit first. The line
# between derived and not runs between partly derived and independent stories; wholly
# derived ones lie far beyond it, and at full weight what tells them from partial copies
# (long verbatim runs) pulls the regression's weights from what tells a partial copy from
# independent reporting.
WHOLLY_WEIGHTS = (1.0, 0.5, 0.25, 0.0)
VERDICTS: tuple[Verdict, ...] = ("non-derived", "partially-derived", "wholly-derived")
# A text at least this share of whose narrative 8-word runs (``ngram8``) occur word for
# word in its sources is derived whatever the model says, with at least the reuse score:
# literal copy of narrative is not two reporters covering one event (they share quotes
# and names). At twice the share it scores at least the credit score.
VERBATIM_SHARE = 0.1
# Operating points: the most independent (non-derived) stories that may reach each score,
# as estimated on held-out folds of the training stories. A model fitted to all of them
# scores unseen independent stories somewhat higher than that estimate (on METER, by about
# one story in 80), so the credit point, whose false alarm accuses a newsroom of an
# uncredited copy, aims at 3% to stay within 5% on stories it was not trained on.
REUSE_FALSE_ALARMS = 0.10
CREDIT_FALSE_ALARMS = 0.03


@dataclass(frozen=True)
class Logistic:
    """P(y) = 1 / (1 + exp(-(intercept + weights . standardized x)))."""

    intercept: float
    weights: tuple[float, ...]

    def probability(self, x: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-(self.intercept + float(np.dot(self.weights, x)))))


@dataclass(frozen=True)
class VerdictModel:
    """Standardization of the features, the two regressions, the cuts on their probabilities
    that give the verdict (chosen for the best macro-F1 on held-out folds) and the operating
    points of the rules."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    derived: Logistic
    wholly: Logistic
    reuse_score: float
    credit_score: float
    about: Mapping[str, Any] = field(default_factory=dict)
    derived_cut: float = 0.5
    wholly_cut: float = 0.5

    def probabilities(self, evidence: Mapping[str, float]) -> tuple[float, float]:
        """P(derived) and P(wholly derived | derived)."""
        x = (np.array([evidence[name] for name in self.features]) - self.mean) / self.scale
        return self.derived.probability(x), self.wholly.probability(x)

    def verdict(self, evidence: Mapping[str, float]) -> tuple[Verdict, float]:
        """The verdict and its score, P(derived); at least ``reuse_score`` for a text whose
        narrative is verbatim copy (`VERBATIM_SHARE`), ``credit_score`` at twice that share."""
        derived, wholly = self.probabilities(evidence)
        verbatim = evidence.get("ngram8", 0.0)
        if verbatim >= 2 * VERBATIM_SHARE:
            derived = max(derived, self.credit_score)
        elif verbatim >= VERBATIM_SHARE:
            derived = max(derived, self.reuse_score)
        if derived < self.derived_cut:
            return "non-derived", derived
        return ("wholly-derived" if wholly >= self.wholly_cut else "partially-derived"), derived

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "derived": {"intercept": self.derived.intercept, "weights": list(self.derived.weights)},
            "wholly": {"intercept": self.wholly.intercept, "weights": list(self.wholly.weights)},
            "derived_cut": self.derived_cut,
            "wholly_cut": self.wholly_cut,
            "reuse_score": self.reuse_score,
            "credit_score": self.credit_score,
            "about": dict(self.about),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VerdictModel:
        features = tuple(data["features"])
        unknown = set(features) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}; known: {', '.join(FEATURES)}")
        sizes = {len(data["mean"]), len(data["scale"]), len(data["derived"]["weights"]), len(data["wholly"]["weights"])}
        if sizes != {len(features)}:
            raise ValueError("mean, scale and weights must have one number per feature")
        return cls(
            features,
            tuple(float(v) for v in data["mean"]),
            tuple(float(v) for v in data["scale"]),
            Logistic(float(data["derived"]["intercept"]), tuple(float(w) for w in data["derived"]["weights"])),
            Logistic(float(data["wholly"]["intercept"]), tuple(float(w) for w in data["wholly"]["weights"])),
            float(data["reuse_score"]),
            float(data["credit_score"]),
            dict(data.get("about", {})),
            float(data.get("derived_cut", 0.5)),
            float(data.get("wholly_cut", 0.5)),
        )


@cache
def default_model() -> VerdictModel:
    """The model shipped with reusecheck (trained on METER's court stories of 1999)."""
    text = (resources.files("reusecheck") / "data" / "verdict_model.json").read_text(encoding="utf-8")
    return VerdictModel.from_dict(json.loads(text))


def load_model(path: str | Path) -> VerdictModel:
    """A model file written by ``reusecheck train-verdict``; a bad one is a `UsageError`."""
    try:
        return VerdictModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise UsageError(f"cannot read the verdict model: {exc.strerror}; check the --verdict-model path", str(path)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"not a verdict model ({exc}); write one with `reusecheck train-verdict`", str(path)) from None


# -- evidence -------------------------------------------------------------------------------
def evidence(candidate: Analyzed, sources: Sequence[Analyzed], matches: Sequence[Match]) -> dict[str, float]:
    """The features the verdict rests on, each a share of the candidate's narrative n-grams
    (in any of ``sources``: every source retrieved for it) or words (``log_words``:
    log(1 + words)). Narrative is what lies outside quotations: reporters at one hearing
    share its quotes, not their own sentences."""
    tokens = candidate.tokens
    narrative = ~quoted_mask(candidate.document.text, tokens)
    found = {f"ngram{n}": _narrative_containment(tokens.ids, narrative, sources, n) for n in NGRAM_SIZES}
    inside = covered_mask(tokens, ((p.candidate_start, p.candidate_end) for m in matches for p in m.passages))
    found["passages"] = float(inside.mean()) if len(tokens) else 0.0
    found["narrative"] = float((inside & narrative).sum() / narrative.sum()) if narrative.any() else 0.0
    found["log_words"] = math.log1p(len(tokens))
    found["quotes_shared"] = _quotes_shared(tokens.ids, ~narrative, sources)
    return {name: round(value, 4) for name, value in found.items()}


def _narrative_containment(ids: np.ndarray, narrative: np.ndarray, sources: Sequence[Analyzed], n: int) -> float:
    """Share of the candidate's n-word runs lying wholly outside quotations that occur in a source."""
    if len(ids) < n:
        return 0.0
    outside = np.convolve(narrative.astype(int), np.ones(n, dtype=int), mode="valid") == n
    if not outside.any():
        return 0.0
    return float(held_ngrams(ids, [s.tokens.ids for s in sources], n)[outside].mean())


def _quotes_shared(ids: np.ndarray, quoted: np.ndarray, sources: Sequence[Analyzed]) -> float:
    """Share of the candidate's quoted words lying in a `QUOTE_NGRAM`-word run a source also
    has (0 for a text that quotes nothing)."""
    if not quoted.any():
        return 0.0
    shared = words_in_runs(held_ngrams(ids, [s.tokens.ids for s in sources], QUOTE_NGRAM), QUOTE_NGRAM, len(ids))
    return float((shared & quoted).sum() / quoted.sum())


def derive(
    model: VerdictModel,
    features: Mapping[str, float],
    matches: Sequence[Match],
    fallback: str | None,
    threshold: float,
) -> Derivation:
    """The verdict for one candidate. Its sources: the matches whose containment reaches
    ``threshold``; else, when their passages together reach it (copy spread over several
    versions of one wire story) or the text is wholly derived, every match (strongest
    first); else, for a heavy rewrite without passages, ``fallback``, the best retrieved
    source. None for a non-derived text."""
    verdict, score = model.verdict(features)
    if verdict == "non-derived":
        sources: tuple[str, ...] = ()
    else:
        sources = tuple(m.source.id for m in matches if m.scores["containment"] >= threshold)
        if not sources and (features["passages"] >= threshold or verdict == "wholly-derived"):
            sources = tuple(m.source.id for m in matches if m.passages)
        if not sources and not any(m.passages for m in matches) and fallback is not None:
            sources = (fallback,)
    return Derivation(verdict, round(score, 4), sources, dict(features))


# -- training -------------------------------------------------------------------------------
def fit_logistic(
    x: np.ndarray, y: np.ndarray, monotone: Sequence[bool] = (), l2: float = RIDGE,
    row_weights: np.ndarray | None = None,
) -> Logistic:
    """Class-balanced, L2-regularized logistic regression by Newton's method (x standardized;
    ``row_weights``: each row's weight within its class, 1 by default).

    Columns flagged in ``monotone`` may only raise the probability: a column whose weight
    comes out negative is left out and the rest refitted (more shared wording must never
    make a text look less derived, whatever the training stories' correlations)."""
    active = np.ones(x.shape[1], dtype=bool)
    flagged = np.zeros(x.shape[1], dtype=bool)
    flagged[: len(monotone)] = monotone
    rows = np.ones(len(y)) if row_weights is None else np.asarray(row_weights, dtype=float)
    balanced = rows * np.where(y == 1, rows.sum() / (2 * max((rows * y).sum(), 1e-12)),
                               rows.sum() / (2 * max((rows * (1 - y)).sum(), 1e-12)))
    while True:
        beta = _newton(x[:, active], y, l2, balanced)
        weights = np.zeros(x.shape[1])
        weights[active] = beta[1:]
        wrong = flagged & (weights < 0)
        if not wrong.any():
            return Logistic(float(beta[0]), tuple(float(w) for w in weights))
        active &= ~wrong


def _newton(x: np.ndarray, y: np.ndarray, l2: float, weights: np.ndarray) -> np.ndarray:
    design = np.c_[np.ones(len(x)), x]
    penalty = l2 * np.diag(np.r_[0.0, np.ones(x.shape[1])])
    beta = np.zeros(design.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (weights * (p - y)) + penalty @ beta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def _standardize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)


def fit_model(x: np.ndarray, labels: np.ndarray, features: tuple[str, ...], wholly_weight: float = 1.0) -> VerdictModel:
    """Both regressions on rows ``x`` of ``features`` (labels: indexes into `VERDICTS`; a
    wholly derived story weighs ``wholly_weight`` in P(derived)), with cuts and operating
    points at 0.5."""
    mean, scale = _standardize(x)
    z = (x - mean) / scale
    derived = labels > 0
    monotone = [name in MONOTONE for name in features]
    wholly = fit_logistic(z[derived], (labels[derived] == 2).astype(float), monotone)
    p_derived = fit_logistic(z, derived.astype(float), monotone, row_weights=np.where(labels == 2, wholly_weight, 1.0))
    return VerdictModel(features, tuple(mean), tuple(scale), p_derived, wholly, 0.5, 0.5)


def stratified_folds(labels: Sequence[int] | np.ndarray, k: int = 5, seed: int = 0) -> np.ndarray:
    """Fold number per item, each class dealt evenly over the ``k`` folds."""
    classes = np.asarray(labels)
    folds = np.zeros(len(classes), dtype=int)
    rng = np.random.default_rng(seed)
    for value in np.unique(classes):
        members = np.flatnonzero(classes == value)
        rng.shuffle(members)
        folds[members] = np.arange(len(members)) % k
    return folds


def _operating_point(scores: np.ndarray, independent: np.ndarray, false_alarms: float, floor: float) -> float:
    """The least score (at least ``floor``) that at most ``false_alarms`` of the independent
    stories reach."""
    negatives = np.sort(scores[independent])[::-1]
    allowed = int(math.floor(false_alarms * len(negatives)))
    above = negatives[allowed] if allowed < len(negatives) else 0.0
    return round(float(max(floor, above + 1e-4)), 4)


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean over the true classes of each class's F1."""
    scores = []
    for value in np.unique(truth):
        hits = np.sum((predicted == value) & (truth == value))
        wrong = np.sum((predicted == value) != (truth == value))
        scores.append(2 * hits / (2 * hits + wrong))
    return float(np.mean(scores))


def _best_cuts(derived: np.ndarray, wholly: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    """The cuts on P(derived) and P(wholly | derived) with the best mean of binary and
    3-way macro-F1 over held-out probabilities (ties: the cuts nearest 0.5): that mean and
    the two cuts."""
    grid = np.round(np.arange(0.3, 0.71, 0.05), 2)
    best: tuple[float, float, float] = (-1.0, 0.5, 0.5)
    for d_cut in grid:
        for w_cut in grid:
            predicted = np.where(derived < d_cut, 0, np.where(wholly >= w_cut, 2, 1))
            quality = (macro_f1(labels > 0, predicted > 0) + macro_f1(labels, predicted)) / 2
            nearer = abs(d_cut - 0.5) + abs(w_cut - 0.5) < abs(best[1] - 0.5) + abs(best[2] - 0.5)
            if quality > best[0] + 1e-9 or (abs(quality - best[0]) <= 1e-9 and nearer):
                best = (quality, float(d_cut), float(w_cut))
    return best


def _held_out(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], folds: int, deals: int,
              wholly_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """P(derived) and P(wholly | derived) of each story (row per deal of the folds) from
    models trained without its fold."""
    derived: np.ndarray = np.zeros((deals, len(y)))
    wholly: np.ndarray = np.zeros((deals, len(y)))
    for deal in range(deals):
        fold_of = stratified_folds(y, folds, seed=deal)
        for fold in range(folds):
            test = fold_of == fold
            model = fit_model(x[~test], y[~test], features, wholly_weight)
            for i in np.flatnonzero(test):
                derived[deal, i], wholly[deal, i] = model.probabilities(dict(zip(features, x[i], strict=True)))
    return derived, wholly


def train(
    rows: Sequence[Mapping[str, float]], labels: Sequence[str], *, folds: int = 5, deals: int = 5,
    about: Mapping[str, Any] | None = None, features: tuple[str, ...] = FEATURES,
) -> VerdictModel:
    """A model from labelled evidence (labels: the three verdicts). The weight of wholly
    derived stories in P(derived) (`WHOLLY_WEIGHTS`), the verdict's cuts and the operating
    points come from the probabilities each story got from models trained without its
    fold, pooled over ``deals`` deals of the folds (a steadier estimate)."""
    unknown = sorted(set(labels) - set(VERDICTS))
    if unknown:
        raise ValueError(f"unknown labels {unknown}: use {', '.join(VERDICTS)}")
    x = np.array([[row[name] for name in features] for row in rows], dtype=float)
    y = np.array([VERDICTS.index(label) for label in labels])
    y_all = np.tile(y, deals)
    best: tuple[float, float, float, float, np.ndarray] | None = None
    for weight in WHOLLY_WEIGHTS:
        derived, wholly = (p.ravel() for p in _held_out(x, y, features, folds, deals, weight))
        quality, derived_cut, wholly_cut = _best_cuts(derived, wholly, y_all)
        if best is None or quality > best[0] + 1e-9:
            best = (quality, weight, derived_cut, wholly_cut, derived)
    assert best is not None
    _, weight, derived_cut, wholly_cut, derived = best
    independent = y_all == 0
    reuse = _operating_point(derived, independent, REUSE_FALSE_ALARMS, derived_cut)
    credit = max(reuse, _operating_point(derived, independent, CREDIT_FALSE_ALARMS, derived_cut))
    return replace(fit_model(x, y, features, weight), reuse_score=reuse, credit_score=credit, derived_cut=derived_cut,
                   wholly_cut=wholly_cut, about=dict(about or {}, stories=len(y), wholly_weight=weight))
