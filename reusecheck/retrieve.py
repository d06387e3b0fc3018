"""Retrieval: which sources share enough seed n-grams with a candidate to be aligned.

Sources are ranked by containment of the candidate's distinct seed n-grams (not Jaccard,
so a short text that copies a few paragraphs of a long story still finds it). n-grams
found in more than ``max_df`` of the sources are boilerplate and do not count.

A store large enough to be an archive (`RetrievalSettings.min_archive` sources) also
tells a copy from a template: wire stories repeat whole passages with other names and
numbers ("Fed said that banks' net free reserves averaged ..."): see `reusecheck.templates`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from reusecheck.analyzed import Analyzed as Analyzed  # also importable from here, as before
from reusecheck.analyzed import RetrievalSettings as RetrievalSettings
from reusecheck.analyzed import analyze as analyze
from reusecheck.models import Problem
from reusecheck.templates import specific_seeds

SHORT_TEXT_SHARE = 0.05


def df_cutoff(settings: RetrievalSettings, sources: int) -> float:
    """The most sources an n-gram may occur in and still count."""
    return max(settings.df_floor, settings.max_df * sources)


def for_candidate(settings: RetrievalSettings, seeds: int) -> RetrievalSettings:
    """The settings for a candidate with ``seeds`` distinct seed n-grams: a short text (a
    news brief of a few dozen words) needs only a twentieth of its seeds shared, at least two,
    instead of ``min_shared``; longer texts are unaffected."""
    least = max(2, math.ceil(SHORT_TEXT_SHARE * seeds))
    return settings if least >= settings.min_shared else replace(settings, min_shared=least)


def rank(
    shared: Sequence[int], ids: Sequence[str], settings: RetrievalSettings, specific: Sequence[int] | None = None
) -> list[int]:
    """Which sources to align, best first: positions of those with at least ``min_shared``
    shared n-grams, most first, ties by id (so the order does not depend on how the
    sources were given), at most ``top_k``. Every store ranks this way. From an archive,
    ``specific`` holds per source the candidate's specific seeds it holds
    (`reusecheck.templates`): they rank first, and ``admit_specific`` of them admit a source."""
    if specific is None:
        kept = [k for k, count in enumerate(shared) if count >= settings.min_shared]
        kept.sort(key=lambda k: (-shared[k], ids[k]))
    else:
        kept = [k for k, count in enumerate(shared)
                if count >= settings.min_shared or specific[k] >= settings.admit_specific]
        kept.sort(key=lambda k: (-specific[k], -shared[k], ids[k]))
    return kept[: settings.top_k]


class SpecificSeeds:
    """The candidate's specific seeds in an archive, kept for the candidate asked last (the
    store ranks by them, the engine then judges passages by them)."""

    def __init__(self, settings: RetrievalSettings, seed_ngram: int) -> None:
        self.settings, self.seed_ngram = settings, seed_ngram
        self._last: tuple[Analyzed | None, np.ndarray] = (None, np.zeros(0, dtype=np.uint64))

    def of(self, candidate: Analyzed, frequencies: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        if self._last[0] is not candidate:
            seeds = candidate.seeds
            self._last = (candidate, specific_seeds(self.settings, candidate, seeds, frequencies(seeds), self.seed_ngram))
        return self._last[1]


class SourceStore(Protocol):
    """Where sources come from: an in-memory set or a persistent index.

    A store may also carry ``errors`` and ``warnings`` (sequences of `Problem`: what was
    met while building it, as `MemoryStore` does); every run that uses it reports them.
    """

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]: ...


class MemoryStore:
    """An in-memory inverted index over the sources given with ``--against``.

    ``errors`` and ``warnings``: what was met while loading the sources (files that could not
    be read, empty texts); every run that uses the store reports them.
    """

    def __init__(
        self,
        sources: Sequence[Analyzed],
        settings: RetrievalSettings | None = None,
        seed_ngram: int = 3,
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
        self._all_postings = postings if self.is_archive else {}
        self._specific = SpecificSeeds(self.settings, seed_ngram)

    @property
    def is_archive(self) -> bool:
        """Whether the store holds enough sources to tell templates (`reusecheck.templates`)."""
        return len(self.sources) >= self.settings.min_archive

    def frequencies(self, seeds: np.ndarray) -> np.ndarray:
        """How many sources hold each seed."""
        return np.array([len(self._all_postings.get(h, ())) for h in seeds.tolist()], dtype=np.int64)

    def specific_seeds(self, candidate: Analyzed) -> np.ndarray:
        """The candidate's seeds specific to a handful of sources (`reusecheck.templates`)."""
        return self._specific.of(candidate, self.frequencies)

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        """Sources worth aligning, best first, with the share of candidate seeds they hold."""
        if not self.sources or len(candidate.seeds) == 0:
            return []
        shared = np.zeros(len(self.sources), dtype=np.int64)
        for h in candidate.seeds.tolist():
            for number in self._postings.get(h, ()):
                shared[number] += 1
        total = len(candidate.seeds)
        specific = None
        if self.is_archive:
            counts = np.zeros(len(self.sources), dtype=np.int64)
            for h in self.specific_seeds(candidate).tolist():
                for number in self._all_postings[h]:
                    counts[number] += 1
            specific = counts.tolist()
        ranked = rank(shared.tolist(), self._ids, for_candidate(self.settings, total), specific)
        return [(self.sources[k], int(shared[k]) / total) for k in ranked]
