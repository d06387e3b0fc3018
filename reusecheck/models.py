"""The data every stage passes on: documents, credits, passages, matches, findings, reports.

All are frozen dataclasses; character offsets are Unicode code points of the text as read
(``newline=''``), end exclusive.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

PassageKind = Literal["verbatim", "edited"]
Verdict = Literal["wholly-derived", "partially-derived", "non-derived"]


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Read ``"error"``, ``"warning"`` or ``"info"`` (any case)."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r}: use error, warning or info") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Credit:
    """What a text says about where it came from: who, in what role, and where it says so.

    ``role``: author, writer, reporter, editor, contributor, publisher, quote-source or
    residue; ``kind``: dateline, header, byline, credit-line, attribution, residue or
    metadata; ``agency``: the agency credited (or the one a person works for);
    ``evidence``: the text that says so; ``place``: a dateline's place.
    """

    name: str
    role: str
    kind: str
    start: int | None = None
    end: int | None = None
    agency: str | None = None
    evidence: str = ""
    place: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a text a loader extracted from markup (HTML, XML, JSON) lies in its file.

    ``file_text`` is the whole file as decoded. The text is cut into stretches: stretch
    ``k`` starts at ``starts[k]`` in the text and at ``file_starts[k]`` in the file; if
    ``linear[k]`` it is copied character for character, else (an entity, collapsed white
    space, a paragraph break the loader put in) each of its characters maps to
    ``file_starts[k]``.
    """

    file_text: str
    starts: tuple[int, ...]
    file_starts: tuple[int, ...]
    linear: tuple[bool, ...]

    def file_offset(self, offset: int) -> int:
        """The offset in ``file_text`` of the text's character at ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0:
            return 0
        return self.file_starts[k] + (offset - self.starts[k] if self.linear[k] else 0)


@dataclass(frozen=True)
class Document:
    """A loaded text with its metadata; ``id`` names it in every report. ``origin`` is set
    when the text was extracted from markup: line and column in reports are then those of
    the file (`Origin`), offsets those of ``text``."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    credits: tuple[Credit, ...] = ()
    encoding: str = "utf-8"
    agency: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Passage:
    """One reused passage: where it is in the candidate and in the source."""

    candidate_start: int
    candidate_end: int
    source_start: int
    source_end: int
    kind: PassageKind
    similarity: float


@dataclass(frozen=True)
class Match:
    """A source the candidate reuses, with the scores and the passages."""

    source: Document
    scores: dict[str, float]
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on a candidate, with the smallest span that shows it (or None)."""

    rule: str
    name: str
    severity: Severity
    message: str
    source: str | None = None
    candidate_start: int | None = None
    candidate_end: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Derivation:
    """How much of the candidate derives from its sources, in one word an editor asks for.

    ``score``: 0..1, higher is more derived; ``sources``: ids of the sources it rests on;
    ``evidence``: the measures the verdict was computed from (`reusecheck.derivation`).
    """

    verdict: Verdict
    score: float
    sources: tuple[str, ...] = ()
    evidence: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ParagraphSource:
    """Where one paragraph of the candidate came from: the source explaining most of its
    words (None: the writer's own) and the share of its words that source explains."""

    start: int
    end: int
    source: str | None
    share: float


@dataclass(frozen=True)
class Result:
    """Everything found for one candidate."""

    candidate: Document
    matches: tuple[Match, ...] = ()
    findings: tuple[Finding, ...] = ()
    derivation: Derivation | None = None
    paragraphs: tuple[ParagraphSource, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An input that could not be used (error) or was used with a caveat (warning)."""

    path: str
    message: str


@dataclass(frozen=True)
class Report:
    """The outcome of a run: one result per candidate, in the order given."""

    results: tuple[Result, ...]
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def worst_severity(self) -> Severity | None:
        """The highest severity of any finding, or None when there are none."""
        severities = [f.severity for r in self.results for f in r.findings]
        return max(severities, default=None)
