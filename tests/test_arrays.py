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
    rng = np.random.default_rng(3)
    for size in (0, 1, 5, 300):
        ordered = np.unique(rng.integers(0, 50, size).astype(np.uint64))
        values = rng.integers(0, 60, 40).astype(np.uint64)
        assert (members(values, ordered) == np.isin(values, ordered)).all()
