"""Sentences, and which candidate sentence each source sentence became inside a passage.

Sentences are found line by line with nltk's Punkt tokenizer (untrained: no downloaded
data; common news abbreviations are given), then joined while a quotation is open, so
``“… question. We will not …,” he told Reuters.`` is one sentence. Inside a passage the
two texts' tokens are matched in order (difflib on normalized token keys); a source
sentence is paired with the candidate sentence that holds most of its matched tokens,
and every token without a counterpart counts as changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from reusecheck.arrays import first_of_runs, unique_counts
from reusecheck.models import Passage
from reusecheck.nltk_parts import punkt_tokenizer
from reusecheck.scoring import Alignment
from reusecheck.text import Tokens

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

_ABBREVIATIONS = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun "
    "mr mrs ms dr prof gen lt col capt sgt cpl maj adm rep sen gov lt.gov pres rev st ave blvd "
    "co corp inc ltd jr sr no vs etc u.s u.k u.n e.u a.m p.m n.c d.c calif fla mass wash"
).split()
_LINE = re.compile(r"[^\r\n]+")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    return punkt_tokenizer(set(_ABBREVIATIONS))


def _quote_open(text: str) -> bool:
    """Does ``text`` leave a quotation open (curly quotes counted, straight ones paired)?"""
    depth = sum(text.count(c) for c in "“«") - sum(text.count(c) for c in "”»")
    return depth > 0 or (depth == 0 and text.count('"') % 2 == 1)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int], ...]:
    """(start, end) of every sentence of ``text`` (or only of its lines that overlap
    [``start``, ``end``)); a sentence never crosses a line end."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, *lines_around(text, start, len(text) if end is None else end)):
        offset = line.start()
        spans.extend((offset + a, offset + b) for a, b in _line_sentences(line.group()))
    return tuple(spans)


def lines_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the lines of ``text`` overlapping [``start``, ``end``) begin and end (their
    sentences, `sentence_spans`, lie inside)."""
    lo = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    breaks = [k for k in (text.find("\n", end), text.find("\r", end)) if k >= 0]
    return lo, min(breaks, default=len(text))


@lru_cache(maxsize=8192)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    """Punkt's sentences of one line, kept whole while a quotation is open (news repeats
    its lines: datelines, templates, the same story in several sources)."""
    merged: list[tuple[int, int]] = []
    for start, end in _punkt().span_tokenize(line):
        if merged and _quote_open(line[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


@dataclass(frozen=True)
class SentencePair:
    """A source sentence and the candidate sentence it became (character spans)."""

    source_start: int
    source_end: int
    candidate_start: int
    candidate_end: int


@dataclass(frozen=True)
class PassageSentences:
    """One passage's sentence pairs, and which of its tokens have a counterpart."""

    pairs: tuple[SentencePair, ...]
    candidate_tokens: Tokens
    source_tokens: Tokens
    candidate_matched: np.ndarray
    source_matched: np.ndarray
    passage: Passage

    def candidate_changed(self, start: int, end: int) -> bool:
        """Is some candidate token in [start, end) without a counterpart in the source?"""
        return _changed(self.candidate_tokens, self.candidate_matched, start, end)

    def source_changed(self, start: int, end: int) -> bool:
        """Is some source token in [start, end) without a counterpart in the candidate?"""
        return _changed(self.source_tokens, self.source_matched, start, end)


def _changed(tokens: Tokens, matched: np.ndarray, start: int, end: int) -> bool:
    first = int(np.searchsorted(tokens.ends, start, "right"))  # tokens overlapping [start, end)
    last = int(np.searchsorted(tokens.starts, end, "left"))
    return bool(not matched[first:last].all())


def _token_range(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    return int(np.searchsorted(tokens.starts, start, "left")), int(np.searchsorted(tokens.starts, end, "left"))


def _sentence_index(spans: tuple[tuple[int, int], ...], positions: np.ndarray) -> np.ndarray:
    """For each character position, the index of the sentence that holds it (or -1)."""
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    index = np.searchsorted(starts, positions, "right") - 1
    inside = (index >= 0) & (positions < ends[np.maximum(index, 0)])
    return np.where(inside, index, -1)


def matching_blocks(source: Sequence[str], candidate: Sequence[str], chunk: int = 200) -> Iterator[tuple[int, int, int]]:
    """(source index, candidate index, length) of runs of equal tokens, in order.

    difflib matches ``chunk`` source tokens at a time against the stretch of candidate
    that can hold them, starting after the previous chunk's last match: linear in the
    passage length where one difflib call over a long, much edited passage is quadratic.
    """
    a0 = b0 = 0
    while a0 < len(source):
        a1 = min(len(source), a0 + chunk)
        b1 = min(len(candidate), b0 + 2 * (a1 - a0) + 20)
        blocks = [block for block in SequenceMatcher(None, source[a0:a1], candidate[b0:b1], autojunk=False).get_matching_blocks() if block.size]
        for a, b, size in blocks:
            yield a0 + a, b0 + b, size
        if blocks:
            b0 += blocks[-1].b + blocks[-1].size
        a0 = a1


def same_keys(alignment: Alignment, passage: Passage) -> bool:
    """Are the passage's tokens the same keys in both texts? (Then each has its counterpart
    in `passage_sentences`: none is changed.)"""
    cand, src = alignment.candidate_tokens, alignment.source_tokens
    i0, i1 = _token_range(cand, passage.candidate_start, passage.candidate_end)
    j0, j1 = _token_range(src, passage.source_start, passage.source_end)
    return cand.keys[i0:i1] == src.keys[j0:j1]


RECENT_PASSAGES = 64
"""Passages whose sentence pairs are kept: several rules look at one passage."""


def passage_sentences(alignment: Alignment, passage: Passage, min_share: float = 0.3) -> PassageSentences:
    """Pair the source sentences of ``passage`` with candidate sentences.

    A source sentence is paired when at least ``min_share`` of its tokens inside the
    passage (and at least two) have counterparts in one candidate sentence. The latest
    results are kept (`RECENT_PASSAGES`), so that several rules looking at one passage pay
    for it once.
    """
    return _pair_sentences(alignment.candidate.text, alignment.candidate_tokens,
                           alignment.source.text, alignment.source_tokens, passage, min_share)


@lru_cache(maxsize=RECENT_PASSAGES)
def _pair_sentences(
    cand_text: str, cand: Tokens, src_text: str, src: Tokens, passage: Passage, min_share: float
) -> PassageSentences:
    i0, i1 = _token_range(cand, passage.candidate_start, passage.candidate_end)
    j0, j1 = _token_range(src, passage.source_start, passage.source_end)
    cand_matched = np.zeros(len(cand), dtype=bool)
    src_matched = np.zeros(len(src), dtype=bool)
    counterpart = np.full(len(src), -1, dtype=np.int64)
    for a, b, size in matching_blocks(src.keys[j0:j1], cand.keys[i0:i1]):
        src_matched[j0 + a : j0 + a + size] = True
        cand_matched[i0 + b : i0 + b + size] = True
        counterpart[j0 + a : j0 + a + size] = np.arange(i0 + b, i0 + b + size)
    cand_spans = sentence_spans(cand_text, passage.candidate_start, passage.candidate_end)
    src_spans = sentence_spans(src_text, passage.source_start, passage.source_end)
    pairs: list[SentencePair] = []
    if cand_spans and src_spans and j1 > j0:
        src_sentence = _sentence_index(src_spans, src.starts[j0:j1])
        cand_sentence = _sentence_index(cand_spans, cand.starts)
        # Per source sentence, the candidate sentence holding most counterparts of its tokens
        # (the first of equals), and how many it holds.
        partner = counterpart[j0:j1]
        linked = (src_sentence >= 0) & (partner >= 0)
        target = np.full(j1 - j0, -1, dtype=np.int64)
        target[linked] = cand_sentence[partner[linked]]
        counted = target >= 0
        keys, hits = unique_counts(src_sentence[counted] * len(cand_spans) + target[counted])
        sentence, best = keys // len(cand_spans), keys % len(cand_spans)
        order = np.lexsort((best, -hits, sentence))
        first = order[first_of_runs(sentence[order])]
        sizes = np.bincount(src_sentence[src_sentence >= 0], minlength=len(src_spans))
        for k, b, n in zip(sentence[first].tolist(), best[first].tolist(), hits[first].tolist(), strict=True):
            if n >= max(2, min_share * sizes[k]):
                s, e = src_spans[k]
                cs, ce = cand_spans[b]
                pairs.append(SentencePair(s, e, cs, ce))
    return PassageSentences(tuple(pairs), cand, src, cand_matched, src_matched, passage)
