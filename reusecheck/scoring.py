"""Scorers: named numbers for a candidate-source match, and the built-in ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from reusecheck.models import Document, Passage
from reusecheck.text import Tokens


@dataclass(frozen=True)
class Alignment:
    """What a scorer sees: both documents, their tokens and the passages found."""

    candidate: Document
    source: Document
    candidate_tokens: Tokens
    source_tokens: Tokens
    passages: Sequence[Passage]


@dataclass(frozen=True)
class Scorer:
    """A named score. ``score`` maps an :class:`Alignment` to a float in ``unit``."""

    name: str
    score: Callable[[Alignment], float]
    description: str = ""
    unit: str = "share of 0..1"


def covered_mask(tokens: Tokens, spans: Iterable[tuple[int, int]]) -> np.ndarray:
    """Per token: does it lie inside one of the character ``spans``? (Tokens are in text
    order, so those inside a span are a range of them.)"""
    inside = np.zeros(len(tokens), dtype=bool)
    starts, ends = tokens.starts, tokens.ends
    for start, end in spans:
        inside[starts.searchsorted(start) : ends.searchsorted(end, "right")] = True
    return inside


def covered_share(tokens: Tokens, spans: list[tuple[int, int]]) -> float:
    """Share of ``tokens`` lying inside the character ``spans`` (0 for an empty text)."""
    if len(tokens) == 0:
        return 0.0
    return round(int(np.count_nonzero(covered_mask(tokens, spans))) / len(tokens), 4)  # the mean, counted
