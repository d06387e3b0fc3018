"""`index add` writes the index in a thread of its own (`reusecheck.indexing.WriterThread`),
started only after the tokenizing workers are forked; the next batch waits in its queue
(feeding the workers goes on), and none is written after one fails."""

from __future__ import annotations

import gc
import json
import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any, cast

import pytest
from helpers import REPUBLISHED, REUTERS, assert_index_exact

from reusecheck.cli import main
from reusecheck.engine import Checker
from reusecheck.errors import UsageError
from reusecheck.index import AddCounts, Index, Packed, digest
from reusecheck.indexing import WriterThread, packed_documents
from reusecheck.models import Document
from reusecheck.parallel import can_fork
from reusecheck.shards import ShardWriter


def test_the_workers_are_forked_before_the_writer_thread_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not can_fork():
        pytest.skip("no fork here: the main process tokenizes")
    real_context = multiprocessing.get_context
    threads_at_fork: list[list[str]] = []

    def context(method: str) -> Any:
        made = real_context(method)

        class Recording:
            def Pool(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 (multiprocessing's name)
                threads_at_fork.append([t.name for t in threading.enumerate()])
                return made.Pool(*args, **kwargs)

        return Recording()

    monkeypatch.setattr(multiprocessing, "get_context", context)
    sources = tmp_path / "sources.jsonl"
    texts = [REUTERS.read_text(encoding="utf-8"), REPUBLISHED.read_text(encoding="utf-8")] * 30
    sources.write_text("".join(json.dumps({"id": f"d{k}", "text": t}) + "\n" for k, t in enumerate(texts)),
                       encoding="utf-8")
    index = tmp_path / "i.db"
    assert main(["index", "add", "--quiet", "--jobs", "2", "--batch", "7", str(index), str(sources)]) == 0
    assert threads_at_fork == [["MainThread"]]
    with Index.open(str(index)) as opened:
        assert opened.count() == 60
        assert_index_exact(opened)


class _HeldWriter:
    """A `ShardWriter` stand-in whose batches wait for ``release`` (a batch being written)."""

    def __init__(self, fail_at: int = 0) -> None:
        self.release = threading.Event()
        self.written: list[list[int]] = []
        self.fail_at = fail_at

    def add(self, batch: list[int]) -> AddCounts:
        self.release.wait(10)
        if len(self.written) + 1 == self.fail_at:
            raise UsageError("cannot write the index (database or disk is full)", "i.db")
        self.written.append(batch)
        return AddCounts(added=len(batch))

    def finish(self) -> AddCounts:
        return AddCounts()

    def close(self) -> None:
        pass


def test_the_next_batch_is_queued_while_one_is_written() -> None:
    held = _HeldWriter()
    writer = WriterThread(cast(ShardWriter, held))
    started = time.monotonic()
    assert writer.add(cast(list[Packed], [1, 2])) == AddCounts()
    assert writer.add(cast(list[Packed], [3])) == AddCounts()  # the first is still being written
    assert time.monotonic() - started < 5  # feeding the workers did not wait for it
    held.release.set()
    assert writer.finish() == AddCounts(added=3)
    writer.close()
    assert held.written == [[1, 2], [3]]


def test_batches_queued_after_a_failed_one_are_not_written() -> None:
    held = _HeldWriter(fail_at=1)
    writer = WriterThread(cast(ShardWriter, held))
    writer.add(cast(list[Packed], [1]))
    writer.add(cast(list[Packed], [2]))
    held.release.set()
    with pytest.raises(UsageError, match="disk is full"):
        writer.finish()
    writer.close()
    assert held.written == []


def test_a_failing_batch_ends_the_run_with_the_batches_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "sources.jsonl"
    texts = [REUTERS.read_text(encoding="utf-8"), REPUBLISHED.read_text(encoding="utf-8")] * 15
    sources.write_text("".join(json.dumps({"id": f"d{k}", "text": t}) + "\n" for k, t in enumerate(texts)),
                       encoding="utf-8")
    index = tmp_path / "i.db"
    assert main(["index", "add", "--quiet", "--jobs", "1", str(index), str(tmp_path / "sources.jsonl")]) == 0
    sources.write_text("".join(json.dumps({"id": f"e{k}", "text": t}) + "\n" for k, t in enumerate(texts)),
                       encoding="utf-8")
    real_add, calls = Index.add, []

    def add(self: Index, batch: list[Packed]) -> AddCounts:
        calls.append(len(batch))
        if len(calls) == 2:
            raise UsageError("cannot write the index (database or disk is full)", str(index))
        return real_add(self, batch)

    monkeypatch.setattr(Index, "add", add)
    assert main(["index", "add", "--quiet", "--jobs", "2", "--batch", "5", str(index), str(sources)]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert calls == [5, 5]  # nothing written after the failed batch
    with Index.open(str(index)) as opened:
        assert opened.count() == 35  # the first run's 30 and the first batch: whole documents only
        assert_index_exact(opened)


def test_what_exists_when_the_workers_are_forked_is_frozen_for_the_garbage_collector() -> None:
    """The workers' collections then neither walk nor copy the objects they inherit; the
    parent's collector is as before once the documents are packed."""
    if not can_fork():
        pytest.skip("no fork here: the main process tokenizes")
    checker = Checker()
    texts = [REUTERS.read_text(encoding="utf-8"), REPUBLISHED.read_text(encoding="utf-8")] * 100
    packed = packed_documents(checker, (Document(f"d{k}", t) for k, t in enumerate(texts)), jobs=2)
    first = next(packed)
    assert gc.get_freeze_count() > 0
    rest = list(packed)
    assert gc.get_freeze_count() == 0
    assert [p.document.id for p in [first, *rest]] == [f"d{k}" for k in range(200)]
    assert all(p.digest == digest(p.document) for p in rest)
