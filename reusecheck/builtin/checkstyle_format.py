"""Built-in Checkstyle XML format, which Jenkins (Warnings NG), reviewdog (``-f=checkstyle``),
SonarQube importers and many CI dashboards read.

``<checkstyle version="...">`` holds one ``<file name="...">`` per checked file (in report
order, also files without findings) with one ``<error>`` per finding: ``line`` and
``column`` (1-based, columns in code points; a finding without a span is at line 1 with no
column, as Checkstyle places a file's own problems, since readers such as diff-cover need
a line), ``severity`` (``error``, ``warning`` or ``info``), ``message`` and ``source``
(``reusecheck.RC100``). An input error is a ``<file>`` with one ``error`` at line 1 whose
source is ``reusecheck.input-error`` (``input-warning`` for an input warning). Characters
XML 1.0 cannot carry become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree

import reusecheck
from reusecheck.formats import Format, LineIndexes, location_name
from reusecheck.models import Finding, Report, Result

FILE_LINE = {"line": "1"}  # where a problem of the whole file goes
CHECKSTYLE_VERSION = "8.0"  # the version of the format its readers expect
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def error_element(result: Result, finding: Finding, indexes: LineIndexes) -> ElementTree.Element:
    place = FILE_LINE
    if finding.candidate_start is not None:
        line, column = indexes[result.candidate].position(finding.candidate_start)
        place = {"line": str(line), "column": str(column)}
    return ElementTree.Element("error", {**place, "severity": str(finding.severity), "message": xml_text(finding.message),
                                         "source": f"reusecheck.{finding.rule}"})


def render_checkstyle(report: Report) -> str:
    indexes = LineIndexes()
    root = ElementTree.Element("checkstyle", {"version": CHECKSTYLE_VERSION})
    for result in report.results:
        file = ElementTree.SubElement(root, "file", {"name": xml_text(location_name(result.candidate))})
        file.extend(error_element(result, finding, indexes) for finding in result.findings)
    for problems, severity in ((report.errors, "error"), (report.warnings, "warning")):
        for problem in problems:
            file = ElementTree.SubElement(root, "file", {"name": xml_text(problem.path)})
            ElementTree.SubElement(file, "error", {**FILE_LINE, "severity": severity, "message": xml_text(problem.message),
                                                   "source": f"reusecheck.input-{severity}"})
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


@reusecheck.hookimpl
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    register(Format("checkstyle", render_checkstyle, "Checkstyle XML for Jenkins, reviewdog and CI dashboards"))
