"""The PAN plagiarism-detection measures (Potthast, Stein, Barrón-Cedeño and Rosso 2010,
"An Evaluation Framework for Plagiarism Detection"), computed at character level.

A case ``s`` or detection ``r`` is a set of characters: its passage in the suspicious
document plus its passage in the source document. ``r`` *detects* ``s`` when both name
the same suspicious and source documents and their passages overlap in both. With
``s ⊓ r`` = ``s ∩ r`` if ``r`` detects ``s``, else nothing:

- macro recall    = mean over cases s      of |∪_r (s ⊓ r)| / |s|
- macro precision = mean over detections r of |∪_s (s ⊓ r)| / |r|
- micro recall    = |∪_(s,r) (s ⊓ r)| / |∪_s s|,   micro precision = the same / |∪_r r|
- granularity     = mean, over cases detected at all, of how many detections detect each
- plagdet         = F1(precision, recall) / log2(1 + granularity)

As in the official evaluator: with neither cases nor detections precision and recall
are 1, with only one of them 0; granularity is 1 when no case is detected.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reusecheck.pan.annotations import Annotation

Span = tuple[int, int]


@dataclass(frozen=True)
class Measures:
    """PAN measures of a set of detections against the gold cases."""

    cases: int
    detections: int
    micro_precision: float
    micro_recall: float
    macro_precision: float
    macro_recall: float
    granularity: float

    @property
    def plagdet(self) -> float:
        """PAN's plagdet: from macro precision and recall."""
        return plagdet(self.macro_precision, self.macro_recall, self.granularity)

    @property
    def plagdet_micro(self) -> float:
        return plagdet(self.micro_precision, self.micro_recall, self.granularity)


def detects(r: Annotation, s: Annotation) -> bool:
    """Does ``r`` detect ``s`` (and ``s`` detect ``r``): same documents, overlap in both?"""
    if r.this_reference != s.this_reference or not _overlap(r.this_offset, r.this_end, s.this_offset, s.this_end):
        return False
    if r.source_reference is None or s.source_reference is None:
        return True
    return r.source_reference == s.source_reference and _overlap(
        r.source_offset, r.source_end, s.source_offset, s.source_end
    )


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def union_length(spans: Iterable[Span]) -> int:
    """Characters covered by the half-open ``spans``, overlaps counted once."""
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is None or start > reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def _clip(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    return [(max(a, start), min(b, end)) for a, b in spans if a < end and start < b]


def covered_share(a: Annotation, others: Sequence[Annotation]) -> float:
    """|∪_o (a ⊓ o)| / |a| over the ``others`` that detect ``a``."""
    hits = [o for o in others if detects(o, a)]
    if not hits:
        return 0.0
    this = union_length(_clip(((o.this_offset, o.this_end) for o in hits), a.this_offset, a.this_end))
    source = union_length(_clip(((o.source_offset, o.source_end) for o in hits), a.source_offset, a.source_end))
    return (this + source) / a.size


def overlapping(first: Sequence[Span], second: Sequence[Span]) -> Iterator[tuple[int, int]]:
    """Index pairs (i, j) of half-open spans that overlap (``a0 < b1 and b0 < a1``), each
    once: a sweep over the span ends, O((n + m) log(n + m) + pairs)."""
    events: list[tuple[int, int, int, int]] = []  # (position, 0 end / 1 empty span / 2 start, side, index)
    for side, spans in enumerate((first, second)):
        for index, (start, end) in enumerate(spans):
            if start < end:
                events += [(start, 2, side, index), (end, 0, side, index)]
            else:
                events.append((start, 1, side, index))
    events.sort()
    active: tuple[dict[int, None], dict[int, None]] = ({}, {})
    for _, kind, side, index in events:
        if kind == 0:
            del active[side][index]
            continue
        for other in active[1 - side]:
            yield (index, other) if side == 0 else (other, index)
        if kind == 2:
            active[side][index] = None


def _hits(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> list[list[int]]:
    """For each case, the indexes of the detections that detect it (in index order)."""
    by_document: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, listed in enumerate((cases, detections)):
        for index, a in enumerate(listed):
            by_document[a.this_reference][side].append(index)
    hits: list[list[int]] = [[] for _ in cases]
    for mine, theirs in by_document.values():
        spans = (
            [(cases[i].this_offset, cases[i].this_end) for i in mine],
            [(detections[j].this_offset, detections[j].this_end) for j in theirs],
        )
        for i, j in overlapping(*spans):
            if detects(detections[theirs[j]], cases[mine[i]]):
                hits[mine[i]].append(theirs[j])
    for found in hits:
        found.sort()
    return hits


def macro_recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean over the cases of the share of each case that detections cover."""
    if not cases or not detections:
        return 1.0 if not cases and not detections else 0.0
    hits = _hits(cases, detections)
    return sum(covered_share(s, [detections[j] for j in found]) for s, found in zip(cases, hits, strict=True)) / len(cases)


def macro_precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean over the detections of the share of each detection that cases cover."""
    return macro_recall(detections, cases)


def _characters(annotations: Iterable[Annotation]) -> int:
    """Characters covered, per document (suspicious and source sides apart), overlaps once."""
    spans: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for a in annotations:
        spans["this", a.this_reference].append((a.this_offset, a.this_end))
        if a.source_reference is not None:
            spans["source", a.source_reference].append((a.source_offset, a.source_end))
    return sum(union_length(s) for s in spans.values())


def _intersection(s: Annotation, r: Annotation) -> Annotation:
    return Annotation(
        s.this_reference,
        max(s.this_offset, r.this_offset),
        max(0, min(s.this_end, r.this_end) - max(s.this_offset, r.this_offset)),
        s.source_reference if r.source_reference is not None else None,
        max(s.source_offset, r.source_offset),
        max(0, min(s.source_end, r.source_end) - max(s.source_offset, r.source_offset)),
    )


def micro_recall_precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> tuple[float, float]:
    """(recall, precision) counted over all characters at once."""
    if not cases or not detections:
        value = 1.0 if not cases and not detections else 0.0
        return value, value
    hits = _hits(cases, detections)
    detected = [_intersection(s, detections[j]) for s, found in zip(cases, hits, strict=True) for j in found]
    hit = _characters(detected)
    return hit / _characters(cases), hit / _characters(detections)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean number of detections per detected case (1 when no case is detected)."""
    detected = [len(found) for found in _hits(cases, detections) if found]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """F1 of precision and recall divided by log2(1 + granularity); 0 when both are 0."""
    if precision <= 0 and recall <= 0:
        return 0.0
    return (2 * precision * recall / (precision + recall)) / math.log2(1 + granularity)


def evaluate(cases: Iterable[Annotation], detections: Iterable[Annotation]) -> Measures:
    """All measures; duplicate annotations count once (the official evaluator uses sets)."""
    s, r = sorted(set(cases), key=repr), sorted(set(detections), key=repr)
    micro_r, micro_p = micro_recall_precision(s, r)
    return Measures(
        cases=len(s),
        detections=len(r),
        micro_precision=micro_p,
        micro_recall=micro_r,
        macro_precision=macro_precision(s, r),
        macro_recall=macro_recall(s, r),
        granularity=granularity(s, r),
    )
