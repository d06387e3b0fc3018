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
# The same short passages holding at least TEMPLATE_NAMES of the candidate's names and
# numbers (capitalised words that do not open a sentence, words holding a digit), fewer than
# NAME_AGREEMENT of them on the source's side, tell another story in the template's words
# ("Industrial Equity said it acquired 969,515 shares of Triton Oil Corp" against "...
# increased its stake in Smith International Inc to 3,997,100 shares"): a copy keeps them.
TEMPLATE_NAMES = 4
NAME_AGREEMENT = 1 / 2


def seed_limits(settings: RetrievalSettings, candidate: Analyzed, seeds: np.ndarray, n: int) -> np.ndarray:
    """For each of the candidate's distinct ``seeds``, the most archive stories that may
    hold it while it is still specific: ``number_df`` for an n-gram holding a number,
    else ``rare_df``."""
    limits: np.ndarray = np.where(members(seeds, numeric_seeds(candidate, n)), settings.number_df, settings.rare_df)
    return limits


def numeric_seeds(candidate: Analyzed, n: int) -> np.ndarray:
    """The candidate's distinct seeds holding a number, sorted."""
    tokens = candidate.tokens
    hashes = seed_hashes(tokens, n)
    digits = numbers(tokens)
    numeric = np.zeros(len(hashes), dtype=bool)
    for offset in range(n):
        numeric |= digits[offset : offset + len(hashes)]
    return unique(hashes[numeric])


def specific_seeds(settings: RetrievalSettings, candidate: Analyzed, seeds: np.ndarray, frequencies: np.ndarray,
                   n: int) -> np.ndarray:
    """Which of the candidate's distinct ``seeds`` are specific, given how many archive
    stories hold each (``frequencies``, in the same order): at most their `seed_limits`."""
    specific: np.ndarray = seeds[frequencies <= seed_limits(settings, candidate, seeds, n)]
    return specific


def shared_specific(source: Analyzed, specific: np.ndarray) -> int:
    """How many ``specific`` seeds of the candidate the source holds (anywhere)."""
    return int(np.count_nonzero(members(specific, source.seeds)))


class _KeysWithDigits(dict[str, bool]):
    """Per key met: does it hold a digit? (Keys repeat across texts: each is tested once.)"""

    def __missing__(self, key: str) -> bool:
        # a key of letters only holds no digit (letters and digits are distinct Unicode categories)
        found = self[key] = not key.isalpha() and any(c.isdigit() for c in key)
        return found


_HOLDS_DIGIT = _KeysWithDigits()


@lru_cache(maxsize=RECENT_TEXTS)
def numbers(tokens: Tokens) -> np.ndarray:
    """Per token: is it a number (its key holds a digit)? Kept for recent texts."""
    return np.fromiter(map(_HOLDS_DIGIT.__getitem__, tokens.keys), dtype=bool, count=len(tokens))


def _number_slots(tokens: Tokens, start: int, end: int) -> dict[tuple[str, str], set[str]]:
    """The numbers (keys holding a digit) inside the character span, by their slot: the keys
    of the words before and after them."""
    first, last = int(tokens.starts.searchsorted(start)), int(tokens.ends.searchsorted(end, "right"))
    keys = tokens.keys
    slots: dict[tuple[str, str], set[str]] = {}
    for k in range(first, last):
        if _HOLDS_DIGIT[keys[k]]:
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


def _names(text: str, tokens: Tokens, start: int, end: int) -> list[int]:
    """The names and numbers inside the character span (token positions): words holding a
    digit, and capitalised words that do not open a sentence."""
    first, last = int(np.searchsorted(tokens.starts, start)), int(np.searchsorted(tokens.ends, end, "right"))
    digits, starts, ends = numbers(tokens), tokens.starts, tokens.ends
    return [k for k in range(first, last)
            if digits[k] or (k > 0 and text[starts[k]].isupper() and not any(c in ".!?" for c in text[ends[k - 1]:starts[k]]))]


def _short_names(passages: Sequence[Passage], alignment: Alignment, n: int) -> tuple[int, int]:
    """Over the passages shorter than `TEMPLATE_WORDS` candidate words: how many names and
    numbers of the candidate they hold, and how many of those the source holds on its side
    of the passage or with the words around them (a seed n-gram holding them: a copied
    figure comes with its words, wherever alignment put it)."""
    cand, src = alignment.candidate_tokens, alignment.source_tokens
    hashes, source_seeds = seed_hashes(cand, n), unique(seed_hashes(src, n))
    total = found = 0
    for p in passages:
        first, last = np.searchsorted(cand.starts, p.candidate_start), np.searchsorted(cand.ends, p.candidate_end, "right")
        if last - first >= TEMPLATE_WORDS:
            continue
        theirs = set(src.keys[np.searchsorted(src.starts, p.source_start) : np.searchsorted(src.ends, p.source_end, "right")])
        for k in _names(alignment.candidate.text, cand, p.candidate_start, p.candidate_end):
            total += 1
            around = hashes[max(0, k - n + 1) : k + 1]
            found += cand.keys[k] in theirs or bool(members(around, source_seeds).any())
    return total, found


def is_template_instance(passages: Sequence[Passage], alignment: Alignment, n: int) -> bool:
    """Whether the short ones among the passages hold `TEMPLATE_NUMBERS` numbers of the
    candidate in slots where the source has numbers too, fewer than `TEMPLATE_AGREEMENT` of
    them the same ("averaged 228 mln" against "averaged 310 mln"), or `TEMPLATE_NAMES`
    names and numbers of the candidate, fewer than `NAME_AGREEMENT` of them on the source's
    side ("Triton Oil Corp" against "Smith International Inc")."""
    total, agreed = _short_numbers(passages, alignment)
    if total >= TEMPLATE_NUMBERS and agreed < TEMPLATE_AGREEMENT * total:
        return True
    total, found = _short_names(passages, alignment, n)
    return total >= TEMPLATE_NAMES and found < NAME_AGREEMENT * total


def passage_specific(candidate: Analyzed, alignment: Alignment, source_seeds: np.ndarray, specific: np.ndarray,
                     n: int) -> int:
    """How many distinct ``specific`` seeds of the candidate lie wholly inside the
    alignment's passages and are held by the source (none when the source is another story
    of a template, `is_template_instance`)."""
    if not len(seed_hashes(candidate.tokens, n)):
        return 0
    if is_template_instance(alignment.passages, alignment, n):
        return 0  # the source is another story of the template
    held = seeds_inside(candidate, alignment.passages, n)
    held = held[members(held, specific)]
    return int(np.count_nonzero(members(held, source_seeds)))


def seeds_inside(candidate: Analyzed, passages: Sequence[Passage], n: int) -> np.ndarray:
    """The candidate's distinct seeds lying wholly inside the passages, sorted."""
    tokens = candidate.tokens
    hashes = seed_hashes(tokens, n)
    covered = covered_mask(tokens, ((p.candidate_start, p.candidate_end) for p in passages))
    inside = np.ones(len(hashes), dtype=bool)
    for offset in range(n):
        inside &= covered[offset : offset + len(hashes)]
    return unique(hashes[inside])


# A passage that another story retrieved for the candidate holds almost wholly
# (REPEATED_WHOLLY of the candidate's seeds the source holds in it), or that REPEATED_BY
# others hold REPEATED_SHARE of, its specific figures included (a number only the source
# shares with the candidate is copied), is text the archive repeats (a template, a
# recurring sentence): it tells none of them from the others. Stories sharing SAME_STORY of the
# smaller one's seeds are one story (a repeat, or an update carrying the earlier story's
# paragraphs) and count once. Held to the shared republication workload built with two
# seeds (no true source lost) and to the synthetic Reuters benchmark (benchmarks/README.md).
REPEATED_WHOLLY = 0.9
REPEATED_SHARE = 0.7
REPEATED_BY = 2
SAME_STORY = 0.35


def same_story(a: Analyzed, b: Analyzed) -> bool:
    """Whether two stories share `SAME_STORY` of the smaller one's seeds (one story, repeated)."""
    smaller = min(len(a.seeds), len(b.seeds))
    return smaller > 0 and int(np.count_nonzero(members(a.seeds, b.seeds))) >= SAME_STORY * smaller


def is_repeated_passage(held: np.ndarray, source: Analyzed, stories: Sequence[Analyzed], figures: np.ndarray) -> bool:
    """Whether other ``stories`` than the source's own hold the passage's ``held`` seeds,
    the ``figures`` among them all: one `REPEATED_WHOLLY` of them, or `REPEATED_BY`
    `REPEATED_SHARE` of them."""
    if not len(held):
        return False
    mine = held[members(held, figures)]
    others: list[Analyzed] = []
    for story in stories:
        share = int(np.count_nonzero(members(held, story.seeds))) / len(held)
        if share < REPEATED_SHARE or not members(mine, story.seeds).all() or story.document.id == source.document.id \
                or same_story(story, source) or any(same_story(story, other) for other in others):
            continue
        others.append(story)
        if len(others) >= REPEATED_BY or share >= REPEATED_WHOLLY:
            return True
    return False


def is_repeated_text(candidate: Analyzed, alignment: Alignment, source: Analyzed, stories: Sequence[Analyzed],
                     specific: np.ndarray, n: int) -> bool:
    """Whether every passage of the source is text that other ``stories`` (those retrieved
    for the candidate) repeat (`is_repeated_passage`; the figures: the candidate's
    ``specific`` seeds holding a number): the source has no passage of its own."""
    figures = specific[members(specific, numeric_seeds(candidate, n))]
    for passage in alignment.passages:
        held = seeds_inside(candidate, (passage,), n)
        if not is_repeated_passage(held[members(held, source.seeds)], source, stories, figures):
            return False
    return True
