"""Passage alignment between a candidate and one source.

1. **Seed** on word n-grams the two texts share (n-grams frequent in the source are
   skipped, so repeated boilerplate cannot explode the seed set).
2. **Run**: seeds on one diagonal with consecutive positions merge into exact runs.
3. **Sentence seeds** (the PAN 2014 winner's seeds): sentence pairs whose tf-idf cosine
   and word Dice both exceed ``sentence_similarity`` seed, so a reworded sentence between
   copied ones is still part of the passage. Paraphrased sentences (synonyms swapped, words
   reordered) share fewer words: a pair whose Dice exceeds ``paraphrase_similarity`` (and
   cosine ``paraphrase_cosine``) seeds too, but only next to another sentence seed in the
   same order in both texts, since paraphrased copy runs over several sentences while a
   lone loosely similar sentence is usually the writer's own.
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

Passages are trimmed to token boundaries and given in character offsets.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from reusecheck.arrays import common, first_of_runs, unique, unique_counts
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


Run = tuple[int, int, int, int]
"""A seed region: candidate token ``i``, source token ``j``, its length in each text."""


@dataclass
class _Chain:
    """Token-level passage under construction: [i0, i1) in the candidate, [j0, j1) in the source."""

    i0: int
    i1: int
    j0: int
    j1: int
    runs: list[Run]

    def add(self, run: Run) -> None:
        i, j, ilen, jlen = run
        self.runs.append(run)
        self.i1 = max(self.i1, i + ilen)
        self.j0 = min(self.j0, j)
        self.j1 = max(self.j1, j + jlen)


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


_SENTENCE_END = re.compile(r"[.!?]|\n\s*\n")


def sentence_starts(text: str, tokens: Tokens) -> np.ndarray:
    """Token indices where sentences start (and ``len(tokens)`` last): a sentence ends at
    a full stop, question or exclamation mark, or a blank line between two tokens."""
    marks = np.fromiter((m.start() for m in _SENTENCE_END.finditer(text)), dtype=np.int64)
    before = np.searchsorted(tokens.ends, marks, "right") - 1  # last token ending at or before
    inside = (before >= 0) & (before + 1 < len(tokens))
    before = before[inside]
    after = before[marks[inside] < tokens.starts[before + 1]] + 1
    return np.concatenate(([0], unique(after), [len(tokens)])).astype(np.int64)


@dataclass(frozen=True)
class SentenceModel:
    """The two texts as sentences over one vocabulary: the token index where each sentence
    starts (and the token count last), each token's term (its index in the vocabulary),
    and each term's idf, counting the sentences of both texts as documents; per text its
    (sentence * vocabulary size + term) keys, sorted, with their counts."""

    cand_starts: np.ndarray
    src_starts: np.ndarray
    cand_terms: np.ndarray
    src_terms: np.ndarray
    idf: np.ndarray
    cand_counts: tuple[np.ndarray, np.ndarray]
    src_counts: tuple[np.ndarray, np.ndarray]


class _TextSide:
    """What alignment derives from one text alone: its seed n-gram hashes and sentence starts."""

    def __init__(self, text: str, tokens: Tokens) -> None:
        self.text, self.tokens = text, tokens
        self._hashes: dict[int, np.ndarray] = {}

    def hashes(self, n: int) -> np.ndarray:
        if n not in self._hashes:
            self._hashes[n] = ngram_hashes(self.tokens.ids, n)
        return self._hashes[n]

    @cached_property
    def sentence_starts(self) -> np.ndarray:
        return sentence_starts(self.text, self.tokens)


_SIDES: dict[int, _TextSide] = {}
_SIDES_SIZE = 64


def _side(text: str, tokens: Tokens) -> _TextSide:
    """The text's `_TextSide`, kept for the texts aligned lately: a candidate is aligned with
    several sources, and a source (kept by the store) with several candidates. The entry
    holds the tokens themselves, so their ``id`` cannot be reused meanwhile."""
    side = _SIDES.get(id(tokens))
    if side is None or side.tokens is not tokens or side.text is not text:
        if len(_SIDES) >= _SIDES_SIZE:
            del _SIDES[next(iter(_SIDES))]
        side = _SIDES[id(tokens)] = _TextSide(text, tokens)
    return side


def sentence_model(cand_text: str, cand: Tokens, src_text: str, src: Tokens) -> SentenceModel:
    cs, ss = _side(cand_text, cand).sentence_starts, _side(src_text, src).sentence_starts
    vocab = unique(np.concatenate((cand.ids, src.ids)))
    cterm, sterm = np.searchsorted(vocab, cand.ids), np.searchsorted(vocab, src.ids)
    df = np.zeros(len(vocab), dtype=np.int64)
    counts = []
    for starts, terms in ((cs, cterm), (ss, sterm)):
        sentence = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        keys, tf = unique_counts(sentence * len(vocab) + terms)
        df += np.bincount(keys % max(len(vocab), 1), minlength=len(vocab))
        counts.append((keys, tf))
    idf = np.log((len(cs) + len(ss) - 2) / np.maximum(df, 1))
    return SentenceModel(cs, ss, cterm, sterm, idf, counts[0], counts[1])


PAIR_CHUNK = 1 << 21
"""Candidate-sentence tokens expanded at once when comparing sentence pairs (bounds memory)."""


@dataclass(frozen=True)
class _SentenceVectors:
    """One text's sentences as sparse tf-idf vectors: ``keys`` (sentence * vocabulary size +
    term, sorted) with their ``weights``; per sentence its first key (``first``, the key
    count last), vector norm and number of distinct terms."""

    keys: np.ndarray
    weights: np.ndarray
    first: np.ndarray
    norms: np.ndarray
    sizes: np.ndarray


def _vectors(starts: np.ndarray, counts: tuple[np.ndarray, np.ndarray], idf: np.ndarray) -> _SentenceVectors:
    count, nv = len(starts) - 1, len(idf)
    keys, tf = counts
    weights = tf * idf[keys % nv]
    first = np.searchsorted(keys, np.arange(count + 1) * nv)
    norms = np.sqrt(np.bincount(keys // nv, weights**2, minlength=count))
    return _SentenceVectors(keys, weights, first, norms, np.diff(first))


def _pair_similarities(
    cand: _SentenceVectors, src: _SentenceVectors, nv: int, rows: np.ndarray, columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """tf-idf cosine and word-set Dice of the sentence pairs (rows[k], columns[k]), computed
    ``PAIR_CHUNK`` candidate tokens at a time: memory linear in the pairs."""
    dot = np.zeros(len(rows))
    both = np.zeros(len(rows))
    lengths = cand.sizes[rows]
    ends = np.cumsum(lengths)
    lo = 0
    while lo < len(rows):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - lengths[lo] + PAIR_CHUNK, "right")))
        span = lengths[lo:hi]
        pair = np.repeat(np.arange(lo, hi), span)
        offset = np.arange(len(pair)) - np.repeat(np.cumsum(span) - span, span)
        at = np.repeat(cand.first[rows[lo:hi]], span) + offset
        wanted = columns[pair] * nv + cand.keys[at] % nv
        found = np.minimum(np.searchsorted(src.keys, wanted), len(src.keys) - 1)
        hit = src.keys[found] == wanted
        dot[lo:hi] = np.bincount(pair[hit] - lo, cand.weights[at[hit]] * src.weights[found[hit]], minlength=hi - lo)
        both[lo:hi] = np.bincount(pair[hit] - lo, minlength=hi - lo)
        lo = hi
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.nan_to_num(dot / (cand.norms[rows] * src.norms[columns]))
        dice = 2 * both / (cand.sizes[rows] + src.sizes[columns])
    return cosine, dice


def _pairs_to_compare(
    model: SentenceModel, clong: np.ndarray, slong: np.ndarray, exact: list[Run], settings: AlignSettings
) -> tuple[np.ndarray, np.ndarray]:
    """The (candidate sentence, source sentence) pairs to compare, both long enough: all of
    them up to ``max_sentence_pairs``; beyond, only pairs within ``sentence_reach``
    sentences (in both texts) of a pair that an exact run links, so book-length texts cost
    time and memory linear in their length."""
    crows, srows = np.flatnonzero(clong), np.flatnonzero(slong)
    if len(crows) * len(srows) <= settings.max_sentence_pairs:
        return np.repeat(crows, len(srows)), np.tile(srows, len(crows))
    if not exact:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    runs = np.array(exact, dtype=np.int64)
    cs, ss = model.cand_starts, model.src_starts
    linked_c = np.searchsorted(cs, np.concatenate((runs[:, 0], runs[:, 0] + runs[:, 2] - 1)), "right") - 1
    linked_s = np.searchsorted(ss, np.concatenate((runs[:, 1], runs[:, 1] + runs[:, 3] - 1)), "right") - 1
    reach = np.arange(-settings.sentence_reach, settings.sentence_reach + 1)
    rows = (linked_c[:, None, None] + reach[None, :, None]).repeat(len(reach), axis=2).ravel()
    columns = (linked_s[:, None, None] + reach[None, None, :]).repeat(len(reach), axis=1).ravel()
    inside = (rows >= 0) & (rows < len(clong)) & (columns >= 0) & (columns < len(slong))
    rows, columns = rows[inside], columns[inside]
    keep = clong[rows] & slong[columns]
    pairs = unique(rows[keep] * len(slong) + columns[keep])
    return pairs // len(slong), pairs % len(slong)


NEIGHBOUR_SENTENCES = (2, 6)
"""How near (in sentences of the candidate, then of the source) another sentence seed must
lie, in the same order, for a paraphrase seed to count: a rewrite may merge or drop
sentences, and may summarise several source sentences into one."""


def _has_neighbour(ci: np.ndarray, sj: np.ndarray) -> np.ndarray:
    """For each seed (ci[k], sj[k]), ``ci`` strictly increasing: is another seed near it in
    the same order in both texts? (Seeds within ``near_c`` candidate sentences lie within
    ``near_c`` places of each other in the arrays.)"""
    near_c, near_s = NEIGHBOUR_SENTENCES
    found = np.zeros(len(ci), dtype=bool)
    for shift in range(1, near_c + 1):
        dc, ds = ci[shift:] - ci[:-shift], sj[shift:] - sj[:-shift]
        near = (dc <= near_c) & (ds > 0) & (ds <= near_s)
        found[shift:] |= near
        found[:-shift] |= near
    return found


def sentence_runs(
    cand: Tokens, src: Tokens, model: SentenceModel, exact: list[Run], settings: AlignSettings
) -> tuple[list[Run], set[Run]]:
    """Sentence seeds: each candidate sentence with its most similar (tf-idf cosine) source
    sentence, when cosine and Dice both exceed ``sentence_similarity``, or Dice exceeds
    ``paraphrase_similarity`` and cosine ``paraphrase_cosine`` and another seed lies near it
    (`NEIGHBOUR_SENTENCES`). Sentences shorter than ``sentence_min_words`` are skipped;
    above ``max_sentence_pairs`` pairs only those near exact runs are compared
    (`_pairs_to_compare`). Each seed spans its sentences' first to last shared word.
    Returns the seeds and those of them only the paraphrase thresholds admit."""
    strict = settings.sentence_similarity
    if strict is None:
        return [], set()
    if settings.paraphrase_similarity is None:
        dice_floor = cosine_floor = strict
    else:
        dice_floor, cosine_floor = min(strict, settings.paraphrase_similarity), min(strict, settings.paraphrase_cosine)
    cs, ss = model.cand_starts, model.src_starts
    clong, slong = np.diff(cs) >= settings.sentence_min_words, np.diff(ss) >= settings.sentence_min_words
    rows, columns = _pairs_to_compare(model, clong, slong, exact, settings)
    if len(rows) == 0:
        return [], set()
    nv = len(model.idf)
    cosine, dice = _pair_similarities(
        _vectors(cs, model.cand_counts, model.idf), _vectors(ss, model.src_counts, model.idf), nv, rows, columns
    )
    passing = np.flatnonzero((cosine > cosine_floor) & (dice > dice_floor))
    # Per candidate sentence its best pair: highest cosine, then the earliest source sentence.
    order = passing[np.lexsort((columns[passing], -cosine[passing], rows[passing]))]
    best = order[first_of_runs(rows[order])]
    ci, sj = rows[best], columns[best]
    close = (cosine[best] > strict) & (dice[best] > strict)
    keep = close | _has_neighbour(ci, sj)
    runs, paraphrased = [], set()
    for a, b, similar in zip(ci[keep].tolist(), sj[keep].tolist(), close[keep].tolist(), strict=True):
        i0, i1 = _shared_bounds(cand.keys, int(cs[a]), int(cs[a + 1]), set(src.keys[ss[b] : ss[b + 1]]))
        j0, j1 = _shared_bounds(src.keys, int(ss[b]), int(ss[b + 1]), set(cand.keys[cs[a] : cs[a + 1]]))
        runs.append((i0, j0, i1 - i0, j1 - j0))
        if not similar:
            paraphrased.add(runs[-1])
    return runs, paraphrased


def _shared_bounds(keys: tuple[str, ...], lo: int, hi: int, other: set[str]) -> tuple[int, int]:
    """[lo, hi) narrowed to its first and last word found in ``other`` (which it has)."""
    while keys[lo] not in other:
        lo += 1
    while keys[hi - 1] not in other:
        hi -= 1
    return lo, hi


def exact_runs(cand: np.ndarray, src: np.ndarray, n: int) -> list[Run]:
    """Merge seeds along diagonals into runs, sorted by i then longest first."""
    if len(cand) == 0:
        return []
    diagonal = src - cand
    order = np.lexsort((cand, diagonal))
    cand, diagonal = cand[order], diagonal[order]
    breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(cand) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(cand)]))
    return [
        (int(cand[s]), int(cand[s] + diagonal[s]), int(e - s) + n - 1, int(e - s) + n - 1)
        for s, e in zip(starts, ends, strict=True)
    ]


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
        cgap, sgap = i - i1, j - j1
        if cgap > limit or sgap > limit:
            return False
        longest = max(cgap, sgap)
        if longest <= self.max_gap:
            return True
        if abs(cgap - sgap) > max(self.max_gap, longest // 2):
            return False
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


def chain_runs(runs: list[Run], n: int, gaps: _GapCheck, paraphrased: set[Run], paraphrase_gap: int) -> list[_Chain]:
    """Greedy colinear chaining: each run joins the open chain it continues most closely
    (runs may overlap the chain's end by less than an n-gram, or lie inside a sentence
    seed); a paraphrase seed may follow another across up to ``paraphrase_gap`` tokens.
    A chain closes once runs start more than ``reach`` tokens after its end; one that a run
    can join ends at most ``reach`` tokens before it in both texts or holds it, so only
    those are looked at (`_OpenChains`). Chains are returned in the order they closed."""
    reach = max(gaps.max_gap, paraphrase_gap)
    ordered = sorted(runs, key=lambda r: (r[0], -r[2]))
    chains = _OpenChains(reach)
    for run in ordered:
        i, j, ilen, jlen = run
        best, best_cost = None, None
        for k in chains.near(j - reach, j + jlen, i - reach):
            chain = chains.chains[k]
            cgap, sgap = i - chain.i1, j - chain.j1
            inside = cgap < 0 and i + ilen <= chain.i1 and chain.j0 <= j and j + jlen <= chain.j1
            advances = min(cgap + ilen, sgap + jlen) > 0 and max(-cgap, -sgap) < max(n, min(ilen, jlen) // 2)
            limit = paraphrase_gap if run in paraphrased and chain.runs[-1] in paraphrased else gaps.max_gap
            if inside or (advances and gaps.bridges(chain.i1, i, chain.j1, j, limit)):
                cost = 0 if inside else max(cgap, sgap) + abs(cgap - sgap)
                if best_cost is None or cost < best_cost:
                    best, best_cost = k, cost
        if best is None:
            chains.open(_Chain(i, i + ilen, j, j + jlen, [run]))
        else:
            chains.grow(best, run)
    starts = [r[0] for r in ordered]
    closing = [bisect.bisect_right(starts, chain.i1 + reach) for chain in chains.chains]
    return [chains.chains[k] for k in sorted(range(len(closing)), key=lambda k: (closing[k], k))]


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


def _covered(chain: _Chain, candidate_side: bool, only: set[Run] | None = None) -> int:
    """Tokens of the chain's span in one text inside its runs (or only those in ``only``)."""
    lo, hi = (chain.i0, chain.i1) if candidate_side else (chain.j0, chain.j1)
    spans = sorted(
        (max(i if candidate_side else j, lo), min((i + ilen) if candidate_side else (j + jlen), hi))
        for i, j, ilen, jlen in chain.runs
        if only is None or (i, j, ilen, jlen) in only
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
        overlap = int(taken[chain.i0 : chain.i1].sum())
        if overlap <= settings.seed_ngram and overlap * 2 < matched:
            taken[chain.i0 : chain.i1] = True
            kept.append(chain)
    return _merge_near(kept, settings.merge_gap, gaps)


def _folded_words(text: str, tokens: Tokens, lo: int, hi: int) -> list[str]:
    return [fold(text[a:b]) for a, b in zip(tokens.starts[lo:hi], tokens.ends[lo:hi], strict=True)]


def _passage(chain: _Chain, cand_text: str, cand: Tokens, src_text: str, src: Tokens, exact: set[Run]) -> Passage:
    verbatim = chain.i1 - chain.i0 == chain.j1 - chain.j0 and _folded_words(
        cand_text, cand, chain.i0, chain.i1) == _folded_words(src_text, src, chain.j0, chain.j1)
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
    pairs = seed_pairs(_side(cand_text, cand).hashes(n), _side(src_text, src).hashes(n), settings.max_seed_repeats)
    exact = exact_runs(*pairs, n)
    model = sentence_model(cand_text, cand, src_text, src)
    sentences, paraphrased = sentence_runs(cand, src, model, exact, settings)
    gaps = _GapCheck(model, settings.max_gap, settings.gap_similarity)
    chains = chain_runs(exact + sentences, n, gaps, paraphrased, settings.paraphrase_gap)
    exact_set = set(exact)
    kept = _select(chains, cand, exact_set, gaps, settings)
    for k, chain in enumerate(kept):
        lo = kept[k - 1].i1 if k else 0
        hi = kept[k + 1].i0 if k + 1 < len(kept) else len(cand)
        _extend(chain, cand_text, cand, src, min(lo, chain.i0), max(hi, chain.i1), settings.max_gap)
    return [_passage(c, cand_text, cand, src_text, src, exact_set) for c in kept]
