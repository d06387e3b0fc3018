"""Tokenizing and packing documents for the index, in worker processes when there are cores.

With ``jobs`` > 1, ``jobs`` forked workers tokenize, compute seeds, pack tokens and
digest documents (`reusecheck.index.Packed`), chunk by chunk, while the main process reads the inputs and
writes the index (a sort and a few rows per batch: `reusecheck.postings`); results come
back in input order. With one job, or where ``fork`` is not available, the main process
does everything. The index is written by a thread of its own (`WriterThread`): a batch is
written while the next one is read and tokenized.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from reusecheck.engine import Checker
from reusecheck.index import AddCounts, Packed, digest, pack_tokens
from reusecheck.models import Document
from reusecheck.parallel import can_fork
from reusecheck.shards import ShardWriter

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

CHUNK_DOCUMENTS = 256  # documents per task sent to a worker (fewer, larger tasks: less pickling, locking and waking)
_AHEAD = 4  # tasks queued per worker: enough to keep it busy, few enough to bound memory

_SEED = np.dtype(np.uint64)  # seed hashes
_worker_checker: Checker | None = None  # set in the parent before the workers are forked


def _pack_chunk(documents: list[Document]) -> list[tuple[bytes, bytes, str]]:
    """(In a worker.) Per document its seeds (the bytes of the uint64 array: cheaper to
    pickle than the array), packed tokens and digest."""
    assert _worker_checker is not None
    packed = []
    for document in documents:
        analyzed = _worker_checker.analyze(document)
        packed.append((analyzed.seeds.astype(_SEED, copy=False).tobytes(), pack_tokens(analyzed.tokens),
                       digest(document)))
    return packed


def packed_documents(checker: Checker, documents: Iterable[Document], jobs: int) -> Iterator[Packed]:
    """``documents`` analyzed by ``checker`` and packed, in order (``jobs``: see the module)."""
    if jobs <= 1 or not can_fork():
        for document in documents:
            yield Packed.of(checker.analyze(document))
        return
    global _worker_checker
    _worker_checker = checker
    iter_documents = iter(documents)
    chunks = iter(lambda: list(islice(iter_documents, CHUNK_DOCUMENTS)), [])
    gc.freeze()  # what exists now is the workers' too: their collections neither walk nor copy it
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: deque[tuple[list[Document], AsyncResult[list[tuple[bytes, bytes, str]]]]] = deque()
            for chunk in chunks:
                pending.append((chunk, pool.apply_async(_pack_chunk, (chunk,))))
                if len(pending) >= _AHEAD * jobs:
                    yield from _finished(*pending.popleft())
            while pending:
                yield from _finished(*pending.popleft())
    finally:
        _worker_checker = None
        gc.unfreeze()


def _finished(chunk: list[Document], result: AsyncResult[list[tuple[bytes, bytes, str]]]) -> Iterator[Packed]:
    for document, (seeds, tokens, stored_digest) in zip(chunk, result.get(), strict=True):
        yield Packed(document, np.frombuffer(seeds, dtype=_SEED), tokens, stored_digest)


class WriterThread:
    """Batches written to a `ShardWriter` by a thread of its own, in order: SQLite and numpy
    release the GIL, so the main thread reads and tokenizes (or feeds the workers) meanwhile.
    Up to `QUEUED_BATCHES` batches wait for the thread, so feeding the workers does not stop
    while a batch is written; once one fails, those after it are not written. The thread
    starts with the first batch, after `packed_documents` has forked its workers (a process
    forks more safely with one thread); the writer's connections are used by one thread at
    a time (the thread's queue orders them)."""

    QUEUED_BATCHES = 2

    def __init__(self, writer: ShardWriter) -> None:
        self._writer = writer
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="index-writer")
        self._pending: deque[concurrent.futures.Future[AddCounts]] = deque()
        self._failed = False

    def add(self, batch: Sequence[Packed]) -> AddCounts:
        """Queue ``batch`` to be written (`ShardWriter.add`); the counts of the batches written
        since the last call (waiting for the oldest while `QUEUED_BATCHES` are queued)."""
        done = self._done(wait=len(self._pending) >= self.QUEUED_BATCHES)
        self._pending.append(self._thread.submit(self._add, batch))
        return done

    def _add(self, batch: Sequence[Packed]) -> AddCounts:
        if self._failed:  # an earlier batch failed: its error is the one to report
            return AddCounts()
        try:
            return self._writer.add(batch)
        except BaseException:
            self._failed = True
            raise

    def finish(self) -> AddCounts:
        """Wait for the queued batches, then finish the index (`ShardWriter.finish`); their
        counts (with the finish's correction)."""
        done = AddCounts()
        while self._pending:
            done += self._done(wait=True)
        return done + self._writer.finish()

    def _done(self, wait: bool) -> AddCounts:
        """The counts of the batches written (raising a failed one's error); with ``wait``,
        the oldest queued batch's included."""
        done = AddCounts()
        while self._pending and (wait or self._pending[0].done()):
            done += self._pending.popleft().result()
            wait = False
        return done

    def close(self) -> None:
        """Close the index once the batches queued are done (failed or not: after a failure
        elsewhere, theirs is the error to report)."""
        self._failed = True  # a run that stops early writes no more
        concurrent.futures.wait(self._pending)
        self._thread.shutdown()
        self._writer.close()
