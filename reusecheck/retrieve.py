"""Retrieval: which sources share enough seed n-grams with a candidate to be aligned.

Sources are ranked by containment of the candidate's distinct seed n-grams (not Jaccard,
so a short text that copies a few paragraphs of a long story still finds it). n-grams
found in more than ``max_df`` of the sources are boilerplate and do not count.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from reusecheck.arrays import unique
from reusecheck.fingerprint import ngram_hashes
from reusecheck.models import Document, Problem
from reusecheck.text import Tokens


@dataclass(frozen=True)
class RetrievalSettings:
    """``min_shared``: distinct shared n-grams a source needs to be aligned at all (six
    3-grams: one shortest verbatim passage of eight words). ``max_df``: share of sources an
    n-gram may occur in and still count (with at least ``df_floor`` sources before the
    cut-off applies). ``top_k``: sources aligned at most. Tuned on the Reuters benchmark
    (benchmarks/README.md): fewer, better sources to align, no loss of recall there."""

    min_shared: int = 6
    max_df: float = 0.01
    df_floor: int = 20
    top_k: int = 20


SHORT_TEXT_SHARE = 0.05


@dataclass(frozen=True)
class Analyzed:
    """A document with its tokens and its distinct seed n-gram hashes."""

    document: Document
    tokens: Tokens
    seeds: np.ndarray


def analyze(document: Document, tokens: Tokens, seed_ngram: int) -> Analyzed:
    return Analyzed(document, tokens, unique(ngram_hashes(tokens.ids, seed_ngram)))


def df_cutoff(settings: RetrievalSettings, sources: int) -> float:
    """The most sources an n-gram may occur in and still count."""
    return max(settings.df_floor, settings.max_df * sources)


def for_candidate(settings: RetrievalSettings, seeds: int) -> RetrievalSettings:
    """The settings for a candidate with ``seeds`` distinct seed n-grams: a short text (a
    news brief of a few dozen words) needs only a twentieth of its seeds shared, at least two,
    instead of ``min_shared``; longer texts are unaffected."""
    least = max(2, math.ceil(SHORT_TEXT_SHARE * seeds))
    return settings if least >= settings.min_shared else replace(settings, min_shared=least)


def rank(shared: Sequence[int], ids: Sequence[str], settings: RetrievalSettings) -> list[int]:
    """Which sources to align, best first: positions of those with at least ``min_shared``
    shared n-grams, most first, ties by id (so the order does not depend on how the
    sources were given), at most ``top_k``. Every store ranks this way."""
    kept = [k for k, count in enumerate(shared) if count >= settings.min_shared]
    kept.sort(key=lambda k: (-shared[k], ids[k]))
    return kept[: settings.top_k]


class MemoryStore:
    """An in-memory inverted index over the sources given with ``--against``.

    ``errors`` and ``warnings``: what was met while loading the sources (files that could not
    be read, empty texts); every run that uses the store reports them.
    """

    def __init__(
        self,
        sources: Sequence[Analyzed],
        settings: RetrievalSettings | None = None,
        *,
        errors: Sequence[Problem] = (),
        warnings: Sequence[Problem] = (),
    ) -> None:
        self.settings = settings or RetrievalSettings()
        self.sources = list(sources)
        self.errors, self.warnings = tuple(errors), tuple(warnings)
        self._ids = [source.document.id for source in self.sources]
        postings: dict[int, list[int]] = defaultdict(list)
        for number, source in enumerate(self.sources):
            for h in source.seeds.tolist():
                postings[h].append(number)
        cutoff = df_cutoff(self.settings, len(self.sources))
        self._postings = {h: docs for h, docs in postings.items() if len(docs) <= cutoff}

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        """Sources worth aligning, best first, with the share of candidate seeds they hold."""
        if not self.sources or len(candidate.seeds) == 0:
            return []
        shared = np.zeros(len(self.sources), dtype=np.int64)
        for h in candidate.seeds.tolist():
            for number in self._postings.get(h, ()):
                shared[number] += 1
        total = len(candidate.seeds)
        ranked = rank(shared.tolist(), self._ids, for_candidate(self.settings, total))
        return [(self.sources[k], int(shared[k]) / total) for k in ranked]
