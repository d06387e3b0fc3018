"""Built-in human-readable format: what each file reuses in plain words, its findings, and
the passages quoted side by side.

Each checked file with findings is one block, built from small parts (`header`,
`source_lines`, `passage_lines`, `finding_lines`) so that further parts slot in. Files
without findings (nothing found, or every finding suppressed or baselined) print nothing;
the last line sums the run up. Places are ``line:column`` (1-based, columns in code points).
With `RenderContext.concise` (``-q``) only the findings are printed, one line each; with
`RenderContext.statistics` only a count per rule.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import zip_longest

import reusecheck
from reusecheck.formats import (
    Format,
    LineIndexes,
    RenderContext,
    Totals,
    location_name,
    verdict_phrase,
    visible,
    visible_at_line_start,
)
from reusecheck.models import Document, Finding, Match, Passage, Problem, Report, Result, Severity

COLUMN = 46
EXCERPT_LINES = 4
SHARES = ("containment", "coverage")  # described in words in the source line
QUOTE_SHARES = ("quoted", "narrative")  # described in words in the passages line


def _excerpt(text: str, cut: bool) -> list[str]:
    """The passage wrapped to one column; with ``cut``, a few lines ending in an ellipsis."""
    lines = textwrap.wrap(visible(" ".join(text.split())), COLUMN) or [""]
    if cut and len(lines) > EXCERPT_LINES:
        lines = lines[:EXCERPT_LINES]
        lines[-1] = lines[-1][: COLUMN - 2] + " …"
    return lines


def _side_by_side(left: str, right: str, cut: bool) -> list[str]:
    pairs = zip_longest(_excerpt(left, cut), _excerpt(right, cut), fillvalue="")
    return [f"      │ {a:<{COLUMN}} │ {b}" for a, b in pairs]


def _where(indexes: LineIndexes, document: Document, start: int, end: int) -> str:
    region = indexes[document].region(start, end)
    return f"{region.start_line}:{region.start_column}-{region.end_line}:{region.end_column}"


def header(result: Result) -> str:
    words = len(result.candidate.text.split())
    return f"{visible_at_line_start(location_name(result.candidate))} ({words:,} words, {len(result.candidate.text):,} characters)"


def _other_scores(match: Match, context: RenderContext) -> str:
    parts = []
    for name, value in match.scores.items():
        if name in SHARES or name in QUOTE_SHARES:
            continue
        unit = context.scorers[name].unit if name in context.scorers else ""
        shown = f"{value:.2f}" if isinstance(value, float) else f"{value:,}"
        parts.append(f"{name} {shown}" + (f" {unit}" if unit and not unit.startswith("share") else ""))
    return "; ".join(parts)


def source_lines(match: Match, context: RenderContext) -> list[str]:
    """What the file takes from one source, in words: how much of the file, how much of the source."""
    name = visible(location_name(match.source))
    containment, coverage = match.scores.get("containment"), match.scores.get("coverage")
    whose = f"{match.source.agency} copy" if match.source.agency else "reused"
    line = f"  {containment:.0%} of this text is {whose} from {name}" if containment is not None else f"  reuses {name}"
    if coverage is not None:
        line += f" ({coverage:.0%} of that source's words)"
    others = _other_scores(match, context)
    quoted, narrative = (match.scores.get(name) for name in QUOTE_SHARES)
    if quoted is not None and narrative is not None:
        others += ("; " if others else "") + f"{quoted:.0%} of its quoted words and {narrative:.0%} of the rest"
    passages = f"{len(match.passages)} passage{'s' if len(match.passages) != 1 else ''}"
    return [line, f"    {passages}" + (f"; {others}" if others else "")]


def verdict_lines(result: Result) -> list[str]:
    """The derivation verdict, one line (none where it was not computed)."""
    phrase = verdict_phrase(result)
    return [f"  verdict: {phrase}"] if phrase else []


def paragraph_lines(result: Result, indexes: LineIndexes) -> list[str]:
    """Where each paragraph came from, one line each: its place, its source (or own) and
    the share of its words reused."""
    if not result.paragraphs:
        return []
    names = {m.source.id: location_name(m.source) for m in result.matches}
    lines = ["  paragraphs:"]
    for number, paragraph in enumerate(result.paragraphs, 1):
        line, column = indexes[result.candidate].position(paragraph.start)
        source = visible(names.get(paragraph.source, paragraph.source)) if paragraph.source else "own"
        lines.append(f"    {number:>3}. {line}:{column} {source} ({paragraph.share:.0%} reused)")
    return lines


def passage_lines(number: int, passage: Passage, result: Result, match: Match, indexes: LineIndexes, full: bool) -> list[str]:
    candidate_text = result.candidate.text[passage.candidate_start : passage.candidate_end]
    source_text = match.source.text[passage.source_start : passage.source_end]
    head = (
        f"    [{number}] {_where(indexes, result.candidate, passage.candidate_start, passage.candidate_end)} here ~ "
        f"{_where(indexes, match.source, passage.source_start, passage.source_end)} in the source, "
        f"{passage.kind} (similarity {passage.similarity:.2f}, {len(candidate_text.split()):,} words)"
    )
    return [head, *_side_by_side(candidate_text, source_text, cut=not full)]


def finding_place(result: Result, finding: Finding, indexes: LineIndexes) -> str:
    if finding.candidate_start is None:
        return ""
    line, column = indexes[result.candidate].position(finding.candidate_start)
    return f"{line}:{column}"


def finding_lines(result: Result, indexes: LineIndexes) -> list[str]:
    lines = ["  findings:"]
    for finding in result.findings:
        place = finding_place(result, finding, indexes)
        lines.append(f"    {place + ' ' if place else ''}{finding.severity} {finding.rule} {finding.name}: {visible(finding.message)}")
    return lines


def result_lines(result: Result, context: RenderContext, indexes: LineIndexes) -> list[str]:
    lines = [header(result), *verdict_lines(result)]
    for match in result.matches:
        lines.extend(source_lines(match, context))
        if context.show_passages != "none" and match.passages:
            lines.append(f"      │ {'this text':<{COLUMN}} │ source")
            for number, passage in enumerate(match.passages, 1):
                lines.extend(passage_lines(number, passage, result, match, indexes, context.show_passages == "full"))
    if context.show_passages != "none":
        lines.extend(paragraph_lines(result, indexes))
    return [*lines, *finding_lines(result, indexes)]


def concise_lines(result: Result, indexes: LineIndexes) -> list[str]:
    """One line per finding: ``path:line:column: CODE [severity] message`` (ruff's concise form)."""
    name = visible_at_line_start(location_name(result.candidate))
    return [f"{name}:{place + ':' if (place := finding_place(result, finding, indexes)) else ''} {finding.rule} "
            f"[{finding.severity}] {visible(finding.message)}" for finding in result.findings]


def statistics_lines(counts: Counter[tuple[str, str, Severity]]) -> list[str]:
    """How many findings each rule reported, most first."""
    return [f"{count:>6}  {rule}  {name} [{severity}]" for (rule, name, severity), count in
            sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))]


def problem_lines(errors: Sequence[Problem], warnings: Sequence[Problem]) -> list[str]:
    return [
        *(f"warning: {visible(p.path)}: {visible(p.message)}" for p in warnings),
        *(f"error: {visible(p.path)}: {visible(p.message)}" for p in errors),
    ]


class TextStream:
    """The text report written result by result (`reusecheck.formats.ReportStream`)."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.totals = Totals()
        self.counts: Counter[tuple[str, str, Severity]] = Counter()

    def result(self, result: Result) -> str:
        self.totals.add(result)
        if self.context.statistics:
            self.counts.update((f.rule, f.name, f.severity) for f in result.findings)
            return ""
        indexes = LineIndexes()
        if self.context.concise:
            return "".join(line + "\n" for line in concise_lines(result, indexes))
        return "\n".join(result_lines(result, self.context, indexes)) + "\n\n" if result.findings else ""

    def end(self, errors: Sequence[Problem], warnings: Sequence[Problem]) -> str:
        if self.context.concise and not self.context.statistics:
            return ""
        lines = statistics_lines(self.counts) if self.context.statistics else problem_lines(errors, warnings)
        return "\n".join([*lines, self.totals.summary(len(errors))]) + "\n"


def render_text(report: Report, context: RenderContext) -> str:
    stream = TextStream(context)
    return "".join(map(stream.result, report.results)) + stream.end(report.errors, report.warnings)


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("text", render_text, "human-readable: reuse in plain words, findings at line:column, passages side by side",
                    stream=TextStream))
