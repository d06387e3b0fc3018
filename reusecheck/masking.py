"""Parts of a text that are not the article: front matter and suppression directives.

Their words are dropped from a document's tokens, so they never seed, extend or end a
reused passage and never count in containment or coverage; and the candidate is aligned
piece by piece between them, so no passage runs across one.

Front matter: a block at the very start of the text between ``---`` lines (YAML) or
``+++`` lines (TOML), as Hugo, Jekyll and other static site generators write it.
"""

from __future__ import annotations

import re

import numpy as np

from reusecheck.suppress import find_directives
from reusecheck.text import Tokens

_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the front matter and of every directive, in order."""
    spans = []
    front = _FRONT_MATTER.match(text)
    if front:
        spans.append((0, front.end()))
    if "reusecheck:" in text:
        spans += [(d.start, d.end) for d in find_directives(text)]
    return sorted(spans)


def _subset(tokens: Tokens, keep: np.ndarray) -> Tokens:
    keys = tuple(key for key, kept in zip(tokens.keys, keep.tolist(), strict=True) if kept)
    return Tokens(tokens.starts[keep], tokens.ends[keep], keys, tokens.ids[keep])


def unmasked(tokens: Tokens, spans: list[tuple[int, int]]) -> Tokens:
    """``tokens`` without those that overlap a masked span."""
    if not spans or not len(tokens):
        return tokens
    inside = np.zeros(len(tokens), dtype=bool)
    for start, end in spans:
        inside |= (tokens.starts < end) & (tokens.ends > start)
    return _subset(tokens, ~inside) if inside.any() else tokens


def pieces(tokens: Tokens, spans: list[tuple[int, int]]) -> list[Tokens]:
    """``tokens`` (already `unmasked`) cut where a masked span lies between two of them."""
    if not spans or not len(tokens):
        return [tokens]
    cuts = sorted({int(k) for k in np.searchsorted(tokens.starts, [end for _, end in spans]) if 0 < k < len(tokens)})
    bounds = [0, *cuts, len(tokens)]
    return [
        Tokens(tokens.starts[lo:hi], tokens.ends[lo:hi], tokens.keys[lo:hi], tokens.ids[lo:hi])
        for lo, hi in zip(bounds, bounds[1:], strict=False)
    ]
