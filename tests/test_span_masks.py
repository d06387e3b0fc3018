"""`covered_mask` and `quoted_mask` find the tokens inside spans by searching the token
offsets; they give what testing every token against every span gives, on real news, and
`covered_share` the rounded mean of the mask."""

from __future__ import annotations

import random

import numpy as np
from helpers import CORPUS, read, shared_path

from reusecheck.quotes import quoted_mask, quoted_spans
from reusecheck.scoring import covered_mask, covered_share
from reusecheck.text import Tokenizer, Tokens

TOKENIZER = Tokenizer()


def inside_any(tokens: Tokens, spans: list[tuple[int, int]]) -> np.ndarray:
    """The definition: a token starting at or after a span's start and ending by its end."""
    inside = np.zeros(len(tokens), dtype=bool)
    for start, end in spans:
        inside |= (tokens.starts >= start) & (tokens.ends <= end)
    return inside


def texts() -> list[str]:
    meter = sorted(shared_path("eval", "meter-dev", "newspapers").rglob("*.txt"))[::8]
    return [read(path) for path in sorted(CORPUS.glob("*.txt"))] + [
        path.read_bytes().decode("cp1252", errors="replace") for path in meter] + [
        "", "no quotes here", '"open and never closed', "“One.” “Two” and ‘three’ said 'he'.\n\n“Four",
    ]


def test_the_masks_are_their_definitions_on_real_news() -> None:
    rng = random.Random(5)
    quoted = 0
    for text in texts():
        tokens = TOKENIZER.tokenize(text)
        spans = list(quoted_spans(text))
        quoted += len(spans)
        assert np.array_equal(quoted_mask(text, tokens), inside_any(tokens, spans))
        for _ in range(5):  # overlapping, unordered, empty and off-token spans
            chosen = []
            for _ in range(rng.randint(0, 6)):
                a = rng.randint(0, len(text))
                chosen.append((a, a + rng.randint(-3, 400)))
            assert np.array_equal(covered_mask(tokens, chosen), inside_any(tokens, chosen))
            if len(tokens):  # the share, as Python rounds the mean (numpy's round of a float64 can differ)
                share = covered_share(tokens, chosen)
                assert type(share) is float and share == round(float(inside_any(tokens, chosen).mean()), 4)
            edges = [(int(tokens.starts[k]), int(tokens.ends[k])) for k in range(len(tokens))]
            if edges:
                picked = sorted(rng.sample(edges, min(4, len(edges))))
                exact = [(picked[0][0], picked[-1][1]), (picked[1 % len(picked)][0] + 1, picked[-1][1] - 1)]
                assert np.array_equal(covered_mask(tokens, exact), inside_any(tokens, exact))
    assert quoted > 50  # real quotations were tried
