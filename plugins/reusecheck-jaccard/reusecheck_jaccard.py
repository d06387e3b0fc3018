"""A reusecheck scorer plugin: Jaccard similarity of the two texts' word 3-gram sets."""

from __future__ import annotations

from collections.abc import Callable

import reusecheck


def _shingles(keys: tuple[str, ...], n: int = 3) -> set[tuple[str, ...]]:
    return {keys[i : i + n] for i in range(len(keys) - n + 1)}


def jaccard(alignment: reusecheck.Alignment) -> float:
    """|A ∩ B| / |A ∪ B| of the normalized word 3-grams of candidate and source (0 when both are empty)."""
    a = _shingles(alignment.candidate_tokens.keys)
    b = _shingles(alignment.source_tokens.keys)
    union = len(a | b)
    return round(len(a & b) / union, 4) if union else 0.0


@reusecheck.hookimpl
def reusecheck_register_scorers(register: Callable[[reusecheck.Scorer], None]) -> None:
    register(reusecheck.Scorer("jaccard", jaccard, "Jaccard similarity of the word 3-gram sets of both texts"))
