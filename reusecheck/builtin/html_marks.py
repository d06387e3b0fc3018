"""Text for the HTML report: escaped, split into numbered lines, with spans marked in layers.

A side of the report (the candidate or a source) is its whole text with layers of marks:
reused passages outermost, then flagged finding spans, then word differences innermost.
`render_lines` nests them correctly wherever they start and end, repeating a mark on each
line it crosses; `word_diff` finds the inserted, deleted and changed words of a passage.
"""

from __future__ import annotations

import difflib
import heapq
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

# characters HTML cannot carry as text (C0/C1 controls, lone surrogates) and a lone CR,
# which the HTML parser would turn into a line break
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD = re.compile(r"\w+|[^\w\s]")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
MAX_DIFF_WORDS = 5000  # longer passages are marked without word differences (keeps rendering linear)


def esc(text: str) -> str:
    """``text`` as HTML text or attribute value: markup escaped, unsafe characters as U+FFFD."""
    return html.escape(_UNSAFE.sub("\ufffd", text.replace("\r", " ")), quote=True)


@dataclass(frozen=True)
class Span:
    """A marked span ``[start, end)`` of one layer, rendered as ``<tag attrs>``.

    Pieces of one span (cut at lines or by inner layers) share its ``key``; the first piece
    also gets ``first_attrs`` (an id) and is preceded by ``before`` (e.g. a number link).
    """

    start: int
    end: int
    tag: str
    attrs: str
    key: str = ""
    first_attrs: str = ""
    before: str = ""


def flatten(spans: Iterable[Span]) -> tuple[list[Span], dict[int, str]]:
    """Overlapping spans as non-overlapping pieces: where several cover a stretch, the one
    listed first wins. Returns the pieces and, for spans left with no piece at all, a
    zero-width anchor (``before`` plus an empty element with ``first_attrs``) at their start."""
    ordered = [s for s in spans if s.end > s.start]
    by_start = sorted(range(len(ordered)), key=lambda i: ordered[i].start)
    cuts = sorted({p for s in ordered for p in (s.start, s.end)})
    active: list[int] = []  # a heap of ranks; ended spans are dropped when they reach the top
    pieces: list[Span] = []
    following = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        while following < len(by_start) and ordered[by_start[following]].start <= start:
            heapq.heappush(active, by_start[following])
            following += 1
        while active and ordered[active[0]].end <= start:
            heapq.heappop(active)
        if not active:
            continue
        owner = ordered[active[0]]
        if pieces and pieces[-1].key == owner.key and pieces[-1].end == start and owner.key:
            pieces[-1] = replace(pieces[-1], end=end)
        else:
            pieces.append(replace(owner, start=start, end=end))
    painted = {p.key for p in pieces}
    anchors: dict[int, str] = {}
    for span in ordered:
        if span.key and span.key not in painted:
            anchor = f"{span.before}<{span.tag} {span.attrs} {span.first_attrs}></{span.tag}>"
            anchors[span.start] = anchors.get(span.start, "") + anchor
    return pieces, anchors


class _Layers:
    """Walks the text once, keeping for each layer the span that covers the current position."""

    def __init__(self, layers: Sequence[Sequence[Span]]) -> None:
        self._layers = [sorted((s for s in layer if s.end > s.start), key=lambda s: s.start) for layer in layers]
        self._next = [0] * len(layers)
        self.started: set[tuple[int, str]] = set()

    def cuts(self) -> set[int]:
        return {p for layer in self._layers for s in layer for p in (s.start, s.end)}

    def active(self, position: int) -> tuple[Span | None, ...]:
        """The span of each layer covering ``[position, position + 1)``."""
        found: list[Span | None] = []
        for number, layer in enumerate(self._layers):
            index = self._next[number]
            while index < len(layer) and layer[index].end <= position:
                index += 1
            self._next[number] = index
            found.append(layer[index] if index < len(layer) and layer[index].start <= position else None)
        return tuple(found)

    def opening(self, depth: int, span: Span) -> str:
        if (depth, span.key) in self.started or not span.key:
            return f"<{span.tag} {span.attrs}>"
        self.started.add((depth, span.key))
        return f"{span.before}<{span.tag} {span.attrs} {span.first_attrs}>"


def render_lines(
    text: str,
    layers: Sequence[Sequence[Span]],
    points: Mapping[int, str] | None = None,
    notes: Mapping[int, str] | None = None,
) -> str:
    """``text`` as ``<div class="l">`` lines (numbered by a CSS counter) with the layers' spans nested
    (outermost layer first; spans within a layer must not overlap), ``points`` (offset ->
    HTML) inserted at their offsets and ``notes`` (1-based line -> HTML) after their line."""
    points = dict(points or {})
    notes = notes or {}
    for at, anchor in _unseen_anchors(text, layers).items():
        points[at] = points.get(at, "") + anchor
    walker = _Layers(layers)
    cuts = walker.cuts() | set(points)
    out: list[str] = []
    line_start = 0
    for number, line in enumerate(text.split("\n"), 1):
        line_end = line_start + len(line)
        shown_end = line_end - 1 if line.endswith("\r") else line_end
        out.append('<div class="l">')
        inner = sorted({line_start, shown_end} | {c for c in cuts if line_start < c < shown_end})
        open_spans: list[tuple[int, Span]] = []
        for start, end in zip(inner, [*inner[1:], None], strict=True):
            if start in points:
                out.append(points[start])
            if end is None:
                break
            wanted = [(depth, span) for depth, span in enumerate(walker.active(start)) if span is not None]
            keep = 0
            while keep < min(len(open_spans), len(wanted)) and open_spans[keep][1] is wanted[keep][1]:
                keep += 1
            out.extend(f"</{span.tag}>" for _, span in reversed(open_spans[keep:]))
            out.extend(walker.opening(depth, span) for depth, span in wanted[keep:])
            open_spans = wanted
            out.append(esc(text[start:end]))
        out.extend(f"</{span.tag}>" for _, span in reversed(open_spans))
        for point in (p for p in points if shown_end < p <= line_end):
            out.append(points[point])
        out.append("</div>")
        if number in notes:
            out.append(notes[number])
        line_start = line_end + 1
    return "".join(out)


def _unseen_anchors(text: str, layers: Sequence[Sequence[Span]]) -> dict[int, str]:
    """Anchors (as `flatten` makes them) for spans whose every piece covers only line ends,
    which `render_lines` does not show: their ids must still exist."""
    def visible(span: Span) -> bool:
        for at in range(span.start, span.end):
            if text[at] != "\n" and not (text[at] == "\r" and text[at + 1 : at + 2] in ("", "\n")):
                return True
        return False

    shown: dict[str, bool] = {}
    first: dict[str, Span] = {}
    for layer in layers:
        for span in layer:
            if span.key and span.end > span.start:
                first.setdefault(span.key, span)
                shown[span.key] = shown.get(span.key, False) or visible(span)
    anchors: dict[int, str] = {}
    for key, span in first.items():
        if not shown[key]:
            anchors[span.start] = anchors.get(span.start, "") + f"{span.before}<{span.tag} {span.attrs} {span.first_attrs}></{span.tag}>"
    return anchors


@dataclass(frozen=True)
class WordEdit:
    """One difference inside a passage: ``kind`` is inserted (only in the candidate),
    deleted (only in the source) or changed; offsets are into each whole text (an
    inserted word has an empty source span, a deleted one an empty candidate span)."""

    kind: str
    candidate_start: int
    candidate_end: int
    source_start: int
    source_end: int


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of ``text`` as comparison keys, and their spans in ``text``."""
    words = _WORD.findall(text)
    keys = words if text.isascii() else [unicodedata.normalize("NFKC", w).translate(_FOLD) for w in words]
    return keys, [m.span() for m in _WORD.finditer(text)]


def word_diff(candidate: str, c_start: int, c_end: int, source: str, s_start: int, s_end: int) -> list[WordEdit]:
    """The word-level edits that turn ``source[s_start:s_end]`` into ``candidate[c_start:c_end]``
    (words compared after NFKC and quote/dash folding; punctuation marks are words)."""
    c_keys, c_spans = _words(candidate[c_start:c_end])
    s_keys, s_spans = _words(source[s_start:s_end])
    if len(c_keys) > MAX_DIFF_WORDS or len(s_keys) > MAX_DIFF_WORDS:
        return []
    edits = []
    matcher = difflib.SequenceMatcher(None, s_keys, c_keys, autojunk=False)
    for tag, s1, s2, c1, c2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        kind = {"replace": "changed", "delete": "deleted", "insert": "inserted"}[tag]
        cs = _covered(c_spans, c1, c2, c_end - c_start)
        ss = _covered(s_spans, s1, s2, s_end - s_start)
        edits.append(WordEdit(kind, c_start + cs[0], c_start + cs[1], s_start + ss[0], s_start + ss[1]))
    return edits


def _covered(spans: list[tuple[int, int]], first: int, end: int, length: int) -> tuple[int, int]:
    """The characters words ``first`` to ``end`` (exclusive) cover; an empty range is a
    zero-width span where word ``first`` would start."""
    if end > first:
        return spans[first][0], spans[end - 1][1]
    at = spans[first][0] if first < len(spans) else length
    return at, at
