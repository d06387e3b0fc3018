"""RC105 relative-date-rewritten: inside a reused passage, a weekday, date or time of the
source ("Friday evening", "on Nov. 4", "0900") became a relative one ("tonight", "today")
or another day.

Sentences are paired inside each passage by matching their tokens (`reusecheck.sentences`);
only temporal expressions with a changed token count, so a date copied as it was never
fires. The finding spans the changed expressions of the candidate sentence, and quotes
only the source expressions they replaced: those in the same gap between matched tokens
("from Friday evening" -> "from tonight"), never a date elsewhere in the source sentence
such as its dateline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np

import reusecheck
from reusecheck.models import Finding, Passage, Severity
from reusecheck.rules import PairContext, Rule, RuleContext
from reusecheck.sentences import PassageSentences, SentencePair, passage_sentences, same_keys
from reusecheck.temporal import ABSOLUTE, DATE, RELATIVE, WEEKDAY, Temporal, temporal_expressions


def _changed(
    text: str, start: int, end: int, lo: int, hi: int, changed: Callable[[int, int], bool]
) -> tuple[list[Temporal], list[Temporal]]:
    """All temporal expressions of the sentence [start, end) inside the passage [lo, hi),
    and those of them with a changed token."""
    found = temporal_expressions(text, max(start, lo), min(end, hi))
    return found, [t for t in found if changed(t.start, t.end)]


def _source_gap(sentences: PassageSentences, expression: Temporal) -> tuple[int, int]:
    """The source characters a candidate expression stands in for: between the source
    counterparts of the nearest matched candidate tokens before and after it (matching
    keeps order, so the k-th matched candidate token pairs with the k-th matched source
    token)."""
    cand, src, passage = sentences.candidate_tokens, sentences.source_tokens, sentences.passage
    matched_cand = np.flatnonzero(sentences.candidate_matched)
    matched_src = np.flatnonzero(sentences.source_matched)
    first = int(np.searchsorted(cand.ends, expression.start, "right"))
    after = int(np.searchsorted(cand.starts, expression.end, "left"))
    before = int(np.searchsorted(matched_cand, first, "left")) - 1
    following = int(np.searchsorted(matched_cand, after, "left"))
    lo = int(src.ends[matched_src[before]]) if before >= 0 else passage.source_start
    hi = int(src.starts[matched_src[following]]) if following < len(matched_src) else passage.source_end
    return lo, hi


_JOINING_WORDS = 2  # "9am and 7pm today": expressions this close make one rewrite
_WORD = re.compile(r"\w+")


def _rewrites(pair: PairContext, passage: Passage, sentences: PassageSentences, sentence: SentencePair) -> Iterator[Finding]:
    """One finding per rewritten expression of the sentence (expressions a word or two
    apart, "9am and 7pm today", count as one)."""
    source_all, source = _changed(
        pair.source.text, sentence.source_start, sentence.source_end,
        passage.source_start, passage.source_end, sentences.source_changed,
    )
    if not any(t.kind in ABSOLUTE for t in source):
        return
    text = pair.alignment.candidate.text
    _, changed = _changed(
        text, sentence.candidate_start, sentence.candidate_end,
        passage.candidate_start, passage.candidate_end, sentences.candidate_changed,
    )
    groups: list[tuple[list[Temporal], list[Temporal]]] = []  # (candidate expressions, source ones they replaced)
    for expression in changed:
        lo, hi = _source_gap(sentences, expression)
        counterparts = [t for t in source if t.kind in ABSOLUTE and t.start < hi and t.end > lo]
        if not counterparts:
            continue
        if groups and len(_WORD.findall(text, groups[-1][0][-1].end, expression.start)) <= _JOINING_WORDS:
            groups[-1][0].append(expression)
            groups[-1][1].extend(t for t in counterparts if t not in groups[-1][1])
        else:
            groups.append(([expression], counterparts))
    source_days = {(t.kind, t.value) for t in source_all if t.kind in (WEEKDAY, DATE)}
    for candidate, replaced in groups:
        finding = _finding(pair, candidate, replaced, source_days)
        if finding:
            yield finding


def _finding(pair: PairContext, candidate: list[Temporal], replaced: list[Temporal], source_days: set[tuple[str, object]]) -> Finding | None:
    """RC105 for candidate expressions standing where the source had ``replaced``: a relative
    day, or a weekday or date the source sentence does not give."""
    relative = any(t.kind == RELATIVE for t in candidate)
    other_day = any(
        t.kind in (WEEKDAY, DATE) and (t.kind, t.value) not in source_days and any(r.kind == t.kind for r in replaced)
        for t in candidate
    )
    if not (relative or other_day):
        return None
    start, end = candidate[0].start, candidate[-1].end
    was_start, was_end = min(t.start for t in replaced), max(t.end for t in replaced)
    now, was = pair.alignment.candidate.text[start:end], pair.source.text[was_start:was_end]
    message = (
        f"Give the day or time as the source does (“{was}”) instead of “{now}”, which is wrong for anyone reading on another day."
        if relative else
        f"Check “{now}”: the source says “{was}”, so this reused sentence now gives another day."
    )
    return RULE.finding(
        message,
        source=pair.source.id,
        start=start,
        end=end,
        evidence={"candidate_text": now, "source_text": was, "source_start": was_start, "source_end": was_end,
                  "kinds": sorted({t.kind for t in candidate})},
    )


def check_relative_dates(context: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for pair in context.pairs:
        for passage in pair.match.passages:
            if same_keys(pair.alignment, passage):
                continue  # every source word has its counterpart: none was rewritten
            if not any(t.kind in ABSOLUTE for t in temporal_expressions(pair.source.text, passage.source_start, passage.source_end)):
                continue  # the source passage names no day or time: none was rewritten
            sentences = passage_sentences(pair.alignment, passage)
            for sentence in sentences.pairs:
                for finding in _rewrites(pair, passage, sentences, sentence):
                    if (finding.candidate_start, finding.candidate_end) not in seen:
                        seen.add((finding.candidate_start or 0, finding.candidate_end or 0))
                        yield finding


RULE = Rule(
    "RC105",
    "relative-date-rewritten",
    Severity.WARNING,
    "inside a reused passage a weekday, date or time became a relative one (tonight, today) or another day",
    check_relative_dates,
)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
