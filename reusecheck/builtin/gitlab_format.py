"""Built-in GitLab Code Quality format: the JSON report of ``artifacts:reports:codequality``.

A JSON array with one issue per finding, each a complete Code Climate issue with the
fields GitLab requires: ``type`` (``issue``), ``description`` (the message),
``check_name`` (the rule code), ``categories`` (``Duplication``: reused text),
``fingerprint``, ``severity`` (`SEVERITIES`), ``location.path`` (relative to the working
directory, as GitLab wants it) and ``location.lines.begin``/``end`` (1-based; line 1 for a
finding without a span). The fingerprint is the baseline's
content fingerprint (`reusecheck.baseline`), so moving a story's lines does not make
GitLab report its findings as new and fixed. Input errors are issues of severity
``blocker`` with ``check_name`` ``input-error``, input warnings ``info`` ones named
``input-warning``, both of category ``Bug Risk`` (reuse in that file may go unseen).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import reusecheck
from reusecheck.baseline import entry_for
from reusecheck.formats import Format, LineIndexes, location_name
from reusecheck.models import Finding, Problem, Report, Result, Severity

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def issue(result: Result, finding: Finding, indexes: LineIndexes) -> dict[str, Any]:
    begin = end = 1
    if finding.candidate_start is not None:
        stop = finding.candidate_end if finding.candidate_end is not None else finding.candidate_start
        region = indexes[result.candidate].region(finding.candidate_start, stop)
        begin, end = region.start_line, region.end_line
    fingerprint = entry_for(result, finding, Path.cwd()).fingerprint
    return {
        "type": "issue",
        "description": finding.message,
        "check_name": finding.rule,
        "categories": ["Duplication"],
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": relative(location_name(result.candidate)), "lines": {"begin": begin, "end": end}},
    }


def relative(path: str) -> str:
    """Paths as GitLab wants them: relative (to the working directory, the repository's top in CI)."""
    return os.path.relpath(path) if os.path.isabs(path) else path


def problem_issue(problem: Problem, kind: str, severity: str) -> dict[str, Any]:
    digest = hashlib.sha256(f"{kind}\0{problem.path}\0{problem.message}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return {"type": "issue", "description": problem.message, "check_name": kind, "categories": ["Bug Risk"],
            "fingerprint": digest,
            "severity": severity, "location": {"path": relative(problem.path), "lines": {"begin": 1, "end": 1}}}


def render_gitlab(report: Report) -> str:
    indexes = LineIndexes()
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for result in report.results:
        for finding in result.findings:
            made = issue(result, finding, indexes)
            earlier = seen.get(made["fingerprint"], 0)
            seen[made["fingerprint"]] = earlier + 1
            if earlier:  # the same finding again: fingerprints must be unique
                made["fingerprint"] += f"-{earlier}"
            issues.append(made)
    issues += [problem_issue(p, "input-error", "blocker") for p in report.errors]
    issues += [problem_issue(p, "input-warning", "info") for p in report.warnings]
    return json.dumps(issues, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("gitlab", render_gitlab, "GitLab Code Quality JSON (artifacts:reports:codequality)"))
