"""PAN annotations: plagiarism cases and detections, and their XML files.

A PAN XML file describes one suspicious document (``<document reference="NAME.txt">``);
each child element whose ``name`` attribute is ``plagiarism`` (a gold case) or
``detected-plagiarism`` (a detection) is one annotation, whatever the element is called
(the official evaluator matches on ``name`` alone, so ``<featue name="plagiarism" ...>``
counts). Offsets and lengths count characters.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from reusecheck.errors import InputError
from reusecheck.loaders import read_bytes

CASE_NAMES = frozenset({"plagiarism", "detected-plagiarism"})
DETECTION_NAMES = frozenset({"detected-plagiarism"})


@dataclass(frozen=True)
class Annotation:
    """A passage of a suspicious document and (for external plagiarism) of its source.

    ``source_reference`` is None for an annotation without a source (intrinsic).
    """

    this_reference: str
    this_offset: int
    this_length: int
    source_reference: str | None = None
    source_offset: int = 0
    source_length: int = 0

    @property
    def this_end(self) -> int:
        return self.this_offset + self.this_length

    @property
    def source_end(self) -> int:
        return self.source_offset + self.source_length

    @property
    def size(self) -> int:
        """Characters it covers in both documents."""
        return self.this_length + self.source_length


def _number(element: ET.Element, key: str, path: str) -> int:
    value = element.get(key, "")
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"attribute {key}={value!r} is not a whole number; fix the XML", path) from None
    if number < 0:
        raise InputError(f"attribute {key}={number} is negative; fix the XML", path)
    return number


def read_file(path: str | os.PathLike[str], names: Collection[str]) -> list[Annotation]:
    """The annotations in one XML file whose ``name`` is one of ``names``.

    A file whose root has no ``reference`` attribute holds none (as in the official
    evaluator); annotations covering no character are skipped.
    """
    where = str(path)
    data = read_bytes(where)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc}); fix or remove the file", where) from None
    except (LookupError, ValueError) as exc:  # an encoding Python or expat does not know
        raise InputError(f"cannot decode the XML ({exc}); save it as UTF-8", where) from None
    reference = root.get("reference")
    if reference is None:
        return []
    found = []
    for element in root:
        if element.get("name") not in names:
            continue
        if "this_offset" not in element.attrib or "this_length" not in element.attrib:
            raise InputError(f"<{element.tag} name={element.get('name')!r}> lacks this_offset/this_length", where)
        external = all(k in element.attrib for k in ("source_reference", "source_offset", "source_length"))
        annotation = Annotation(
            reference,
            _number(element, "this_offset", where),
            _number(element, "this_length", where),
            element.get("source_reference") if external else None,
            _number(element, "source_offset", where) if external else 0,
            _number(element, "source_length", where) if external else 0,
        )
        if annotation.size:
            found.append(annotation)
    return found


def read_folder(folder: str | os.PathLike[str], names: Collection[str]) -> list[Annotation]:
    """The distinct annotations of every ``*.xml`` file below ``folder``, sorted."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("no such folder; give the folder that holds the XML files", str(folder))
    found: set[Annotation] = set()
    for path in sorted(root.rglob("*.xml")):
        found.update(read_file(path, names))
    return sorted(found, key=lambda a: (a.this_reference, a.this_offset, a.source_reference or "", a.source_offset, a.this_length, a.source_length))


def detections_xml(reference: str, detections: Iterable[Annotation]) -> str:
    """PAN's detection XML for one suspicious document."""
    from xml.sax.saxutils import quoteattr  # imported here: it imports urllib.request, 10 ms at every start

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<document reference={quoteattr(reference)}>"]
    for d in detections:
        source = (
            f" source_reference={quoteattr(d.source_reference)} source_offset=\"{d.source_offset}\""
            f" source_length=\"{d.source_length}\""
            if d.source_reference is not None
            else ""
        )
        lines.append(
            f'  <feature name="detected-plagiarism" this_offset="{d.this_offset}" this_length="{d.this_length}"{source}/>'
        )
    lines.append("</document>")
    return "\n".join(lines) + "\n"
