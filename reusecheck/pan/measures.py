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
from collections.abc import Iterable, Sequence
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


def _by_document(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    index: dict[str, list[Annotation]] = defaultdict(list)
    for a in annotations:
        index[a.this_reference].append(a)
    return index


def macro_recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean over the cases of the share of each case that detections cover."""
    if not cases or not detections:
        return 1.0 if not cases and not detections else 0.0
    index = _by_document(detections)
    return sum(covered_share(s, index.get(s.this_reference, ())) for s in cases) / len(cases)


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
    index = _by_document(detections)
    detected = [_intersection(s, r) for s in cases for r in index.get(s.this_reference, ()) if detects(r, s)]
    hit = _characters(detected)
    return hit / _characters(cases), hit / _characters(detections)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean number of detections per detected case (1 when no case is detected)."""
    index = _by_document(detections)
    counts = [sum(detects(r, s) for r in index.get(s.this_reference, ())) for s in cases]
    detected = [c for c in counts if c]
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
