"""Hashed word n-grams: the fingerprints that seed alignment and retrieval."""

from __future__ import annotations

import numpy as np

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def ngram_hashes(ids: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every run of ``n`` consecutive token ids (``len(ids) - n + 1`` of them).

    Position ``i`` of the result hashes ``ids[i:i + n]``; order matters. Arithmetic wraps
    modulo 2**64, and a final mix spreads the bits so that hashes can be bucketed by
    their low bits.
    """
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


def words_in_shared_ngrams(ids: np.ndarray, theirs: np.ndarray, n: int) -> np.ndarray:
    """Per token: does it lie in a run of ``n`` tokens whose hash is in ``theirs``?"""
    shared = np.isin(ngram_hashes(ids, n), theirs)
    inside = np.zeros(len(ids), dtype=bool)
    for offset in range(n):
        inside[offset : offset + len(shared)] |= shared
    return inside
