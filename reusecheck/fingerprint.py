"""Hashed word n-grams: the fingerprints that seed alignment and retrieval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

try:  # the compiled core of seeding (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:  # pragma: no cover - no compiler where it was installed: numpy, the same hashes
    _seeding = None  # type: ignore[assignment]

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def ngram_hashes(ids: np.ndarray, n: int, compiled: bool = True) -> np.ndarray:
    """64-bit hashes of every run of ``n`` consecutive token ids (``len(ids) - n + 1`` of them).

    Position ``i`` of the result hashes ``ids[i:i + n]``; order matters. Arithmetic wraps
    modulo 2**64, and a final mix spreads the bits so that hashes can be bucketed by
    their low bits. ``compiled``: by the compiled core where it is built (the same hashes).
    """
    core = _seeding if compiled and ids.dtype == np.uint64 and n >= 1 else None
    if core is not None:
        return np.frombuffer(core.ngram_hashes(np.ascontiguousarray(ids), n), dtype=np.uint64)
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = ids[:count].copy()
        for k in range(1, n):
            h = h * _MULTIPLIER + ids[k : k + count]
        h ^= h >> np.uint64(30)
        h *= _MIX1
        h ^= h >> np.uint64(27)
        h *= _MIX2
        h ^= h >> np.uint64(31)
    return h


def held_ngrams(ids: np.ndarray, texts: Sequence[np.ndarray], n: int, compiled: bool = True) -> np.ndarray:
    """Per run of ``n`` tokens of ``ids`` (in `ngram_hashes` order): does any of ``texts``
    (token id arrays) hold it? The same as ``np.isin(ngram_hashes(ids, n), theirs)`` with
    ``theirs`` every text's hashes: the texts are hashed joined, without the runs that
    straddle two of them, and sorted once; the compiled core (``compiled``, where it is
    built) puts them in a hash table instead."""
    core = _seeding if compiled and n >= 1 and all(t.dtype == np.uint64 for t in (ids, *texts)) else None
    if core is not None:
        joined = np.concatenate(texts) if len(texts) else np.zeros(0, dtype=np.uint64)
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        return np.frombuffer(core.held_ngrams(np.ascontiguousarray(ids), joined, lengths, n), dtype=bool)
    runs = ngram_hashes(ids, n, compiled=False)
    if not len(runs) or not any(len(t) >= n for t in texts):
        return np.zeros(len(runs), dtype=bool)
    theirs = _sorted_ngrams(tuple(texts), n)
    held: np.ndarray = theirs[np.minimum(np.searchsorted(theirs, runs), len(theirs) - 1)] == runs
    return held


_RECENT_JOINED = 8
_joined: dict[tuple[int, tuple[int, ...]], tuple[tuple[np.ndarray, ...], np.ndarray]] = {}


def _sorted_ngrams(texts: tuple[np.ndarray, ...], n: int) -> np.ndarray:
    """The sorted hashes of the texts' ``n``-grams, without runs that straddle two texts;
    kept for the latest sets of texts (a candidate's sources are asked for several sizes,
    one of them twice). The arrays are kept with them: their ids stay theirs."""
    key = (n, tuple(map(id, texts)))
    if key in _joined:
        return _joined[key][1]
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    joined = ngram_hashes(np.concatenate(texts), n, compiled=False)
    # a run is one text's when its first and last tokens are of the same text
    text_of = np.repeat(np.arange(len(texts)), lengths)
    theirs = np.sort(joined[text_of[: len(joined)] == text_of[n - 1 :]])
    if len(_joined) >= _RECENT_JOINED:
        del _joined[next(iter(_joined))]
    _joined[key] = (texts, theirs)
    return theirs


def words_in_runs(runs: np.ndarray, n: int, length: int) -> np.ndarray:
    """Per token of a text of ``length`` tokens: does it lie in one of the marked runs of
    ``n`` tokens (``runs``: a mask over its runs, in `ngram_hashes` order)?"""
    inside = np.zeros(length, dtype=bool)
    for offset in range(n):
        inside[offset : offset + len(runs)] |= runs
    return inside

