"""Run the engine as a PAN text-alignment system: passages become PAN detections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reusecheck.engine import Checker, SourceStore
from reusecheck.errors import InputError
from reusecheck.models import Problem, Result
from reusecheck.pan.annotations import Annotation
from reusecheck.pan.corpus import Corpus, PanText, read_text
from reusecheck.retrieve import Analyzed, MemoryStore


class PairedSources:
    """A source store that gives each suspicious document the sources it is paired with."""

    def __init__(self, sources: dict[str, Analyzed], pairs: tuple[tuple[str, str], ...]) -> None:
        self._sources = sources
        self._partners: dict[str, list[str]] = defaultdict(list)
        for susp, src in pairs:
            if src not in self._partners[susp]:
                self._partners[susp].append(src)

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        partners = self._partners.get(candidate.document.id, ())
        return [(self._sources[name], 1.0) for name in partners if name in self._sources]


@dataclass(frozen=True)
class CaseGaps:
    """How far apart (in characters) two passages of one document pair may lie, in the
    suspicious document and in the source, and still be reported as one PAN case.

    A PAN case is a region pair; obfuscation reorders and rewrites sentences inside it, so
    the engine's passages (which keep reordered pieces apart) are merged into cases. Zero
    in both merges only overlapping passages."""

    suspicious: int = 1200
    source: int = 4000


def merge_cases(detections: Iterable[Annotation], gaps: CaseGaps) -> list[Annotation]:
    """Merge detections of one document pair whose regions lie within ``gaps`` of each
    other in both documents, in any order, until no two do; each merged case spans its
    members' regions."""
    groups: dict[tuple[str, str | None], list[list[int]]] = defaultdict(list)
    for d in detections:
        groups[(d.this_reference, d.source_reference)].append([d.this_offset, d.this_end, d.source_offset, d.source_end])
    merged: list[Annotation] = []
    for (reference, source), boxes in groups.items():
        for a0, a1, b0, b1 in _merge_boxes(boxes, gaps):
            merged.append(Annotation(reference, a0, a1 - a0, source, b0, b1 - b0))
    merged.sort(key=lambda a: (a.this_offset, a.source_reference or "", a.source_offset))
    return merged


def _merge_boxes(boxes: list[list[int]], gaps: CaseGaps) -> list[list[int]]:
    changed = True
    while changed:
        changed = False
        kept: list[list[int]] = []
        for box in sorted(boxes):
            for other in kept:
                near_here = box[0] - other[1] <= gaps.suspicious and other[0] - box[1] <= gaps.suspicious
                near_there = box[2] - other[3] <= gaps.source and other[2] - box[3] <= gaps.source
                if near_here and near_there:
                    other[:] = [min(other[0], box[0]), max(other[1], box[1]), min(other[2], box[2]), max(other[3], box[3])]
                    changed = True
                    break
            else:
                kept.append(list(box))
        boxes = kept
    return boxes


def _detections(result: Result, shift: int, source_shifts: dict[str, int]) -> list[Annotation]:
    found = []
    for match in result.matches:
        src_shift = source_shifts[match.source.id]
        for p in match.passages:
            found.append(
                Annotation(
                    result.candidate.id,
                    p.candidate_start + shift,
                    p.candidate_end - p.candidate_start,
                    match.source.id,
                    p.source_start + src_shift,
                    p.source_end - p.source_start,
                )
            )
    found.sort(key=lambda a: (a.this_offset, a.source_reference or "", a.source_offset))
    return found


def detect(corpus: Corpus, checker: Checker, gaps: CaseGaps | None = None) -> Iterator[tuple[str, list[Annotation]]]:
    """For each suspicious document (by name), the detections the engine makes, merged
    into cases by `merge_cases` (default `CaseGaps`).

    With pairs, each suspicious document is aligned with its paired sources only; without,
    the engine retrieves candidate sources among all of the corpus's sources. A document
    that cannot be read (binary, undecodable) is left out and listed in ``checker.errors``.
    """
    wanted = sorted({s for _, s in corpus.pairs}) if corpus.pairs is not None else sorted(corpus.sources)
    source_shifts: dict[str, int] = {}
    analyzed: dict[str, Analyzed] = {}
    for name in wanted:
        text = _read(corpus.sources[name], checker)
        if text is not None:
            source_shifts[name] = text.shift
            analyzed[name] = checker.analyze(text.document)
    store: SourceStore
    if corpus.pairs is not None:
        store = PairedSources(analyzed, corpus.pairs)
        suspicious = sorted({s for s, _ in corpus.pairs})
    else:
        store = MemoryStore(list(analyzed.values()), checker.options.retrieval, checker.options.align.seed_ngram)
        suspicious = sorted(corpus.suspicious)
    for name in suspicious:
        text = _read(corpus.suspicious[name], checker)
        if text is None:
            continue
        result = checker.check_one(checker.analyze(text.document), [store])
        yield name, merge_cases(_detections(result, text.shift, source_shifts), gaps or CaseGaps())


def _read(path: Path, checker: Checker) -> PanText | None:
    """A corpus document, or None (and an error in ``checker.errors``) when it cannot be read."""
    try:
        return read_text(path, checker.options.encoding)
    except InputError as exc:
        checker.errors.append(Problem(exc.path or str(path), exc.message))
        return None
