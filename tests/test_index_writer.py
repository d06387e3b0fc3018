"""`index add` writes the index in a thread of its own (`reusecheck.indexing.WriterThread`),
started only after the tokenizing workers are forked."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pytest
from helpers import REPUBLISHED, REUTERS, assert_index_exact

from reusecheck.cli import main
from reusecheck.index import Index
from reusecheck.parallel import can_fork


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
