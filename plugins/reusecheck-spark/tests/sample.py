"""A few hundred Reuters-21578 stories and republications of them, as JSONL, built with
the project's benchmark workload code (benchmarks/workload.py: sentences kept in order,
about 10% of words edited, other stories' sentences put in between, credits changed)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))

from reuters import read_stories as read_stories  # noqa: E402  (the tests import it from here)
from workload import CREDITS, compose, kept_sentences, render  # noqa: E402

sys.path.remove(str(ROOT / "benchmarks"))


def write_sample(folder: Path, reuters: Path, sources: int = 300, candidates: int = 40, seed: int = 5) -> tuple[Path, Path]:
    """``sources.jsonl`` (every ``len(stories) // sources``-th story) and ``candidates.jsonl``
    (one in six a negative built from stories outside the sources); the sources are
    published by Reuters, so the credit rules have an agency to look for."""
    stories = read_stories(reuters)
    step = max(1, len(stories) // sources)
    chosen = stories[::step][:sources]
    chosen_ids = {s.id for s in chosen}
    others = [s for s in stories if s.id not in chosen_ids]
    rng = random.Random(seed)
    sources_path, candidates_path = folder / "sources.jsonl", folder / "candidates.jsonl"
    with open(sources_path, "w", encoding="utf-8") as handle:
        for story in chosen:
            handle.write(json.dumps({"id": story.id, "title": story.title, "publisher": "Reuters", "text": story.body}) + "\n")
    with open(candidates_path, "w", encoding="utf-8") as handle:
        for k in range(candidates):
            negative = k % 6 == 5
            picked = rng.sample(others if negative else chosen, 2 if rng.random() < 0.3 else 1)
            blocks = [kept_sentences(story, rng) for story in picked]
            text, _ = render(compose(blocks, others, rng), rng.choice(CREDITS))
            handle.write(json.dumps({"id": f"{'neg' if negative else 'rep'}-{k:03d}", "text": text}) + "\n")
    return sources_path, candidates_path
