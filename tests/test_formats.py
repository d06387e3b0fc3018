"""Contract tests over every registered format, and the helpers formats share."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from formats_sample import Sample, build_sample

from reusecheck.formats import (
    Format,
    LineIndex,
    LineIndexes,
    Region,
    RenderContext,
    SourceSpan,
    finding_passages,
    report_dict,
    source_spans,
)
from reusecheck.models import Document, Origin, Report, Severity
from reusecheck.plugins import load_plugins

FORMATS = sorted(load_plugins(autoload=False).formats)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("formats"))


def test_the_sample_covers_what_formats_must_handle(sample: Sample) -> None:
    report = sample.report
    findings = [f for r in report.results for f in r.findings]
    assert {str(f.severity) for f in findings} == {"error", "warning", "info"}
    assert any(f.candidate_start is None for f in findings)
    assert any(f.candidate_start is not None and f.candidate_start == f.candidate_end for f in findings)
    assert any(not r.matches for r in report.results)
    assert report.errors and report.warnings
    assert "\r\n" in sample.odd.candidate.text and not sample.odd.candidate.text.isascii()


def test_builtin_formats_are_all_registered() -> None:
    assert set(FORMATS) >= {"text", "json", "jsonl", "sarif", "rdjsonl", "github", "junit", "markdown", "csv", "html"}


@pytest.mark.parametrize("name", FORMATS)
def test_format_renders_every_finding_error_and_warning(sample: Sample, name: str) -> None:
    output = sample.plugins.formats[name].output(sample.report, sample.context)
    assert output.endswith("\n")
    for code in {f.rule for r in sample.report.results for f in r.findings}:
        assert code in output
    for problem in (*sample.report.errors, *sample.report.warnings):
        assert problem.message in output
    assert output == sample.plugins.formats[name].output(sample.report, sample.context), "not deterministic"


@pytest.mark.parametrize("name", FORMATS)
def test_format_renders_an_empty_report_and_works_without_a_context(sample: Sample, name: str) -> None:
    fmt = sample.plugins.formats[name]
    empty = fmt.output(Report(()))
    assert empty == "" or empty.endswith("\n")
    assert not re.search(r"RC\d{3}", empty), "an empty report names no rule"
    without_context = fmt.output(sample.report)
    for code in {f.rule for r in sample.report.results for f in r.findings}:
        assert code in without_context


def test_single_function_formats_keep_working() -> None:
    fmt = Format("count", lambda report: f"{len(report.results)}\n")
    assert fmt.output(Report(()), RenderContext()) == "0\n"
    seen: list[RenderContext] = []

    def render(report: Report, context: RenderContext) -> str:
        seen.append(context)
        return ""

    contextual = Format("ctx", render, takes_context=True)
    context = RenderContext(fail_level=Severity.ERROR)
    contextual.output(Report(()), context)
    contextual.output(Report(()))
    assert seen[0] is context and seen[1] == RenderContext()


def test_json_round_trips(sample: Sample) -> None:
    output = sample.plugins.formats["json"].output(sample.report, sample.context)
    assert json.loads(output) == report_dict(sample.report)


def test_jsonl_is_one_result_per_line_and_rebuilds_the_json_report(sample: Sample) -> None:
    lines = [json.loads(line) for line in sample.plugins.formats["jsonl"].output(sample.report).splitlines()]
    assert [line["type"] for line in lines] == (
        ["result"] * len(sample.report.results) + ["error"] * len(sample.report.errors)
        + ["warning"] * len(sample.report.warnings)
    )
    rebuilt: dict[str, Any] = {"version": 1, "results": [], "errors": [], "warnings": []}
    for line in lines:
        kind = line.pop("type")
        rebuilt[kind + "s"].append(line)
    assert rebuilt == report_dict(sample.report)


def naive_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) by splitting the text: the independent reference for LineIndex."""
    before = text[:offset].split("\n")
    return len(before), len(before[-1]) + 1


def test_line_index_counts_code_points_and_lines() -> None:
    text = "a🦜b\r\nsecond “line”\n\nlast"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        assert index.position(offset) == naive_position(text, offset)
    assert index.position(text.index("b")) == (1, 3)  # the parrot is one code point (two UTF-16 units)
    assert index.utf8_position(text.index("b")) == (1, 6)  # and four UTF-8 bytes
    assert index.position(text.index("line")) == (2, 9)
    assert index.utf8_position(text.index("line")) == (2, 11)


def test_region_ends_on_the_last_character() -> None:
    text = "one\ntwo three\n"
    index = LineIndex(text)
    assert index.region(4, 7) == Region(2, 1, 2, 4)  # "two": end column just after "o"
    assert index.region(0, 4) == Region(1, 1, 1, 5)  # "one\n" ends on line 1, not at the start of line 2
    assert index.region(8, 8) == Region(2, 5, 2, 5)  # zero width
    assert index.region(0, len(text)) == Region(1, 1, 2, 11)


def test_finding_passages_are_the_overlapping_passages_of_its_source(sample: Sample) -> None:
    result = next(r for r in sample.report.results if r.candidate.path and r.candidate.path.endswith("republished-aleppo-2016-11-04.txt"))
    [match] = result.matches
    by_rule = {f.rule: f for f in result.findings}
    assert [p for _, p in finding_passages(result, by_rule["RC100"])] == list(match.passages)
    assert [p for _, p in finding_passages(result, by_rule["XT903"])] == list(match.passages)  # no span: all
    assert [p for _, p in finding_passages(result, by_rule["XT901"])] == [match.passages[0]]
    assert [p for _, p in finding_passages(result, by_rule["XT902"])] == [match.passages[0]]  # zero width


def test_source_spans_prefer_the_exact_span_a_rule_gives(sample: Sample) -> None:
    result = sample.odd
    [match] = result.matches
    by_rule = {f.rule: f for f in result.findings}
    start = match.passages[0].source_start
    assert source_spans(result, by_rule["XT901"]) == [
        SourceSpan(match.source, start, start + 6, "the source text this finding refers to")
    ]
    first = match.passages[0]
    assert source_spans(result, by_rule["XT902"]) == [
        SourceSpan(match.source, start, first.source_end, f"source passage ({first.kind}, similarity {first.similarity:.2f})")
    ]


def test_line_indexes_are_one_per_text_and_origin() -> None:
    plain, twin = Document("a", "one\ntwo\n"), Document("b", "one\ntwo\n")
    # the same text extracted from markup: equal as documents (origin is not compared), other lines
    marked = Document("a", "one\ntwo\n", origin=Origin("<p>one</p>\n\n<p>two</p>\n", (0, 4), (3, 15), (True, True)))
    indexes = LineIndexes()
    assert indexes[plain] is indexes[twin]
    assert indexes[plain].position(4) == (2, 1)
    assert marked == plain and indexes[marked].position(4) == (3, 4)
