"""Built-in human-readable format: passages quoted side by side, findings in plain sentences."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from itertools import zip_longest

import reusecheck
from reusecheck.formats import Format, LineIndex, summary
from reusecheck.models import Match, Passage, Report, Result

COLUMN = 46
EXCERPT_LINES = 4


def _excerpt(text: str) -> list[str]:
    """The passage wrapped to one column, cut to a few lines with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), COLUMN) or [""]
    if len(lines) > EXCERPT_LINES:
        lines = lines[:EXCERPT_LINES]
        lines[-1] = lines[-1][: COLUMN - 2] + " …"
    return lines


def _side_by_side(left: str, right: str) -> list[str]:
    pairs = zip_longest(_excerpt(left), _excerpt(right), fillvalue="")
    return [f"      │ {a:<{COLUMN}} │ {b}" for a, b in pairs]


def _scores(match: Match) -> str:
    return ", ".join(
        f"{name} {value:.2f}" if isinstance(value, float) else f"{name} {value}" for name, value in match.scores.items()
    )


def _passage_lines(number: int, passage: Passage, result: Result, match: Match) -> list[str]:
    candidate_text = result.candidate.text[passage.candidate_start : passage.candidate_end]
    source_text = match.source.text[passage.source_start : passage.source_end]
    head = (
        f"    [{number}] {passage.kind}, similarity {passage.similarity:.2f}: "
        f"candidate {passage.candidate_start}-{passage.candidate_end} ~ source {passage.source_start}-{passage.source_end}"
    )
    return [head, *_side_by_side(candidate_text, source_text)]


def _result_lines(result: Result) -> list[str]:
    name = result.candidate.path or result.candidate.id
    lines = [f"{name} ({len(result.candidate.text)} characters)"]
    if not result.matches:
        lines.append("  no reused passages found")
    for match in result.matches:
        lines.append(f"  reuses {match.source.path or match.source.id}: {_scores(match)}, {len(match.passages)} passage(s)")
        lines.append(f"      │ {'candidate':<{COLUMN}} │ source")
        for number, passage in enumerate(match.passages, 1):
            lines.extend(_passage_lines(number, passage, result, match))
    if result.findings:
        index = LineIndex(result.candidate.text)
        lines.append("  findings:")
        for finding in result.findings:
            where = ""
            if finding.candidate_start is not None:
                line, column = index.position(finding.candidate_start)
                where = f" at {line}:{column}"
            lines.append(f"    {finding.severity} {finding.rule} {finding.name}{where}: {finding.message}")
    return lines


def render_text(report: Report) -> str:
    lines: list[str] = []
    for result in report.results:
        lines.extend(_result_lines(result))
        lines.append("")
    for problem in report.warnings:
        lines.append(f"warning: {problem.path}: {problem.message}")
    for problem in report.errors:
        lines.append(f"error: {problem.path}: {problem.message}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("text", render_text, "human-readable: passages side by side, findings in plain sentences"))
