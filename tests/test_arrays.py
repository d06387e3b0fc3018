"""The small-array helpers give what numpy's set functions give."""

from __future__ import annotations

import numpy as np
import pytest

from reusecheck.arrays import common, members, unique, unique_counts


@pytest.mark.parametrize("size", [0, 1, 2, 7, 300])
def test_same_as_numpy(size: int) -> None:
    rng = np.random.default_rng(size)
    for dtype in (np.int64, np.uint64):
        a = rng.integers(0, max(size // 2, 1), size).astype(dtype)
        b = rng.integers(0, max(size // 2, 1), size // 2 + 1).astype(dtype)
        assert np.array_equal(unique(a), np.unique(a))
        values, counts = unique_counts(a)
        expected_values, expected_counts = np.unique(a, return_counts=True)
        assert np.array_equal(values, expected_values) and np.array_equal(counts, expected_counts)
        assert np.array_equal(common(a, b), np.intersect1d(a, b))


def test_members_is_isin() -> None:
    """Compiled (seed hashes: uint64) and not: values small and across the whole 64 bits,
    empty arrays, int64 and strided arrays (numpy's path)."""
    rng = np.random.default_rng(3)
    for size in (0, 1, 5, 300):
        for top in (50, 2**64 - 1):
            ordered = np.unique(rng.integers(0, top, size, dtype=np.uint64, endpoint=True))
            values = np.concatenate((rng.integers(0, top, 40, dtype=np.uint64, endpoint=True), ordered[::3],
                                     np.array([0, 2**64 - 1], dtype=np.uint64)))
            for chosen in (values[:0], values[:1], values, np.sort(values)):  # sorted ones: one walk
                expected = np.isin(chosen, ordered)
                assert np.array_equal(members(chosen, ordered), expected)
                assert np.array_equal(members(chosen, ordered, compiled=False), expected)
            assert np.array_equal(members(values[::2], ordered), np.isin(values[::2], ordered))
            signed = ordered.astype(np.int64)
            assert np.array_equal(members(values.astype(np.int64), np.sort(signed)),
                                  np.isin(values.astype(np.int64), signed))
