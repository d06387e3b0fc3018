"""Passages of different sources that claim the same candidate words.

Alignment runs one source at a time, and a passage may bridge a short stretch it does not
share (an edit) — or a stretch copied from another source: in a listing of TV times or
products, one source's passage can run straight over the lines taken from its neighbour,
and that neighbour is then dropped as "already covered". `contested` finds, for each
source, the candidate words inside its passages that another source's passages hold and
explain better (they lie in word n-grams shared with that other source and not with this
one); the engine aligns such a source again with those words cut out, so its passages
stop where the other source's copy begins.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reusecheck.arrays import members
from reusecheck.fingerprint import words_in_runs
from reusecheck.retrieve import Analyzed
from reusecheck.scoring import Alignment, covered_mask
from reusecheck.seeds import seed_hashes


def explained(candidate: Analyzed, source: Analyzed, n: int) -> np.ndarray:
    """Per candidate token: does it lie in a word n-gram the source shares?"""
    tokens = candidate.tokens
    return words_in_runs(members(seed_hashes(tokens, n), source.seeds), n, len(tokens))


def _runs(tokens_mask: np.ndarray, candidate: Analyzed) -> list[tuple[int, int]]:
    """Character spans of the runs of consecutive true tokens."""
    spans: list[tuple[int, int]] = []
    positions = np.flatnonzero(tokens_mask)
    if not len(positions):
        return spans
    breaks = np.flatnonzero(np.diff(positions) > 1)
    for lo, hi in zip(np.r_[0, breaks + 1], np.r_[breaks, len(positions) - 1], strict=True):
        spans.append((int(candidate.tokens.starts[positions[lo]]), int(candidate.tokens.ends[positions[hi]])))
    return spans


def contested(
    candidate: Analyzed, sources: Sequence[Analyzed], alignments: Sequence[Alignment], n: int
) -> dict[str, list[tuple[int, int]]]:
    """Source id -> candidate spans its passages cover but another source explains better."""
    if len(alignments) < 2:
        return {}
    by_id = {s.document.id: s for s in sources}
    held = {a.source.id: covered_mask(candidate.tokens, ((p.candidate_start, p.candidate_end) for p in a.passages))
            for a in alignments}
    shares = {a.source.id: explained(candidate, by_id[a.source.id], n) for a in alignments}
    found: dict[str, list[tuple[int, int]]] = {}
    for mine in held:
        lost = np.zeros(len(candidate.tokens), dtype=bool)
        for other in held:
            if other != mine:
                lost |= held[mine] & held[other] & shares[other] & ~shares[mine]
        if lost.any():
            found[mine] = _runs(lost, candidate)
    return found
