"""Passage alignment between a candidate and one source.

1.-3. **Seed** (`reusecheck.seeds`): word n-grams the two texts share, merged into exact
   runs along diagonals, and sentence and paraphrase seeds (similar sentence pairs).
4. **Chain** seeds that follow each other in both texts with gaps of at most ``max_gap``
   tokens (a changed word, number or phrase does not split a passage); two paraphrase
   seeds may lie up to ``paraphrase_gap`` tokens apart. A gap longer than ``max_gap`` is
   bridged only when the gaps in the two texts are of similar size and share words (Dice
   of at least ``gap_similarity``, words weighted by idf): rewritten text between two
   seeds, not a stretch of other material on one side and a skipped stretch on the other.
5. **Filter**: merge chains that continue each other, keep those with at least
   ``min_words`` candidate words in exact runs or ``min_sentence_seeds`` sentence seeds,
   at least ``min_words`` long and ``min_density`` covered by seeds; keep the better of
   two chains that claim the same candidate words, then merge kept chains that follow
   each other in both texts within ``merge_gap`` words (long gaps again only when similar).
6. **Extend** each chain's ends over words the two texts share in a short window
   (reordered phrases at a sentence start: "The ministry on Wednesday said" /
   "The Defence Ministry said on Wednesday").

Token positions are ``i`` in the candidate and ``j`` in the source. Passages are trimmed
to token boundaries and given in character offsets.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass

import numpy as np

from reusecheck.arrays import common, unique
from reusecheck.models import Passage
from reusecheck.seeds import (
    Run,
    SentenceModel,
    SentenceSeeding,
    seed_hashes,
    seed_runs,
    sentence_model,
    sentence_runs,
)
from reusecheck.text import Tokens, fold

try:  # the compiled core of seeding and chaining (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:
    _seeding = None  # type: ignore[assignment]


@dataclass(frozen=True)
class AlignSettings:
    """Alignment parameters (token counts unless said otherwise).

    ``seed_ngram``: words per seed n-gram. ``max_gap``: words either text may skip between
    two seeds of one passage. ``min_words``: shortest passage kept, in candidate words.
    ``min_density``: least share of a passage's words that must lie inside seeds.
    ``max_seed_repeats``: n-grams occurring more often than this in the source do not seed.
    ``sentence_similarity``: tf-idf cosine and word Dice above which two sentences seed a
    passage (None: no sentence seeds). ``paraphrase_similarity``: word Dice above which two
    sentences whose cosine exceeds ``paraphrase_cosine`` seed when next to another sentence
    seed (None: no paraphrase seeds). ``sentence_min_words``: shorter sentences never seed.
    ``max_sentence_pairs``: above this many sentence pairs, only pairs within
    ``sentence_reach`` sentences (in both texts) of a pair an exact run links are compared
    (time and memory linear in the texts' length for book-length texts). ``paraphrase_gap``: words between two paraphrase seeds of one passage.
    ``gap_similarity``: idf-weighted word Dice the two texts' gaps need for a gap longer than
    ``max_gap`` to be bridged. ``min_sentence_seeds``: sentence seeds that make a passage
    without ``min_words`` words in exact runs. ``merge_gap``: words between two kept
    passages that follow each other in both texts across which they merge into one.
    """

    seed_ngram: int = 3
    max_gap: int = 10
    min_words: int = 8
    min_density: float = 0.3
    max_seed_repeats: int = 20
    sentence_similarity: float | None = 0.45
    paraphrase_similarity: float | None = 0.33
    paraphrase_cosine: float = 0.2
    sentence_min_words: int = 5
    max_sentence_pairs: int = 4_000_000
    sentence_reach: int = 1
    paraphrase_gap: int = 120
    gap_similarity: float = 0.2
    min_sentence_seeds: int = 2
    merge_gap: int = 60

    def __post_init__(self) -> None:
        if self.seed_ngram < 1:
            raise ValueError("seed n-gram size must be at least 1")
        if self.max_gap < 0 or self.min_words < 1:
            raise ValueError("max gap must be >= 0 and minimum passage words >= 1")
        shares = (self.min_density, self.sentence_similarity, self.paraphrase_similarity,
                  self.paraphrase_cosine, self.gap_similarity)
        if not all(share is None or 0.0 <= share <= 1.0 for share in shares):
            raise ValueError("densities and similarities must lie between 0 and 1")
        if min(self.merge_gap, self.sentence_reach, self.paraphrase_gap, self.sentence_min_words,
               self.min_sentence_seeds, self.max_sentence_pairs) < 0:
            raise ValueError("gaps, reaches and counts must be >= 0")

    @property
    def sentence_seeding(self) -> SentenceSeeding:
        """The settings of sentence and paraphrase seeds."""
        return SentenceSeeding(self.sentence_similarity, self.paraphrase_similarity, self.paraphrase_cosine,
                               self.sentence_min_words, self.max_sentence_pairs, self.sentence_reach)


@dataclass
class _Chain:
    """Token-level passage under construction: [i0, i1) in the candidate, [j0, j1) in the source."""

    i0: int
    i1: int
    j0: int
    j1: int
    runs: list[Run]

    def add(self, run: Run) -> None:
        self.runs.append(run)
        self.i1 = max(self.i1, run.cand_start + run.cand_length)
        self.j0 = min(self.j0, run.src_start)
        self.j1 = max(self.j1, run.src_start + run.src_length)


@dataclass(frozen=True)
class _GapCheck:
    """Decides whether a gap between two seeds (or chains) may be bridged: up to
    ``max_gap`` tokens always; longer ones only when the gaps in the two texts are of
    similar size and their words overlap by at least ``share`` (Dice of the word sets,
    each word weighted by its idf, so words in most sentences of the texts hardly count)."""

    model: SentenceModel
    max_gap: int
    share: float

    def bridges(self, i1: int, i: int, j1: int, j: int, limit: int) -> bool:
        """May a passage run from candidate token ``i1`` / source token ``j1`` (its ends) on
        to ``i`` / ``j``, across gaps of at most ``limit`` tokens?"""
        cand_gap, src_gap = i - i1, j - j1
        if cand_gap > limit or src_gap > limit:
            return False
        longest = max(cand_gap, src_gap)
        if longest <= self.max_gap:
            return True
        if abs(cand_gap - src_gap) > max(self.max_gap, longest // 2):
            return False
        return self.similar(i1, i, j1, j)

    def similar(self, i1: int, i: int, j1: int, j: int) -> bool:
        """Do the candidate's tokens [i1, i) and the source's [j1, j) share ``share`` of
        their words (idf-weighted Dice)?"""
        here, there = unique(self.model.cand_terms[i1:i]), unique(self.model.src_terms[j1:j])
        idf = self.model.idf
        shared = idf[common(here, there)].sum()
        return bool(2 * shared >= self.share * (idf[here].sum() + idf[there].sum()))


class _OpenChains:
    """Chains under construction, found by where they end in the source: chains spanning
    at most ``width`` source tokens sit in buckets of ``width`` by their end, longer ones
    in a list of their own, so a run looks only at the chains near it."""

    def __init__(self, width: int) -> None:
        self.width = max(width, 1)
        self.chains: list[_Chain] = []
        self.buckets: dict[int, list[int]] = {}
        self.long: list[int] = []
        self.place: list[int | None] = []  # each chain's bucket (None: in the long list)

    def near(self, j_from: int, j_to: int, i_from: int) -> list[int]:
        """Chains (by number, oldest first) ending at or after ``j_from`` and starting at or
        before ``j_to`` in the source and ending at or after ``i_from`` in the candidate;
        chains found ending before ``i_from`` are dropped for good (runs come in order)."""
        found = []
        keys = range(j_from // self.width, (j_to + self.width) // self.width + 1)
        for members in [self.long, *(self.buckets.get(key, []) for key in keys)]:
            for k in list(members):
                chain = self.chains[k]
                if chain.i1 < i_from:
                    members.remove(k)
                elif chain.j1 >= j_from and chain.j0 <= j_to:
                    found.append(k)
        return sorted(found)

    def open(self, chain: _Chain) -> None:
        self.chains.append(chain)
        self.place.append(None)
        self._put(len(self.chains) - 1)

    def grow(self, k: int, run: Run) -> None:
        where = self.place[k]
        (self.long if where is None else self.buckets[where]).remove(k)
        self.chains[k].add(run)
        self._put(k)

    def _put(self, k: int) -> None:
        chain = self.chains[k]
        if chain.j1 - chain.j0 > self.width:
            self.place[k] = None
            self.long.append(k)
        else:
            self.place[k] = chain.j1 // self.width
            self.buckets.setdefault(chain.j1 // self.width, []).append(k)


def chain_runs(runs: list[Run], n: int, gaps: _GapCheck, paraphrased: set[Run], paraphrase_gap: int,
               compiled: bool = True) -> list[_Chain]:
    """Greedy colinear chaining: each run joins the open chain it continues most closely
    (runs may overlap the chain's end by less than an n-gram, or lie inside a sentence
    seed); a paraphrase seed may follow another across up to ``paraphrase_gap`` tokens.
    A chain closes once runs start more than ``reach`` tokens after its end; one that a run
    can join ends at most ``reach`` tokens before it in both texts or holds it, so only
    those are looked at (`_OpenChains`). Chains are returned in the order they closed.
    ``compiled``: chained by the compiled core where it is built (the same chains)."""
    reach = max(gaps.max_gap, paraphrase_gap)
    ordered = sorted(runs, key=lambda r: (r.cand_start, -r.cand_length))
    if compiled and _seeding is not None:
        return _compiled_chains(ordered, n, gaps, paraphrased, paraphrase_gap)
    chains = _OpenChains(reach)
    for run in ordered:
        i, j, cand_length, src_length = run
        best, best_cost = None, None
        for k in chains.near(j - reach, j + src_length, i - reach):
            chain = chains.chains[k]
            cand_gap, src_gap = i - chain.i1, j - chain.j1
            inside = cand_gap < 0 and i + cand_length <= chain.i1 and chain.j0 <= j and j + src_length <= chain.j1
            advances = (min(cand_gap + cand_length, src_gap + src_length) > 0
                        and max(-cand_gap, -src_gap) < max(n, min(cand_length, src_length) // 2))
            limit = paraphrase_gap if run in paraphrased and chain.runs[-1] in paraphrased else gaps.max_gap
            if inside or (advances and gaps.bridges(chain.i1, i, chain.j1, j, limit)):
                cost = 0 if inside else max(cand_gap, src_gap) + abs(cand_gap - src_gap)
                if best_cost is None or cost < best_cost:
                    best, best_cost = k, cost
        if best is None:
            chains.open(_Chain(i, i + cand_length, j, j + src_length, [run]))
        else:
            chains.grow(best, run)
    starts = [r.cand_start for r in ordered]
    closing = [bisect.bisect_right(starts, chain.i1 + reach) for chain in chains.chains]
    return [chains.chains[k] for k in sorted(range(len(closing)), key=lambda k: (closing[k], k))]


def _compiled_chains(ordered: list[Run], n: int, gaps: _GapCheck, paraphrased: set[Run],
                     paraphrase_gap: int) -> list[_Chain]:
    """`chain_runs` of the runs (in its order) by the compiled core."""
    flags = bytes([run in paraphrased for run in ordered])
    table = np.fromiter(itertools.chain.from_iterable(ordered), dtype=np.int64, count=4 * len(ordered))
    chain_of, bounds, order = _seeding.chain_runs(table, flags, n, gaps.max_gap, paraphrase_gap, gaps.similar)
    members: list[list[Run]] = [[] for _ in range(len(bounds) // 32)]
    for run, k in zip(ordered, np.frombuffer(chain_of, dtype=np.int64).tolist(), strict=True):
        members[k].append(run)
    rows: list[list[int]] = np.frombuffer(bounds, dtype=np.int64).reshape(-1, 4).tolist()
    return [_Chain(rows[k][0], rows[k][1], rows[k][2], rows[k][3], members[k])
            for k in np.frombuffer(order, dtype=np.int64).tolist()]


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
    """How far (in tokens) from ``lo`` towards ``hi`` the text stays on one line: the
    steps to the first gap between two tokens that holds a line end."""
    starts, ends = tokens.starts, tokens.ends
    if hi >= lo:
        if hi == lo:
            return 0
        end = int(starts[hi])
        at = text.find("\n", int(ends[lo]), end)
        while at >= 0:
            k = int(np.searchsorted(ends, at, "right")) - 1  # the gap after token k holds it, unless a token does
            if at < starts[k + 1]:
                return k - lo
            at = text.find("\n", int(ends[k + 1]), end)
        return hi - lo
    begin = int(ends[hi])
    at = text.rfind("\n", begin, int(starts[lo]))
    while at >= 0:
        k = int(np.searchsorted(ends, at, "right")) - 1
        if at < starts[k + 1]:
            return lo - (k + 1)
        at = text.rfind("\n", begin, int(starts[k + 1]))
    return lo - hi


EXTEND_SHARE = 0.75
"""Least share of the candidate words just beyond a passage's end that must occur in the
source beside the passage's end for the passage to grow over them."""

EXTEND_SLACK = 2
"""Source words beside a passage's end looked at beyond as many as the candidate words
tried (the source's phrase may be a word or two longer)."""


def _extend(
    chain: _Chain, cand_text: str, cand: Tokens, src: Tokens, lo: int, hi: int, window: int
) -> None:
    """Grow the chain's ends, within their lines and up to ``lo`` / ``hi`` (the neighbouring
    passages), over the most candidate words (at most ``window``) of which `EXTEND_SHARE`
    occur in the source's words beside the end (`EXTEND_SLACK` more of them); the first
    and last of those words end the passage in each text."""
    cand_keys, src_keys = cand.keys, src.keys
    lo = chain.i0 - _same_line(cand_text, cand, chain.i0, lo)
    hi = chain.i1 + _same_line(cand_text, cand, chain.i1 - 1, hi - 1)
    for width in range(min(window, chain.i0 - lo), 0, -1):
        cand_before = cand_keys[chain.i0 - width : chain.i0]
        src_from = max(0, chain.j0 - width - EXTEND_SLACK)
        src_before = src_keys[src_from : chain.j0]
        if cand_before[0] in src_before and _shared_window(cand_before, src_before, EXTEND_SHARE):
            wanted = set(cand_before)
            chain.j0 = src_from + next(k for k, key in enumerate(src_before) if key in wanted)
            chain.i0 -= width
            break
    for width in range(min(window, hi - chain.i1), 0, -1):
        cand_after = cand_keys[chain.i1 : chain.i1 + width]
        src_to = min(len(src_keys), chain.j1 + width + EXTEND_SLACK)
        src_after = src_keys[chain.j1 : src_to]
        if cand_after[-1] in src_after and _shared_window(cand_after, src_after, EXTEND_SHARE):
            wanted = set(cand_after)
            chain.j1 = src_to - next(k for k, key in enumerate(reversed(src_after)) if key in wanted)
            chain.i1 += width
            break


def _covered(chain: _Chain, candidate_side: bool, only: set[Run] | None = None) -> int:
    """Tokens of the chain's span in one text inside its runs (or only those in ``only``)."""
    lo, hi = (chain.i0, chain.i1) if candidate_side else (chain.j0, chain.j1)
    spans = sorted(
        (max(run.cand_start, lo), min(run.cand_start + run.cand_length, hi)) if candidate_side
        else (max(run.src_start, lo), min(run.src_start + run.src_length, hi))
        for run in chain.runs
        if only is None or run in only
    )
    total, reached = 0, lo
    for start, end in spans:
        start = max(start, reached)
        if end > start:
            total += end - start
            reached = end
    return total


def _near(a: _Chain, b: _Chain, gap: int, gaps: _GapCheck) -> bool:
    """Does ``b`` (starting no earlier than ``a`` in the candidate) continue ``a`` in both
    texts: overlapping it, or after it in the same order across gaps ``gaps`` bridges
    within ``gap`` tokens?"""
    if b.i0 < a.i1 and b.j0 < a.j1 and a.j0 < b.j1:
        return True  # overlapping it in both texts
    ordered = b.i1 > a.i1 and b.j0 >= a.j0 and b.j1 > a.j1
    return ordered and gaps.bridges(a.i1, max(b.i0, a.i1), a.j1, max(b.j0, a.j1), gap)


def _merge_near(chains: list[_Chain], gap: int, gaps: _GapCheck) -> list[_Chain]:
    """Merge chains that are near in both texts (pieces of one passage split by an edit),
    until no two are."""
    while True:
        merged: list[_Chain] = []
        active: list[_Chain] = []  # merged chains that later ones may still reach
        for chain in sorted(chains, key=lambda c: c.i0):
            active = [other for other in active if chain.i0 - other.i1 <= gap]
            for other in active:
                if _near(other, chain, gap, gaps):
                    other.i0, other.i1 = min(other.i0, chain.i0), max(other.i1, chain.i1)
                    other.j0, other.j1 = min(other.j0, chain.j0), max(other.j1, chain.j1)
                    other.runs.extend(chain.runs)
                    break
            else:
                merged.append(chain)
                active.append(chain)
        if len(merged) == len(chains):
            return merged
        chains = merged


def _select(chains: list[_Chain], cand: Tokens, exact: set[Run], gaps: _GapCheck, settings: AlignSettings) -> list[_Chain]:
    """Keep long, dense chains (merged when near) with at least ``min_words`` candidate
    words inside exact n-gram runs or ``min_sentence_seeds`` sentence seeds; of two that
    claim the same candidate words keep the better. Near kept chains are then merged
    across up to ``merge_gap`` words."""
    scored = []
    for chain in _merge_near(chains, settings.max_gap, gaps):
        sentence_seeds = len({run for run in chain.runs if run not in exact})
        if _covered(chain, True, exact) < settings.min_words and sentence_seeds < settings.min_sentence_seeds:
            continue
        span = chain.i1 - chain.i0
        matched = _covered(chain, True)
        if span >= settings.min_words and matched >= settings.min_density * span:
            scored.append((matched, chain))
    scored.sort(key=lambda item: -item[0])
    taken = np.zeros(len(cand), dtype=bool)
    kept = []
    for matched, chain in scored:
        overlap = int(np.count_nonzero(taken[chain.i0 : chain.i1]))
        if overlap <= settings.seed_ngram and overlap * 2 < matched:
            taken[chain.i0 : chain.i1] = True
            kept.append(chain)
    return _merge_near(kept, settings.merge_gap, gaps)


def _words(text: str, tokens: Tokens, lo: int, hi: int) -> list[str]:
    return [text[a:b] for a, b in zip(tokens.starts[lo:hi].tolist(), tokens.ends[lo:hi].tolist(), strict=True)]


def _same_words(cand_text: str, cand: Tokens, src_text: str, src: Tokens, chain: _Chain) -> bool:
    """Are the chain's tokens the same words in both texts (once folded)? Words written
    alike are folded alike, so only the others are folded."""
    if chain.i1 - chain.i0 != chain.j1 - chain.j0:
        return False
    pairs = zip(_words(cand_text, cand, chain.i0, chain.i1), _words(src_text, src, chain.j0, chain.j1), strict=True)
    return all(a == b or fold(a) == fold(b) for a, b in pairs)


def _passage(chain: _Chain, cand_text: str, cand: Tokens, src_text: str, src: Tokens, exact: set[Run]) -> Passage:
    verbatim = _same_words(cand_text, cand, src_text, src, chain)
    matched = _covered(chain, True, exact) + _covered(chain, False, exact)
    similarity = matched / ((chain.i1 - chain.i0) + (chain.j1 - chain.j0))
    return Passage(
        candidate_start=int(cand.starts[chain.i0]),
        candidate_end=int(cand.ends[chain.i1 - 1]),
        source_start=int(src.starts[chain.j0]),
        source_end=int(src.ends[chain.j1 - 1]),
        kind="verbatim" if verbatim else "edited",
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
    exact = seed_runs(seed_hashes(cand, n), seed_hashes(src, n), settings.max_seed_repeats, n)
    model = sentence_model(cand_text, cand, src_text, src)
    sentences, paraphrased = sentence_runs(cand, src, model, exact, settings.sentence_seeding)
    gaps = _GapCheck(model, settings.max_gap, settings.gap_similarity)
    chains = chain_runs(exact + sentences, n, gaps, paraphrased, settings.paraphrase_gap)
    exact_set = set(exact)
    kept = _select(chains, cand, exact_set, gaps, settings)
    for k, chain in enumerate(kept):
        previous_end = kept[k - 1].i1 if k else 0
        next_start = kept[k + 1].i0 if k + 1 < len(kept) else len(cand)
        _extend(chain, cand_text, cand, src, min(previous_end, chain.i0), max(next_start, chain.i1), settings.max_gap)
    return [_passage(c, cand_text, cand, src_text, src, exact_set) for c in kept]
