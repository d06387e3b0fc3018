"""Contract tests over every registered scorer, and the built-in scorers' values."""

from __future__ import annotations

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.align import align
from reusecheck.models import Document
from reusecheck.plugins import load_plugins
from reusecheck.scoring import Alignment, Scorer
from reusecheck.text import Tokenizer

TOKENIZER = Tokenizer()
SCORERS = load_plugins().scorers


def alignment_of(candidate: str, source: str) -> Alignment:
    tc, ts = TOKENIZER.tokenize(candidate), TOKENIZER.tokenize(source)
    return Alignment(Document("c", candidate), Document("s", source), tc, ts, align(candidate, tc, source, ts))


IDENTICAL = alignment_of(read(REUTERS), read(REUTERS))
DISJOINT = alignment_of(
    "The quick brown fox jumps over the lazy dog near the river bank again today.",
    "Stock markets rallied sharply as investors cheered strong quarterly earnings reports.",
)
FOUNDING = alignment_of(read(REPUBLISHED), read(REUTERS))


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scorer_contract(name: str) -> None:
    scorer: Scorer = SCORERS[name]
    assert scorer.description and scorer.unit
    assert scorer.score(DISJOINT) == 0
    founding = scorer.score(FOUNDING)
    assert founding > 0  # the founding pair reuses 12 of 17 paragraphs
    assert scorer.score(alignment_of(read(REPUBLISHED), read(REUTERS))) == founding  # deterministic
    if scorer.unit.startswith("share"):
        assert 0.0 <= scorer.score(FOUNDING) <= 1.0
        assert scorer.score(IDENTICAL) == 1.0


def test_containment_and_coverage_of_the_founding_pair() -> None:
    containment = SCORERS["containment"].score(FOUNDING)
    coverage = SCORERS["coverage"].score(FOUNDING)
    # 12 of 17 body paragraphs copied; the Kremlin paragraph and byline of the source are not reused
    assert 0.6 < containment < 0.8
    assert 0.75 < coverage < 0.95


def test_longest_is_the_longest_passage_in_characters() -> None:
    assert SCORERS["longest"].score(FOUNDING) == max(p.candidate_end - p.candidate_start for p in FOUNDING.passages)
    assert SCORERS["longest"].score(IDENTICAL) == IDENTICAL.passages[0].candidate_end - IDENTICAL.passages[0].candidate_start
