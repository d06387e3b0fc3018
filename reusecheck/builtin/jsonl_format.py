"""Built-in JSON Lines format: one result per line, then one line per input error and warning.

Each line is a JSON object with a ``type``: ``"result"`` lines are the version-1 result
model (`result_dict`); ``"error"`` and ``"warning"`` lines carry ``path`` and ``message``.
A consumer can act on each line as it reads it (``jq -c 'select(.type == "result")'``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import reusecheck
from reusecheck.formats import Format, problem_dict, result_dict
from reusecheck.models import Report


def report_lines(report: Report) -> list[dict[str, Any]]:
    """The JSON objects of the report, one per output line."""
    lines = [{"type": "result", **result_dict(r)} for r in report.results]
    lines += [{"type": "error", **problem_dict(p)} for p in report.errors]
    lines += [{"type": "warning", **problem_dict(p)} for p in report.warnings]
    return lines


def render_jsonl(report: Report) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n" for line in report_lines(report))


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("jsonl", render_jsonl, "JSON Lines: one result per line, then input errors and warnings"))
