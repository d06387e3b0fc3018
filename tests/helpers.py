"""Helpers the tests share (fixtures stay in conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HEADING = re.compile(r"^(#{1,6}) (.+)$")
FENCE = re.compile(r"^( *)```(\S*)\s*$")


def doc_pages() -> list[Path]:
    """README.md and every page of docs/: the documentation whose snippets the tests run."""
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def headings(text: str) -> list[tuple[int, int, str]]:
    """(offset, level, title) of each Markdown heading of ``text`` outside code blocks."""
    found, fenced, offset = [], False, 0
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line.rstrip("\n"))):
            found.append((offset, len(match[1]), match[2]))
        offset += len(line)
    return found


def section(title: str, page: str | None = None) -> str:
    """The documentation under the one heading ``title`` (any level), up to the next heading
    of the same or a higher level; ``page`` (relative to docs/) narrows the search."""
    pages = [DOCS / page] if page else doc_pages()
    found = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        marks = headings(text)
        for i, (start, level, name) in enumerate(marks):
            if name == title:
                end = next((s for s, lv, _ in marks[i + 1 :] if lv <= level), len(text))
                found.append(text[start:end])
    assert len(found) == 1, f"{len(found)} documentation headings are titled {title!r}"
    return found[0]


def blocks(text: str, language: str) -> list[str]:
    """The code blocks of ``text`` fenced as ``language`` ("" for plain blocks), indented
    fences (inside list items) included, each without the fence's indentation."""
    found: list[str] = []
    body: list[str] | None = None
    indent, fenced_as = "", ""
    for line in text.splitlines(keepends=True):
        fence = FENCE.match(line)
        if fence and body is None:
            indent, fenced_as, body = fence[1], fence[2], []
        elif fence and fence[2] == "" and fence[1] == indent and body is not None:
            if fenced_as == language:
                found.append("".join(body))
            body = None
        elif body is not None:
            body.append(line.removeprefix(indent))
    return found


def ci_blocks(heading: str, language: str) -> list[str]:
    """The ``language`` code blocks under ``heading`` of the "Use in CI" page."""
    return blocks(section(heading, "ci.md"), language)
