"""Seeds of an alignment: the places where a candidate and a source share words.

1. **N-gram seeds**: word n-grams the two texts share (n-grams frequent in the source are
   skipped, so repeated boilerplate cannot explode the seed set).
2. **Exact runs**: seeds on one diagonal with consecutive positions merge into runs.
3. **Sentence seeds** (the PAN 2014 winner's seeds): sentence pairs whose tf-idf cosine
   and word Dice both exceed ``sentence_similarity`` seed, so a reworded sentence between
   copied ones is still part of the passage. Paraphrased sentences (synonyms swapped, words
   reordered) share fewer words: a pair whose Dice exceeds ``paraphrase_similarity`` (and
   cosine ``paraphrase_cosine``) seeds too, but only next to another sentence seed in the
   same order in both texts, since paraphrased copy runs over several sentences while a
   lone loosely similar sentence is usually the writer's own.

`reusecheck.align` chains the seeds into passages. Positions are token indices; a text's
seed hashes and sentence starts are kept for the texts seeded lately (`RECENT_TEXTS`).
Sentence starts and similarities are computed by the compiled core (``reusecheck/_seeding.c``)
where pip install built it, else with numpy: the same seeds either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from reusecheck.arrays import first_of_runs, unique, unique_counts
from reusecheck.fingerprint import ngram_hashes
from reusecheck.text import Tokens

try:  # the compiled core of sentence seeding (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:  # pragma: no cover - no compiler where it was installed: the numpy path, same seeds
    _seeding = None  # type: ignore[assignment]

COMPILED = _seeding is not None


class Run(NamedTuple):
    """A seed region: it starts at token ``cand_start`` of the candidate and ``src_start``
    of the source and spans ``cand_length`` and ``src_length`` tokens."""

    cand_start: int
    src_start: int
    cand_length: int
    src_length: int


RECENT_TEXTS = 64
"""Texts whose seed hashes and sentence starts are kept: a candidate is aligned with several
sources, and a source (kept by the store) with several candidates. The caches hold the
texts and tokens themselves (tokens are compared by identity)."""


@lru_cache(maxsize=RECENT_TEXTS)
def seed_hashes(tokens: Tokens, n: int) -> np.ndarray:
    """The hashes of the text's word ``n``-grams (`ngram_hashes`), kept for recent texts."""
    return ngram_hashes(tokens.ids, n)


def seed_pairs(
    candidate_hashes: np.ndarray, source_hashes: np.ndarray, max_repeats: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every (candidate position, source position) whose n-gram hashes are equal; n-grams
    found more than ``max_repeats`` times in the source are left out."""
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
        Run(int(cand[s]), int(cand[s] + diagonal[s]), int(e - s) + n - 1, int(e - s) + n - 1)
        for s, e in zip(starts, ends, strict=True)
    ]


def seed_runs(candidate_hashes: np.ndarray, source_hashes: np.ndarray, max_repeats: int, n: int,
              compiled: bool = True) -> list[Run]:
    """`exact_runs` of the `seed_pairs` of two texts' ``n``-gram hashes; ``compiled``: found
    by the compiled core where it is built (the same runs, in the same order)."""
    core = _seeding if compiled else None
    if core is None or len(candidate_hashes) + len(source_hashes) >= 1 << 31:
        return exact_runs(*seed_pairs(candidate_hashes, source_hashes, max_repeats), n)
    found = core.seed_runs(np.ascontiguousarray(candidate_hashes, dtype=np.uint64),
                           np.ascontiguousarray(source_hashes, dtype=np.uint64), max_repeats, n)
    return list(map(Run._make, np.frombuffer(found, dtype=np.int64).reshape(-1, 4).tolist()))


_SENTENCE_END = re.compile(r"[.!?]|\n\s*\n")


def sentence_starts(text: str, tokens: Tokens, compiled: bool = True) -> np.ndarray:
    """Token indices where sentences start (and ``len(tokens)`` last): a sentence ends at
    a full stop, question or exclamation mark, or a blank line between two tokens.
    ``compiled``: found by the compiled core where it is built (the same starts)."""
    core = _seeding if compiled else None
    if core is not None:
        found = core.sentence_starts(text, np.ascontiguousarray(tokens.starts, dtype=np.int64),
                                         np.ascontiguousarray(tokens.ends, dtype=np.int64))
        return np.frombuffer(found, dtype=np.int64)
    marks = np.fromiter((m.start() for m in _SENTENCE_END.finditer(text)), dtype=np.int64)
    before = np.searchsorted(tokens.ends, marks, "right") - 1  # last token ending at or before
    inside = (before >= 0) & (before + 1 < len(tokens))
    before = before[inside]
    after = before[marks[inside] < tokens.starts[before + 1]] + 1
    return np.concatenate(([0], unique(after), [len(tokens)])).astype(np.int64)


_recent_sentence_starts = lru_cache(maxsize=RECENT_TEXTS)(sentence_starts)


@dataclass(frozen=True)
class SentenceModel:
    """The two texts as sentences over one vocabulary: the token index where each sentence
    starts (and the token count last), each token's term (its index in the vocabulary),
    and each term's idf, counting the sentences of both texts as documents; per text its
    (sentence * vocabulary size + term) keys, sorted, with their counts (None when the
    compiled core compares the sentences: it needs none)."""

    cand_starts: np.ndarray
    src_starts: np.ndarray
    cand_terms: np.ndarray
    src_terms: np.ndarray
    idf: np.ndarray
    cand_counts: tuple[np.ndarray, np.ndarray] | None = None
    src_counts: tuple[np.ndarray, np.ndarray] | None = None


def sentence_model(cand_text: str, cand: Tokens, src_text: str, src: Tokens, compiled: bool = True) -> SentenceModel:
    """The `SentenceModel` of two texts; ``compiled``: with the compiled core where it is
    built (the same model, without the counts)."""
    cand_starts, src_starts = _recent_sentence_starts(cand_text, cand), _recent_sentence_starts(src_text, src)
    sentences = len(cand_starts) + len(src_starts) - 2
    core = _seeding if compiled else None
    if core is not None:
        found, frequencies = core.sentence_terms(
            np.ascontiguousarray(cand.ids, dtype=np.uint64), np.ascontiguousarray(src.ids, dtype=np.uint64),
            cand_starts, src_starts)
        terms = np.frombuffer(found, dtype=np.int64)
        document_frequency = np.frombuffer(frequencies, dtype=np.int64)
        idf = np.log(sentences / np.maximum(document_frequency, 1))
        return SentenceModel(cand_starts, src_starts, terms[: len(cand)], terms[len(cand) :], idf)
    # each token's place in the sorted vocabulary of both texts, from one sort of their ids
    ids = np.concatenate((cand.ids, src.ids))
    order = np.argsort(ids)
    distinct = first_of_runs(ids[order])
    vocab_size = int(distinct.sum())
    terms = np.empty(len(ids), dtype=np.int64)
    terms[order] = np.cumsum(distinct) - 1
    cand_terms, src_terms = terms[: len(cand.ids)], terms[len(cand.ids) :]
    document_frequency = np.zeros(vocab_size, dtype=np.int64)
    counts = []
    for starts, text_terms in ((cand_starts, cand_terms), (src_starts, src_terms)):
        sentence = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        keys, term_frequency = unique_counts(sentence * vocab_size + text_terms)
        document_frequency += np.bincount(keys % max(vocab_size, 1), minlength=vocab_size)
        counts.append((keys, term_frequency))
    idf = np.log(sentences / np.maximum(document_frequency, 1))
    return SentenceModel(cand_starts, src_starts, cand_terms, src_terms, idf, counts[0], counts[1])


@dataclass(frozen=True)
class SentenceSeeding:
    """The sentence seed settings of `reusecheck.align.AlignSettings` (see there):
    ``similarity`` (``sentence_similarity``; None: no sentence seeds), ``paraphrase``
    (``paraphrase_similarity``; None: no paraphrase seeds), ``paraphrase_cosine``,
    ``min_words`` (``sentence_min_words``), ``max_pairs`` (``max_sentence_pairs``) and
    ``reach`` (``sentence_reach``)."""

    similarity: float | None
    paraphrase: float | None
    paraphrase_cosine: float
    min_words: int
    max_pairs: int
    reach: int


LOOKUP_TABLE = 1 << 20
"""Source sentences times vocabulary up to which a sentence pair's terms are looked up in
a table of the source's (sentence, term) keys instead of searched for."""

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
    sentences, vocabulary_size = len(starts) - 1, len(idf)
    keys, term_frequency = counts
    weights = term_frequency * idf[keys % vocabulary_size]
    first = np.searchsorted(keys, np.arange(sentences + 1) * vocabulary_size)
    norms = np.sqrt(np.bincount(keys // vocabulary_size, weights**2, minlength=sentences))
    return _SentenceVectors(keys, weights, first, norms, np.diff(first))


def _pair_similarities(
    cand: _SentenceVectors, src: _SentenceVectors, vocabulary_size: int, rows: np.ndarray, columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """tf-idf cosine and word-set Dice of the sentence pairs (rows[k], columns[k]), computed
    ``PAIR_CHUNK`` candidate tokens at a time: memory linear in the pairs."""
    dot = np.zeros(len(rows))
    both = np.zeros(len(rows))
    keyspace = len(src.norms) * vocabulary_size
    table = None
    if keyspace <= LOOKUP_TABLE:  # each source key's place, looked up directly
        table = np.full(keyspace, -1, dtype=np.int32)
        table[src.keys] = np.arange(len(src.keys), dtype=np.int32)
    lengths = cand.sizes[rows]
    ends = np.cumsum(lengths)
    lo = 0
    while lo < len(rows):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - lengths[lo] + PAIR_CHUNK, "right")))
        span = lengths[lo:hi]
        pair = np.repeat(np.arange(lo, hi), span)
        offset = np.arange(len(pair)) - np.repeat(np.cumsum(span) - span, span)
        at = np.repeat(cand.first[rows[lo:hi]], span) + offset
        wanted = columns[pair] * vocabulary_size + cand.keys[at] % vocabulary_size
        if table is not None:
            found = table[wanted]
            hit = found >= 0
        else:
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
    model: SentenceModel, cand_long: np.ndarray, src_long: np.ndarray, exact: list[Run], settings: SentenceSeeding
) -> tuple[np.ndarray, np.ndarray]:
    """The (candidate sentence, source sentence) pairs to compare, both long enough: all of
    them up to ``max_pairs``; beyond, only pairs within ``reach`` sentences (in both texts)
    of a pair that an exact run links, so book-length texts cost time and memory linear in
    their length."""
    cand_rows, src_rows = np.flatnonzero(cand_long), np.flatnonzero(src_long)
    if len(cand_rows) * len(src_rows) <= settings.max_pairs:
        return np.repeat(cand_rows, len(src_rows)), np.tile(src_rows, len(cand_rows))
    if not exact:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    runs = np.array(exact, dtype=np.int64)
    cand_edges = np.concatenate((runs[:, 0], runs[:, 0] + runs[:, 2] - 1))  # first and last token of each run
    src_edges = np.concatenate((runs[:, 1], runs[:, 1] + runs[:, 3] - 1))
    linked_cand = np.searchsorted(model.cand_starts, cand_edges, "right") - 1
    linked_src = np.searchsorted(model.src_starts, src_edges, "right") - 1
    reach = np.arange(-settings.reach, settings.reach + 1)
    rows = (linked_cand[:, None, None] + reach[None, :, None]).repeat(len(reach), axis=2).ravel()
    columns = (linked_src[:, None, None] + reach[None, None, :]).repeat(len(reach), axis=1).ravel()
    inside = (rows >= 0) & (rows < len(cand_long)) & (columns >= 0) & (columns < len(src_long))
    rows, columns = rows[inside], columns[inside]
    keep = cand_long[rows] & src_long[columns]
    pairs = unique(rows[keep] * len(src_long) + columns[keep])
    return pairs // len(src_long), pairs % len(src_long)


NEIGHBOUR_SENTENCES = (2, 6)
"""How near (in sentences of the candidate, then of the source) another sentence seed must
lie, in the same order, for a paraphrase seed to count: a rewrite may merge or drop
sentences, and may summarise several source sentences into one."""


def _has_neighbour(cand_sentence: np.ndarray, src_sentence: np.ndarray) -> np.ndarray:
    """For each seed (cand_sentence[k], src_sentence[k]), ``cand_sentence`` strictly
    increasing: is another seed near it in the same order in both texts? (Seeds within
    ``near_cand`` candidate sentences lie within ``near_cand`` places of each other in the
    arrays.)"""
    near_cand, near_src = NEIGHBOUR_SENTENCES
    found = np.zeros(len(cand_sentence), dtype=bool)
    for shift in range(1, min(near_cand, len(cand_sentence) - 1) + 1):  # a longer shift pairs no seeds
        cand_step = cand_sentence[shift:] - cand_sentence[:-shift]
        src_step = src_sentence[shift:] - src_sentence[:-shift]
        near = (cand_step <= near_cand) & (src_step > 0) & (src_step <= near_src)
        found[shift:] |= near
        found[:-shift] |= near
    return found


def sentence_runs(
    cand: Tokens, src: Tokens, model: SentenceModel, exact: list[Run], settings: SentenceSeeding
) -> tuple[list[Run], set[Run]]:
    """Sentence seeds: each candidate sentence with its most similar (tf-idf cosine) source
    sentence, when cosine and Dice both exceed ``similarity``, or Dice exceeds
    ``paraphrase`` and cosine ``paraphrase_cosine`` and another seed lies near it
    (`NEIGHBOUR_SENTENCES`). Sentences shorter than ``min_words`` are skipped; above
    ``max_pairs`` pairs only those near exact runs are compared (`_pairs_to_compare`). Each
    seed spans its sentences' first to last shared word. Returns the seeds and those of
    them only the paraphrase thresholds admit."""
    strict = settings.similarity
    if strict is None:
        return [], set()
    if settings.paraphrase is None:
        dice_floor = cosine_floor = strict
    else:
        dice_floor, cosine_floor = min(strict, settings.paraphrase), min(strict, settings.paraphrase_cosine)
    cand_starts, src_starts = model.cand_starts, model.src_starts
    cand_long = cand_starts[1:] - cand_starts[:-1] >= settings.min_words  # (np.diff's overhead, on a few sentences)
    src_long = src_starts[1:] - src_starts[:-1] >= settings.min_words
    rows, columns = _pairs_to_compare(model, cand_long, src_long, exact, settings)
    if len(rows) == 0:
        return [], set()
    cand_sentence, src_sentence, cosine, dice = _best_pairs(model, rows, columns, cosine_floor, dice_floor)
    close = (cosine > strict) & (dice > strict)
    keep = close if close.all() else close | _has_neighbour(cand_sentence, src_sentence)
    runs, paraphrased = [], set()
    pairs = zip(cand_sentence[keep].tolist(), src_sentence[keep].tolist(), close[keep].tolist(), strict=True)
    for cand_at, src_at, similar in pairs:
        cand_from, cand_to = int(cand_starts[cand_at]), int(cand_starts[cand_at + 1])
        src_from, src_to = int(src_starts[src_at]), int(src_starts[src_at + 1])
        i0, i1 = _shared_bounds(cand.keys, cand_from, cand_to, set(src.keys[src_from:src_to]))
        j0, j1 = _shared_bounds(src.keys, src_from, src_to, set(cand.keys[cand_from:cand_to]))
        runs.append(Run(i0, j0, i1 - i0, j1 - j0))
        if not similar:
            paraphrased.add(runs[-1])
    return runs, paraphrased


def _best_pairs(
    model: SentenceModel, rows: np.ndarray, columns: np.ndarray, cosine_floor: float, dice_floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Of the sentence pairs (rows[k], columns[k]) whose tf-idf cosine exceeds
    ``cosine_floor`` and Dice ``dice_floor``, per candidate sentence the one of highest
    cosine, then the earliest source sentence: the candidate and source sentences (by
    candidate sentence), and their cosine and Dice."""
    if model.cand_counts is None or model.src_counts is None:  # the compiled core's model
        found = _seeding.sentence_pairs(model.cand_starts, model.cand_terms, model.src_starts, model.src_terms,
                                        model.idf, rows.astype(np.int64, copy=False),
                                        columns.astype(np.int64, copy=False), cosine_floor, dice_floor)
        cand_sentence, src_sentence = (np.frombuffer(a, dtype=np.int64) for a in found[:2])
        return cand_sentence, src_sentence, np.frombuffer(found[2]), np.frombuffer(found[3])
    cosine, dice = _pair_similarities(
        _vectors(model.cand_starts, model.cand_counts, model.idf),
        _vectors(model.src_starts, model.src_counts, model.idf),
        len(model.idf), rows, columns,
    )
    passing = np.flatnonzero((cosine > cosine_floor) & (dice > dice_floor))
    order = passing[np.lexsort((columns[passing], -cosine[passing], rows[passing]))]
    best = order[first_of_runs(rows[order])]
    return rows[best], columns[best], cosine[best], dice[best]


def _shared_bounds(keys: tuple[str, ...], lo: int, hi: int, other: set[str]) -> tuple[int, int]:
    """[lo, hi) narrowed to its first and last word found in ``other`` (which it has)."""
    while keys[lo] not in other:
        lo += 1
    while keys[hi - 1] not in other:
        hi -= 1
    return lo, hi
