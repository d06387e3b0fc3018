"""An index as one file or a folder of shard files, searched together as one store.

A folder index holds ``shard-0001.db``, ``shard-0002.db``, ... (each an `Index` file).
`index add` writes into the newest shard until it holds ``shard_characters`` characters,
then starts the next; a document already in an older shard is replaced there. A file (or
shard) that does not exist yet is built beside its path and put in place whole at the end
(`Index.build`, `Index.publish`). `IndexStore`
searches every shard with one document-frequency cut-off (the seed's documents summed over
the shards, against the cut-off for all their sources) and one top-k, so a sharded index
ranks exactly as one file holding the same documents would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import cast

import numpy as np

from reusecheck.errors import UsageError
from reusecheck.index import AddCounts, Index, IndexSettings, Packed
from reusecheck.retrieve import Analyzed, RetrievalSettings, SpecificSeeds, df_cutoff, for_candidate, rank

SHARD_PATTERN = "shard-*.db"
HOLD_AFTER = 32
"""Candidates a store retrieves for before it reads small shards' postings into memory
(`Index.hold_postings`): a long run saves a lookup per candidate, a short one reads no more."""
RECENT_SOURCES = 1024
"""Sources read lately that a store keeps (a source retrieved again is not read and unpacked
again): on the republication workload a quarter of the sources retrieved, for about 6 MB."""
SHARD_CHARACTERS = 1_000_000_000  # characters per shard before `index add` starts the next
_REBUILD_BATCH = 2_000  # documents per transaction when a built shard's documents go to another file


def is_folder_index(path: str) -> bool:
    """A folder (existing, or named with a trailing slash) holds a sharded index."""
    return os.path.isdir(path) or path.endswith(("/", os.sep))


def shard_paths(path: str) -> list[str]:
    """The index files ``path`` names: itself, or a folder's shards in order.

    :raises UsageError: a folder without shards.
    """
    if not os.path.isdir(path):
        return [path]
    shards = sorted(str(p) for p in Path(path).glob(SHARD_PATTERN))
    if not shards:
        raise UsageError(f"no index shards ({SHARD_PATTERN}) in this folder; build one with "
                         "`reusecheck index add FOLDER/ PATH...`", path)
    return shards


def open_shards(paths: Sequence[str], settings: IndexSettings | None = None) -> list[Index]:
    """Every shard of every index in ``paths``, opened (all closed again if one fails)."""
    opened: list[Index] = []
    try:
        for path in paths:
            opened.extend(Index.open(shard, settings) for shard in shard_paths(path))
    except BaseException:
        for index in opened:
            index.close()
        raise
    return opened


class ShardWriter:
    """`index add` into a file or a folder of shards (see the module's docstring)."""

    def __init__(self, path: str, settings: IndexSettings, shard_characters: int = SHARD_CHARACTERS) -> None:
        self.path = path
        self.settings = settings
        self.shard_characters = shard_characters
        self.folder = is_folder_index(path)
        if self.folder:
            os.makedirs(path, exist_ok=True)
            paths = sorted(str(p) for p in Path(path).glob(SHARD_PATTERN)) or [self._shard_path(1)]
        else:
            paths = [path]
        self.shards: list[Index] = []
        self._built: dict[int, AddCounts] = {}  # what `add` counted in each shard being built
        for shard in paths:
            self.shards.append(self._opened(shard))

    def _opened(self, path: str) -> Index:
        """The shard at ``path`` opened to add to, or, where there is none yet, built (`Index.build`)."""
        return Index.open(path, self.settings, create=True) if os.path.exists(path) else Index.build(path, self.settings)

    def _shard_path(self, number: int) -> str:
        return os.path.join(self.path, SHARD_PATTERN.replace("*", f"{number:04d}"))

    def add(self, batch: Sequence[Packed]) -> AddCounts:
        """Add a batch: documents already in a shard go to that shard, new ones to the newest
        shard (a new one when it is full). One transaction per shard touched."""
        latest = list({p.document.id: p for p in batch}.values())
        full = self._newest_full()
        owner = self._owners([p.document.id for p in latest], full)
        current = len(self.shards) - 1
        if full and any(p.document.id not in owner for p in latest):  # new documents: a new shard
            self.shards.append(self._opened(self._shard_path(len(self.shards) + 1)))
            current += 1
        groups: dict[int, list[Packed]] = {}
        for packed in latest:
            groups.setdefault(owner.get(packed.document.id, current), []).append(packed)
        total = AddCounts()
        for number, group in sorted(groups.items()):
            counts = self.shards[number].add(group)
            if self.shards[number].building:
                self._built[number] = self._built.get(number, AddCounts()) + counts
            total += counts
        return total

    def finish(self) -> AddCounts:
        """At the end of a run: each shard's newest runs of postings merged into one, new
        ones put in place (`Index.publish`). Where another run created a new shard's file
        first, the documents built are added to that file instead; the difference this
        makes to the counts `add` returned is returned."""
        correction = AddCounts()
        for number, shard in enumerate(self.shards):
            if not shard.building:
                shard.compact()
            elif not shard.publish():
                self.shards[number], counts = self._added_to_existing(shard)
                correction += counts - self._built.get(number, AddCounts())
        return correction

    def _added_to_existing(self, built: Index) -> tuple[Index, AddCounts]:
        """The file another run created at ``built``'s path, with ``built``'s documents
        added as `add` adds them (then ``built`` is discarded)."""
        try:
            target = Index.open(built.path, self.settings, create=True)
            counts = AddCounts()
            stored = built.stored()
            while batch := list(islice(stored, _REBUILD_BATCH)):
                counts += target.add(batch)
            target.compact()
        finally:
            built.discard()
        return target, counts

    def _owners(self, ids: list[str], full: bool) -> dict[str, int]:
        """Which shard holds each id already (the newest if several do). With one shard
        that is not ``full``, every document goes there anyway: nothing is looked up."""
        if len(self.shards) == 1 and not full:
            return {}
        owners: dict[str, int] = {}
        for number, shard in enumerate(self.shards):
            with shard.reading():
                rows = shard.connection.execute(
                    "SELECT d.id FROM documents d JOIN json_each(?) j ON d.id = j.value", (json.dumps(ids),)
                ).fetchall()
            owners.update((doc_id, number) for (doc_id,) in rows)
        return owners

    def _newest_full(self) -> bool:
        """Whether new documents need a new shard: the newest holds ``shard_characters``."""
        return self.folder and cast(int, self.shards[-1].stats()["characters"]) >= self.shard_characters

    def close(self) -> None:
        """Close every shard; one still being built (the run failed) is deleted."""
        for shard in self.shards:
            if shard.building:
                shard.discard()
            else:
                shard.close()


class IndexStore:
    """A `SourceStore` over one or more index files: the same ranking as `MemoryStore` on
    the same sources, with one document-frequency cut-off and one top-k over all of them.

    The run reads one snapshot of each file (a read transaction held until `close`), so
    documents added meanwhile neither appear nor shift the cut-off.
    """

    def __init__(
        self,
        shards: Sequence[Index],
        settings: RetrievalSettings | None = None,
        source_date: dt.date | None = None,
        cache_size: int = RECENT_SOURCES,
    ) -> None:
        self.shards = list(shards)
        self.settings = settings or RetrievalSettings()
        self._source_date = source_date
        self._cache_size = cache_size
        self._source = lru_cache(maxsize=cache_size)(self._read_source)  # the latest sources, by (shard, number)
        for shard in self.shards:
            with shard.reading():
                shard.connection.execute("BEGIN")
        self._sources = sum(shard.count() for shard in self.shards)
        seed_ngram = self.shards[0].settings.seed_ngram if self.shards else 3
        self._specific = SpecificSeeds(self.settings, seed_ngram)
        self._retrieved = 0

    @property
    def source_count(self) -> int:
        """Documents in all shards (in the run's snapshot)."""
        return self._sources

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        """Sources worth aligning, best first, with the share of candidate seeds they hold."""
        if not self._sources or len(candidate.seeds) == 0:
            return []
        self._retrieved += 1
        if self._retrieved == HOLD_AFTER:  # the run reads one snapshot: its postings do not change
            for shard in self.shards:
                shard.hold_postings()
        cutoff = df_cutoff(self.settings, self._sources)
        total = len(candidate.seeds)
        settings = for_candidate(self.settings, total)
        if len(self.shards) == 1:
            found = self.shards[0].retrieve_rows(candidate.seeds, cutoff, settings.min_shared)
            rows = [(0, number, doc_id, n) for number, doc_id, n in found]
        else:
            rows = self._sharded_rows(candidate.seeds, cutoff, settings.min_shared)
        specific = None
        if self.is_archive:
            rows, specific = self._with_specific(rows, self.specific_seeds(candidate))
        ranked = rank([n for *_, n in rows], [doc_id for _, _, doc_id, _ in rows], settings, specific)
        return [(self._source(rows[k][0], rows[k][1]), rows[k][3] / total) for k in ranked]

    def _with_specific(
        self, rows: list[tuple[int, int, str, int]], specific: np.ndarray
    ) -> tuple[list[tuple[int, int, str, int]], list[int]]:
        """The rows, and after them the documents holding `admit_specific` of the
        ``specific`` seeds that are not among them; per row, the specific seeds held (ids
        are read only for the documents added)."""
        held = [shard.holding(specific, 1) if len(specific) else {} for shard in self.shards]
        known = {(k, number) for k, number, _, _ in rows}
        for k, shard in enumerate(self.shards):
            more = [number for number, n in held[k].items()
                    if n >= self.settings.admit_specific and (k, number) not in known]
            rows = rows + [(k, number, doc_id, held[k][number]) for number, doc_id in shard.ids(more).items()]
        return rows, [held[k].get(number, 0) for k, number, _, _ in rows]

    def specific_seeds(self, candidate: Analyzed) -> np.ndarray:
        """The candidate's seeds specific to a handful of sources (`reusecheck.templates`)."""
        return self._specific.of(candidate, self.frequencies)

    @property
    def is_archive(self) -> bool:
        """Whether the store holds enough sources to tell templates (`reusecheck.templates`)."""
        return self._sources >= self.settings.min_archive

    def frequencies(self, seeds: np.ndarray) -> np.ndarray:
        """How many sources hold each seed (counted up to the largest limit `specific_seeds` uses)."""
        limit = max(self.settings.rare_df, self.settings.number_df) + 1
        counts: np.ndarray = np.sum([shard.frequencies(seeds, limit) for shard in self.shards], axis=0)
        return counts

    def for_worker(self) -> IndexStore:
        """The same store over connections of its own, for a forked worker process (a
        connection must not be used across a fork). It reads the index as it is then."""
        return IndexStore([Index.open(shard.path, shard.settings) for shard in self.shards], self.settings,
                          self._source_date, self._cache_size)

    def _sharded_rows(self, seeds: np.ndarray, cutoff: float, min_shared: int) -> list[tuple[int, int, str, int]]:
        """(shard, number, id, shared) over all shards: a seed's documents are summed over the
        shards before the cut-off, then each shard counts the kept seeds its documents hold."""
        each = [shard.frequencies(seeds, int(cutoff) + 1) for shard in self.shards]
        counting = np.sum(each, axis=0) <= cutoff
        kept = seeds[counting]
        # a shard whose documents hold fewer than min_shared kept seeds in all has none to give
        return [(k, number, doc_id, n) for k, shard in enumerate(self.shards)
                if int(each[k][counting].sum()) >= min_shared
                for number, doc_id, n in shard.shared(kept, min_shared)]

    def _read_source(self, shard: int, number: int) -> Analyzed:
        """Document ``number`` of a shard, dated ``source_date`` when it names no date."""
        analyzed = self.shards[shard].analyzed(number)
        if analyzed.document.date is None and self._source_date is not None:
            analyzed = replace(analyzed, document=replace(analyzed.document, date=self._source_date))
        return analyzed

    def close(self) -> None:
        for shard in self.shards:
            with shard.reading():
                shard.connection.execute("COMMIT")
            shard.close()
