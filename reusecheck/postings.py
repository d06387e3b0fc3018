"""Seed postings of an index file, stored as sorted runs of blocks.

A posting is ``(hash, document)``: the document holds the seed n-gram with that hash. A
batch of `Index.add` writes its postings as one *run*: sorted by hash, then cut into
blocks of about `BLOCK` postings, each one row of table ``blocks`` with the hashes and the
document numbers as two little-endian arrays (int64, int32). A hash held by more than
`BLOCK` documents of a run (boilerplate) gets a row of its own in ``common`` instead, so
that counting its documents reads no array. A block never splits a hash's postings, so
a hash is in at most one block (or one ``common`` row) of each run: the first block of
the run whose last hash is at or above it. Writing costs a sort and one row per block
instead of one B-tree insert per posting.

Runs of about the same size are merged `FAN_IN` at a time (up to `MERGE_MAX` postings),
so an index of N postings has at most about (FAN_IN - 1) log_FAN_IN(N / batch) runs plus
one per `MERGE_MAX`, and each posting is rewritten about log_FAN_IN(N / batch) times;
`index add` ends by merging its runs into one (`compact`). A lookup costs one index
probe per seed and run.

A fresh build (``defer``: a new file that appears whole at the end, `reusecheck.index`)
holds its postings in memory instead, each batch's sorted and merged with those held as
they come, and writes them once, one run per `MERGE_MAX` postings (`flush`): no posting is
written twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from reusecheck.arrays import unique, unique_counts
from reusecheck.native import core

try:  # the compiled core of the check path (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:
    _seeding = None  # type: ignore[assignment]

BLOCK = 64  # postings per block (and the most a hash may have before it is common)
MERGE_MAX = 16_000_000  # runs are not merged past this many postings (memory of a merge)
FAN_IN = 8  # runs of about the same size merged at a time
_HASH, _DOCUMENT = np.dtype("<i8"), np.dtype("<i4")

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, postings INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    count INTEGER NOT NULL,
    hashes BLOB NOT NULL,
    documents BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS blocks_by_last ON blocks (run, last);
CREATE TABLE IF NOT EXISTS common (
    hash INTEGER NOT NULL,
    run INTEGER NOT NULL,
    count INTEGER NOT NULL,
    documents BLOB NOT NULL,
    PRIMARY KEY (hash, run)
) WITHOUT ROWID;
"""

COLUMNS = {
    "runs": ["run", "postings"],
    "blocks": ["id", "run", "first", "last", "count", "hashes", "documents"],
    "common": ["hash", "run", "count", "documents"],
}

# The blocks that may hold the seeds: per run and seed, the first block whose last hash
# is at or above the seed (with their ids and runs, or their postings only).
_BLOCK_IDS = """
    SELECT (SELECT x.id FROM blocks x WHERE x.run = r.run AND x.last >= s.value ORDER BY x.last LIMIT 1)
    FROM runs r, json_each(:seeds) s
"""
_BLOCKS = f"SELECT b.id, b.run, b.hashes, b.documents FROM blocks b WHERE b.id IN ({_BLOCK_IDS})"
_BLOCK_POSTINGS = f"SELECT b.hashes, b.documents FROM blocks b WHERE b.id IN ({_BLOCK_IDS})"
_COMMON_COUNTS = "SELECT c.hash, c.count FROM json_each(:seeds) s JOIN common c ON c.hash = s.value"
_COMMON_ROWS = "SELECT c.hash, c.run, c.documents FROM json_each(:seeds) s JOIN common c ON c.hash = s.value"


class PostingsDamaged(ValueError):
    """Stored postings that do not decode or break the layout."""


@dataclass(frozen=True)
class Found:
    """The postings of some seeds: per seed its document frequency; ``seed`` and
    ``document`` the block postings (``seed`` a position in the sorted seeds); common
    seeds' documents are read on demand (`Postings.common_documents`)."""

    seeds: np.ndarray  # sorted int64
    frequencies: np.ndarray
    seed: np.ndarray
    document: np.ndarray
    common: np.ndarray  # positions of seeds held in ``common`` rows

    def part(self, seeds: np.ndarray) -> Found | None:
        """What a lookup of ``seeds`` (sorted, distinct) finds, if all of them are among these."""
        if not len(self.seeds) or not len(seeds):
            return None
        place = np.minimum(np.searchsorted(self.seeds, seeds), len(self.seeds) - 1)
        if not (self.seeds[place] == seeds).all():
            return None
        renumber = np.full(len(self.seeds), -1, dtype=np.int64)
        renumber[place] = np.arange(len(seeds))
        new_seed = renumber[self.seed]
        kept = new_seed >= 0
        common = renumber[self.common]
        return Found(seeds, self.frequencies[place], new_seed[kept], self.document[kept], common[common >= 0])


def _decode(hashes: bytes, documents: bytes) -> tuple[np.ndarray, np.ndarray]:
    if len(hashes) % 8 or len(documents) % 4 or len(hashes) // 8 != len(documents) // 4:
        raise PostingsDamaged("a postings block whose arrays do not match")
    return np.frombuffer(hashes, dtype=_HASH), np.frombuffer(documents, dtype=_DOCUMENT)


def _seeds_json(seeds: np.ndarray) -> str:
    return json.dumps(seeds.tolist())


HELD_POSTINGS = 4_000_000
"""Postings up to which `Postings.hold` reads them all into memory (12 bytes each)."""


@dataclass(frozen=True)
class _Held:
    """Every block posting (hashes sorted, int64; documents), and the ``common`` rows'
    distinct hashes (sorted) with their documents counted over the runs and listed
    (run after run, by hash)."""

    hashes: np.ndarray
    documents: np.ndarray
    common: np.ndarray
    common_counts: np.ndarray
    common_documents: dict[int, np.ndarray]
    buckets: np.ndarray | None  # where each bucket of hashes starts, for the compiled core (`_bucket_starts`)


BUCKET_HASHES = 16
"""Hashes per bucket (on average) of the table `_bucket_starts` makes: a held lookup reads the
bucket's start, then searches a few hashes near each other instead of the whole array."""


def _bucket_starts(hashes: np.ndarray) -> np.ndarray:
    """For sorted int64 ``hashes``: where each of 2**k buckets starts (the hashes whose top k
    bits, as unsigned with the sign bit flipped, are the bucket's number; the signed order),
    the hash count last (`_seeding.postings_ranges`)."""
    bits = (len(hashes) // BUCKET_HASHES).bit_length()
    first = np.arange(1 << bits, dtype=np.uint64) << np.uint64(64 - bits) if bits else np.zeros(1, dtype=np.uint64)
    smallest = (first ^ np.uint64(1 << 63)).view(np.int64)  # each bucket's smallest hash
    return np.append(np.searchsorted(hashes, smallest), len(hashes)).astype(np.int64)


class Postings:
    """The postings tables of one connection (the caller holds the transactions)."""

    def __init__(self, connection: sqlite3.Connection, defer: bool = False) -> None:
        self.connection = connection
        self._held: _Held | None = None
        self.defer = defer
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []  # (hashes, documents) held back by ``defer``
        self._pending_count = 0

    # -- held in memory ---------------------------------------------------------------
    def hold(self, most: int = HELD_POSTINGS) -> bool:
        """Read the block postings and common counts into memory when there are at most
        ``most`` postings, so that `find` reads no rows; whether they are held. Only for a
        reader holding one snapshot (a read transaction): writing does not update them."""
        if self._held is None:
            total = self.connection.execute("SELECT coalesce(sum(postings), 0) FROM runs").fetchone()[0]
            if total > most:
                return False
            rows = self.connection.execute("SELECT hashes, documents FROM blocks ORDER BY run, last").fetchall()
            h, d = _decode(b"".join(row[0] for row in rows), b"".join(row[1] for row in rows))
            if len(h) > 1 and (h[1:] < h[:-1]).any():  # several runs: one order
                h, d = _sorted(h, d)
            h = h.astype(np.int64)
            common = self.connection.execute("SELECT hash, count, documents FROM common ORDER BY hash, run").fetchall()
            values = np.array([value for value, _, _ in common], dtype=np.int64)
            counts = np.array([count for _, count, _ in common], dtype=np.int64)
            distinct = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1]))) if len(values) else values
            listed: dict[int, list[bytes]] = {}
            for value, _, blob in common:
                listed.setdefault(value, []).append(blob)
            self._held = _Held(h, d, values[distinct],
                               np.add.reduceat(counts, distinct) if len(values) else counts,
                               {value: np.frombuffer(b"".join(blobs), dtype=_DOCUMENT) for value, blobs in listed.items()},
                               _bucket_starts(h) if _seeding is not None else None)
        return True

    def release(self) -> None:
        """Forget the postings `hold` read (before writing)."""
        self._held = None

    def _find_held(self, held: _Held, seeds: np.ndarray) -> Found:
        """`find` from the postings held in memory: the same postings and counts."""
        if held.buckets is not None:
            lo, hi = (np.frombuffer(ends, dtype=np.int64) for ends in _seeding.postings_ranges(
                held.hashes, held.buckets, np.ascontiguousarray(seeds, dtype=np.int64)))
        else:
            lo, hi = np.searchsorted(held.hashes, seeds, "left"), np.searchsorted(held.hashes, seeds, "right")
        counts = hi - lo
        seed = np.repeat(np.arange(len(seeds)), counts)
        at = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(len(seed))
        frequencies = counts.astype(np.int64)
        place = np.minimum(np.searchsorted(held.common, seeds), max(len(held.common) - 1, 0))
        common = np.flatnonzero(held.common[place] == seeds) if len(held.common) else np.zeros(0, dtype=np.int64)
        frequencies[common] += held.common_counts[place[common]]
        return Found(seeds, frequencies, seed, held.documents[at].astype(np.int64), common.astype(np.int64))

    # -- writing ----------------------------------------------------------------------
    def add(self, hashes: np.ndarray, documents: np.ndarray) -> bool:
        """Store postings (int64 hashes, document numbers) as a new run, then merge runs;
        whether runs were merged (their pages are free). With ``defer``, hold them
        until `flush` (or until they would pass `MERGE_MAX`: those held are then one run)."""
        if not self.defer:
            if len(hashes):
                self._write_run([_sorted(hashes, documents)])
            return self._merge_due()
        merged = self.flush() if self._pending_count + len(hashes) > MERGE_MAX else False
        if len(hashes):
            self._hold(_sorted(hashes, documents))  # sorted now, merged as they come: less to do at the end
            self._pending_count += len(hashes)
        return merged

    def _hold(self, part: tuple[np.ndarray, np.ndarray]) -> None:
        """Hold a sorted batch of postings back; the newest two held merged into one (by the compiled core,
        without the GIL: the writer thread's work while the workers tokenize) while the older is no
        larger than the newer, as in binary counting: the end cuts about log2(batches) sorted parts, not
        one per batch, and each posting is merged about log2(batches) times."""
        parts = self._pending
        parts.append(part)
        while merge_postings is not None and len(parts) >= 2 and len(parts[-2][0]) <= len(parts[-1][0]):
            newer, older = parts.pop(), parts.pop()
            hashes, documents = merge_postings(older[0], older[1], newer[0], newer[1])
            parts.append((np.frombuffer(hashes, dtype=np.int64), np.frombuffer(documents, dtype=np.int64)))

    def flush(self) -> bool:
        """Write the postings held back (``defer``) as one run, then merge runs as due;
        whether runs were merged."""
        if not self._pending:
            return False
        parts, self._pending, self._pending_count = self._pending, [], 0
        self._write_run(parts)
        return self._merge_due()

    def _write_run(self, parts: list[tuple[np.ndarray, np.ndarray]], run: int | None = None) -> None:
        """A run of the postings of ``parts`` (each sorted by hash; int64 hashes and
        documents), merged: blocks, and ``common`` rows for hashes with many postings."""
        c = self.connection
        if run is None:
            run = c.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()[0]
        c.execute("INSERT INTO runs VALUES (?, ?)", (run, sum(len(hashes) for hashes, _ in parts)))
        common, blocks = (run_rows or _run_rows)(run, parts, BLOCK)
        if common:
            c.executemany("INSERT INTO common VALUES (?, ?, ?, ?)", common)
        if blocks:
            c.executemany("INSERT INTO blocks (run, first, last, count, hashes, documents) VALUES (?, ?, ?, ?, ?, ?)",
                          blocks)

    def _merge_due(self) -> bool:
        """Merge runs of about the same size, `FAN_IN` at a time (the newest ``j`` runs as
        soon as the newer ``j - 1`` of them hold ``FAN_IN - 1`` times the ``j``-th's
        postings, and the result at most `MERGE_MAX`): each posting is rewritten about
        log_FAN_IN(N / batch) times."""
        c = self.connection
        merged = False
        while True:
            runs = c.execute("SELECT run, postings FROM runs ORDER BY run DESC").fetchall()
            due, newer = 0, 0
            for j, (_, count) in enumerate(runs, start=1):
                if newer + count > MERGE_MAX:
                    break
                if j >= 2 and newer >= (FAN_IN - 1) * count:
                    due = j
                newer += count
            if not due:
                return merged
            merged = True
            self._merge(sorted(run for run, _ in runs[:due]))

    def compact(self) -> bool:
        """Merge the newest runs into one, as many as `MERGE_MAX` allows (at the end of
        `index add`: fewer runs, fewer probes per seed); whether any were merged."""
        c = self.connection
        chosen: list[int] = []
        total = 0
        for run, count in c.execute("SELECT run, postings FROM runs ORDER BY run DESC").fetchall():
            if total + count > MERGE_MAX:
                break
            chosen.append(run)
            total += count
        if len(chosen) < 2:
            return False
        self._merge(sorted(chosen))
        return True

    def _merge(self, runs: list[int]) -> None:
        """Rewrite ``runs`` (oldest first) as one run with the oldest one's number."""
        parts = [self._read_run(run) for run in runs]
        for run in runs:
            self._delete_run(run)
        self._write_run([_sorted(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))], runs[0])

    def _read_run(self, run: int) -> tuple[np.ndarray, np.ndarray]:
        """A run's postings (int64): its blocks', then its ``common`` rows'."""
        c = self.connection
        rows = c.execute("SELECT hashes, documents FROM blocks WHERE run = ?", (run,)).fetchall()
        if any(len(h) != 2 * len(d) or len(d) % 4 for h, d in rows):
            raise PostingsDamaged("a postings block whose arrays do not match")
        h, d = _decode(b"".join(row[0] for row in rows), b"".join(row[1] for row in rows))
        hashes, documents = [h], [d]
        for value, count, document_blob in c.execute("SELECT hash, count, documents FROM common WHERE run = ?", (run,)):
            d = np.frombuffer(document_blob, dtype=_DOCUMENT)
            if len(d) != count:
                raise PostingsDamaged("a common hash whose count does not match its documents")
            hashes.append(np.full(len(d), value, dtype=np.int64))
            documents.append(d)
        return np.concatenate(hashes).astype(np.int64), np.concatenate(documents).astype(np.int64)

    def _delete_run(self, run: int) -> None:
        for table in ("blocks", "common", "runs"):
            self.connection.execute(f"DELETE FROM {table} WHERE run = ?", (run,))

    def remove(self, number: int, seeds: np.ndarray) -> int:
        """Remove the postings of document ``number`` among ``seeds`` (int64); return how many."""
        self.flush()  # postings held back are written first: they may be the document's
        c = self.connection
        removed = 0
        for block, run, hash_blob, document_blob in c.execute(_BLOCKS, {"seeds": _seeds_json(seeds)}).fetchall():
            removed += self._rewrite_block(block, run, *_decode(hash_blob, document_blob), number)
        for value, run, document_blob in c.execute(_COMMON_ROWS, {"seeds": _seeds_json(seeds)}).fetchall():
            removed += self._rewrite_common(value, run, document_blob, number)
        return removed

    def remove_everywhere(self, number: int) -> None:
        """Remove every posting of document ``number`` (a scan of all postings)."""
        self.flush()
        c = self.connection
        for block, run, hash_blob, document_blob in c.execute("SELECT id, run, hashes, documents FROM blocks").fetchall():
            self._rewrite_block(block, run, *_decode(hash_blob, document_blob), number)
        for value, run, document_blob in c.execute("SELECT hash, run, documents FROM common").fetchall():
            self._rewrite_common(value, run, document_blob, number)

    def _rewrite_block(self, block: int, run: int, hashes: np.ndarray, documents: np.ndarray, number: int) -> int:
        keep = documents != number
        removed = len(documents) - int(keep.sum())
        if not removed:
            return 0
        c = self.connection
        if keep.any():
            h, d = hashes[keep], documents[keep]
            c.execute("UPDATE blocks SET first = ?, last = ?, count = ?, hashes = ?, documents = ? WHERE id = ?",
                      (int(h[0]), int(h[-1]), len(h), h.tobytes(), d.tobytes(), block))
        else:
            c.execute("DELETE FROM blocks WHERE id = ?", (block,))
        c.execute("UPDATE runs SET postings = postings - ? WHERE run = ?", (removed, run))
        return removed

    def _rewrite_common(self, value: int, run: int, blob: bytes, number: int) -> int:
        documents = np.frombuffer(blob, dtype=_DOCUMENT)
        keep = documents[documents != number]
        removed = len(documents) - len(keep)
        if not removed:
            return 0
        c = self.connection
        if len(keep):
            c.execute("UPDATE common SET count = ?, documents = ? WHERE hash = ? AND run = ?",
                      (len(keep), keep.tobytes(), value, run))
        else:
            c.execute("DELETE FROM common WHERE hash = ? AND run = ?", (value, run))
        c.execute("UPDATE runs SET postings = postings - ? WHERE run = ?", (removed, run))
        return removed

    # -- reading ----------------------------------------------------------------------
    def find(self, seeds: np.ndarray) -> Found:
        """The document frequency of each seed (int64, sorted and distinct) and its block postings."""
        c = self.connection
        if not len(seeds):
            nothing = np.zeros(0, dtype=np.int64)
            return Found(seeds, nothing, nothing, nothing, nothing)
        if self._held is not None:
            return self._find_held(self._held, seeds)
        listed = {"seeds": _seeds_json(seeds)}
        rows = c.execute(_BLOCK_POSTINGS, listed).fetchall()
        h, d = _decode(b"".join(row[0] for row in rows), b"".join(row[1] for row in rows))
        place = np.minimum(np.searchsorted(seeds, h), len(seeds) - 1)
        held = seeds[place] == h
        seed = place[held]
        frequencies = np.bincount(seed, minlength=len(seeds)).astype(np.int64)
        common = []
        for value, count in c.execute(_COMMON_COUNTS, listed):
            position = int(np.searchsorted(seeds, value))
            frequencies[position] += count
            common.append(position)
        return Found(seeds, frequencies, seed, d[held].astype(np.int64), unique(np.array(common, dtype=np.int64)))

    def common_documents(self, seeds: np.ndarray) -> np.ndarray:
        """The documents of the ``common`` rows of these seeds (each seed once per document)."""
        if self._held is not None:
            listed = self._held.common_documents
            parts = [listed[value] for value in seeds.tolist() if value in listed]
        else:
            rows = self.connection.execute(_COMMON_ROWS, {"seeds": _seeds_json(seeds)}).fetchall()
            parts = [np.frombuffer(blob, dtype=_DOCUMENT) for _, _, blob in rows]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def shared(self, found: Found, kept: np.ndarray, min_shared: int) -> dict[int, int]:
        """Documents holding at least ``min_shared`` of the seeds ``kept`` (a mask over
        ``found.seeds``), with how many they hold."""
        documents = found.document[kept[found.seed]]
        common = found.common[kept[found.common]]
        if len(common):
            documents = np.concatenate([documents, self.common_documents(found.seeds[common])])
        numbers, counts = unique_counts(documents)
        chosen = counts >= min_shared
        return dict(zip(numbers[chosen].tolist(), counts[chosen].tolist(), strict=True))

    def everything(self) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """(run, postings it records, hashes, documents) of every run; `PostingsDamaged`
        where a block does not decode or is not sorted and as its row says."""
        c = self.connection
        for run, postings in c.execute("SELECT run, postings FROM runs ORDER BY run").fetchall():
            for first, last, count, hash_blob, document_blob in c.execute(
                "SELECT first, last, count, hashes, documents FROM blocks WHERE run = ?", (run,)
            ):
                h, _ = _decode(hash_blob, document_blob)
                if len(h) != count or not len(h) or h[0] != first or h[-1] != last or (np.diff(h) < 0).any():
                    raise PostingsDamaged(f"a block of run {run} is not sorted or not what its row says")
            yield (run, postings, *self._read_run(run))


CommonRow = tuple[int, int, int, bytes]  # hash, run, count, documents
BlockRow = tuple[int, int, int, int, bytes, bytes]  # run, first, last, count, hashes, documents

# Cuts runs into rows in the compiled core where it is built (tests set it to None to take `_run_rows`).
run_rows: Callable[[int, list[tuple[np.ndarray, np.ndarray]], int], tuple[list[CommonRow], list[BlockRow]]] | None = (
    core.run_rows if core is not None else None
)


def _run_rows(run: int, parts: list[tuple[np.ndarray, np.ndarray]], block: int) -> tuple[list[CommonRow], list[BlockRow]]:
    """The ``common`` rows (hash, run, count, documents) and ``blocks`` rows (run, first,
    last, count, hashes, documents) of one run of the postings of ``parts`` (each sorted by
    hash), merged as a stable sort of them one after another: hashes held by more than
    ``block`` postings in ``common``, the others cut into blocks of about ``block`` that
    never split a hash (`run_rows` in the compiled core gives the same rows)."""
    if len(parts) == 1:
        hashes, documents = parts[0]
    else:
        hashes, documents = _sorted(np.concatenate([h for h, _ in parts] + [np.zeros(0, dtype=np.int64)]),
                                    np.concatenate([d for _, d in parts] + [np.zeros(0, dtype=np.int64)]))
    if len(hashes) > 1 and (hashes[1:] < hashes[:-1]).any():
        raise ValueError("run_rows: hashes not sorted")
    starts = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], starts)) if len(hashes) else starts
    sizes = np.diff(np.append(starts, len(hashes)))
    many = sizes > block
    common: list[CommonRow] = []
    if many.any():
        common = [(int(hashes[a]), run, int(n), documents[a : a + n].astype(_DOCUMENT).tobytes())
                  for a, n in zip(starts[many].tolist(), sizes[many].tolist(), strict=True)]
        keep = np.repeat(~many, sizes)
        hashes, documents = hashes[keep], documents[keep]
        starts = np.flatnonzero(np.diff(hashes)) + 1
        starts = np.concatenate(([0], starts)) if len(hashes) else starts
    if not len(hashes):
        return common, []
    cuts = np.unique(starts[np.minimum(np.searchsorted(starts, np.arange(0, len(hashes), block)), len(starts) - 1)])
    ends = np.append(cuts[1:], len(hashes))
    hash_bytes, document_bytes = hashes.astype(_HASH).tobytes(), documents.astype(_DOCUMENT).tobytes()
    return common, [
        (run, first, last, b - a, hash_bytes[8 * a : 8 * b], document_bytes[4 * a : 4 * b])
        for a, b, first, last in zip(cuts.tolist(), ends.tolist(), hashes[cuts].tolist(), hashes[ends - 1].tolist(),
                                     strict=True)
    ]


# Merges the sorted batches a new index holds back in the compiled core where it is built (tests set it to None:
# they are then merged as the rows are cut, `run_rows`, the same rows).
merge_postings: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], tuple[bytes, bytes]] | None = (
    core.merge_postings if core is not None else None
)
# Sorts postings in the compiled core where it is built (tests set it to None to take numpy's sort).
sort_postings: Callable[[np.ndarray, np.ndarray], tuple[bytes, bytes]] | None = (
    core.sort_postings if core is not None else None
)


def _sorted(hashes: np.ndarray, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Postings in hash order, equal hashes in their given order (a stable sort: by the compiled
    core's bucket sort, else numpy's)."""
    if sort_postings is not None:
        sorted_hashes, sorted_documents = sort_postings(hashes.astype(np.int64, copy=False),
                                                        documents.astype(np.int64, copy=False))
        return np.frombuffer(sorted_hashes, dtype=np.int64), np.frombuffer(sorted_documents, dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    return hashes[order].astype(np.int64, copy=False), documents[order].astype(np.int64, copy=False)
