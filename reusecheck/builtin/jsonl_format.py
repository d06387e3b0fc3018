"""Built-in JSON Lines format: one result per line, then one line per input error and warning.

Each line is a JSON object with a ``type``: ``"result"`` lines are the version-1 result
model (`result_dict`); ``"error"`` and ``"warning"`` lines carry ``path`` and ``message``.
A consumer can act on each line as it reads it (``jq -c 'select(.type == "result")'``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import reusecheck
from reusecheck.formats import Format, RenderContext, problem_dict, result_dict
from reusecheck.models import Problem, Report, Result


def report_lines(report: Report) -> list[dict[str, Any]]:
    """The JSON objects of the report, one per output line."""
    return [*map(_result_line, report.results), *_problem_lines(report.errors, report.warnings)]


def _result_line(result: Result) -> dict[str, Any]:
    return {"type": "result", **result_dict(result)}


def _problem_lines(errors: Sequence[Problem], warnings: Sequence[Problem]) -> list[dict[str, Any]]:
    return [*({"type": "error", **problem_dict(p)} for p in errors), *({"type": "warning", **problem_dict(p)} for p in warnings)]


def _dumps(lines: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n" for line in lines)


class JsonlStream:
    """The JSON Lines report written result by result (`reusecheck.formats.ReportStream`)."""

    def __init__(self, context: RenderContext) -> None:
        del context  # the format has no options

    def result(self, result: Result) -> str:
        return _dumps([_result_line(result)])

    def end(self, errors: Sequence[Problem], warnings: Sequence[Problem]) -> str:
        return _dumps(_problem_lines(errors, warnings))


def render_jsonl(report: Report) -> str:
    return _dumps(report_lines(report))


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("jsonl", render_jsonl, "JSON Lines: one result per line, then input errors and warnings",
                           stream=JsonlStream))
