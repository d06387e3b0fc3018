"""Built-in GitHub Actions format: workflow-command annotations, one line per finding.

``::warning file=a.md,line=3,endLine=12,title=RC100::message`` shows the finding on the
pull request's diff. ``col``/``endColumn`` (1-based code points, end just after the last
character) are given only when the span lies on one line: GitHub rejects columns on
multi-line annotations. Input errors and warnings become annotations on their file.
Control characters other than line ends (NUL, ESC, ...) are written as visible escapes.
"""

from __future__ import annotations

from collections.abc import Callable

import reusecheck
from reusecheck.formats import Format, LineIndexes, location_name, visible
from reusecheck.models import Finding, Problem, Report, Result, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (after ``::``); other control characters become visible escapes."""
    return visible(value.replace("%", "%25"), keep="\r\n").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=…``, ``title=…``): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def finding_command(result: Result, finding: Finding, indexes: LineIndexes) -> str:
    properties: dict[str, object] = {"file": location_name(result.candidate)}
    if finding.candidate_start is not None:
        end = finding.candidate_end if finding.candidate_end is not None else finding.candidate_start
        region = indexes[result.candidate].region(finding.candidate_start, end)
        properties.update(line=region.start_line, endLine=region.end_line)
        if region.start_line == region.end_line:
            properties.update(col=region.start_column, endColumn=region.end_column)
    properties["title"] = finding.rule
    return command(COMMANDS[finding.severity], properties, finding.message)


def problem_command(problem: Problem, name: str) -> str:
    return command(name, {"file": problem.path, "title": f"reusecheck input {name}"}, problem.message)


def render_github(report: Report) -> str:
    indexes = LineIndexes()
    lines = [finding_command(r, f, indexes) for r in report.results for f in r.findings]
    lines += [problem_command(p, "error") for p in report.errors]
    lines += [problem_command(p, "warning") for p in report.warnings]
    return "".join(line + "\n" for line in lines)


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("github", render_github, "GitHub Actions workflow-command annotations"))
