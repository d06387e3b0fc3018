"""Passage alignment between a candidate and one source.

1. **Seed** on word n-grams the two texts share (n-grams frequent in the source are
   skipped, so repeated boilerplate cannot explode the seed set).
2. **Run**: seeds on one diagonal with consecutive positions merge into exact runs.
3. **Chain** runs that follow each other in both texts with gaps of at most ``max_gap``
   tokens: a changed word, number or phrase inside copied text does not split a passage.
4. **Extend** each chain's ends over words the two texts share in a short window
   (reordered phrases at a sentence start: "The ministry on Wednesday said" /
   "The Defence Ministry said on Wednesday").
5. **Filter**: drop chains shorter than ``min_words`` or sparser than ``min_density``,
   keep the better of two chains that claim the same candidate words.

Passages are trimmed to token boundaries and given in character offsets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from reusecheck.fingerprint import ngram_hashes
from reusecheck.models import Passage
from reusecheck.text import Tokens, fold


@dataclass(frozen=True)
class AlignSettings:
    """Alignment parameters (token counts unless said otherwise).

    ``seed_ngram``: words per seed n-gram. ``max_gap``: words either text may skip between
    two seeds of one passage. ``min_words``: shortest passage kept, in candidate words.
    ``min_density``: least share of a passage's words that must lie inside seeds.
    ``max_seed_repeats``: n-grams occurring more often than this in the source do not seed.
    """

    seed_ngram: int = 3
    max_gap: int = 10
    min_words: int = 8
    min_density: float = 0.5
    max_seed_repeats: int = 20

    def __post_init__(self) -> None:
        if self.seed_ngram < 1:
            raise ValueError("seed n-gram size must be at least 1")
        if self.max_gap < 0 or self.min_words < 1:
            raise ValueError("max gap must be >= 0 and minimum passage words >= 1")
        if not 0.0 <= self.min_density <= 1.0:
            raise ValueError("minimum density must lie between 0 and 1")


@dataclass
class _Chain:
    """Token-level passage under construction: [i0, i1) in the candidate, [j0, j1) in the source."""

    i0: int
    i1: int
    j0: int
    j1: int
    runs: list[tuple[int, int, int]]

    def add(self, i: int, j: int, length: int) -> None:
        self.runs.append((i, j, length))
        self.i1 = max(self.i1, i + length)
        self.j1 = max(self.j1, j + length)


def seed_pairs(
    candidate_hashes: np.ndarray, source_hashes: np.ndarray, max_repeats: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every (candidate position, source position) whose n-gram hashes are equal."""
    order = np.argsort(source_hashes, kind="stable")
    ordered = source_hashes[order]
    left = np.searchsorted(ordered, candidate_hashes, "left")
    counts = np.searchsorted(ordered, candidate_hashes, "right") - left
    counts[counts > max_repeats] = 0
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    cand = np.repeat(np.arange(len(candidate_hashes)), counts)
    first = np.repeat(left - (np.cumsum(counts) - counts), counts)
    src = order[first + np.arange(total)]
    return cand.astype(np.int64), src.astype(np.int64)


def exact_runs(cand: np.ndarray, src: np.ndarray, n: int) -> list[tuple[int, int, int]]:
    """Merge seeds along diagonals into runs (i, j, tokens), sorted by i then longest first."""
    if len(cand) == 0:
        return []
    diagonal = src - cand
    order = np.lexsort((cand, diagonal))
    cand, diagonal = cand[order], diagonal[order]
    breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(cand) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(cand)]))
    runs = [
        (int(cand[s]), int(cand[s] + diagonal[s]), int(e - s) + n - 1)
        for s, e in zip(starts, ends, strict=True)
    ]
    runs.sort(key=lambda r: (r[0], -r[2]))
    return runs


def chain_runs(runs: list[tuple[int, int, int]], n: int, max_gap: int) -> list[_Chain]:
    """Greedy colinear chaining: each run joins the open chain it continues most closely."""
    open_chains: list[_Chain] = []
    closed: list[_Chain] = []
    for i, j, length in runs:
        still_open = []
        for chain in open_chains:
            (closed if i - chain.i1 > max_gap else still_open).append(chain)
        open_chains = still_open
        best, best_cost = None, None
        for chain in open_chains:
            cgap, sgap = i - chain.i1, j - chain.j1
            if -n < cgap <= max_gap and -n < sgap <= max_gap:
                cost = max(cgap, sgap) + abs(cgap - sgap)
                if best_cost is None or cost < best_cost:
                    best, best_cost = chain, cost
        if best is None:
            open_chains.append(_Chain(i, i + length, j, j + length, [(i, j, length)]))
        else:
            best.add(i, j, length)
    return closed + open_chains


def _shared_window(
    cand_keys: tuple[str, ...], src_keys: tuple[str, ...], share: float
) -> bool:
    """Do at least ``share`` of the candidate window's words occur in the source window?"""
    available = Counter(src_keys)
    hits = 0
    for key in cand_keys:
        if available[key] > 0:
            available[key] -= 1
            hits += 1
    return hits >= share * len(cand_keys)


def _same_line(text: str, tokens: Tokens, lo: int, hi: int) -> int:
    """How far (in tokens) from ``lo`` towards ``hi`` the text stays on one line."""
    step = 1 if hi >= lo else -1
    k = lo
    while k != hi and "\n" not in text[tokens.ends[min(k, k + step)] : tokens.starts[max(k, k + step)]]:
        k += step
    return abs(k - lo)


def _extend(
    chain: _Chain, cand_text: str, cand: Tokens, src: Tokens, lo: int, hi: int, window: int
) -> None:
    """Grow the chain's ends, within their lines, over windows whose words the two texts
    share (at least 3/4)."""
    ck, sk = cand.keys, src.keys
    lo = chain.i0 - _same_line(cand_text, cand, chain.i0, lo)
    hi = chain.i1 + _same_line(cand_text, cand, chain.i1 - 1, hi - 1)
    for w in range(min(window, chain.i0 - lo), 0, -1):
        block = ck[chain.i0 - w : chain.i0]
        s_from = max(0, chain.j0 - w - 2)
        s_block = sk[s_from : chain.j0]
        if block[0] in s_block and _shared_window(block, s_block, 0.75):
            wanted = set(block)
            chain.j0 = s_from + next(k for k, key in enumerate(s_block) if key in wanted)
            chain.i0 -= w
            break
    for w in range(min(window, hi - chain.i1), 0, -1):
        block = ck[chain.i1 : chain.i1 + w]
        s_to = min(len(sk), chain.j1 + w + 2)
        s_block = sk[chain.j1 : s_to]
        if block[-1] in s_block and _shared_window(block, s_block, 0.75):
            wanted = set(block)
            chain.j1 = s_to - next(k for k, key in enumerate(reversed(s_block)) if key in wanted)
            chain.i1 += w
            break


def _covered(chain: _Chain, size: int, candidate_side: bool) -> int:
    mask = np.zeros(size, dtype=bool)
    for i, j, length in chain.runs:
        start = i if candidate_side else j
        mask[start : start + length] = True
    lo, hi = (chain.i0, chain.i1) if candidate_side else (chain.j0, chain.j1)
    return int(mask[lo:hi].sum())


def _select(chains: list[_Chain], cand_size: int, settings: AlignSettings) -> list[_Chain]:
    """Keep long, dense chains; of two that claim the same candidate words keep the better."""
    scored = []
    for chain in chains:
        span = chain.i1 - chain.i0
        matched = _covered(chain, cand_size, True)
        if span >= settings.min_words and matched >= settings.min_density * span:
            scored.append((matched, chain))
    scored.sort(key=lambda item: -item[0])
    taken = np.zeros(cand_size, dtype=bool)
    kept = []
    for matched, chain in scored:
        overlap = int(taken[chain.i0 : chain.i1].sum())
        if overlap <= settings.seed_ngram and overlap * 2 < matched:
            taken[chain.i0 : chain.i1] = True
            kept.append(chain)
    kept.sort(key=lambda c: c.i0)
    return kept


def _folded_words(text: str, tokens: Tokens, lo: int, hi: int) -> list[str]:
    return [fold(text[a:b]) for a, b in zip(tokens.starts[lo:hi], tokens.ends[lo:hi], strict=True)]


def _passage(chain: _Chain, cand_text: str, cand: Tokens, src_text: str, src: Tokens) -> Passage:
    cand_words = _folded_words(cand_text, cand, chain.i0, chain.i1)
    src_words = _folded_words(src_text, src, chain.j0, chain.j1)
    matched = _covered(chain, len(cand), True) + _covered(chain, len(src), False)
    similarity = matched / ((chain.i1 - chain.i0) + (chain.j1 - chain.j0))
    return Passage(
        candidate_start=int(cand.starts[chain.i0]),
        candidate_end=int(cand.ends[chain.i1 - 1]),
        source_start=int(src.starts[chain.j0]),
        source_end=int(src.ends[chain.j1 - 1]),
        kind="verbatim" if cand_words == src_words else "edited",
        similarity=round(similarity, 4),
    )


def align(
    cand_text: str,
    cand: Tokens,
    src_text: str,
    src: Tokens,
    settings: AlignSettings | None = None,
) -> list[Passage]:
    """All passages of ``cand_text`` reused from ``src_text``, ordered by candidate position."""
    settings = settings or AlignSettings()
    n = settings.seed_ngram
    pairs = seed_pairs(ngram_hashes(cand.ids, n), ngram_hashes(src.ids, n), settings.max_seed_repeats)
    chains = chain_runs(exact_runs(*pairs, n), n, settings.max_gap)
    kept = _select(chains, len(cand), settings)
    for k, chain in enumerate(kept):
        lo = kept[k - 1].i1 if k else 0
        hi = kept[k + 1].i0 if k + 1 < len(kept) else len(cand)
        _extend(chain, cand_text, cand, src, min(lo, chain.i0), max(hi, chain.i1), settings.max_gap)
    return [_passage(c, cand_text, cand, src_text, src) for c in kept]
