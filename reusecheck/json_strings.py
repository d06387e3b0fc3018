"""Where the characters of a JSON string value lie in the file it was parsed from, so
text read from JSON (a ninjs body, a page's JSON-LD ``articleBody``) maps back to the file.
"""

from __future__ import annotations

import json
import re

from reusecheck.markup import Run, TextBuilder

_ESCAPES = frozenset('"\\/bfnrt')
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def string_positions(file_text: str, value: str, start: int = 0, end: int | None = None) -> list[int] | None:
    """The file offset of each character of the JSON string ``value``, whose literal lies
    in ``file_text[start:end]``; None if it cannot be found there."""
    end = len(file_text) if end is None else end
    at = -1
    for ascii_only in (False, True):  # as json.dumps writes it, else any spelling of its escapes
        at = file_text.find(json.dumps(value, ensure_ascii=ascii_only), start, end)
        if at >= 0:
            break
    else:
        at = next((m.start() for m in _LITERAL.finditer(file_text, start, end)
                   if m.end() - m.start() >= len(value) + 2 and _decodes_to(m.group(), value)), -1)
    if at < 0:
        return None
    positions, i = [], at + 1
    while file_text[i] != '"':
        positions.append(i)
        if file_text[i] != "\\":
            i += 1
        elif file_text[i + 1] in _ESCAPES:
            i += 2
        else:
            high = int(file_text[i + 2 : i + 6], 16)
            i += 12 if 0xD800 <= high < 0xDC00 and file_text.startswith("\\u", i + 6) else 6
    return positions if len(positions) == len(value) else None


def _decodes_to(literal: str, value: str) -> bool:
    try:
        return bool(json.loads(literal) == value)
    except ValueError:
        return False


def string_runs(value: str, positions: list[int], lo: int, hi: int) -> list[Run]:
    """Runs of ``value[lo:hi]`` at their file offsets, linear where the literal has no escapes."""
    runs: list[Run] = []
    start = lo
    for k in range(lo + 1, hi + 1):
        if k == hi or positions[k] != positions[k - 1] + 1:
            runs.append(Run(value[start:k], positions[start], True))
            start = k
    return runs


def lay_out_string(out: TextBuilder, value: str, positions: list[int] | None, breaks: str = r"\n\s*\n") -> None:
    """Append ``value`` to ``out`` as paragraphs (split where ``breaks`` matches), each
    character at its place in the file (all at offset 0 without ``positions``)."""
    positions = positions or [0] * len(value)
    for paragraph in re.finditer(rf"\S(?:.*?\S)??(?=\s*(?:{breaks})|\s*$)", value, re.DOTALL):
        out.block()
        for run in string_runs(value, positions, *paragraph.span()):
            out.add(run)
