"""A small index's postings held in memory (`Postings.hold`, after `shards.HOLD_AFTER`
candidates) answer lookups as the stored blocks do: the same frequencies, postings and
common seeds, over several runs and common rows."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections import Counter
from pathlib import Path

import helpers
import numpy as np
import pytest
from helpers import REPUBLISHED, REUTERS, read, shared_path

from reusecheck import postings, shards
from reusecheck.engine import Checker
from reusecheck.index import Index, IndexSettings, Packed, _signed
from reusecheck.models import Document
from reusecheck.postings import Found
from reusecheck.text import TextSettings


def require_compiled() -> None:
    """Skip where ``reusecheck/_seeding.c`` is not built (fail in CI)."""
    helpers.require_compiled(importlib.util.find_spec("reusecheck._seeding") is not None, "reusecheck/_seeding.c")


def bodies(count: int) -> list[str]:
    folder = shared_path("bench", "reuters-21578")
    text = (folder / "reut2-004.sgm").read_text(encoding="latin-1")
    found = re.findall(r"<BODY>(.*?)</BODY>", text, re.S)[:count]
    assert len(found) == count
    return found


def build(path: Path, texts: list[str], batches: int) -> Index:
    """An index of ``texts`` added in ``batches`` (a run each, some merged)."""
    checker = Checker()
    index = Index.open(str(path), IndexSettings.of(TextSettings(), 3), create=True)
    packed = [Packed.of(checker.analyze(Document(id=f"d{k}", text=t))) for k, t in enumerate(texts)]
    for part in np.array_split(np.arange(len(packed)), batches):
        index.add([packed[k] for k in part])
    return index


def as_sets(found: Found) -> tuple[list[int], Counter[tuple[int, int]], list[int]]:
    pairs = Counter(zip(found.seed.tolist(), found.document.tolist(), strict=True))
    return found.frequencies.tolist(), pairs, found.common.tolist()


def assert_same_lookups(index: Index, texts: list[str]) -> None:
    checker = Checker()
    lookups = [np.sort(_signed(checker.analyze(Document(id="q", text=t)).seeds)) for t in texts]
    lookups.append(np.sort(np.concatenate([lookups[0], np.array([-5, 7, 2**62], dtype=np.int64)])))  # absent ones
    stored = [index.postings.find(seeds) for seeds in lookups]
    kept = [np.ones(len(seeds), dtype=bool) for seeds in lookups]
    shared = [index.postings.shared(found, k, 2) for found, k in zip(stored, kept, strict=True)]
    numbers = [7, 1, 10**6, 3, 7, 0, *range(len(texts) + 5, 0, -3)]  # unknown and repeated numbers too
    ids = list(index.ids(numbers).items())
    assert index.hold_postings()
    assert list(index.ids(numbers).items()) == ids
    for seeds, expected, k, counts in zip(lookups, stored, kept, shared, strict=True):
        held = index.postings.find(seeds)
        assert as_sets(held) == as_sets(expected)
        assert index.postings.shared(held, k, 2) == index.postings.shared(expected, k, 2) == counts


def test_bucketed_ranges_are_searchsorted() -> None:
    """The compiled core's held lookup: each seed's range of equal hashes, found in its bucket."""
    require_compiled()
    seeding = importlib.import_module("reusecheck._seeding")
    rng = np.random.default_rng(2)
    edges = np.array([-2**63, -2**63 + 1, -1, 0, 1, 2**63 - 2, 2**63 - 1], dtype=np.int64)
    for size in (0, 1, 5, 15, 16, 17, 64, 5000, 100_000):
        hashes = np.sort(np.concatenate((rng.integers(-2**63, 2**63 - 1, size, dtype=np.int64, endpoint=True),
                                         rng.integers(-50, 50, size // 3), edges[: size % 8])))  # runs of equal ones
        starts = postings._bucket_starts(hashes)
        assert len(starts) - 1 in {1 << k for k in range(40)} and starts[-1] == len(hashes)
        seeds = np.sort(np.concatenate((rng.integers(-60, 60, 50), hashes[::7], edges,
                                        rng.integers(-2**63, 2**63 - 1, 200, dtype=np.int64, endpoint=True))))
        lo, hi = (np.frombuffer(ends, dtype=np.int64) for ends in seeding.postings_ranges(hashes, starts, seeds))
        assert np.array_equal(lo, np.searchsorted(hashes, seeds, "left"))
        assert np.array_equal(hi, np.searchsorted(hashes, seeds, "right"))


@pytest.mark.slow
def test_held_postings_answer_as_the_blocks_over_several_runs(tmp_path: Path) -> None:
    # a sentence every story ends with: its seeds are held by more than a block's documents
    texts = [f"{body}\nShares of the company closed unchanged in heavy trading." for body in bodies(450)]
    index = build(tmp_path / "runs.db", texts, batches=3)
    with index.reading():
        runs = index.connection.execute("SELECT count(*) FROM runs").fetchone()[0]
        common = index.connection.execute("SELECT count(*) FROM common").fetchone()[0]
    assert runs > 1 and common > 0  # several runs, and seeds of more than a block's documents
    assert_same_lookups(index, texts[::7] + [read(REUTERS)])
    index.close()


@pytest.mark.parametrize("compiled", [True, False])
def test_held_postings_answer_as_the_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: bool) -> None:
    """With the compiled core's bucketed search, and without it (numpy's search)."""
    if compiled:
        require_compiled()
    else:
        monkeypatch.setattr(postings, "_seeding", None)
    texts = [read(REUTERS), read(REPUBLISHED), *(f"Story {k}: the company said it would pay {k} dlrs." for k in range(80))]
    index = build(tmp_path / "small.db", texts, batches=3)
    assert_same_lookups(index, texts)
    assert index.postings._held is not None and (index.postings._held.buckets is None) is not compiled
    index.close()


def test_a_large_index_is_not_held(tmp_path: Path) -> None:
    index = build(tmp_path / "large.db", [read(REUTERS)], batches=1)
    assert not index.postings.hold(most=10)
    assert index.postings._held is None
    index.close()


def test_writing_forgets_held_postings(tmp_path: Path) -> None:
    checker = Checker()
    index = build(tmp_path / "w.db", [read(REUTERS)], batches=1)
    assert index.hold_postings()
    index.add([Packed.of(checker.analyze(Document(id="new", text=read(REPUBLISHED))))])
    assert index.postings._held is None
    assert "new" in index.ids(list(range(10))).values()  # the ids held are forgotten too
    seeds = np.sort(_signed(checker.analyze(Document(id="q", text=read(REPUBLISHED))).seeds))
    assert index.postings.find(seeds).frequencies.max() >= 1
    index.close()


def held(store: shards.IndexStore) -> object:
    return store.shards[0].postings._held


def test_a_store_holds_postings_after_some_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's reports are the same before and after the store holds the postings."""
    monkeypatch.setattr(shards, "HOLD_AFTER", 3)
    texts = [read(REUTERS), *(f"Story {k}: the company said it would pay {k} dlrs on Monday." for k in range(20))]
    build(tmp_path / "s.db", texts, batches=2).close()
    checker = Checker()
    store = checker.index_store(str(tmp_path / "s.db"))
    candidate = checker.analyze(Document(id="c", text=read(REPUBLISHED)))
    first = [checker.check_one(candidate, [store]) for _ in range(2)]
    assert held(store) is None
    later = [checker.check_one(candidate, [store]) for _ in range(3)]
    assert isinstance(held(store), postings._Held)
    assert first[0].matches and all(r == first[0] for r in first + later)
    store.close()
