"""Book-length texts: an edited copy of a long real text aligns as one passage with
sentence comparisons bounded (issue 15 item 1: memory was quadratic in sentences).

Time and peak memory are measured by benchmarks/long_pairs.py, not here."""

from __future__ import annotations

import random
import re
import sys

import numpy as np
import pytest
from helpers import ROOT, shared_path

from reusecheck import seeds as seeds_module
from reusecheck.align import AlignSettings, align
from reusecheck.fingerprint import ngram_hashes
from reusecheck.seeds import exact_runs, seed_pairs, sentence_model
from reusecheck.text import Tokenizer

TOKENIZER = Tokenizer()


@pytest.fixture(scope="module")
def long_pair() -> tuple[str, str]:
    """Reuters-21578 bodies joined to about 300,000 characters, and a copy with one word in
    nine replaced by another word of the text (as the issue's reproducer)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from long_pairs import edited, long_text  # the benchmark's own pair, smaller

    shared_path("bench", "reuters-21578")
    source = long_text(300_000)
    return edited(source), source


@pytest.mark.slow
def test_edited_copy_of_a_long_text_is_one_passage_with_bounded_comparisons(long_pair: tuple[str, str]) -> None:
    candidate, source = long_pair
    settings = AlignSettings()
    cand, src = TOKENIZER.tokenize(candidate), TOKENIZER.tokenize(source)
    model = sentence_model(candidate, cand, source, src)
    sentences = len(model.cand_starts) - 1
    assert sentences * (len(model.src_starts) - 1) > settings.max_sentence_pairs  # the bounded case
    [passage] = align(candidate, cand, source, src, settings)
    assert passage.candidate_start == 0 and passage.candidate_end >= len(candidate.rstrip()) - 1
    assert passage.source_start == 0 and passage.kind == "edited"
    # The pairs compared grow with the exact runs, not with the product of the sentence counts.
    exact = exact_runs(*seed_pairs(ngram_hashes(cand.ids, 3), ngram_hashes(src.ids, 3), settings.max_seed_repeats), 3)
    clong = np.diff(model.cand_starts) >= settings.sentence_min_words
    slong = np.diff(model.src_starts) >= settings.sentence_min_words
    rows, _ = seeds_module._pairs_to_compare(model, clong, slong, exact, settings.sentence_seeding)
    assert len(rows) <= 2 * 9 * len(exact)
    assert 20 * len(rows) < sentences * (len(model.src_starts) - 1)


def test_the_neighbour_rule_is_the_pairwise_definition() -> None:
    rng = random.Random(3)
    near_c, near_s = seeds_module.NEIGHBOUR_SENTENCES
    for _ in range(200):
        ci = np.array(sorted(rng.sample(range(60), rng.randint(0, 25))), dtype=np.int64)
        sj = np.array([rng.randint(0, 40) for _ in ci], dtype=np.int64)
        expected = [
            any(0 < (ci[m] - ci[k]) * np.sign(sj[m] - sj[k]) and abs(ci[m] - ci[k]) <= near_c and abs(sj[m] - sj[k]) <= near_s
                for m in range(len(ci)) if m != k)
            for k in range(len(ci))
        ]
        assert seeds_module._has_neighbour(ci, sj).tolist() == expected


@pytest.mark.slow
def test_words_edited_in_a_long_copy_are_the_only_gaps(long_pair: tuple[str, str]) -> None:
    """Every word of the copy lies inside the passage: the chaining of tens of thousands of
    runs (and spurious ones from repeated phrases) loses none of it."""
    candidate, source = long_pair
    [passage] = align(candidate, TOKENIZER.tokenize(candidate), source, TOKENIZER.tokenize(source))
    words = [m.start() for m in re.finditer(r"\w+", candidate)]
    assert all(passage.candidate_start <= w < passage.candidate_end for w in words)
