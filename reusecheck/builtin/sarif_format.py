"""Built-in SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.

One run: the tool with every registered rule (help text built from the rule), one result
per finding with its region in the candidate (1-based lines, columns in Unicode code
points, plus ``charOffset``/``charLength``), related locations at the source passages,
and input errors and warnings as tool execution notifications.
"""

from __future__ import annotations

import functools
import json
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

import reusecheck
from reusecheck.formats import Format, LineIndexes, RenderContext, location_name, source_spans
from reusecheck.models import Derivation, Document, Finding, Problem, Report, Result, Severity
from reusecheck.rules import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@functools.lru_cache(maxsize=4096)
def artifact_uri(name: str) -> str:
    """A file name as a URI reference: relative paths stay relative, absolute ones become file URIs."""
    path = PurePath(name)
    if path.is_absolute():
        return path.as_uri()
    return urllib.parse.quote(path.as_posix())


def rule_help(rule: Rule) -> dict[str, str]:
    """The help text every SARIF viewer shows next to a result of this rule."""
    description = rule.description.rstrip(".")
    advice = (
        f"Default severity: {rule.severity}. Change it with --severity {rule.code}=error "
        f"(or warning, info); turn the rule off with --severity {rule.code}=off."
    )
    return {
        "text": f"{rule.code} {rule.name}: {description}.\n\n{advice}",
        "markdown": f"**{rule.code} {rule.name}**: {description}.\n\n"
        f"Default severity: `{rule.severity}`. Change it with `--severity {rule.code}=error` "
        f"(or `warning`, `info`); turn the rule off with `--severity {rule.code}=off`.",
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": rule.description},
        "help": rule_help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def physical_location(document: Document, start: int | None, end: int | None, indexes: LineIndexes) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location_name(document))}}
    if start is not None:
        end = start if end is None else end
        region = indexes[document].region(start, end)
        location["region"] = {
            "startLine": region.start_line,
            "startColumn": region.start_column,
            "endLine": region.end_line,
            "endColumn": region.end_column,
            "charOffset": start,
            "charLength": end - start,
        }
    return location


def sarif_result(result: Result, finding: Finding, rule_index: Mapping[str, int], indexes: LineIndexes) -> dict[str, Any]:
    related = [
        {
            "id": number,
            "physicalLocation": physical_location(span.document, span.start, span.end, indexes),
            "message": {"text": span.note},
        }
        for number, span in enumerate(source_spans(result, finding), 1)
    ]
    item: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": physical_location(result.candidate, finding.candidate_start, finding.candidate_end, indexes)}
        ],
        "properties": {"name": finding.name, "source": finding.source, "evidence": dict(finding.evidence)},
    }
    if finding.rule in rule_index:
        item["ruleIndex"] = rule_index[finding.rule]
    if related:
        item["relatedLocations"] = related
    return item


def notification(problem: Problem, level: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(problem.path)}}}],
    }


def derivation_entry(candidate: Document, derivation: Derivation) -> dict[str, Any]:
    """One checked file's derivation verdict (docs/scores-and-rules.md, "Derivation verdict")."""
    return {"uri": artifact_uri(location_name(candidate)), "verdict": derivation.verdict,
            "score": derivation.score, "sources": [artifact_uri(s) for s in derivation.sources]}


def sarif_log(report: Report, context: RenderContext) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log object."""
    rules = [context.rules[code] for code in sorted(context.rules)]
    rule_index = {rule.code: number for number, rule in enumerate(rules)}
    indexes = LineIndexes()
    results = [sarif_result(r, f, rule_index, indexes) for r in report.results for f in r.findings]
    notifications = [notification(p, "error") for p in report.errors] + [notification(p, "warning") for p in report.warnings]
    run = {
        "tool": {
            "driver": {
                "name": "reusecheck",
                "version": reusecheck.__version__,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "results": results,
        "properties": {"derivations": [derivation_entry(r.candidate, r.derivation) for r in report.results if r.derivation]},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, context: RenderContext) -> str:
    # compact: SARIF is read by tools, and json's C encoder only writes compact JSON (~10x faster)
    return json.dumps(sarif_log(report, context), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("sarif", render_sarif, "SARIF 2.1.0 for GitHub code scanning and SARIF viewers"))
