"""Output formats: the Format type and the report's JSON model, which other formats share."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reusecheck.models import Document, Finding, Match, Passage, Problem, Report, Result

JSON_VERSION = 1


@dataclass(frozen=True)
class Format:
    """A named output format; ``render`` turns a whole report into text."""

    name: str
    render: Callable[[Report], str]
    description: str = ""


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


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "candidate": document_dict(result.candidate),
        "matches": [match_dict(m) for m in result.matches],
        "findings": [finding_dict(f) for f in result.findings],
    }


def problem_dict(problem: Problem) -> dict[str, str]:
    return {"path": problem.path, "message": problem.message}


def report_dict(report: Report) -> dict[str, Any]:
    """The report as the version-1 JSON model documented in README."""
    return {
        "version": JSON_VERSION,
        "results": [result_dict(r) for r in report.results],
        "errors": [problem_dict(p) for p in report.errors],
        "warnings": [problem_dict(p) for p in report.warnings],
    }


class LineIndex:
    """Maps character offsets of a text to 1-based (line, column); columns count code points."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
