"""Sorted distinct values of small integer arrays, cheaper than ``np.unique``.

The engine calls these many times per candidate on arrays of a few hundred values, where
``np.unique``'s own overhead dominates (and its first call imports ``numpy.ma``). Values are
sorted with numpy's default (unstable, vectorised) sort: equal values are alike, and a stable
sort of 64-bit values is several times slower.
"""

from __future__ import annotations

import numpy as np

try:  # the compiled core of the check path (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:
    _seeding = None  # type: ignore[assignment]


def first_of_runs(ordered: np.ndarray) -> np.ndarray:
    """Mask of the first of each run of equal values in a sorted array."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    first[1:] = ordered[1:] != ordered[:-1]
    return first


def unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique(values)`` for a 1-d array)."""
    ordered = np.sort(values)
    distinct: np.ndarray = ordered[first_of_runs(ordered)]
    return distinct


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs."""
    ordered = np.sort(values)
    starts = np.flatnonzero(first_of_runs(ordered))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The distinct values found in both arrays, sorted (``np.intersect1d(a, b)``)."""
    both = np.concatenate((unique(a), unique(b)))
    both.sort()
    shared: np.ndarray = both[1:][both[1:] == both[:-1]]
    return shared


def members(values: np.ndarray, ordered: np.ndarray, compiled: bool = True) -> np.ndarray:
    """Per value: is it in ``ordered`` (sorted)? (``np.isin(values, ordered)``.) Seed hashes
    (uint64) are looked up by the compiled core where it is built and ``compiled`` (the same
    answers without numpy's overhead on a few hundred values)."""
    if compiled and _seeding is not None and values.dtype == ordered.dtype == np.uint64 \
            and values.flags.c_contiguous and ordered.flags.c_contiguous:
        return np.frombuffer(_seeding.members(values, ordered), dtype=bool)
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: np.ndarray = ordered[at] == values
    return found
