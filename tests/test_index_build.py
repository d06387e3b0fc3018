"""A new index is built beside its path and appears whole at the end (`Index.build`,
`Index.publish`): a failed or killed run leaves no index, and nothing half-written."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_index_safety import add_command, assert_whole_and_exact, write_jsonl

from reusecheck.cli import main
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.index import AddCounts, Index, IndexSettings, Packed
from reusecheck.shards import ShardWriter
from reusecheck.temporaries import TEMPORARY_SUFFIX


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMPORARY_SUFFIX in p.name)


def test_a_new_index_appears_whole_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = write_jsonl(tmp_path / "docs.jsonl", "doc", 40, seed=5)
    index = tmp_path / "i.db"
    real_add, seen = Index.add, []

    def add(self: Index, batch: list[Packed]) -> AddCounts:
        seen.append((index.exists(), _temporaries(tmp_path)))
        return real_add(self, batch)

    monkeypatch.setattr(Index, "add", add)
    assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "10", str(index), str(tmp_path / "docs.jsonl")]) == 0
    assert len(seen) == 4
    assert all(not exists and len(temporaries) == 1 for exists, temporaries in seen)  # built beside it
    assert assert_whole_and_exact(index, texts) == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl", "i.db"]
    with Index.open(str(index)) as opened:  # a WAL index like any other, its postings one run
        assert opened.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.connection.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_new_index_whose_run_fails_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_jsonl(tmp_path / "docs.jsonl", "doc", 40, seed=6)
    index = tmp_path / "i.db"
    real_add, calls = Index.add, []

    def add(self: Index, batch: list[Packed]) -> AddCounts:
        calls.append(len(batch))
        if len(calls) == 3:
            raise UsageError("cannot write the index (database or disk is full)", str(index))
        return real_add(self, batch)

    monkeypatch.setattr(Index, "add", add)
    assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "10", str(index), str(tmp_path / "docs.jsonl")]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl"]


def test_adding_to_an_index_that_holds_documents_is_not_a_new_build(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", "a", 20, seed=7)
    second = write_jsonl(tmp_path / "b.jsonl", "b", 20, seed=8)
    index = tmp_path / "i.db"
    assert main(["index", "add", "--quiet", "--jobs", "1", str(index), str(tmp_path / "a.jsonl")]) == 0
    writer = ShardWriter(str(index), IndexSettings())
    try:
        assert not writer.shards[0].building
    finally:
        writer.close()
    assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "7", str(index), str(tmp_path / "b.jsonl")]) == 0
    assert assert_whole_and_exact(index, {**first, **second}) == 40
    assert _temporaries(tmp_path) == []


@pytest.mark.slow
def test_documents_built_while_another_run_created_the_index_are_added_to_it(tmp_path: Path) -> None:
    """The race of two runs creating one index: the one that finishes second adds its
    documents to the file the first put in place, and counts what that did."""
    ours = write_jsonl(tmp_path / "ours.jsonl", "ours", 12, seed=9)
    theirs = write_jsonl(tmp_path / "theirs.jsonl", "theirs", 8, seed=10)
    both = tmp_path / "both.jsonl"
    both.write_text((tmp_path / "theirs.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[0],
                    encoding="utf-8")  # a document both runs add, with the same text
    index = tmp_path / "i.db"
    checker = Checker(CheckOptions())
    ours_packed = [Packed.of(checker.analyze(d)) for d in checker.load([str(tmp_path / "ours.jsonl"), str(both)], None)]
    writer = ShardWriter(str(index), IndexSettings())
    try:
        assert writer.shards[0].building
        counted = writer.add(ours_packed[:5]) + writer.add(ours_packed[5:])
        assert counted == AddCounts(13, 0, 0)
        other = subprocess.run(add_command(index, tmp_path / "theirs.jsonl", batch=3), capture_output=True, text=True,
                               timeout=120)  # another process: it builds its own temporary file
        assert other.returncode == 0, other.stderr
        assert index.exists()
        correction = writer.finish()
    finally:
        writer.close()
    assert counted + correction == AddCounts(12, 1, 0)  # the shared document was there, read from another file
    assert assert_whole_and_exact(index, {**ours, **theirs}) == 20
    assert _temporaries(tmp_path) == []


@pytest.mark.slow
def test_sigkill_during_a_new_build_leaves_no_index_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    texts = write_jsonl(source, "doc", 600, seed=11)
    index = tmp_path / "i.db"
    process = subprocess.Popen(add_command(index, source, batch=10), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:  # killed once batches are in the building file
        building = [p for p in tmp_path.iterdir() if p.name.endswith(TEMPORARY_SUFFIX)]
        if building and building[0].stat().st_size > 300_000:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the run finished before it could be killed; the test proved nothing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not index.exists()
    assert len(_temporaries(tmp_path)) >= 1  # what the killed run left, named as its temporary file
    finished = subprocess.run(add_command(index, source, batch=500), capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert assert_whole_and_exact(index, texts) == len(texts)
    assert _temporaries(tmp_path) == []


def test_a_document_replaced_within_a_new_build_keeps_exact_postings(tmp_path: Path) -> None:
    """The second file gives some ids of the first other texts: their postings, held back
    in memory when the first version is replaced, are written first and then removed."""
    first = write_jsonl(tmp_path / "a.jsonl", "doc", 30, seed=12)
    second = write_jsonl(tmp_path / "b.jsonl", "doc", 10, seed=13)  # doc-0 .. doc-9 again, other texts
    tables = {}
    for new in (True, False):
        index = tmp_path / f"{new}.db"
        if not new:
            Index.open(str(index), create=True).close()
        assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "8", str(index), str(tmp_path / "a.jsonl"),
                     str(tmp_path / "b.jsonl")]) == 0
        assert assert_whole_and_exact(index, {**first, **second}) == 30
        with Index.open(str(index)) as opened:
            c = opened.connection
            tables[new] = [c.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("documents", "runs", "common")]
    assert tables[True] == tables[False]
