"""Template passages: what a wire archive repeats with other names and numbers is not copy.

Wire stories are written from templates ("Fed said that banks' net free reserves averaged
... mln dlrs a day in the week ended ..."): two stories of one template share whole
passages, and a candidate written from the template finds them all, though it copied none.
What a copy shares besides is specific: its names and numbers, which the archive itself
says are rare. So, in a store large enough to be an archive, sources are ranked for alignment
by the specific seed n-grams they share with the candidate, and a source is reported only
when the passages it shares hold `RetrievalSettings.min_specific` of them. Specific:
held by at most ``rare_df`` archive stories (a story and its few repeats), or, for an
n-gram holding a number, at most ``number_df`` (a number shared in its words is a copied
fact; a template's numbers differ from one story to the next). A source whose short
passages hold numbers that mostly differ from the source's
(`is_template_instance`: "averaged 310 mln dlrs in the week to Wednesday February 25"
against "228 mln dlrs ... March 18", passage after passage) is another story of the
template, and is not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from reusecheck.analyzed import Analyzed, RetrievalSettings
from reusecheck.arrays import members, unique
from reusecheck.models import Passage
from reusecheck.scoring import Alignment, covered_mask
from reusecheck.seeds import RECENT_TEXTS, seed_hashes
from reusecheck.text import Tokens

# A source whose passages of fewer than TEMPLATE_WORDS candidate words hold at least
# TEMPLATE_NUMBERS numbers where its side has numbers between the same two words, fewer
# than TEMPLATE_AGREEMENT of them the same, is another story of a template (tuned on the shared republication workload and held to the
# synthetic Reuters benchmark: a copy keeps most of its numbers, an edited one too; long
# passages may bridge sentences from elsewhere).
TEMPLATE_WORDS = 60
TEMPLATE_NUMBERS = 3
TEMPLATE_AGREEMENT = 1 / 4


def seed_limits(settings: RetrievalSettings, candidate: Analyzed, seeds: np.ndarray, n: int) -> np.ndarray:
    """For each of the candidate's distinct ``seeds``, the most archive stories that may
    hold it while it is still specific: ``number_df`` for an n-gram holding a number,
    else ``rare_df``."""
    tokens = candidate.tokens
    hashes = seed_hashes(tokens, n)
    digits = numbers(tokens)
    numeric = np.zeros(len(hashes), dtype=bool)
    for offset in range(n):
        numeric |= digits[offset : offset + len(hashes)]
    with_numbers = unique(hashes[numeric])
    limits: np.ndarray = np.where(members(seeds, with_numbers), settings.number_df, settings.rare_df)
    return limits


def specific_seeds(settings: RetrievalSettings, candidate: Analyzed, seeds: np.ndarray, frequencies: np.ndarray,
                   n: int) -> np.ndarray:
    """Which of the candidate's distinct ``seeds`` are specific, given how many archive
    stories hold each (``frequencies``, in the same order): at most their `seed_limits`."""
    specific: np.ndarray = seeds[frequencies <= seed_limits(settings, candidate, seeds, n)]
    return specific


def shared_specific(source: Analyzed, specific: np.ndarray) -> int:
    """How many ``specific`` seeds of the candidate the source holds (anywhere)."""
    return int(members(specific, source.seeds).sum())


@lru_cache(maxsize=RECENT_TEXTS)
def numbers(tokens: Tokens) -> np.ndarray:
    """Per token: is it a number (its key holds a digit)? Kept for recent texts."""
    # a key of letters only holds no digit (letters and digits are distinct Unicode categories)
    return np.fromiter((not key.isalpha() and any(c.isdigit() for c in key) for key in tokens.keys), dtype=bool,
                       count=len(tokens))


def _number_slots(tokens: Tokens, start: int, end: int) -> dict[tuple[str, str], set[str]]:
    """The numbers (keys holding a digit) inside the character span, by their slot: the keys
    of the words before and after them."""
    first, last = int(np.searchsorted(tokens.starts, start)), int(np.searchsorted(tokens.ends, end, "right"))
    keys = tokens.keys
    slots: dict[tuple[str, str], set[str]] = {}
    for k in (first + np.flatnonzero(numbers(tokens)[first:last])).tolist():
        slot = (keys[k - 1] if k > 0 else "", keys[k + 1] if k + 1 < len(keys) else "")
        slots.setdefault(slot, set()).add(keys[k])
    return slots


def _short_numbers(passages: Sequence[Passage], alignment: Alignment) -> tuple[int, int]:
    """Over the passages shorter than `TEMPLATE_WORDS` candidate words: how many of the
    candidate's numbers stand in a slot (between the same two words) where the source's
    side has a number too, and how many of those the source's side has in that slot."""
    cand, src = alignment.candidate_tokens, alignment.source_tokens
    compared = agreed = 0
    for p in passages:
        words = np.searchsorted(cand.ends, p.candidate_end, "right") - np.searchsorted(cand.starts, p.candidate_start)
        if words >= TEMPLATE_WORDS:
            continue
        theirs = _number_slots(src, p.source_start, p.source_end)
        for slot, numbers in _number_slots(cand, p.candidate_start, p.candidate_end).items():
            if slot in theirs:
                compared += len(numbers)
                agreed += len(numbers & theirs[slot])
    return compared, agreed


def is_template_instance(passages: Sequence[Passage], alignment: Alignment) -> bool:
    """Whether the short ones among the passages hold `TEMPLATE_NUMBERS` numbers of the
    candidate in slots where the source has numbers too, fewer than `TEMPLATE_AGREEMENT` of
    them the same ("averaged 228 mln" against "averaged 310 mln")."""
    total, agreed = _short_numbers(passages, alignment)
    return total >= TEMPLATE_NUMBERS and agreed < TEMPLATE_AGREEMENT * total


def passage_specific(candidate: Analyzed, alignment: Alignment, source_seeds: np.ndarray, specific: np.ndarray,
                     n: int) -> int:
    """How many distinct ``specific`` seeds of the candidate lie wholly inside the
    alignment's passages and are held by the source (none when the source is another story
    of a template, `is_template_instance`)."""
    tokens = candidate.tokens
    hashes = seed_hashes(tokens, n)
    if not len(hashes):
        return 0
    if is_template_instance(alignment.passages, alignment):
        return 0  # the source is another story of the template
    covered = covered_mask(tokens, ((p.candidate_start, p.candidate_end) for p in alignment.passages))
    inside = np.ones(len(hashes), dtype=bool)
    for offset in range(n):
        inside &= covered[offset : offset + len(hashes)]
    held = unique(hashes[inside])
    held = held[members(held, specific)]
    return int(members(held, source_seeds).sum())
