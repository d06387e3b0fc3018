"""Shared word n-grams found by one sorted lookup give what hashing every text and ``np.isin`` give."""

from __future__ import annotations

import numpy as np
import pytest

from reusecheck.fingerprint import held_ngrams, ngram_hashes, words_in_runs


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_held_ngrams_is_isin_over_each_text(n: int) -> None:
    rng = np.random.default_rng(n)
    for trial in range(40):
        ids = rng.integers(0, 6, int(rng.integers(0, 40))).astype(np.uint64)
        # texts of every length (none, shorter than n, longer), drawn from the same few words
        texts = [rng.integers(0, 6, int(rng.integers(0, 30))).astype(np.uint64) for _ in range(int(rng.integers(0, 5)))]
        theirs = np.concatenate([ngram_hashes(t, n) for t in texts] or [np.zeros(0, np.uint64)])
        expected = np.isin(ngram_hashes(ids, n), theirs)
        assert np.array_equal(held_ngrams(ids, texts, n), expected), trial


def test_runs_that_straddle_two_texts_are_not_held() -> None:
    ids = np.array([1, 2, 3, 4], dtype=np.uint64)
    assert not held_ngrams(ids, [np.array([1, 2], dtype=np.uint64), np.array([3, 4], dtype=np.uint64)], 3).any()
    assert held_ngrams(ids, [np.array([9, 2, 3, 4], dtype=np.uint64)], 3).tolist() == [False, True]


def test_words_in_runs_marks_every_word_of_a_marked_run() -> None:
    rng = np.random.default_rng(0)
    for length in (0, 1, 2, 3, 10, 50):
        marked = rng.random(max(length - 2, 0)) < 0.2
        expected = np.zeros(length, dtype=bool)
        for k in np.flatnonzero(marked):
            expected[k : k + 3] = True
        assert np.array_equal(words_in_runs(marked, 3, length), expected)
