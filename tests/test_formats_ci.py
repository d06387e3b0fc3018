"""The CI formats read back by their consumers' own rules: SARIF and reviewdog schemas, a
JUnit parser, the csv module, GitHub's workflow-command syntax, and Markdown structure."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import urllib.parse
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from formats_sample import Sample, build_sample
from helpers import REPUBLISHED, REUTERS, in_ci, read, shared_path
from junitparser import Error, Failure, JUnitXml

import reusecheck
from reusecheck.builtin.github_format import escape_data, escape_property
from reusecheck.builtin.markdown_format import md
from reusecheck.formats import RenderContext, visible
from reusecheck.models import Finding, Result, Severity


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("formats-ci"))


def render(sample: Sample, name: str, context: RenderContext | None = None) -> str:
    return sample.plugins.formats[name].output(sample.report, context or sample.context)


def located(sample: Sample) -> list[tuple[Result, Finding]]:
    return [(r, f) for r in sample.report.results for f in r.findings]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, code-point column), computed independently of LineIndex."""
    before = text[:offset].split("\n")
    return len(before), len(before[-1]) + 1


def uri_path(uri: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


def validator(*parts: str) -> jsonschema.protocols.Validator:
    schema = json.loads(shared_path("schemas", *parts).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# -- SARIF ---------------------------------------------------------------------------------

def test_sarif_validates_against_the_schema(sample: Sample) -> None:
    check = validator("sarif-schema-2.1.0.json")
    check.validate(json.loads(render(sample, "sarif")))
    check.validate(json.loads(sample.plugins.formats["sarif"].output(type(sample.report)(()))))


def test_sarif_rules_carry_help_built_from_the_registered_rules(sample: Sample) -> None:
    [run] = json.loads(render(sample, "sarif"))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(sample.plugins.rules)
    for descriptor in rules:
        rule = sample.plugins.rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.description
        assert rule.description.rstrip(".") in descriptor["help"]["text"]
        assert f"--severity {rule.code}=off" in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[str(rule.severity)]


def test_sarif_results_point_at_the_candidate_span_and_the_source_passages(sample: Sample) -> None:
    [run] = json.loads(render(sample, "sarif"))["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(located(sample))
    for item, (result, finding) in zip(run["results"], located(sample), strict=True):
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"] == finding.rule
        assert item["message"]["text"] == finding.message
        [location] = item["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri_path(uri) == result.candidate.path
        region = location["physicalLocation"].get("region")
        if finding.candidate_start is None or finding.candidate_end is None:
            assert region is None
            continue
        text = result.candidate.text
        start, end = finding.candidate_start, finding.candidate_end
        assert (region["charOffset"], region["charLength"]) == (start, end - start)
        assert (region["startLine"], region["startColumn"]) == position(text, start)
        last = end - 1 if end > start else start
        end_line, last_column = position(text, last)
        assert (region["endLine"], region["endColumn"]) == (end_line, last_column + (1 if end > start else 0))
        [match] = result.matches
        if "source_start" in finding.evidence:  # the exact source span a rule gives (XT901, several RC1xx)
            spans = [(finding.evidence["source_start"], finding.evidence["source_end"])]
        else:
            spans = [(p.source_start, p.source_end) for p in match.passages
                     if p.candidate_start < max(end, start + 1) and p.candidate_end > start]
        related = item.get("relatedLocations", [])
        assert len(related) == len(spans)
        for rel, (source_start, source_end) in zip(related, spans, strict=True):
            rel_region = rel["physicalLocation"]["region"]
            assert uri_path(rel["physicalLocation"]["artifactLocation"]["uri"]) == match.source.path
            assert (rel_region["charOffset"], rel_region["charLength"]) == (source_start, source_end - source_start)
            assert (rel_region["startLine"], rel_region["startColumn"]) == position(match.source.text, source_start)


def test_sarif_lists_input_errors_and_warnings_as_notifications(sample: Sample) -> None:
    [run] = json.loads(render(sample, "sarif"))["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = [(n["level"], n["message"]["text"]) for n in invocation["toolExecutionNotifications"]]
    assert notes == [("error", p.message) for p in sample.report.errors] + [("warning", p.message) for p in sample.report.warnings]


def test_sarif_uris_are_escaped(sample: Sample) -> None:
    [run] = json.loads(render(sample, "sarif"))["runs"]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for item in run["results"] for loc in item["locations"]}
    odd = next(u for u in uris if "draft" in u)
    assert " " not in odd and "," not in odd and odd.startswith("file:///")  # the sample's paths are absolute
    assert uri_path(odd) == sample.odd.candidate.path


# -- reviewdog -----------------------------------------------------------------------------

def test_rdjsonl_lines_validate_against_the_reviewdog_schema(sample: Sample) -> None:
    check = validator("reviewdog-rdf", "Diagnostic.json")
    lines = render(sample, "rdjsonl").splitlines()
    assert len(lines) == len(located(sample)) + len(sample.report.errors) + len(sample.report.warnings)
    for line in lines:
        check.validate(json.loads(line))


def test_rdjsonl_columns_count_utf8_bytes(sample: Sample) -> None:
    diagnostics = [json.loads(line) for line in render(sample, "rdjsonl").splitlines()]
    odd = sample.odd
    quote = next(f for f in odd.findings if f.rule == "XT901")
    assert quote.candidate_start is not None
    [diag] = [d for d in diagnostics if d.get("code") == {"value": "XT901"} and d["location"]["path"] == odd.candidate.path]
    text = odd.candidate.text
    line_start = text.rfind("\n", 0, quote.candidate_start) + 1
    assert diag["location"]["range"]["start"] == {
        "line": text.count("\n", 0, quote.candidate_start) + 1,
        "column": len(text[line_start : quote.candidate_start].encode("utf-8")) + 1,
    }
    assert diag["location"]["range"]["start"]["column"] > position(text, quote.candidate_start)[1]  # 🦜 “é” are multi-byte
    assert diag["location"]["range"]["end"]["column"] - diag["location"]["range"]["start"]["column"] == 6  # ASCII span
    assert diag["severity"] == "ERROR" and diag["related_locations"][0]["location"]["path"] == odd.matches[0].source.path


# -- GitHub --------------------------------------------------------------------------------

COMMAND = re.compile(r"::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def unescape(value: str) -> str:
    return (value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%"))


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.fullmatch(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(",")) if match["props"] else {}
    return match["kind"], {k: unescape(v) for k, v in props.items()}, unescape(match["message"])


def test_github_annotations_parse_back_to_the_findings(sample: Sample) -> None:
    lines = render(sample, "github").removesuffix("\n").split("\n")  # the runner splits on \n only
    commands = [parse_command(line) for line in lines]
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    one_line = 0
    for (kind, props, message), (result, finding) in zip(commands[: len(located(sample))], located(sample), strict=True):
        assert kind == kinds[str(finding.severity)]
        assert props["file"] == result.candidate.path and props["title"] == finding.rule
        assert message == visible(finding.message, keep="\r\n")  # control characters escaped (\x0c)
        if finding.candidate_start is None or finding.candidate_end is None:
            assert "line" not in props
            continue
        start_line, start_column = position(result.candidate.text, finding.candidate_start)
        assert int(props["line"]) == start_line
        if props["line"] == props["endLine"]:
            assert int(props["col"]) == start_column
            assert int(props["endColumn"]) - int(props["col"]) == finding.candidate_end - finding.candidate_start
            one_line += 1
        else:
            assert "col" not in props and "endColumn" not in props  # GitHub refuses columns across lines
    assert 0 < one_line < len(located(sample))
    problems = commands[len(located(sample)):]
    assert [(k, p["file"], m) for k, p, m in problems] == (
        [("error", e.path, e.message) for e in sample.report.errors]
        + [("warning", w.path, w.message) for w in sample.report.warnings]
    )


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a, b: 100%") == "a%2C b%3A 100%25"
    assert unescape(escape_property("x,:%\n")) == "x,:%\n"


# -- JUnit ---------------------------------------------------------------------------------

def test_junit_parses_with_a_junit_parser(sample: Sample, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    target.write_text(render(sample, "junit"), encoding="utf-8")
    [suite] = list(JUnitXml.fromfile(str(target)))
    cases = {case.name: case for case in suite}
    assert list(cases) == [r.candidate.path for r in sample.report.results] + [e.path for e in sample.report.errors]
    assert (suite.tests, suite.failures, suite.errors) == (len(cases), 2, 1)
    for result in sample.report.results:
        case = cases[result.candidate.path]
        failing = [f for f in result.findings if f.severity >= Severity.WARNING]
        if not failing:
            assert case.is_passed
            continue
        [failure] = case.result
        assert isinstance(failure, Failure)
        assert failure.type == ", ".join(dict.fromkeys(f.rule for f in failing))
        for finding in failing:
            assert f"{finding.rule} {finding.name}" in failure.text
        assert "credit missing: by-line,\ufffdeditor <dropped>" in failure.text  # \x0c is not XML
        assert "XT902" in case.system_out and "XT902" not in failure.text  # info: below the fail level
    [error] = cases[sample.report.errors[0].path].result
    assert isinstance(error, Error) and error.message == sample.report.errors[0].message
    system_err = ElementTree.parse(target).getroot().find("testsuite/system-err")
    assert system_err is not None and "empty text" in str(system_err.text)


def test_junit_fail_level_decides_what_fails(sample: Sample, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    target.write_text(render(sample, "junit", RenderContext(sample.plugins.rules, Severity.ERROR)), encoding="utf-8")
    [suite] = list(JUnitXml.fromfile(str(target)))
    cases = {case.name: case for case in suite}
    for result in sample.report.results:
        errors = [f.rule for f in result.findings if f.severity is Severity.ERROR]
        if not errors:
            assert cases[result.candidate.path].is_passed
            continue
        [failure] = cases[result.candidate.path].result
        assert isinstance(failure, Failure) and failure.type == ", ".join(dict.fromkeys(errors))
        assert "XT901" in failure.type and "RC100" in cases[result.candidate.path].system_out  # a warning now passes


# -- CSV -----------------------------------------------------------------------------------

def test_csv_has_one_row_per_finding_and_problem(sample: Sample) -> None:
    rows = list(csv.DictReader(io.StringIO(render(sample, "csv"))))
    findings = located(sample)
    assert len(rows) == len(findings) + len(sample.report.errors) + len(sample.report.warnings)
    for row, (result, finding) in zip(rows, findings, strict=False):
        assert (row["path"], row["rule"], row["severity"], row["source"]) == (
            result.candidate.path, finding.rule, str(finding.severity), finding.source)
        message = visible(finding.message, keep="\t\r\n")  # control characters escaped (\x0c)
        expected = message if not message.startswith("=") else "'" + message
        assert row["message"] == expected
        if finding.candidate_start is None:
            assert row["line"] == row["start"] == ""
        else:
            assert (int(row["start"]), int(row["end"])) == (finding.candidate_start, finding.candidate_end)
            assert (int(row["line"]), int(row["column"])) == position(result.candidate.text, finding.candidate_start)
    assert rows[-2]["name"] == "input-error" and rows[-1]["name"] == "input-warning"


# -- Markdown ------------------------------------------------------------------------------

def table_cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_comment_has_a_verdict_tables_and_quoted_passages(sample: Sample) -> None:
    output = render(sample, "markdown")
    lines = output.splitlines()
    failing = sum(1 for _, f in located(sample) if f.severity >= Severity.WARNING)
    assert lines[0] == f"## reusecheck: {failing} findings at or above warning, 1 input error"
    width = 0
    for previous, line in zip(["", *lines], lines, strict=False):
        if line.startswith("|"):
            width = width if previous.startswith("|") else len(table_cells(line))
            assert len(table_cells(line)) == width, line  # escaped text never adds a column
    assert "no reuse found" in output
    order = [Severity.parse(table_cells(line)[0]) for line in lines if re.match(r"\| (error|warning|info) \|", line)]
    assert len(order) == len(located(sample)) and order == sorted(order, reverse=True)  # worst first
    odd_passage = sample.odd.matches[0].passages[0]
    quoted = sample.odd.candidate.text[odd_passage.candidate_start : odd_passage.candidate_end].split()[:6]
    assert md(" ".join(quoted)) in output
    assert "@&#8203;someone" in output and "\\<dropped\\>" in output


def test_markdown_escapes_markup_and_mentions() -> None:
    assert md("a|b <i>x</i> *y* [l](u) @ed #1\n  z") == r"a\|b \<i\>x\</i\> \*y\* \[l\](u) @&#8203;ed \#1 z"


def test_findings_of_unregistered_rules_render_everywhere(sample: Sample) -> None:
    """Findings may come from outside the registered rules (e.g. suppression notices)."""
    first = sample.report.results[0]
    extra = Finding("ZZ999", "stray", Severity.ERROR, "made elsewhere", None, 0, None)
    report = replace(sample.report, results=(replace(first, findings=(*first.findings, extra)), *sample.report.results[1:]))
    for name, fmt in sample.plugins.formats.items():
        assert "ZZ999" in fmt.output(report, sample.context), name
    log = json.loads(sample.plugins.formats["sarif"].output(report, sample.context))
    validator("sarif-schema-2.1.0.json").validate(log)
    [stray] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "ZZ999"]
    assert "ruleIndex" not in stray and stray["locations"][0]["physicalLocation"]["region"]["charLength"] == 0


# -- GitLab Code Quality and Checkstyle (issue 11 point 12) -----------------------------------

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def test_gitlab_validates_against_the_documented_format(sample: Sample) -> None:
    schema = json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    issues = json.loads(render(sample, "gitlab"))
    jsonschema.Draft202012Validator(schema).validate(issues)
    assert len(issues) == len(located(sample)) + len(sample.report.errors) + len(sample.report.warnings)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab keys issues by fingerprint
    for item, (result, finding) in zip(issues, located(sample), strict=False):
        assert (item["check_name"], item["description"], item["location"]["path"]) == (
            finding.rule, finding.message, os.path.relpath(str(result.candidate.path)))
        if finding.candidate_start is not None:
            assert item["location"]["lines"]["begin"] == position(result.candidate.text, finding.candidate_start)[0]
    assert [(i["check_name"], i["severity"]) for i in issues[-2:]] == [("input-error", "blocker"), ("input-warning", "info")]


CONSUMERS = Path(__file__).resolve().parent / "consumers"  # npm packages (package.json; .ci/run: npm ci)


def test_gitlab_type_checks_against_the_published_code_climate_types(sample: Sample, tmp_path: Path) -> None:
    """The report as a TypeScript value that must satisfy `Issue[]` of codeclimate-types
    (the Code Climate spec's published definitions, which GitLab's format is a subset of),
    with GitLab's required ``fingerprint`` and ``severity``; the TypeScript compiler checks it."""
    import subprocess

    compiler = CONSUMERS / "node_modules" / "typescript" / "bin" / "tsc"
    types = CONSUMERS / "node_modules" / "codeclimate-types" / "index.js"
    if not compiler.exists() or shutil.which("node") is None:
        message = "node or tests/consumers/node_modules missing (npm ci --prefix tests/consumers)"
        if in_ci():
            pytest.fail(message + "; .ci/run installs them")
        pytest.skip(message)
    issues = json.loads(render(sample, "gitlab"))
    assert {i["check_name"] for i in issues} >= {"RC100", "input-error"}
    good, bad = tmp_path / "report.ts", tmp_path / "broken.ts"
    header = (f"import type {{ Issue }} from {json.dumps(str(types))}\n"
              "type GitLabIssue = Issue & Required<Pick<Issue, 'fingerprint' | 'severity'>>\n")
    good.write_text(header + f"export const report = {json.dumps(issues, ensure_ascii=False)} satisfies GitLabIssue[]\n",
                    encoding="utf-8")
    broken = [{**issues[0], "severity": "error", "location": {"path": "a.md", "lines": {"begin": 1}}}]
    bad.write_text(header + f"export const report = {json.dumps(broken)} satisfies GitLabIssue[]\n", encoding="utf-8")

    def compile_errors(path: Path) -> str:
        run = subprocess.run(["node", str(compiler), "--strict", "--noEmit", "--target", "es2022", "--module", "nodenext",
                              str(path)], capture_output=True, text=True, timeout=120)
        return run.stdout + run.stderr

    assert compile_errors(good) == ""
    assert "'\"error\"' is not assignable" in compile_errors(bad)  # the check is real: a wrong issue fails


def test_gitlab_fingerprints_survive_moved_lines() -> None:
    plugins = reusecheck.plugins.load_plugins()
    text = read(REPUBLISHED)
    before = reusecheck.check([reusecheck.Document(id="a.md", text=text, path="a.md")], [REUTERS], plugins=plugins)
    moved = reusecheck.Document(id="a.md", text="A new first paragraph.\n\n" + text, path="a.md")
    after = reusecheck.check([moved], [REUTERS], plugins=plugins)
    prints = [{i["fingerprint"] for i in json.loads(plugins.formats["gitlab"].output(r))} for r in (before, after)]
    lines = [[i["location"]["lines"]["begin"] for i in json.loads(plugins.formats["gitlab"].output(r))] for r in (before, after)]
    assert prints[0] == prints[1] and lines[0] != lines[1]


def test_checkstyle_validates_and_reads_back(sample: Sample, tmp_path: Path) -> None:
    import xmlschema

    output = render(sample, "checkstyle")
    xmlschema.XMLSchema(str(SCHEMAS / "checkstyle.xsd")).validate(output)
    root = ElementTree.fromstring(output)
    files = root.findall("file")
    problems = [*sample.report.errors, *sample.report.warnings]
    assert [f.get("name") for f in files] == [r.candidate.path for r in sample.report.results] + [p.path for p in problems]
    errors = [e for f in files[: len(sample.report.results)] for e in f.findall("error")]
    assert len(errors) == len(located(sample))
    for element, (result, finding) in zip(errors, located(sample), strict=True):
        assert element.get("source") == f"reusecheck.{finding.rule}" and element.get("severity") == str(finding.severity)
        if finding.candidate_start is None:
            assert (element.get("line"), element.get("column")) == ("1", None)  # the file's own problem: line 1
        else:
            line, column = position(result.candidate.text, finding.candidate_start)
            assert (element.get("line"), element.get("column")) == (str(line), str(column))
    assert "\ufffd" in output  # the \x0c of a message cannot be XML


def test_checkstyle_is_read_by_diff_cover(sample: Sample) -> None:
    """diff-cover's Checkstyle XML reader (`diff-quality --violations=checkstylexml REPORT`)
    reads every finding and input problem at its file and line. diff-quality itself reports
    only .java files, so its reader is called directly."""
    from diff_cover.violationsreporters.java_violations_reporter import CheckstyleXmlDriver

    from reusecheck.builtin.checkstyle_format import xml_text

    read = CheckstyleXmlDriver().parse_reports([render(sample, "checkstyle")])
    expected: dict[str, list[tuple[int, str]]] = {}
    for result, finding in located(sample):
        line = 1 if finding.candidate_start is None else position(result.candidate.text, finding.candidate_start)[0]
        expected.setdefault(str(result.candidate.path), []).append((line, f"{finding.severity}: {xml_text(finding.message)}"))
    for problems, severity in ((sample.report.errors, "error"), (sample.report.warnings, "warning")):
        for problem in problems:
            expected.setdefault(problem.path, []).append((1, f"{severity}: {xml_text(problem.message)}"))
    assert {path: [(v.line, v.message) for v in found] for path, found in read.items()} == expected
    assert any(f.candidate_start is None for _, f in located(sample)) and sample.report.errors
