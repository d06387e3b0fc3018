"""Postings sorted and merged by the compiled core (``_native.sort_postings``,
``_native.merge_postings``) come out exactly as numpy's stable sort orders them (the
pure-Python path)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from helpers import shared_path
from test_index_tokens import require_compiled

from reusecheck import postings
from reusecheck.cli import main
from reusecheck.index import Index


def _numpy_sorted(hashes: np.ndarray, documents: np.ndarray) -> tuple[list[int], list[int]]:
    order = np.argsort(hashes, kind="stable")
    return hashes[order].tolist(), documents[order].tolist()


def _arrays() -> list[np.ndarray]:
    """Random hashes, few values (many equal hashes, big buckets), sorted runs one after
    another, already sorted, reversed, all equal, the extremes, empty and one."""
    rng = np.random.default_rng(4)
    runs = np.concatenate([np.sort(rng.integers(-(2**63), 2**63 - 1, 5000, dtype=np.int64)) for _ in range(7)])
    return [rng.integers(-(2**63), 2**63 - 1, 200_000, dtype=np.int64), rng.integers(0, 1000, 100_000), runs,
            np.arange(70_000), np.arange(70_000)[::-1], np.zeros(5000, dtype=np.int64),
            rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64) >> 40,
            np.array([-(2**63), 2**63 - 1, 0, -1, 1, -(2**63), 2**63 - 1]), np.zeros(0, dtype=np.int64), np.array([5])]


@pytest.mark.parametrize("case", range(len(_arrays())))
def test_the_compiled_sort_orders_postings_as_numpys_stable_sort(case: int) -> None:
    require_compiled()
    assert postings.sort_postings is not None
    hashes = _arrays()[case].astype(np.int64)
    documents = np.random.default_rng(case).integers(0, 2**31 - 1, len(hashes)).astype(np.int64)
    sorted_hashes, sorted_documents = postings.sort_postings(hashes, documents)
    expected = _numpy_sorted(hashes, documents)
    assert np.frombuffer(sorted_hashes, dtype=np.int64).tolist() == expected[0]
    assert np.frombuffer(sorted_documents, dtype=np.int64).tolist() == expected[1]  # equal hashes: given order


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as c:
        return {table: c.execute(f"SELECT * FROM {table}").fetchall() for table in ("documents", "runs", "blocks", "common")}


def test_an_index_sorted_by_the_compiled_core_is_the_pure_python_paths_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real Reuters-21578 stories in batches of 25 added to an index (runs merged as they
    come, then compacted), and into a new one (one run written at the end), blocks of 4
    postings (many ``common`` rows); rows cut by the compiled core too."""
    require_compiled()
    sgm = shared_path("bench", "reuters-21578", "reut2-000.sgm").read_text(encoding="latin-1")
    bodies = re.findall(r"<BODY>(.*?)</BODY>", sgm, re.S)[:400]
    sources = tmp_path / "sources.jsonl"
    sources.write_text("".join(json.dumps({"id": f"r{k}", "text": body}) + "\n" for k, body in enumerate(bodies)),
                       encoding="utf-8")
    monkeypatch.setattr(postings, "BLOCK", 4)
    compiled_sort, sorted_by_core = postings.sort_postings, []
    assert compiled_sort is not None

    def recorded(hashes: np.ndarray, documents: np.ndarray) -> tuple[bytes, bytes]:
        sorted_by_core.append(len(hashes))
        return compiled_sort(hashes, documents)

    monkeypatch.setattr(postings, "sort_postings", recorded)
    assert postings.run_rows is not None
    built = {}
    for path in ("compiled", "python"):
        if path == "python":
            monkeypatch.setattr(postings, "sort_postings", None)
            monkeypatch.setattr(postings, "run_rows", None)
            monkeypatch.setattr(postings, "merge_postings", None)
        for new in (False, True):
            index = tmp_path / f"{path}-{new}.db"
            if not new:
                Index.open(str(index), create=True).close()  # an index to add to: a run per batch
            assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "25", str(index), str(sources)]) == 0
            built[path, new] = _tables(index)
    assert len(built["compiled", False]["runs"]) == 1 and len(built["compiled", False]["common"]) > 0
    # 16 batches, a merge of 8 runs as they came, the compaction; the new index: its 16 batches (then merged)
    assert len(sorted_by_core) == 16 + 2 + 16
    assert built["compiled", False] == built["python", False] == built["compiled", True] == built["python", True]


@pytest.mark.parametrize("block", [1, 4, 64])
@pytest.mark.parametrize("case", range(len(_arrays())))
def test_the_compiled_core_cuts_runs_into_the_rows_of_the_pure_python_path(case: int, block: int) -> None:
    require_compiled()
    assert postings.run_rows is not None
    hashes = np.sort(_arrays()[case].astype(np.int64), kind="stable")
    documents = np.random.default_rng(case).integers(0, 2**31 - 1, len(hashes)).astype(np.int64)
    assert postings.run_rows(7, [(hashes, documents)], block) == postings._run_rows(7, [(hashes, documents)], block)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 8, 9])
@pytest.mark.parametrize("block", [1, 4, 64])
def test_the_compiled_core_merges_sorted_runs_into_one_runs_rows(count: int, block: int) -> None:
    """As a stable sort of the runs one after another: equal hashes in run order."""
    require_compiled()
    assert postings.run_rows is not None
    cases = _arrays()
    parts = []
    for k in range(count):
        hashes = cases[k % len(cases)].astype(np.int64)[:20_000]
        documents = np.random.default_rng(k).integers(0, 2**31 - 1, len(hashes)).astype(np.int64)
        order = np.argsort(hashes, kind="stable")
        parts.append((hashes[order], documents[order]))
    assert postings.run_rows(3, parts, block) == postings._run_rows(3, parts, block)


def test_the_compiled_core_refuses_postings_out_of_order() -> None:
    require_compiled()
    assert postings.run_rows is not None
    unsorted = (np.array([3, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64))
    for rows in (postings.run_rows, postings._run_rows):
        with pytest.raises(ValueError, match="not sorted"):
            rows(1, [unsorted], 64)


@pytest.mark.parametrize("case", range(len(_arrays())))
def test_the_compiled_core_merges_two_sorted_runs_as_a_stable_sort_of_both(case: int) -> None:
    require_compiled()
    assert postings.merge_postings is not None
    cases = _arrays()
    first, second = (np.sort(cases[k % len(cases)].astype(np.int64), kind="stable") for k in (case, case + 3))
    first_documents, second_documents = (np.random.default_rng(k).integers(0, 2**31 - 1, len(h)).astype(np.int64)
                                         for k, h in ((case, first), (case + 3, second)))
    hashes, documents = postings.merge_postings(first, first_documents, second, second_documents)
    expected = _numpy_sorted(np.concatenate([first, second]), np.concatenate([first_documents, second_documents]))
    assert np.frombuffer(hashes, dtype=np.int64).tolist() == expected[0]
    assert np.frombuffer(documents, dtype=np.int64).tolist() == expected[1]  # equal hashes: the first run's first
    with pytest.raises(ValueError, match="not sorted"):
        postings.merge_postings(np.array([3, 1]), np.array([1, 2]), second, second_documents)


def _held_back(batches: list[tuple[np.ndarray, np.ndarray]]) -> tuple[int, list[tuple[object, ...]]]:
    """How many sorted parts a new index holds back after ``batches``, and its rows once written."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(postings.SCHEMA)
    held = postings.Postings(connection, defer=True)
    for hashes, documents in batches:
        held.add(hashes, documents)
    parts = len(held._pending)
    held.flush()
    return parts, [row for table in ("runs", "blocks", "common") for row in connection.execute(f"SELECT * FROM {table}")]


def test_a_new_index_merges_the_batches_it_holds_back_as_they_come(monkeypatch: pytest.MonkeyPatch) -> None:
    """The end cuts about log2(batches) sorted parts instead of one per batch (the merges are the
    writer thread's work, while the workers tokenize); the same rows."""
    require_compiled()
    rng = np.random.default_rng(9)
    batches = []
    for k in range(12):  # documents k*100.. of each batch; some hashes shared by many documents (common rows)
        hashes = np.concatenate([rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64),
                                 rng.integers(0, 40, 500, dtype=np.int64)])
        batches.append((hashes, rng.integers(k * 100, (k + 1) * 100, len(hashes)).astype(np.int64)))
    merged = _held_back(batches)
    assert merged[0] == 2  # 12 batches held as 8 + 4, as in binary counting
    assert _held_back(batches[:8])[0] == 1
    monkeypatch.setattr(postings, "merge_postings", None)
    assert _held_back(batches) == (12, merged[1])
