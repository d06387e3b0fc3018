"""Built-in scorers: containment, coverage, longest passage, and containment of quoted
speech and of narrative apart."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import reusecheck
from reusecheck.quotes import quoted_mask
from reusecheck.scoring import Alignment, Scorer, covered_mask, covered_share


def containment(alignment: Alignment) -> float:
    """Share of the candidate's words inside passages from this source."""
    spans = [(p.candidate_start, p.candidate_end) for p in alignment.passages]
    return covered_share(alignment.candidate_tokens, spans)


def coverage(alignment: Alignment) -> float:
    """Share of the source's words reused in the candidate."""
    spans = [(p.source_start, p.source_end) for p in alignment.passages]
    return covered_share(alignment.source_tokens, spans)


def _containment_where(alignment: Alignment, quoted: bool) -> float:
    tokens = alignment.candidate_tokens
    chosen = quoted_mask(alignment.candidate.text, tokens)
    if not quoted:
        chosen = ~chosen
    if not chosen.any():
        return 0.0
    inside = covered_mask(tokens, ((p.candidate_start, p.candidate_end) for p in alignment.passages))
    return round(float(np.count_nonzero(inside & chosen) / np.count_nonzero(chosen)), 4)


def quoted(alignment: Alignment) -> float:
    """Share of the candidate's quoted words (inside quotation marks) inside passages."""
    return _containment_where(alignment, quoted=True)


def narrative(alignment: Alignment) -> float:
    """Share of the candidate's words outside quotations inside passages."""
    return _containment_where(alignment, quoted=False)


def longest(alignment: Alignment) -> float:
    """Length of the longest passage, in candidate characters."""
    return max((p.candidate_end - p.candidate_start for p in alignment.passages), default=0)


@reusecheck.hookimpl
def reusecheck_register_scorers(register: Callable[[Scorer], None]) -> None:
    register(Scorer("containment", containment, "share of the candidate's words inside passages from this source"))
    register(Scorer("coverage", coverage, "share of the source's words reused in the candidate"))
    register(Scorer("longest", longest, "longest passage", unit="characters of the candidate"))
    register(Scorer("quoted", quoted, "share of the candidate's quoted words inside passages from this source"))
    register(Scorer("narrative", narrative, "share of the candidate's words outside quotations inside passages"))
