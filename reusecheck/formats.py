"""Output formats: the Format type, what a render may see, and helpers formats share.

The report's JSON model (`report_dict` and friends) is shared by the JSON-based formats;
`LineIndex` and `finding_passages` turn character offsets into the line/column regions and
source passages that CI formats point at.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from reusecheck.injection import call_with_supported
from reusecheck.models import (
    Derivation,
    Document,
    Finding,
    Match,
    Origin,
    ParagraphSource,
    Passage,
    Problem,
    Report,
    Result,
    Severity,
)
from reusecheck.rules import Rule
from reusecheck.scoring import Scorer

JSON_VERSION = 1


PASSAGE_VIEWS = ("full", "short", "none")


@dataclass(frozen=True)
class RenderContext:
    """What a format may need beyond the report: the run's rules, scorers and fail level,
    and how much the text format shows (``show_passages``: one of `PASSAGE_VIEWS`;
    ``concise``: findings only, one line each; ``statistics``: a count per rule)."""

    rules: Mapping[str, Rule] = field(default_factory=dict)
    fail_level: Severity = Severity.WARNING
    scorers: Mapping[str, Scorer] = field(default_factory=dict)
    show_passages: str = "short"
    concise: bool = False
    statistics: bool = False


class ReportStream(Protocol):
    """A report written as the run goes: `result` gives the text of each result as it is
    done, `end` the rest once all are (the concatenation is the format's whole report)."""

    def result(self, result: Result) -> str: ...

    def end(self, errors: Sequence[Problem], warnings: Sequence[Problem]) -> str: ...


@dataclass(frozen=True)
class Format:
    """A named output format; ``render`` turns a whole report into text.

    ``render`` receives the report, and the `RenderContext` when its signature names a
    ``context`` parameter (``def render(report, context)``; `reusecheck.injection`).
    ``takes_context=True`` (from before that) passes the context as the second argument
    whatever its name. Call `output` rather than ``render``.
    A format that can also write a folder (``--output NAME=DIR/``) gives ``render_files``:
    ``render_files(report, context)`` returns file name -> text (call `output_files`).
    A format that can write each result as it is done (``check`` then keeps no report in
    memory) gives ``stream``: ``stream(context)`` returns a `ReportStream`.
    """

    name: str
    render: Callable[..., str]
    description: str = ""
    takes_context: bool = False
    render_files: Callable[[Report, RenderContext], Mapping[str, str]] | None = None
    stream: Callable[[RenderContext], ReportStream] | None = None

    def output(self, report: Report, context: RenderContext | None = None) -> str:
        """The rendered report, passing the context to formats that take one."""
        if self.takes_context:
            return str(self.render(report, context or RenderContext()))
        return str(call_with_supported(self.render, report, context=context or RenderContext()))

    def output_files(self, report: Report, context: RenderContext | None = None) -> dict[str, str]:
        """The report as a folder: plain file name -> text (formats without ``render_files``: none)."""
        if self.render_files is None:
            raise ValueError(f"format {self.name!r} writes one file, not a folder")
        return dict(self.render_files(report, context or RenderContext()))


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str, keep: str = "\t") -> str:
    """``text`` with control characters (and bidirectional overrides) other than those in
    ``keep`` written as escapes (``\\x1b``, ``\\u202e``), so that a message or file name
    cannot drive a terminal, forge lines or hide text."""
    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in keep:
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _CONTROLS.sub(escape, text)


def visible_at_line_start(text: str, keep: str = "\t") -> str:
    """`visible` text for the start of a line: a leading ``::`` (after blanks) is written
    ``\\x3a:``, so that a file or record name cannot be a GitHub Actions workflow command
    (``::stop-commands::``)."""
    shown = visible(text, keep)
    body = shown.lstrip()
    return shown[: len(shown) - len(body)] + "\\x3a" + body[1:] if body.startswith("::") else shown


@dataclass
class Totals:
    """What `summary` counts, kept up as results come (a streamed report holds no results)."""

    checked: int = 0
    reused: int = 0
    findings: Counter[Severity] = field(default_factory=Counter)

    def add(self, result: Result) -> None:
        self.checked += 1
        self.reused += bool(result.matches)
        self.findings.update(f.severity for f in result.findings)

    def summary(self, errors: int) -> str:
        """One line of totals: candidates checked, with reuse, findings by severity, input errors."""
        counts = ", ".join(f"{self.findings[s]} {s}" for s in reversed(Severity))
        return (
            f"{self.checked} checked, {self.reused} with reuse, {self.findings.total()} finding(s) ({counts}), "
            f"{errors} input error(s)"
        )


def summary(report: Report) -> str:
    """One line of totals: candidates checked, with reuse, findings by severity, input errors."""
    totals = Totals()
    for result in report.results:
        totals.add(result)
    return totals.summary(len(report.errors))


def verdict_phrase(result: Result) -> str | None:
    """The derivation verdict in words ("wholly-derived (score 0.93) from reuters.txt"), or
    None where no verdict was computed."""
    derivation = result.derivation
    if derivation is None:
        return None
    names = {m.source.id: location_name(m.source) for m in result.matches}
    sources = ", ".join(visible(names.get(s, s)) for s in derivation.sources)
    return f"{derivation.verdict} (score {derivation.score:.2f})" + (f" from {sources}" if sources else "")


def location_name(document: Document) -> str:
    """How reports name a document's file: its path, else its id (``-`` for stdin)."""
    return document.path or document.id


def document_dict(document: Document) -> dict[str, Any]:
    return {"id": document.id, "path": document.path, "length": len(document.text)}


def passage_dict(passage: Passage) -> dict[str, Any]:
    return {
        "candidate_start": passage.candidate_start,
        "candidate_end": passage.candidate_end,
        "source_start": passage.source_start,
        "source_end": passage.source_end,
        "kind": passage.kind,
        "similarity": passage.similarity,
    }


def match_dict(match: Match) -> dict[str, Any]:
    return {
        "source": document_dict(match.source),
        "scores": dict(match.scores),
        "passages": [passage_dict(p) for p in match.passages],
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": str(finding.severity),
        "message": finding.message,
        "source": finding.source,
        "candidate_start": finding.candidate_start,
        "candidate_end": finding.candidate_end,
        "evidence": dict(finding.evidence),
    }


def derivation_dict(derivation: Derivation | None) -> dict[str, Any] | None:
    if derivation is None:
        return None
    return {"verdict": derivation.verdict, "score": derivation.score, "sources": list(derivation.sources),
            "evidence": dict(derivation.evidence)}


def paragraph_dict(paragraph: ParagraphSource) -> dict[str, Any]:
    return {"start": paragraph.start, "end": paragraph.end, "source": paragraph.source, "share": paragraph.share}


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "candidate": document_dict(result.candidate),
        "matches": [match_dict(m) for m in result.matches],
        "findings": [finding_dict(f) for f in result.findings],
        "derivation": derivation_dict(result.derivation),
        "paragraphs": [paragraph_dict(p) for p in result.paragraphs],
    }


def problem_dict(problem: Problem) -> dict[str, str]:
    return {"path": problem.path, "message": problem.message}


def report_dict(report: Report) -> dict[str, Any]:
    """The report as the version-1 JSON model documented in docs/output-formats.md ("JSON report")."""
    return {
        "version": JSON_VERSION,
        "results": [result_dict(r) for r in report.results],
        "errors": [problem_dict(p) for p in report.errors],
        "warnings": [problem_dict(p) for p in report.warnings],
    }


@dataclass(frozen=True)
class Region:
    """A span as 1-based lines and columns: ``end_line`` holds the span's last character and
    ``end_column`` is the column just after it (SARIF's convention)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class LineIndex:
    """Maps character offsets of a text to 1-based (line, column); columns count code points.

    Lines end at ``\n`` (so a CRLF line's ``\r`` is its last column). With an ``origin``
    (a text extracted from markup) offsets of the text map to lines and columns of the file.
    """

    def __init__(self, text: str, origin: Origin | None = None) -> None:
        self._origin = origin
        self._text = origin.file_text if origin else text
        self._starts = [0, *(m.end() for m in re.finditer("\n", self._text))]

    @classmethod
    def of(cls, document: Document) -> LineIndex:
        """The index of a document's lines: those of its file when it has an origin."""
        return cls(document.text, document.origin)

    def _in_file(self, offset: int) -> int:
        return self._origin.file_offset(offset) if self._origin else offset

    def position(self, offset: int) -> tuple[int, int]:
        offset = self._in_file(offset)
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def utf8_position(self, offset: int) -> tuple[int, int]:
        """(line, column) with the column counted in UTF-8 bytes, as reviewdog wants it."""
        line, _ = self.position(offset)
        start = self._starts[line - 1]
        return line, len(self._text[start : self._in_file(offset)].encode("utf-8", "surrogatepass")) + 1

    def region(self, start: int, end: int) -> Region:
        """The region of ``text[start:end]``; an empty span is a zero-width region at ``start``."""
        start_line, start_column = self.position(start)
        if end <= start:
            return Region(start_line, start_column, start_line, start_column)
        end_line, last_column = self.position(end - 1)
        return Region(start_line, start_column, end_line, last_column + 1)


class LineIndexes:
    """The `LineIndex` of each document a render looks up, built on first use. An index is
    a function of the text and its origin (`LineIndex.of`): documents alike in both share one."""

    def __init__(self) -> None:
        self._built: dict[tuple[str, Origin | None], LineIndex] = {}

    def __getitem__(self, document: Document) -> LineIndex:
        key = (document.text, document.origin)
        index = self._built.get(key)
        if index is None:
            index = self._built[key] = LineIndex.of(document)
        return index


def finding_passages(result: Result, finding: Finding) -> list[tuple[Match, Passage]]:
    """The passages from the finding's source that overlap its span (all of them when the
    finding has no span): where in the source the flagged text comes from."""
    matches = [m for m in result.matches if finding.source is not None and m.source.id == finding.source]
    pairs = [(m, p) for m in matches for p in m.passages]
    if finding.candidate_start is None:
        return pairs
    start = finding.candidate_start
    end = max(finding.candidate_end if finding.candidate_end is not None else start, start + 1)
    return [(m, p) for m, p in pairs if p.candidate_start < end and p.candidate_end > start]


@dataclass(frozen=True)
class SourceSpan:
    """A span of a source that a finding points at, with a note saying what it is."""

    document: Document
    start: int
    end: int
    note: str


def exact_source_span(result: Result, finding: Finding) -> SourceSpan | None:
    """The source text a rule names exactly (integer ``source_start``/``source_end`` in the
    finding's evidence, inside its source), else None."""
    match = next((m for m in result.matches if m.source.id == finding.source), None)
    start, end = finding.evidence.get("source_start"), finding.evidence.get("source_end")
    if match is not None and isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(match.source.text):
        return SourceSpan(match.source, start, end, "the source text this finding refers to")
    return None


def source_spans(result: Result, finding: Finding) -> list[SourceSpan]:
    """Where in its source a finding's text comes from.

    A rule that knows the exact source text puts integer ``source_start``/``source_end`` in
    the finding's evidence; otherwise these are the overlapping passages (`finding_passages`).
    """
    exact = exact_source_span(result, finding)
    if exact is not None:
        return [exact]
    return [
        SourceSpan(m.source, p.source_start, p.source_end, f"source passage ({p.kind}, similarity {p.similarity:.2f})")
        for m, p in finding_passages(result, finding)
    ]
