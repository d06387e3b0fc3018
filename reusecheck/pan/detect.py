"""Run the engine as a PAN text-alignment system: passages become PAN detections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from reusecheck.engine import Checker, SourceStore
from reusecheck.models import Result
from reusecheck.pan.annotations import Annotation
from reusecheck.pan.corpus import Corpus, read_text
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
        return [(self._sources[name], 1.0) for name in self._partners.get(candidate.document.id, ())]


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


def detect(corpus: Corpus, checker: Checker) -> Iterator[tuple[str, list[Annotation]]]:
    """For each suspicious document (by name), the detections the engine makes.

    With pairs, each suspicious document is aligned with its paired sources only; without,
    the engine retrieves candidate sources among all of the corpus's sources.
    """
    wanted = sorted({s for _, s in corpus.pairs}) if corpus.pairs is not None else sorted(corpus.sources)
    source_shifts: dict[str, int] = {}
    analyzed: dict[str, Analyzed] = {}
    for name in wanted:
        text = read_text(corpus.sources[name], checker.options.encoding)
        source_shifts[name] = text.shift
        analyzed[name] = checker.analyze(text.document)
    store: SourceStore
    if corpus.pairs is not None:
        store = PairedSources(analyzed, corpus.pairs)
        suspicious = sorted({s for s, _ in corpus.pairs})
    else:
        store = MemoryStore(list(analyzed.values()), checker.options.retrieval)
        suspicious = sorted(corpus.suspicious)
    for name in suspicious:
        text = read_text(corpus.suspicious[name], checker.options.encoding)
        result = checker.check_one(checker.analyze(text.document), [store])
        yield name, _detections(result, text.shift, source_shifts)
