"""Alignment of paraphrased copy: paraphrase sentence seeds, their neighbour rule, the
rule for bridging long gaps, and the bound on sentence comparisons."""

from __future__ import annotations

from reusecheck.align import AlignSettings, align
from reusecheck.models import Passage
from reusecheck.text import Tokenizer

TOKENIZER = Tokenizer()

SOURCE = (
    "The city council voted on Monday to close the old library on Main Street next spring. "
    "Council members said the building needed repairs that the city could not afford this year. "
    "The collection will move to a new branch near the central bus station by the end of March. "
    "Librarians told residents that the children's reading room would reopen in the new branch. "
    "A group of parents has started a petition asking the council to keep the old building open. "
)
# The first four sentences reworded: synonyms, reordering, no shared run of eight words.
PARAPHRASE = (
    "On Monday the municipal council agreed to shut the old library downtown when spring comes. "
    "Members of the council argued that repairs to the building were needed and the town lacked money this year. "
    "By the end of March its books are going to a new branch close to the central station for buses. "
    "Residents heard from librarians that the room for reading by children would come back in the branch. "
)
OTHER = (
    "Heavy snow fell across the region overnight, and schools in three districts stayed closed while "
    "road crews worked through the night to clear the highways before the morning rush. "
)

FIRST = (
    "Shares of the regional carrier fell sharply on Tuesday after the company cut its forecast for the year, "
    "citing higher fuel costs and weaker demand on its routes to the coast. "
)
SKIPPED = (
    "Analysts at two banks lowered their price targets and said the airline would struggle to fill "
    "its new planes before the summer season begins in June. "
)
REWRITTEN = (
    "Two banks' analysts cut their price targets, saying the airline would find it hard to fill "
    "its new planes before the summer season starts in June. "
)
LAST = (
    "The chief executive told reporters that the board would review the fleet plan at a meeting next month "
    "and that no jobs would be cut before the end of the year. "
)


def run(candidate: str, source: str, settings: AlignSettings | None = None) -> list[Passage]:
    return align(candidate, TOKENIZER.tokenize(candidate), source, TOKENIZER.tokenize(source), settings)


def test_paraphrased_sentences_in_a_row_make_one_passage() -> None:
    [passage] = run(PARAPHRASE, SOURCE)
    assert (passage.candidate_start, passage.candidate_end) == (0, len(PARAPHRASE.rstrip()) - 1)
    assert passage.source_start == 0
    assert SOURCE[passage.source_end :].startswith(". A group of parents")  # the fifth sentence was not reused
    assert passage.kind == "edited" and passage.similarity < 0.5


def test_without_paraphrase_seeds_the_rewrite_is_missed() -> None:
    assert run(PARAPHRASE, SOURCE, AlignSettings(paraphrase_similarity=None)) == []


def test_a_lone_loosely_similar_sentence_is_not_reuse() -> None:
    lone = OTHER + PARAPHRASE.split(". ")[0] + ". " + OTHER
    assert run(lone, SOURCE) == []


def test_long_gap_of_other_material_is_not_bridged() -> None:
    passages = run(FIRST + OTHER + LAST, FIRST + SKIPPED + LAST)
    assert [(p.candidate_start, p.source_start) for p in passages] == [(0, 0), (len(FIRST + OTHER), len(FIRST + SKIPPED))]
    assert all(p.kind == "verbatim" for p in passages)
    # Inserted material with nothing skipped in the source: two passages as well.
    assert len(run(FIRST + OTHER + LAST, FIRST + LAST)) == 2


def test_long_gap_that_rewrites_the_skipped_text_is_bridged() -> None:
    [passage] = run(FIRST + REWRITTEN + LAST, FIRST + SKIPPED + LAST)
    assert (passage.candidate_start, passage.source_start) == (0, 0)
    assert passage.source_end == len((FIRST + SKIPPED + LAST).rstrip()) - 1  # up to the last word


def test_gap_similarity_zero_bridges_any_gap_of_similar_size() -> None:
    [passage] = run(FIRST + OTHER + LAST, FIRST + SKIPPED + LAST, AlignSettings(gap_similarity=0.0))
    assert passage.candidate_start == 0 and passage.candidate_end == len((FIRST + OTHER + LAST).rstrip()) - 1


def test_above_the_sentence_pair_bound_only_sentences_next_to_exact_runs_are_compared() -> None:
    bounded = AlignSettings(max_sentence_pairs=3, sentence_reach=0)
    [passage] = run(PARAPHRASE, SOURCE, bounded)
    start, end = passage.candidate_start, passage.candidate_end
    assert 0 < start and end < len(PARAPHRASE.rstrip()) - 1  # only part of the rewrite


def test_copied_sentences_do_not_chain_across_other_material_between_them() -> None:
    """Copied sentence A, filler, copied B, a sentence from another story, copied D (the
    source skips two sentences between B and D): three passages, none spanning the filler
    or the other story's sentence (close sentence seeds never chain across long gaps)."""
    filler = "Heavy snow fell across the region overnight, and schools in three districts stayed closed. "
    foreign = ("The central bank left its main interest rate unchanged on Tuesday and said inflation "
               "would stay close to its target for the rest of the year. ")
    fourth = ("The company said it expected to return to profit in the second half, when it will add flights "
              "to three new destinations in the south and retire its oldest aircraft. ")
    skipped = SKIPPED + "It also said that fuel hedges would expire in the autumn. "
    candidate = FIRST + filler + LAST + foreign + fourth
    passages = run(candidate, FIRST + LAST + skipped + fourth)
    assert [(p.candidate_start, p.source_start) for p in passages] == [
        (0, 0), (len(FIRST + filler), len(FIRST)), (len(FIRST + filler + LAST + foreign), len(FIRST + LAST + skipped))
    ]
