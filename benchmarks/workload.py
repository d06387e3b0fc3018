"""A deterministic synthetic republication workload built from Reuters-21578, with ground truth.

Sources: every body of >= 400 characters except the held-out stories. Held-out stories
share no word 8-gram with any other story (so nothing in the index is a copy of them).
Each republication takes one or two sources, keeps 40-90% of their sentences in order,
edits about 10% of the kept words (drop a word, change a number, swap two words),
interleaves sentences of held-out stories, and changes or removes the credit. Negatives
are built the same way from held-out stories only. Ground truth: one case per run of
source sentences that stay adjacent in both texts, with character offsets in both.

    python benchmarks/workload.py OUTDIR [--seed 1] [--candidates 1200] [--copies 9]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reuters import Story, read_stories

_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{2}[.!?])\s+(?=[A-Z\"(])")  # not after initials
_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[A-Za-z]+")
CREDITS = ("", "\n(Reporting by Reuters)\n", "\n(Reporting by staff writers)\n", "\n(Compiled by our business desk)\n")


@dataclass
class Piece:
    text: str
    source: str | None = None  # source id, None for held-out filler
    sentence: int = -1  # sentence number in the source
    source_span: tuple[int, int] = (0, 0)


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (stripped of surrounding space)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def edit(sentence: str, rng: random.Random, rate: float = 0.1) -> str:
    """Edit about ``rate`` of the words: drop one, change a number, or swap two."""
    words = _WORD.findall(sentence)
    out: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        if rng.random() < rate and len(words) > 3:
            operation = rng.choice(("drop", "number", "swap"))
            if operation == "drop":
                k += 1
                continue
            if operation == "number" and any(ch.isdigit() for ch in word):
                out.append(re.sub(r"\d", lambda m: str((int(m.group()) + rng.randint(1, 8)) % 10), word))
                k += 1
                continue
            if operation == "swap" and k + 1 < len(words):
                out.extend((words[k + 1], word))
                k += 2
                continue
        out.append(word)
        k += 1
    return " ".join(out)


def _stable_hash(text: str) -> int:
    data = text.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def eight_grams(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {_stable_hash(" ".join(words[k : k + 8])) for k in range(len(words) - 7)}


def hold_out(stories: list[Story], count: int, rng: random.Random) -> set[str]:
    """Ids of ``count`` stories sharing no word 8-gram with any other story."""
    grams = {s.id: eight_grams(s.body) for s in stories}
    df = Counter(g for gs in grams.values() for g in gs)
    unique = [s.id for s in stories if grams[s.id] and all(df[g] == 1 for g in grams[s.id])]
    return set(rng.sample(unique, min(count, len(unique))))


def kept_sentences(story: Story, rng: random.Random) -> list[Piece]:
    spans = sentences(story.body)
    share = rng.uniform(0.4, 0.9)
    keep = sorted(rng.sample(range(len(spans)), max(1, round(share * len(spans)))))
    return [Piece(edit(story.body[a:b], rng), story.id, k, (a, b)) for k in keep for a, b in [spans[k]]]


def filler(held: list[Story], rng: random.Random) -> Piece:
    story = rng.choice(held)
    a, b = rng.choice(sentences(story.body))
    return Piece(edit(story.body[a:b], rng))


def compose(blocks: list[list[Piece]], held: list[Story], rng: random.Random) -> list[Piece]:
    """Interleave the blocks, with held-out sentences between some sentences."""
    pieces: list[Piece] = []
    for block in blocks:
        for piece in block:
            pieces.append(piece)
            if rng.random() < 0.2:
                pieces.append(filler(held, rng))
    return pieces


def render(pieces: list[Piece], credit: str) -> tuple[str, list[list[object]]]:
    """The candidate text and its cases: [cand_start, cand_end, source_id, src_start, src_end]."""
    text, cases = "", list[list[object]]()
    previous: Piece | None = None
    for piece in pieces:
        if text:
            text += " " if rng_paragraph(piece) else "\n\n"
        start = len(text)
        text += piece.text
        if piece.source is not None:
            joined = previous is not None and previous.source == piece.source and previous.sentence + 1 == piece.sentence
            if joined and cases:
                cases[-1][1] = len(text)
                cases[-1][4] = piece.source_span[1]
            else:
                cases.append([start, len(text), piece.source, *piece.source_span])
        previous = piece
    return text + credit, cases


def rng_paragraph(piece: Piece) -> bool:
    """Sentences mostly run on in one paragraph (deterministic per sentence)."""
    return _stable_hash(piece.text) % 4 != 0


def build(out: Path, seed: int, candidates: int, copies: int) -> None:
    rng = random.Random(seed)
    stories = read_stories()
    held_ids = hold_out(stories, 700, rng)
    held = [s for s in stories if s.id in held_ids]
    sources = [s for s in stories if s.id not in held_ids]
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "sources.jsonl", "w", encoding="utf-8") as handle:
        for s in sources:
            handle.write(json.dumps({"id": s.id, "title": s.title, "text": s.body}) + "\n")
    truth: dict[str, dict[str, object]] = {}
    negatives = candidates // 6
    with open(out / "candidates.jsonl", "w", encoding="utf-8") as handle:
        for k in range(candidates):
            negative = k >= candidates - negatives
            pool = held if negative else sources
            chosen = rng.sample(pool, 2 if rng.random() < 0.3 else 1)
            blocks = [kept_sentences(s, rng) for s in chosen]
            if negative:
                blocks = [[Piece(p.text) for p in b] for b in blocks]
            if len(blocks) == 2:  # alternate parts of the two sources
                a, b = blocks
                blocks = [a[: len(a) // 2], b[: len(b) // 2], a[len(a) // 2 :], b[len(b) // 2 :]]
            candidate_id = f"{'neg' if negative else 'rep'}-{k:04d}"
            text, cases = render(compose(blocks, held, rng), rng.choice(CREDITS))
            handle.write(json.dumps({"id": candidate_id, "text": text}) + "\n")
            truth[candidate_id] = {"sources": sorted({str(c[2]) for c in cases}), "cases": cases}
    (out / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    for copy in range(1, copies + 1):
        write_perturbed(out / f"perturbed-{copy}.jsonl", sources, copy)


def write_perturbed(path: Path, sources: list[Story], copy: int) -> None:
    """Each source again with every word replaced through a permutation of the vocabulary
    within bands of similar frequency: the same lengths, word and n-gram statistics, but
    none of the candidates' text (the 10x-corpus scale test)."""
    counts = Counter(w.lower() for s in sources for w in _LETTERS.findall(s.body))
    ranked = [w for w, _ in counts.most_common()]
    rng = random.Random(1000 + copy)
    mapping: dict[str, str] = {}
    for band in range(0, len(ranked), 64):
        words = ranked[band : band + 64]
        shuffled = words[:]
        rng.shuffle(shuffled)
        mapping.update(zip(words, shuffled, strict=True))

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        new = mapping[word.lower()]
        return new.upper() if word.isupper() else new.capitalize() if word[0].isupper() else new

    with open(path, "w", encoding="utf-8") as handle:
        for s in sources:
            handle.write(json.dumps({"id": f"{s.id}-copy{copy}", "text": _LETTERS.sub(swap, s.body)}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=1200)
    parser.add_argument("--copies", type=int, default=9, help="perturbed copies of the sources (the 10x corpus)")
    args = parser.parse_args()
    build(args.out, args.seed, args.candidates, args.copies)


if __name__ == "__main__":
    main()
