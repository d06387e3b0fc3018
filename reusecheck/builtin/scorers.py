"""Built-in scorers: containment, coverage and longest passage."""

from __future__ import annotations

from collections.abc import Callable

import reusecheck
from reusecheck.scoring import Alignment, Scorer, covered_share


def containment(alignment: Alignment) -> float:
    """Share of the candidate's words inside passages from this source."""
    spans = [(p.candidate_start, p.candidate_end) for p in alignment.passages]
    return covered_share(alignment.candidate_tokens, spans)


def coverage(alignment: Alignment) -> float:
    """Share of the source's words reused in the candidate."""
    spans = [(p.source_start, p.source_end) for p in alignment.passages]
    return covered_share(alignment.source_tokens, spans)


def longest(alignment: Alignment) -> float:
    """Length of the longest passage, in candidate characters."""
    return max((p.candidate_end - p.candidate_start for p in alignment.passages), default=0)


@reusecheck.hookimpl
def reusecheck_register_scorers(register: Callable[[Scorer], None]) -> None:
    register(Scorer("containment", containment, "share of the candidate's words inside passages from this source"))
    register(Scorer("coverage", coverage, "share of the source's words reused in the candidate"))
    register(Scorer("longest", longest, "longest passage", unit="characters of the candidate"))
