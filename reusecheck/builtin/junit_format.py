"""Built-in JUnit XML format: one test case per checked file, for CI test-report views.

A candidate fails when it has a finding at or above the fail level; the ``<failure>``
lists those findings (``line:column severity RULE message``), lower ones go to the test
case's ``<system-out>``. An input that could not be read is a test case with an
``<error>``; input warnings go to the suite's ``<system-err>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import reusecheck
from reusecheck.formats import Format, LineIndex, RenderContext, location_name, verdict_phrase
from reusecheck.models import Finding, Report, Result

SUITE = "reusecheck"
# Characters XML 1.0 cannot carry even escaped; a text may contain a few of them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` with characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def finding_line(finding: Finding, index: LineIndex) -> str:
    where = ""
    if finding.candidate_start is not None:
        line, column = index.position(finding.candidate_start)
        where = f"{line}:{column} "
    return f"{where}{finding.severity} {finding.rule} {finding.name}: {finding.message}"


def add_element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: xml_text(value) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def add_testcase(suite: ET.Element, result: Result, context: RenderContext) -> bool:
    """Add the result's test case; return whether it failed."""
    name = location_name(result.candidate)
    case = add_element(suite, "testcase", classname=SUITE, name=name, file=name, time="0")
    index = LineIndex.of(result.candidate)
    failing = [f for f in result.findings if f.severity >= context.fail_level]
    passing = [f for f in result.findings if f.severity < context.fail_level]
    if failing:
        rules = ", ".join(dict.fromkeys(f.rule for f in failing))
        add_element(
            case, "failure", "\n".join(finding_line(f, index) for f in failing),
            message=f"{len(failing)} finding(s) at or above {context.fail_level}: {rules}", type=rules,
        )
    phrase = verdict_phrase(result)
    if phrase and result.derivation:
        properties = add_element(case, "properties")
        add_element(properties, "property", name="verdict", value=result.derivation.verdict)
        add_element(properties, "property", name="derivation-score", value=f"{result.derivation.score:.4f}")
    out = ([f"verdict: {phrase}"] if phrase else []) + [finding_line(f, index) for f in passing]
    if out:
        add_element(case, "system-out", "\n".join(out))
    return bool(failing)


def set_counts(element: ET.Element, tests: int, failures: int, errors: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))


def render_junit(report: Report, context: RenderContext) -> str:
    root = ET.Element("testsuites", {"name": SUITE})
    suite = add_element(root, "testsuite", name=SUITE, skipped="0", time="0")
    failures = sum(add_testcase(suite, result, context) for result in report.results)
    for problem in report.errors:
        case = add_element(suite, "testcase", classname=SUITE, name=problem.path, file=problem.path, time="0")
        add_element(case, "error", problem.message, message=problem.message, type="input error")
    warnings = [f"warning: {p.path}: {p.message}" for p in report.warnings]
    if warnings:
        add_element(suite, "system-err", "\n".join(warnings))
    tests = len(report.results) + len(report.errors)
    for element in (root, suite):
        set_counts(element, tests, failures, len(report.errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("junit", render_junit, "JUnit XML: one test case per checked file"))
