"""Built-in JSON format: the version-1 report model (documented in docs/output-formats.md, "JSON report")."""

from __future__ import annotations

from collections.abc import Callable

import reusecheck
from reusecheck.formats import Format, report_dict
from reusecheck.indented_json import dumps
from reusecheck.models import Report


def render_json(report: Report) -> str:
    return dumps(report_dict(report)) + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("json", render_json, "the version-1 JSON report"))
