"""Built-in reviewdog format (rdjsonl): one reviewdog Diagnostic per line.

Feed it to ``reviewdog -f=rdjsonl``. Ranges follow reviewdog's Diagnostic Format: 1-based
lines, columns counted in UTF-8 bytes (reviewdog's unit, unlike the other formats' code
points), end exclusive. Related locations point at the source passages; input errors and
warnings become diagnostics on their file without a range.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import reusecheck
from reusecheck.formats import Format, LineIndexes, location_name, source_spans
from reusecheck.models import Document, Finding, Problem, Report, Result, Severity

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}
SOURCE = {"name": "reusecheck"}


def rd_location(document: Document, start: int | None, end: int | None, indexes: LineIndexes) -> dict[str, Any]:
    location: dict[str, Any] = {"path": location_name(document)}
    if start is not None:
        index = indexes[document]
        start_line, start_column = index.utf8_position(start)
        end_line, end_column = index.utf8_position(start if end is None else end)
        location["range"] = {
            "start": {"line": start_line, "column": start_column},
            "end": {"line": end_line, "column": end_column},
        }
    return location


def diagnostic(result: Result, finding: Finding, indexes: LineIndexes) -> dict[str, Any]:
    related = [
        {"message": span.note, "location": rd_location(span.document, span.start, span.end, indexes)}
        for span in source_spans(result, finding)
    ]
    item: dict[str, Any] = {
        "message": finding.message,
        "location": rd_location(result.candidate, finding.candidate_start, finding.candidate_end, indexes),
        "severity": SEVERITIES[finding.severity],
        "source": SOURCE,
        "code": {"value": finding.rule},
    }
    if related:
        item["related_locations"] = related
    return item


def problem_diagnostic(problem: Problem, severity: str) -> dict[str, Any]:
    return {"message": problem.message, "location": {"path": problem.path}, "severity": severity, "source": SOURCE}


def diagnostics(report: Report) -> list[dict[str, Any]]:
    """Every finding, input error and warning as a reviewdog Diagnostic."""
    indexes = LineIndexes()
    items = [diagnostic(r, f, indexes) for r in report.results for f in r.findings]
    items += [problem_diagnostic(p, "ERROR") for p in report.errors]
    items += [problem_diagnostic(p, "WARNING") for p in report.warnings]
    return items


def render_rdjsonl(report: Report) -> str:
    return "".join(json.dumps(item, ensure_ascii=False, allow_nan=False) + "\n" for item in diagnostics(report))


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("rdjsonl", render_rdjsonl, "reviewdog diagnostics, one per line (reviewdog -f=rdjsonl)"))
