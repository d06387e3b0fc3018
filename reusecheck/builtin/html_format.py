"""Built-in HTML format: the evidence report, candidate and source side by side.

One self-contained page (inline CSS and JS under a Content-Security-Policy that forbids
every network load; readable with JavaScript off): the run's totals, an overview with one
sortable row per candidate when there are several, then per candidate a summary
(containment, coverage, derivation verdict, findings by severity, a bar of where the reuse
lies) and the candidate beside its source, each passage numbered and in the same colour
on both sides, the word edits inside it marked and the findings pinned to their lines.
As a folder (``--output html=DIR/``) the overview is ``index.html`` and each candidate
has its own page. Every piece of document text is escaped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import reusecheck
from reusecheck.builtin.html_assets import CONTENT_SECURITY_POLICY, CSS, JS, colour_class
from reusecheck.builtin.html_marks import Span, esc, flatten, render_lines, word_diff
from reusecheck.formats import Format, LineIndex, RenderContext, exact_source_span, location_name, summary
from reusecheck.models import Document, Finding, Match, Passage, Report, Result, Severity

OPEN_FINDINGS = 4  # longer findings lists start folded (the findings are pinned in the text too)
FLAG_MAX_CHARS = 400  # longer finding spans (e.g. the whole reused stretch) get a pin, not an underline
BAR_WIDTH = 600
BAR_LABEL = 34
ICON = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n\s*")
EDIT_TAG = {"inserted": "ins", "deleted": "del", "changed": "span"}


def letter(number: int) -> str:
    """Source labels A, B, …, Z, AA, AB, …"""
    label = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        label = chr(65 + rest) + label
    return label


def display_name(document: Document) -> str:
    """How the report names a document: its file (`location_name`), with its id when the
    file holds several documents (a JSONL record)."""
    name = location_name(document)
    return f"{name} › {document.id}" if document.path and document.id != document.path else name


def number(value: float) -> str:
    """A score as shown: whole numbers (lengths, counts) without decimals, others with two."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


@dataclass(frozen=True)
class Numbered:
    """A passage with its number in the candidate (1-based, in candidate order) and its match."""

    number: int
    source_number: int
    match: Match
    passage: Passage


def numbered_passages(result: Result) -> list[Numbered]:
    pairs = [(m, match, p) for m, match in enumerate(result.matches, 1) for p in match.passages]
    pairs.sort(key=lambda item: (item[2].candidate_start, item[0], item[2].source_start))
    return [Numbered(n, m, match, p) for n, (m, match, p) in enumerate(pairs, 1)]


class CandidateView:
    """Everything rendered for one result; ``key`` prefixes its element ids."""

    def __init__(self, key: str, result: Result, context: RenderContext) -> None:
        self.key = key
        self.result = result
        self.context = context
        self.passages = numbered_passages(result)
        self.edits = {
            n.number: word_diff(
                result.candidate.text, n.passage.candidate_start, n.passage.candidate_end,
                n.match.source.text, n.passage.source_start, n.passage.source_end,
            )
            for n in self.passages
        }
        self.lines = LineIndex(result.candidate.text)  # lines of the text as shown
        self.file_lines = LineIndex.of(result.candidate)  # lines of the file, for places named to the reader
        self.findings = list(enumerate(result.findings, 1))

    # ids -------------------------------------------------------------------------------
    def passage_id(self, side: str, number: int) -> str:
        return f"{self.key}-{side}-p{number}"

    def finding_id(self, number: int) -> str:
        return f"{self.key}-f{number}"

    # summary ---------------------------------------------------------------------------
    def where(self, finding: Finding) -> str:
        if finding.candidate_start is None:
            return "whole text"
        region = self.file_lines.region(finding.candidate_start, finding.candidate_end or finding.candidate_start)
        start = f"{region.start_line}:{region.start_column}"
        if region.end_line == region.start_line:
            return start
        return f"{start}–{region.end_line}:{region.end_column}"

    def rule_code(self, finding: Finding, described: bool) -> str:
        """The rule's code and name; ``described``: with the rule's description on hover."""
        rule = self.context.rules.get(finding.rule)
        if described and rule is not None and rule.description:
            return f'<b><abbr title="{esc(rule.description)}">{esc(finding.rule)}</abbr></b> {esc(finding.name)}'
        return f"<b>{esc(finding.rule)}</b> {esc(finding.name)}"

    def finding_text(self, number: int, finding: Finding, linked: bool) -> str:
        """Severity, rule, where (a link to the pinned note when ``linked``) and message."""
        severity, where = finding.severity, esc(self.where(finding))
        place = f'<a href="#{self.finding_id(number)}">{where}</a>' if linked else f'<span class="muted">({where})</span>'
        return (
            f'<span class="sev sev-{severity}">{ICON[severity]} {severity}</span> {self.rule_code(finding, linked)} '
            f"{place}: {esc(finding.message)}"
        )

    def verdict(self) -> str:
        derivation = self.result.derivation
        if derivation is not None:
            sources = ", ".join(esc(s) for s in derivation.sources)
            return (
                f'<p class="verdict">Verdict: {esc(derivation.verdict)} '
                f'<span class="muted">(score {derivation.score:.2f}{"; from " + sources if sources else ""})</span></p>'
            )
        if self.result.matches:
            best = max(m.scores.get("containment", 0.0) for m in self.result.matches)
            count = len(self.result.matches)
            return f'<p class="verdict">{best:.0%} reused, from {count} source{"s" if count != 1 else ""}</p>'
        return '<p class="verdict">No reused passages found</p>'

    def sources_table(self) -> str:
        if not self.result.matches:
            return ""
        rows = []
        for m, match in enumerate(self.result.matches, 1):
            others = ", ".join(
                f"{esc(name)} {number(value)}" for name, value in match.scores.items() if name not in ("containment", "coverage")
            )
            rows.append(
                f"<tr><td><b>{letter(m)}</b></td><td>{esc(display_name(match.source))}</td>"
                f'<td class="num">{percent(match.scores.get("containment"))}</td>'
                f'<td class="num">{percent(match.scores.get("coverage"))}</td>'
                f'<td class="num">{len(match.passages)}</td><td class="muted">{others}</td></tr>'
            )
        return (
            '<table><thead><tr><th></th><th>source</th><th>containment</th><th>coverage</th><th>passages</th>'
            f'<th>other scores</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        )

    def counts(self) -> str:
        parts = []
        for severity in sorted(Severity, reverse=True):
            count = sum(1 for f in self.result.findings if f.severity is severity)
            parts.append(f'<span class="sev-{severity}">{ICON[severity]} {count} {severity}</span>')
        return f'<p class="counts">{"".join(parts)}</p>'

    def findings_list(self) -> str:
        if not self.findings:
            return ""
        ordered = sorted(self.findings, key=lambda item: -item[1].severity)
        count = len(ordered)
        items = "".join(f'<li class="sev-{f.severity}">{self.finding_text(j, f, linked=True)}</li>' for j, f in ordered)
        opened = " open" if count <= OPEN_FINDINGS else ""
        return (
            f'<details class="findings"{opened}><summary>{count} finding{"s" if count != 1 else ""}, worst first</summary>'
            f'<ul class="findings">{items}</ul></details>'
        )

    def bar(self) -> str:
        """An SVG bar along the candidate: one row per source with its passages (numbered,
        linked), and a row of paragraphs labelled with the source each came from."""
        length = max(len(self.result.candidate.text), 1)
        letters = {m.source.id: letter(i) for i, m in enumerate(self.result.matches, 1)}
        rows: list[str] = []

        def x(offset: int) -> float:
            return BAR_LABEL + BAR_WIDTH * offset / length

        y = 0
        for m, match in enumerate(self.result.matches, 1):
            rows.append(f'<text x="2" y="{y + 12}">{letter(m)}</text>')
            rows.append(f'<rect class="track" x="{BAR_LABEL}" y="{y}" width="{BAR_WIDTH}" height="16"/>')
            for n in (n for n in self.passages if n.source_number == m):
                p = n.passage
                left, width = x(p.candidate_start), max(x(p.candidate_end) - x(p.candidate_start), 2)
                title = f"passage {n.number}: {p.kind}, similarity {p.similarity:.2f}, from {display_name(match.source)}"
                label = f'<text x="{left + 2:.1f}" y="{y + 12}">{n.number}</text>' if width >= 16 else ""
                rows.append(
                    f'<a href="#{self.passage_id("c", n.number)}"><rect class="{colour_class(n.number)}" x="{left:.1f}" '
                    f'y="{y}" width="{width:.1f}" height="16"><title>{esc(title)}</title></rect>{label}</a>'
                )
            y += 20
        if self.result.paragraphs:
            rows.append(f'<text x="2" y="{y + 12}">¶</text>')
            for paragraph in self.result.paragraphs:
                left = x(paragraph.start)
                width = max(x(paragraph.end) - left, 1)
                name = letters.get(paragraph.source or "", paragraph.source or "")
                first = self.file_lines.position(paragraph.start)[0]
                last = self.file_lines.position(max(paragraph.end - 1, paragraph.start))[0]
                title = (
                    f"paragraph at lines {first}–{last}: "
                    + (f"{paragraph.share:.0%} from {paragraph.source}" if paragraph.source else "the writer's own")
                )
                opacity = 0.15 + 0.5 * paragraph.share if paragraph.source else 0
                label = f'<text x="{left + 2:.1f}" y="{y + 12}">{esc(name)}</text>' if width >= 14 and name else ""
                rows.append(
                    f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="16" fill="#888" fill-opacity="{opacity:.2f}" '
                    f'stroke="#777"><title>{esc(title)}</title></rect>{label}'
                )
            y += 20
        if not rows:
            return ""
        rows += [  # where the candidate's paragraphs start
            f'<line x1="{x(start):.1f}" x2="{x(start):.1f}" y1="0" y2="{y - 4}" stroke="#333" stroke-dasharray="2 2"/>'
            for start in paragraph_starts(self.result.candidate.text)
        ]
        return (
            f'<svg class="bar" viewBox="0 0 {BAR_LABEL + BAR_WIDTH + 2} {y}" role="img" '
            f'aria-label="where along the candidate the reused passages lie">{"".join(rows)}</svg>'
        )

    def summary(self) -> str:
        text = self.result.candidate.text
        facts = f"{len(text)} characters, {text.count(chr(10)) + 1 if text else 0} lines"
        return (
            f'<div class="summary"><div>{self.verdict()}<p class="muted">{facts}</p>{self.counts()}</div>'
            f"<div>{self.sources_table()}{self.bar()}</div></div>{self.findings_list()}"
        )

    # the two sides ---------------------------------------------------------------------
    def passage_span(self, n: Numbered, side: str) -> Span:
        other = "s" if side == "c" else "c"
        p = n.passage
        start, end = (p.candidate_start, p.candidate_end) if side == "c" else (p.source_start, p.source_end)
        title = f"passage {n.number}: {p.kind}, similarity {p.similarity:.2f}"
        number_link = (
            f'<a class="pn {colour_class(n.number)}" href="#{self.passage_id(other, n.number)}" '
            f'data-n="{n.number}" aria-label="passage {n.number}"></a>'
        )
        return Span(
            start, end, "mark", f'class="p {colour_class(n.number)}" data-p="{n.number}"',
            key=f"p{n.number}", first_attrs=f'id="{self.passage_id(side, n.number)}" title="{esc(title)}"', before=number_link,
        )

    def edit_spans(self, numbers: Sequence[Numbered], side: str) -> list[Span]:
        """The word edits of these passages on one side; a changed word's title quotes the other side."""
        spans = []
        for n in numbers:
            for e, edit in enumerate(self.edits[n.number]):
                start, end, other_start, other_end, other_text = (
                    (edit.candidate_start, edit.candidate_end, edit.source_start, edit.source_end, n.match.source.text)
                    if side == "c"
                    else (edit.source_start, edit.source_end, edit.candidate_start, edit.candidate_end, self.result.candidate.text)
                )
                if end <= start:
                    continue
                attrs = 'class="w"'
                if edit.kind == "changed":
                    other = " ".join(other_text[other_start:other_end].split())
                    attrs += f' title="{"source" if side == "c" else "candidate"}: {esc(other)}"'
                spans.append(Span(start, end, EDIT_TAG[edit.kind], attrs, key=f"e{n.number}.{e}"))
        return spans

    def flag_spans(self, match: Match | None = None) -> list[Span]:
        """Short finding spans, worst first: in the candidate, or (given a match) the source
        text a finding names exactly in that source."""
        spans = []
        for j, f in sorted(self.findings, key=lambda item: -item[1].severity):
            if match is None:
                start, end = f.candidate_start, f.candidate_end
            else:
                exact = exact_source_span(self.result, f)
                start, end = (exact.start, exact.end) if exact is not None and exact.document is match.source else (None, None)
            if start is not None and end is not None and 0 < end - start <= FLAG_MAX_CHARS:
                title = f"{f.rule}: {f.message}"
                spans.append(Span(start, end, "span", f'class="flag sev-{f.severity}" title="{esc(title)}"', key=f"f{j}"))
        return spans

    def candidate_pane(self) -> str:
        text = self.result.candidate.text
        passages, anchors = flatten(self.passage_span(n, "c") for n in self.passages)
        flags, _ = flatten(self.flag_spans())
        edits, _ = flatten(self.edit_spans(self.passages, "c"))
        points = dict(anchors)
        notes: dict[int, str] = {}
        whole: list[str] = []
        for j, f in self.findings:
            note = f'<div class="note sev-{f.severity}" id="{self.finding_id(j)}" role="note">{self.finding_text(j, f, linked=False)}</div>'
            if f.candidate_start is None:
                whole.append(note)
                continue
            pin = (
                f'<a class="pin sev-{f.severity}" href="#{self.finding_id(j)}" '
                f'aria-label="{f.severity} {esc(f.rule)}" title="{f.severity} {esc(f.rule)} {esc(f.name)}"></a>'
            )
            position = min(f.candidate_start, len(text))
            points[position] = points.get(position, "") + pin
            line, _ = self.lines.position(position)
            notes[line] = notes.get(line, "") + note
        body = render_lines(text, [passages, flags, edits], points, notes)
        head = f"<h3>Candidate: {esc(display_name(self.result.candidate))}</h3>"
        return (
            f'<div class="pane cand-pane" tabindex="0" aria-label="candidate text">{head}{"".join(whole)}'
            f'<div class="text">{body}</div></div>'
        )

    def source_panel(self, m: int, match: Match) -> str:
        text = match.source.text
        numbers = [n for n in self.passages if n.source_number == m]
        passages, anchors = flatten(self.passage_span(n, "s") for n in numbers)
        flags, _ = flatten(self.flag_spans(match))
        edits, _ = flatten(self.edit_spans(numbers, "s"))
        body = render_lines(text, [passages, flags, edits], anchors)
        scores = f"containment {percent(match.scores.get('containment'))}, coverage {percent(match.scores.get('coverage'))}"
        return (
            f'<div class="src" id="{self.key}-src{m}" data-src="{m}"><h3>Source {letter(m)}: '
            f'{esc(display_name(match.source))} <span class="muted">({scores})</span></h3>'
            f'<div class="text">{body}</div></div>'
        )

    def picker(self) -> str:
        if len(self.result.matches) < 2:
            return ""
        buttons = "".join(
            f'<button type="button" data-src="{m}" aria-pressed="{str(m == 1).lower()}">'
            f"{letter(m)}: {esc(display_name(match.source))} ({percent(match.scores.get('containment'))})</button>"
            for m, match in enumerate(self.result.matches, 1)
        )
        return f'<div class="picker" role="group" aria-label="show source">{buttons}</div>'

    def section(self, back: str | None = None) -> str:
        """The candidate's section; ``back``: the overview's link, shown as "all candidates"."""
        name = esc(display_name(self.result.candidate))
        title = self.result.candidate.title
        subtitle = f'<p class="doc-title">{esc(title)}</p>' if title else ""
        back_link = f'<p class="back"><a href="{esc(back)}">↑ all candidates</a></p>' if back else ""
        sources = "".join(self.source_panel(m, match) for m, match in enumerate(self.result.matches, 1))
        columns = (
            f'<div class="cols">{self.candidate_pane()}<div class="pane src-pane" tabindex="0" '
            f'aria-label="source text">{sources}</div></div>'
            if sources
            else f'<div class="cols single">{self.candidate_pane()}</div>'
        )
        return (
            f'<section class="cand" id="{self.key}" aria-label="{name}">{back_link}<h2><a href="#{self.key}">{name}</a></h2>'
            f"{subtitle}{self.summary()}{self.picker()}{columns}</section>"
        )


def paragraph_starts(text: str) -> list[int]:
    """Where the paragraphs after the first begin (after a blank line)."""
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if m.end() < len(text)]


def top_match(result: Result) -> Match | None:
    return max(result.matches, key=lambda m: m.scores.get("containment", 0.0), default=None)


def overview(report: Report, href: Callable[[int], str]) -> str:
    """One sortable row per candidate: verdict, containment, top source, findings by severity
    (numeric cells sort by their ``data-v``, the others by their text)."""
    head = ["#", "candidate", "verdict", "containment", "top source", "coverage", "passages", "errors", "warnings", "info"]
    numeric = {0, 3, 5, 6, 7, 8, 9}
    cells = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}><button type="button" data-col="{i}">{h}</button></th>'
        for i, h in enumerate(head)
    )
    rows = []
    for i, result in enumerate(report.results, 1):
        best = top_match(result)
        containment = max((m.scores.get("containment", 0.0) for m in result.matches), default=0.0)
        verdict = (
            result.derivation.verdict if result.derivation is not None else ("reused" if result.matches else "none found")
        )
        counts = [sum(1 for f in result.findings if f.severity is s) for s in sorted(Severity, reverse=True)]
        name = display_name(result.candidate)
        source = display_name(best.source) if best is not None else ""
        coverage = best.scores.get("coverage", 0.0) if best is not None else 0.0
        last = ' elementtiming="overview-end"' if i == len(report.results) else ""  # when the whole table is shown
        row = [
            f'<td class="num" data-v="{i}"{last}>{i}</td>',
            f'<td class="name"><a href="{esc(href(i))}">{esc(name)}</a></td>',
            f"<td>{esc(verdict)}</td>",
            f'<td class="num" data-v="{containment:.4f}">{percent(containment if result.matches else None)}</td>',
            f'<td class="name">{esc(source)}</td>',
            f'<td class="num" data-v="{coverage:.4f}">{percent(coverage if best is not None else None)}</td>',
            f'<td class="num" data-v="{sum(len(m.passages) for m in result.matches)}">'
            f"{sum(len(m.passages) for m in result.matches)}</td>",
            *(f'<td class="num" data-v="{c}">{c}</td>' for c in counts),
        ]
        rows.append(f"<tr>{''.join(row)}</tr>")
    return (
        '<h2 id="overview">Candidates</h2><table class="overview"><thead><tr>'
        f'{cells}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def problems(report: Report) -> str:
    parts = []
    for title, items in (("Input errors", report.errors), ("Input warnings", report.warnings)):
        if items:
            lis = "".join(f"<li>{esc(p.path)}: {esc(p.message)}</li>" for p in items)
            parts.append(f'<h2>{title}</h2><ul class="problems">{lis}</ul>')
    return "".join(parts)


def headline(report: Report, context: RenderContext) -> str:
    failing = sum(1 for r in report.results for f in r.findings if f.severity >= context.fail_level)
    verdict = f"{failing} finding(s) at or above {context.fail_level}" if failing else f"no findings at or above {context.fail_level}"
    return f"<p><b>{esc(verdict)}</b>. {esc(summary(report))}.</p>"


LEGEND = (
    '<div class="legend"><span><a class="pn k0 b0" href="#top" data-n="1" aria-label="passage 1"></a><mark class="p k0 b0">reused passage</mark> '
    "(same number and colour on both sides)</span>"
    '<span><ins class="w">added</ins> not in the source</span><span><del class="w">dropped</del> not in the candidate</span>'
    '<span><span class="w">changed</span> reworded (hover for the other side)</span>'
    '<span><span class="flag sev-warning">flagged</span> a finding\'s text</span>'
    '<span><span class="key">n</span> / <span class="key">p</span> next / previous passage; click a passage to see '
    "it on the other side</span></div>"
)


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="reusecheck {esc(reusecheck.__version__)}">'
        f"<title>{esc(title)}</title><style>{CSS}</style><script>{JS}</script></head>"
        f'<body id="top">{body}</body></html>\n'
    )


def render_html(report: Report, context: RenderContext) -> str:
    """The whole run as one page: totals, overview (several candidates), each candidate."""
    parts = [f"<header><h1>reusecheck report</h1>{headline(report, context)}{LEGEND}</header>"]
    if len(report.results) > 1:
        parts.append(overview(report, lambda i: f"#c{i}"))
    parts.append(problems(report))
    back = "#overview" if len(report.results) > 1 else None
    parts.extend(CandidateView(f"c{i}", r, context).section(back) for i, r in enumerate(report.results, 1))
    return page("reusecheck report", "".join(parts))


def page_name(number: int, result: Result) -> str:
    """The file of one candidate's page in a folder report: its number and a safe slug of its name."""
    base = os.path.basename(result.candidate.id.rstrip("/\\")) or "candidate"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.")[:60] or "candidate"
    return f"{number:04d}-{slug}.html"


def render_pages(report: Report, context: RenderContext) -> dict[str, str]:
    """The run as a folder: ``index.html`` (totals, overview, input problems) and one page per candidate."""
    names = [page_name(i, r) for i, r in enumerate(report.results, 1)]
    index = (
        f"<header><h1>reusecheck report</h1>{headline(report, context)}</header>"
        f"{overview(report, lambda i: names[i - 1])}{problems(report)}"
    )
    files = {"index.html": page("reusecheck report", index)}
    for i, (name, result) in enumerate(zip(names, report.results, strict=True), 1):
        title = display_name(result.candidate)
        body = (
            f"<header>{LEGEND}</header>{CandidateView(f'c{i}', result, context).section('index.html')}"
        )
        files[name] = page(f"reusecheck: {title}", body)
    return files


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(
        Format(
            "html", render_html, "a self-contained HTML evidence report (a folder with --output html=DIR/)",
            render_files=render_pages,
        )
    )
