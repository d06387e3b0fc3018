"""Retrieval: which sources share enough seed n-grams with a candidate to be aligned.

Sources are ranked by containment of the candidate's distinct seed n-grams (not Jaccard,
so a short text that copies a few paragraphs of a long story still finds it). n-grams
found in more than ``max_df`` of the sources are boilerplate and do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reusecheck.fingerprint import ngram_hashes
from reusecheck.models import Document
from reusecheck.text import Tokens


@dataclass(frozen=True)
class RetrievalSettings:
    """``min_shared``: distinct shared n-grams a source needs to be aligned at all.
    ``max_df``: share of sources an n-gram may occur in and still count (with at least
    ``df_floor`` sources before the cut-off applies). ``top_k``: sources aligned at most."""

    min_shared: int = 2
    max_df: float = 0.05
    df_floor: int = 20
    top_k: int = 50


@dataclass(frozen=True)
class Analyzed:
    """A document with its tokens and its distinct seed n-gram hashes."""

    document: Document
    tokens: Tokens
    seeds: np.ndarray


def analyze(document: Document, tokens: Tokens, seed_ngram: int) -> Analyzed:
    return Analyzed(document, tokens, np.unique(ngram_hashes(tokens.ids, seed_ngram)))


class MemoryStore:
    """An in-memory inverted index over the sources given with ``--against``."""

    def __init__(self, sources: Sequence[Analyzed], settings: RetrievalSettings | None = None) -> None:
        self.settings = settings or RetrievalSettings()
        self.sources = list(sources)
        postings: dict[int, list[int]] = defaultdict(list)
        for number, source in enumerate(self.sources):
            for h in source.seeds.tolist():
                postings[h].append(number)
        cutoff = max(self.settings.df_floor, self.settings.max_df * len(self.sources))
        self._postings = {h: docs for h, docs in postings.items() if len(docs) <= cutoff}

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        """Sources worth aligning, best first, with the share of candidate seeds they hold."""
        if not self.sources or len(candidate.seeds) == 0:
            return []
        shared = np.zeros(len(self.sources), dtype=np.int64)
        for h in candidate.seeds.tolist():
            for number in self._postings.get(h, ()):
                shared[number] += 1
        ranked = [int(k) for k in np.argsort(-shared, kind="stable") if shared[k] >= self.settings.min_shared]
        total = len(candidate.seeds)
        return [(self.sources[k], shared[k] / total) for k in ranked[: self.settings.top_k]]
