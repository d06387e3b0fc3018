"""Paragraph provenance: which source each paragraph of the candidate came from.

A paragraph ends at a blank line (or at PA's ``<`` line end); a text without blank lines
has one paragraph per line. A paragraph's source is the one whose passages hold at least
`OWN_SHARE` of its words (the one holding most, if several); otherwise it is the writer's
own (``None``). Its ``share`` is the share of its words inside any source's passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from reusecheck.models import Match, ParagraphSource
from reusecheck.scoring import covered_mask
from reusecheck.text import Tokens

OWN_SHARE = 0.5
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|<[ \t]*\r?\n")
_LINE = re.compile(r"\r?\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, trimmed of surrounding white space."""
    pattern = _BREAK if _BREAK.search(text) else _LINE
    spans, start = [], 0
    for found in (*pattern.finditer(text), None):
        end = found.start() if found else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        if found:
            start = found.end()
    return spans


def provenance(text: str, tokens: Tokens, matches: Sequence[Match]) -> tuple[ParagraphSource, ...]:
    """One entry per paragraph holding words, in text order."""
    masks = [covered_mask(tokens, ((p.candidate_start, p.candidate_end) for p in m.passages)) for m in matches]
    reused = np.logical_or.reduce(masks) if masks else np.zeros(len(tokens), dtype=bool)
    found = []
    for start, end in paragraph_spans(text):
        words = (tokens.starts >= start) & (tokens.ends <= end)
        count = int(words.sum())
        if not count:
            continue
        shares = [int((mask & words).sum()) / count for mask in masks]
        best = int(np.argmax(shares)) if shares else -1
        source = matches[best].source.id if shares and shares[best] >= OWN_SHARE else None
        found.append(ParagraphSource(start, end, source, round(int((reused & words).sum()) / count, 4)))
    return tuple(found)
