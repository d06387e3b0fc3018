"""Built-in Markdown format: a pull-request comment.

A headline with the verdict at the fail level, a table of reuse per checked file and
source, a table of findings (worst first; the first `MAX_FINDINGS`), the longest reused passages quoted
next to their source, and the input errors. Text from the documents is escaped so it
cannot become markup, links (bare URLs included) or @-mentions, and control characters
are written as visible escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import reusecheck
from reusecheck.formats import Format, LineIndexes, RenderContext, location_name, summary, visible
from reusecheck.models import Match, Passage, Report, Result

MAX_FINDINGS = 50
WORST_PASSAGES = 5
EXCERPT_CHARS = 280
_MARKUP = re.compile(r"([\\`*_\[\]<>|~#&])")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=(?<![\w.])www)(?=\.)", re.IGNORECASE)


def md(text: str) -> str:
    """``text`` on one line, with control characters escaped, Markdown punctuation escaped,
    and @-mentions and bare URLs defused (a zero-width space keeps GitHub from linking them)."""
    escaped = _MARKUP.sub(r"\\\1", visible(" ".join(text.split())))
    escaped = _AUTOLINK.sub("&#8203;", escaped)
    return escaped.replace("@", "@&#8203;")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of ``text`` (whitespace collapsed), cut at a word boundary with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut + " …"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def headline(report: Report, context: RenderContext) -> str:
    failing = sum(1 for r in report.results for f in r.findings if f.severity >= context.fail_level)
    verdict = (
        f"{failing} finding{'s' if failing != 1 else ''} at or above {context.fail_level}"
        if failing
        else f"no findings at or above {context.fail_level}"
    )
    if report.errors:
        verdict += f", {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}"
    return f"## reusecheck: {verdict}"


def reuse_table(report: Report) -> list[str]:
    lines = ["| file | verdict | reused from | containment | coverage | passages |", "|---|---|---|---:|---:|---:|"]
    for result in report.results:
        name = md(location_name(result.candidate))
        verdict = md(f"{result.derivation.verdict} ({result.derivation.score:.2f})") if result.derivation else ""
        if not result.matches:
            lines.append(f"| {name} | {verdict} | no reuse found | | | |")
        for match in result.matches:
            lines.append(
                f"| {name} | {verdict} | {md(location_name(match.source))} | {percent(match.scores.get('containment'))} "
                f"| {percent(match.scores.get('coverage'))} | {len(match.passages)} |"
            )
    return lines


def findings_table(report: Report, indexes: LineIndexes) -> list[str]:
    rows = sorted(((r, f) for r in report.results for f in r.findings), key=lambda row: -row[1].severity)  # worst first
    if not rows:
        return []
    lines = ["### Findings", "", "| severity | rule | where | message |", "|---|---|---|---|"]
    for result, finding in rows[:MAX_FINDINGS]:
        where = md(location_name(result.candidate))
        if finding.candidate_start is not None:
            line, column = indexes[result.candidate].position(finding.candidate_start)
            where += f":{line}:{column}"
        lines.append(f"| {finding.severity} | {finding.rule} {md(finding.name)} | {where} | {md(finding.message)} |")
    if len(rows) > MAX_FINDINGS:
        lines += ["", f"… and {len(rows) - MAX_FINDINGS} more findings (see the full report)."]
    return lines


def worst_passages(report: Report) -> list[tuple[Result, Match, Passage]]:
    """The longest reused passages of the whole report (in candidate characters)."""
    found = [(r, m, p) for r in report.results for m in r.matches for p in m.passages]
    found.sort(key=lambda item: (-(item[2].candidate_end - item[2].candidate_start), -item[2].similarity))
    return found[:WORST_PASSAGES]


def passage_quote(number: int, result: Result, match: Match, passage: Passage, indexes: LineIndexes) -> list[str]:
    cand = indexes[result.candidate].region(passage.candidate_start, passage.candidate_end)
    src = indexes[match.source].region(passage.source_start, passage.source_end)
    candidate_text = result.candidate.text[passage.candidate_start : passage.candidate_end]
    source_text = match.source.text[passage.source_start : passage.source_end]
    heading = (
        f"**{number}. {md(location_name(result.candidate))} lines {cand.start_line}–{cand.end_line} ← "
        f"{md(location_name(match.source))} lines {src.start_line}–{src.end_line}** "
        f"({passage.kind}, similarity {passage.similarity:.2f}, {passage.candidate_end - passage.candidate_start} characters)"
    )
    return [
        heading,
        "",
        f"> **candidate:** {md(excerpt(candidate_text))}",
        ">",
        f"> **source:** {md(excerpt(source_text))}",
        "",
    ]


def render_markdown(report: Report, context: RenderContext) -> str:
    indexes = LineIndexes()
    lines = [headline(report, context), "", summary(report) + ".", "", *reuse_table(report), ""]
    table = findings_table(report, indexes)
    if table:
        lines += [*table, ""]
    passages = worst_passages(report)
    if passages:
        lines += ["### Longest reused passages", ""]
        for number, (result, match, passage) in enumerate(passages, 1):
            lines += passage_quote(number, result, match, passage, indexes)
    if report.errors:
        lines += ["### Input errors", "", *(f"- {md(p.path)}: {md(p.message)}" for p in report.errors), ""]
    if report.warnings:
        lines += ["### Input warnings", "", *(f"- {md(p.path)}: {md(p.message)}" for p in report.warnings), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("markdown", render_markdown, "Markdown for a pull-request comment"))
