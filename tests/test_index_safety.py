"""Index safety with real processes: SIGKILL in the middle of `index add`, two adders at once."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import assert_index_exact

from reusecheck.index import Index

SYLLABLES = "ba de fi go hu ja ke li mo nu pa re".split()
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:5]]


def write_jsonl(path: Path, prefix: str, count: int, seed: int) -> dict[str, str]:
    """``count`` random documents of ~150 words; returns id -> text."""
    rng = random.Random(seed)
    texts = {f"{prefix}-{k}": " ".join(rng.choices(WORDS, k=150)) + ".\n" for k in range(count)}
    with open(path, "w", encoding="utf-8") as handle:
        for doc_id, text in texts.items():
            handle.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    return texts


def add_command(index: Path, *paths: Path, batch: int) -> list[str]:
    return [sys.executable, "-m", "reusecheck", "index", "add", "--quiet", "--batch", str(batch), str(index),
            *map(str, paths)]


def committed_documents(index: Path) -> int:
    """Documents visible to a reader right now (0 while the file is not yet set up)."""
    try:
        connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


def assert_whole_and_exact(index: Path, texts: dict[str, str]) -> int:
    """The index is intact, holds only whole input documents with exactly their postings."""
    with Index.open(str(index)) as opened:
        c = opened.connection
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbers = c.execute("SELECT number, id FROM documents").fetchall()
        for number, doc_id in numbers:
            assert opened.analyzed(number).document.text == texts[doc_id]
        assert_index_exact(opened)
        return len(numbers)


@pytest.mark.slow
def test_sigkill_during_add_leaves_whole_documents(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    texts = write_jsonl(source, "doc", 600, seed=1)
    index = tmp_path / "i.db"
    Index.open(str(index), create=True).close()  # an index to add to (a new one appears whole: test_index_build)
    seen_partial = 0
    for attempt in range(3):
        process = subprocess.Popen(add_command(index, source, batch=10), stderr=subprocess.PIPE)
        start_count = committed_documents(index)
        deadline = time.monotonic() + 60
        # Kill once this run has committed at least one more batch (or has finished).
        while committed_documents(index) <= start_count and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05 * attempt)
        process.send_signal(signal.SIGKILL)  # nothing when it has finished (and poll() reaped it)
        process.wait()
        count = assert_whole_and_exact(index, texts)
        assert count % 10 == 0  # whole batches, never part of one
        seen_partial += 0 < count < len(texts)
    assert seen_partial, "the kill never landed in the middle of a run; the test proved nothing"
    finished = subprocess.run(add_command(index, source, batch=500), capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert assert_whole_and_exact(index, texts) == len(texts)


@pytest.mark.slow
def test_two_processes_adding_at_once_both_succeed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    texts = {**write_jsonl(first, "a", 300, seed=2), **write_jsonl(second, "b", 300, seed=3)}
    index = tmp_path / "i.db"  # does not exist yet: both processes race to create it
    processes = [subprocess.Popen(add_command(index, path, batch=10), stderr=subprocess.PIPE, text=True)
                 for path in (first, second)]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert assert_whole_and_exact(index, texts) == len(texts)
