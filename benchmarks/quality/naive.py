"""Naive baselines, computed in the same run as reusecheck so every gain is a difference.

- `trigram_containment`: share of the answer's distinct lower-cased word trigrams that
  occur in the source (for classification).
- `exact_runs`: passages made of runs of consecutive word 5-grams the two texts share
  exactly (for alignment), with character offsets.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"\w+")


@cache
def _words(text: str) -> tuple[list[re.Match[str]], list[str]]:
    """The words of ``text`` (matches, for offsets) and their lower-cased forms."""
    matches = list(_WORD.finditer(text))
    return matches, [m.group().lower() for m in matches]


def _grams(words: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(words[k : k + n]) for k in range(len(words) - n + 1)]


@cache
def _first_positions(text: str, n: int) -> dict[tuple[str, ...], int]:
    first: dict[tuple[str, ...], int] = {}
    for k, gram in enumerate(_grams(_words(text)[1], n)):
        first.setdefault(gram, k)
    return first


def trigram_containment(answer: str, source: str) -> float:
    mine = set(_grams(_words(answer)[1], 3))
    theirs = set(_grams(_words(source)[1], 3))
    return len(mine & theirs) / len(mine) if mine else 0.0


def exact_runs(candidate: str, source: str, n: int = 5) -> list[tuple[int, int, int, int]]:
    """(candidate_start, candidate_end, source_start, source_end) of each run of shared n-grams."""
    (cw, cwords), (sw, _) = _words(candidate), _words(source)
    first = _first_positions(source, n)
    hits = [(i, first.get(gram)) for i, gram in enumerate(_grams(cwords, n))]
    passages, run = [], None
    for i, j in hits + [(len(hits), None)]:
        if j is not None and run is not None and i == run[1] + 1:
            run = (run[0], i, run[2], max(run[3], j))
            continue
        if run is not None:
            i0, i1, j0, j1 = run
            passages.append((cw[i0].start(), cw[i1 + n - 1].end(), sw[min(j0, j1)].start(), sw[max(j0, j1) + n - 1].end()))
        run = (i, i, j, j) if j is not None else None
    return passages
