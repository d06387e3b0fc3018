"""Built-in CSV format: one row per finding, for spreadsheets and audits.

Columns are `COLUMNS`; ``line``/``column`` and ``end_line``/``end_column`` are 1-based
(columns in code points, end column just after the last character), ``start``/``end`` the
character offsets; cells are empty where a finding has no span. Input errors and warnings
are rows too, with ``name`` ``input-error`` or ``input-warning`` and no rule. A text cell
that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` so a spreadsheet shows
it instead of running it as a formula. Other control characters (NUL, ESC, ...) are
written as visible escapes (``\x1b``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import reusecheck
from reusecheck.formats import Format, LineIndexes, location_name, visible
from reusecheck.models import Finding, Problem, Report, Result

COLUMNS = ("path", "line", "column", "end_line", "end_column", "start", "end",
           "severity", "rule", "name", "source", "message")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, object]


def cell(value: object) -> object:
    """A cell value: control characters other than tabs and line ends escaped, text that a
    spreadsheet would take for a formula defused."""
    if isinstance(value, str):
        value = visible(value, keep="\t\r\n")
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return "" if value is None else value


def finding_row(result: Result, finding: Finding, indexes: LineIndexes) -> Row:
    row: Row = {
        "path": location_name(result.candidate), "severity": str(finding.severity), "rule": finding.rule,
        "name": finding.name, "source": finding.source, "message": finding.message,
    }
    if finding.candidate_start is not None:
        end = finding.candidate_end if finding.candidate_end is not None else finding.candidate_start
        region = indexes[result.candidate].region(finding.candidate_start, end)
        row.update(line=region.start_line, column=region.start_column, end_line=region.end_line,
                   end_column=region.end_column, start=finding.candidate_start, end=end)
    return row


def problem_row(problem: Problem, severity: str) -> Row:
    return {"path": problem.path, "severity": severity, "name": f"input-{severity}", "message": problem.message}


def render_csv(report: Report) -> str:
    indexes = LineIndexes()
    rows = [finding_row(r, f, indexes) for r in report.results for f in r.findings]
    rows += [problem_row(p, "error") for p in report.errors]
    rows += [problem_row(p, "warning") for p in report.warnings]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: cell(row.get(key)) for key in COLUMNS} for row in rows)
    return buffer.getvalue()


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("csv", render_csv, "CSV, one row per finding (and per input error or warning)"))
