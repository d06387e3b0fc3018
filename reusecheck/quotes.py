"""Quoted speech: which stretches of a text are inside quotation marks.

Two reporters at one hearing quote the same words; that is not copy. The derivation
verdict and the ``quoted`` / ``narrative`` scores tell shared quotes from shared narrative
with `quoted_mask`.

A quotation opens at an opening mark (“ „ « ‹, a ``"`` or ``''`` or `````` ` `````` not
after a word character, or a ``‘``/``'`` before a word at a word start) and closes at the
matching closing mark, or at the end of its paragraph: newspapers open each paragraph of
a continued quotation anew and close only the last one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from reusecheck.text import Tokens

# Double quotation marks, both directions; PA's wire copy writes `` and ''.
_DOUBLE = re.compile(r"``|''|[\"“”„«»‹›]")
# Single quotation marks: an opening one before a word at a word start, a closing one
# after a word or punctuation and not followed by a letter (so "don't", "Jones'" stay).
_SINGLE_OPEN = re.compile(r"(?<![\w’'])[‘'`](?=[\w\"“])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:—-])[’'](?![\w])")
_PARAGRAPH_END = re.compile(r"\n[ \t\r\f\v]*\n|<\s*\n|\Z")
_OPENERS = frozenset("“„«‹")
_CLOSERS = frozenset("”»›")


@lru_cache(maxsize=16)
def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the quotations in ``text`` (marks included), in text order.
    Cached: a candidate's quotations are asked for once per matched source."""
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in _PARAGRAPH_END.finditer(text):
        spans.extend(_quotes_in(text, start, paragraph.start()))
        start = paragraph.end()
        if start >= len(text):
            break
    return tuple(spans)


def _quotes_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for marks in (_double_marks(text, start, end), _single_marks(text, start, end)):
        opened: int | None = None
        for position, is_open in marks:
            if opened is None and is_open:
                opened = position
            elif opened is not None and not is_open:
                spans.append((opened, position + 1))
                opened = None
        if opened is not None:
            spans.append((opened, end))
    return _merged(spans)


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, bool]]:
    """(position, opens) of each double quotation mark; a straight mark opens when it is not
    preceded by a word character or closing punctuation."""
    marks: list[tuple[int, bool]] = []
    inside = False
    for match in _DOUBLE.finditer(text, start, end):
        mark = match.group()
        if mark in _OPENERS or mark == "``":
            opens = True
        elif mark in _CLOSERS or mark == "''":
            opens = False
        else:  # a straight " toggles
            opens = not inside
        inside = opens
        marks.append((match.end() - 1 if not opens else match.start(), opens))
    return marks


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, bool]]:
    opening = [(m.start(), True) for m in _SINGLE_OPEN.finditer(text, start, end)]
    closing = [(m.start(), False) for m in _SINGLE_CLOSE.finditer(text, start, end)]
    return sorted(opening + closing)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def quoted_mask(text: str, tokens: Tokens) -> np.ndarray:
    """Per token of ``text``: does it lie inside a quotation? (Quotations are in text order
    and apart: only the last one starting at or before a token can hold it.)"""
    spans = quoted_spans(text)
    if not spans:
        return np.zeros(len(tokens), dtype=bool)
    bounds = np.array(spans, dtype=np.int64)
    last = bounds[:, 0].searchsorted(tokens.starts, "right") - 1
    inside: np.ndarray = (last >= 0) & (tokens.ends <= bounds[np.maximum(last, 0), 1])
    return inside
