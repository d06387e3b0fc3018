"""Built-in Checkstyle XML format, which Jenkins (Warnings NG), reviewdog (``-f=checkstyle``),
SonarQube importers and many CI dashboards read.

``<checkstyle version="...">`` holds one ``<file name="...">`` per checked file (in report
order, also files without findings) with one ``<error>`` per finding: ``line`` and
``column`` (1-based, columns in code points; left out for a finding without a span),
``severity`` (``error``, ``warning`` or ``info``), ``message`` and ``source``
(``reusecheck.RC100``). An input error is a ``<file>`` with one ``error`` whose source is
``reusecheck.input-error`` (``input-warning`` for an input warning). Characters XML 1.0 cannot carry become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree

import reusecheck
from reusecheck.formats import Format, LineIndexes, location_name
from reusecheck.models import Finding, Report, Result

CHECKSTYLE_VERSION = "8.0"  # the version of the format its readers expect
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def error_element(result: Result, finding: Finding, indexes: LineIndexes) -> ElementTree.Element:
    attributes = {"severity": str(finding.severity), "message": xml_text(finding.message), "source": f"reusecheck.{finding.rule}"}
    if finding.candidate_start is not None:
        line, column = indexes[result.candidate].position(finding.candidate_start)
        attributes = {"line": str(line), "column": str(column), **attributes}
    return ElementTree.Element("error", attributes)


def render_checkstyle(report: Report) -> str:
    indexes = LineIndexes()
    root = ElementTree.Element("checkstyle", {"version": CHECKSTYLE_VERSION})
    for result in report.results:
        file = ElementTree.SubElement(root, "file", {"name": xml_text(location_name(result.candidate))})
        file.extend(error_element(result, finding, indexes) for finding in result.findings)
    for problems, severity in ((report.errors, "error"), (report.warnings, "warning")):
        for problem in problems:
            file = ElementTree.SubElement(root, "file", {"name": xml_text(problem.path)})
            ElementTree.SubElement(file, "error", {"severity": severity, "message": xml_text(problem.message),
                                                   "source": f"reusecheck.input-{severity}"})
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("checkstyle", render_checkstyle, "Checkstyle XML for Jenkins, reviewdog and CI dashboards"))
